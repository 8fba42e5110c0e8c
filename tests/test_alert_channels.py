"""Delivery channels come from the one registry (`registry.channels`): every channel of the
outbox has its transport, a new channel is one registered transport, and a row whose channel
has none fails for good (the client is told) instead of stopping the loop."""

from __future__ import annotations

import pytest

from accounts.models import User
from alerts.delivery import deliver_due
from alerts.models import Alert, DeliveryAttempt, Notification
from alerts.transports import DeliveryError, Transport, transport_for
from recoverycircle import registry
from recoverycircle.registry import Registry


class PagerTransport(Transport):
    """A stand-in for a later channel (SMS, chat): it keeps what it was asked to send."""

    channel = "pager"

    def __init__(self) -> None:
        self.sent: list[int] = []
        self.opened = self.closed = 0

    def open(self) -> None:
        self.opened += 1

    def close(self) -> None:
        self.closed += 1

    def send(self, notification: Notification) -> None:
        self.sent.append(notification.pk)


def test_it_has_one_transport_for_every_channel_of_the_outbox() -> None:
    channels = [transport.channel for transport in registry.channels]
    assert sorted(channels) == sorted(Notification.Channel.values)
    for channel in Notification.Channel.values:
        assert transport_for(channel).channel == channel


def test_it_sends_a_new_channel_through_the_transport_registered_for_it(
    alert: Alert, bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    pager = PagerTransport()
    channels: Registry[Transport] = Registry("delivery channels of the outbox")
    channels.add(*registry.channels, pager)
    monkeypatch.setattr(registry, "channels", channels)
    row = Notification.objects.create(alert=alert, recipient=bob, channel="pager")

    counts = deliver_due("w1")

    assert counts["sent"] == 3 and counts["failed"] == 0
    assert pager.sent == [row.pk]
    assert pager.opened == pager.closed == 1
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert DeliveryAttempt.objects.filter(notification=row, ok=True).count() == 1


def test_it_fails_for_good_a_row_whose_channel_has_no_transport(alert: Alert, bob: User) -> None:
    with pytest.raises(DeliveryError) as refused:
        transport_for("pager")
    assert refused.value.permanent

    row = Notification.objects.create(alert=alert, recipient=bob, channel="pager")
    counts = deliver_due("w1")

    assert counts["sent"] == 2 and counts["failed"] == 1  # the others still went out
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    attempt = DeliveryAttempt.objects.get(notification=row)
    assert not attempt.ok and "pager" in attempt.error
