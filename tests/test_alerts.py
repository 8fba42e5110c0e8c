"""The outbox: delivery, retries with backoff, permanent failure, consent at send time."""

from __future__ import annotations

import smtplib
from contextlib import AbstractContextManager
from datetime import timedelta
from itertools import pairwise
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from accounts.models import User
from alerts.delivery import deliver_due
from alerts.models import Alert, DeliveryAttempt, Notification
from alerts.outbox import backoff, claim
from alerts.services import notify_circle
from circle.models import Membership, Scope


def test_it_writes_one_row_per_recipient_and_channel(alert: Alert, bob: User) -> None:
    rows = Notification.objects.filter(alert=alert)
    assert sorted(rows.values_list("recipient_id", "channel")) == [
        (bob.pk, "email"),
        (bob.pk, "inbox"),
    ]
    assert set(rows.values_list("status", flat=True)) == {"pending"}


def test_it_refuses_a_second_row_for_the_same_key(alert: Alert, bob: User) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(alert=alert, recipient=bob, channel="email")


def test_it_tells_nobody_without_the_alerts_scope(alice: User, bob_membership: Membership) -> None:
    assert notify_circle(alice, Alert.Kind.REACH_OUT, "x") is None
    assert not Notification.objects.exists()


def test_it_delivers_email_and_inbox(alert: Alert, bob: User) -> None:
    counts = deliver_due("w1")
    assert counts == {"sent": 2, "retry": 0, "failed": 0, "skipped": 0, "deferred": 0}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bob@example.org"]
    assert message.subject == "Alice is asking for support now"
    key = f"{alert.pk}.{bob.pk}.email"
    assert message.extra_headers["X-Recovery-Circle-Key"] == key
    assert key in message.extra_headers["Message-ID"]
    assert Notification.objects.filter(status="sent").count() == 2
    assert DeliveryAttempt.objects.filter(ok=True).count() == 2
    assert bob.notifications.get(channel="inbox").sent_at is not None


def test_it_never_sends_a_row_twice(alert: Alert) -> None:
    deliver_due("w1")
    assert not any(deliver_due("w2").values())
    assert len(mail.outbox) == 1


def test_it_does_not_claim_a_leased_row_until_the_lease_expires(alert: Alert) -> None:
    now = timezone.now()
    _, first = claim(Notification, now, 10)
    assert len(first) == 2
    _, second = claim(Notification, now + timedelta(seconds=30), 10)
    assert second == []
    _, third = claim(Notification, now + timedelta(seconds=61), 10)
    assert len(third) == 2


def test_it_keeps_a_stale_worker_from_overwriting_a_new_claim(alert: Alert) -> None:
    now = timezone.now()
    stale, stale_batch = claim(Notification, now, 10)
    deliver_due("w2", now=now + timedelta(seconds=61))  # the lease expired; w2 took over
    assert Notification.objects.filter(status="sent").count() == 2
    # The stale worker's token no longer matches: its late writes change nothing.
    assert not any(stale.record(n, status="failed", last_error="late") for n in stale_batch)
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_it_skips_a_supporter_removed_after_queueing(
    alert: Alert, bob_membership: Membership
) -> None:
    bob_membership.status = "ended"
    bob_membership.save()
    assert deliver_due("w1")["skipped"] == 2
    assert mail.outbox == []


def test_it_skips_a_supporter_whose_scope_was_withdrawn(
    alert: Alert, bob_membership: Membership
) -> None:
    bob_membership.scopes = [Scope.SOBRIETY]
    bob_membership.save()
    assert deliver_due("w1")["skipped"] == 2
    assert mail.outbox == []


def test_it_skips_a_paused_supporter(alert: Alert, bob_membership: Membership) -> None:
    bob_membership.status = "paused"
    bob_membership.save()
    assert deliver_due("w1")["skipped"] == 2


def fail_with(error: Exception) -> AbstractContextManager[object]:
    return mock.patch("django.core.mail.EmailMessage.send", side_effect=error)


def test_it_retries_with_exponential_backoff(alert: Alert, settings: Settings) -> None:
    settings.ALERT_RETRY_BASE_SECONDS = 30
    start = timezone.now()
    with fail_with(smtplib.SMTPServerDisconnected("gone")), time_machine.travel(start, tick=False):
        assert deliver_due("w1")["retry"] == 1
    row = Notification.objects.get(channel="email")
    assert row.attempts == 1
    assert row.next_attempt_at == start + timedelta(seconds=30)
    assert "SMTPServerDisconnected" in row.last_error
    with fail_with(smtplib.SMTPServerDisconnected("gone")):
        assert deliver_due("w1", now=start + timedelta(seconds=10))["retry"] == 0  # not yet due
        later = start + timedelta(seconds=31)
        with time_machine.travel(later, tick=False):
            assert deliver_due("w1")["retry"] == 1
    row.refresh_from_db()
    assert row.attempts == 2
    assert row.next_attempt_at == later + timedelta(seconds=60)
    assert DeliveryAttempt.objects.filter(notification=row, ok=False).count() == 2
    deliver_due("w1", now=later + timedelta(seconds=61))
    row.refresh_from_db()
    assert row.status == "sent"
    assert row.attempts == 3


def test_it_caps_the_backoff(settings: Settings) -> None:
    settings.ALERT_RETRY_BASE_SECONDS = 30
    settings.ALERT_RETRY_MAX_SECONDS = 600
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 5, 10)] == [30, 60, 120, 480, 600]


def bobs_email() -> Notification:
    return Notification.objects.get(channel="email", recipient__email="bob@example.org")


def attempt_when_due(times: int) -> None:
    """`times` failed attempts at bob's e-mail, each when it falls due."""
    for _ in range(times):
        with (
            time_machine.travel(bobs_email().next_attempt_at, tick=False),
            fail_with(smtplib.SMTPServerDisconnected("gone")),
        ):
            deliver_due("w1")


def notices_to(client: User) -> list[str]:
    return list(
        Alert.objects.filter(client=client)
        .exclude(kind="reach_out")
        .values_list("kind", flat=True)
        .order_by("created_at", "id")
    )


def test_it_retries_for_a_day_with_capped_backoff_then_tells_the_client(
    alert: Alert, alice: User
) -> None:
    created = bobs_email().created_at
    tried_at = []
    while bobs_email().status == "pending":
        tried_at.append(bobs_email().next_attempt_at)
        attempt_when_due(1)
    assert bobs_email().status == "failed"
    pauses = [(b - a).total_seconds() for a, b in pairwise(tried_at)]
    assert pauses[:4] == [30, 60, 120, 240]
    assert max(pauses) == 1800  # ALERT_RETRY_MAX_SECONDS
    # Retried for a day: the last attempt within a cap of the 24 hours' end.
    assert timedelta(hours=23, minutes=30) <= tried_at[-1] - created <= timedelta(hours=24)
    assert DeliveryAttempt.objects.filter(notification=bobs_email(), ok=False).count() == len(
        tried_at
    )
    # Told early (after the third failure) and once more at the end.
    assert notices_to(alice) == ["delivery_delayed", "delivery_failed"]
    failed = Alert.objects.get(kind=Alert.Kind.DELIVERY_FAILED)
    assert failed.subject == "We could not reach Bob Brown by E-mail"
    assert set(failed.notifications.values_list("recipient_id", flat=True)) == {alice.pk}


def test_it_tells_the_client_early_that_a_supporter_is_not_reached_yet(
    alert: Alert, alice: User
) -> None:
    attempt_when_due(2)
    assert notices_to(alice) == []  # two failures: not yet
    attempt_when_due(1)
    assert notices_to(alice) == ["delivery_delayed"]
    delayed = Alert.objects.get(kind=Alert.Kind.DELIVERY_DELAYED)
    assert delayed.subject == "We have not reached Bob Brown by E-mail yet"
    assert "We keep trying for a day" in delayed.body
    assert "SMTPServerDisconnected" in delayed.body
    attempt_when_due(2)
    assert notices_to(alice) == ["delivery_delayed"]  # once, not after every failure
    with time_machine.travel(bobs_email().next_attempt_at, tick=False):
        deliver_due("w1")
    assert bobs_email().status == "sent"
    assert notices_to(alice) == ["delivery_delayed", "delivery_recovered"]
    reached = Alert.objects.get(kind=Alert.Kind.DELIVERY_RECOVERED)
    assert reached.subject == "Bob Brown has now been reached by E-mail"


def test_it_does_not_tell_the_client_of_a_quick_retry(alert: Alert, alice: User) -> None:
    attempt_when_due(1)
    deliver_due("w1", now=bobs_email().next_attempt_at)
    assert bobs_email().status == "sent"
    assert notices_to(alice) == []


def test_it_fails_at_once_on_a_refused_address(alert: Alert, alice: User) -> None:
    refused = smtplib.SMTPRecipientsRefused({"bob@example.org": (550, b"no such user")})
    with fail_with(refused):
        assert deliver_due("w1")["failed"] == 1
    assert Alert.objects.filter(kind=Alert.Kind.DELIVERY_FAILED, client=alice).count() == 1
    # The client hears about it in their inbox (and by e-mail) on the next pass.
    deliver_due("w1")
    inbox = alice.notifications.get(channel="inbox", alert__kind="delivery_failed")
    assert inbox.status == "sent"


def test_it_shows_the_failure_on_the_client_home(
    alert: Alert, alice: User, as_alice: Client
) -> None:
    with fail_with(smtplib.SMTPRecipientsRefused({"bob@example.org": (550, b"no")})):
        deliver_due("w1")
    deliver_due("w1")
    page = as_alice.get("/").content.decode()
    assert "We could not reach Bob Brown" in page


def test_it_survives_an_unexpected_transport_error(alert: Alert) -> None:
    with fail_with(RuntimeError("bug")):
        counts = deliver_due("w1")
    assert counts["retry"] == 1 and counts["sent"] == 1
    assert Notification.objects.get(channel="email").status == "pending"


def test_it_lists_the_inbox_and_marks_it_read(alert: Alert, bob: User, client: Client) -> None:
    deliver_due("w1")
    client.force_login(bob)
    assert 'Inbox <span class="badge">1' in client.get("/").content.decode()
    page = client.get("/inbox/").content.decode()
    assert "Alice is asking for support now" in page
    assert bob.notifications.get(channel="inbox").read_at is not None
    response = client.get("/api/v1/inbox")
    assert response.status_code == 200
    assert response.json()["items"][0]["subject"] == "Alice is asking for support now"


def test_it_sends_nothing_to_a_paused_member_even_without_a_scope(
    alice: User, bob: User, bob_membership: Membership
) -> None:
    from alerts.services import create_alert, queue

    alert = create_alert(alice, "event_invite", "Alice invites you to a walk")
    assert alert is not None
    queue(alert, [bob])  # no scope needed, but membership still is
    bob_membership.status = "paused"
    bob_membership.save()
    assert deliver_due("w1")["skipped"] == 2


def test_it_raises_bulk_alerts_once(alice: User, bob: User, bob_membership: Membership) -> None:
    from alerts.services import AlertSpec, notify_bulk

    spec = AlertSpec(
        client=alice,
        kind="missed_checkin",
        subject="Alice missed",
        dedupe_key="missed:test",
        recipient_ids=[bob.pk],
        scope=Scope.ALERTS,
    )
    assert notify_bulk([spec]) == 1
    assert notify_bulk([spec]) == 0
    rows = Notification.objects.filter(alert__dedupe_key="missed:test")
    assert sorted(rows.values_list("channel", "status", "required_scope")) == [
        ("email", "pending", "alerts"),
        ("inbox", "pending", "alerts"),
    ]
    assert all(row.next_attempt_at <= timezone.now() for row in rows)


def test_it_writes_each_email_to_its_own_file(
    alert: Alert,
    alice: User,
    dana: User,
    dana_membership: Membership,
    settings: Settings,
    tmp_path: Path,
) -> None:
    # `make run` without EMAIL_URL: every e-mail is a file, so an invitation or alert link
    # can be read from the mail folder.
    settings.EMAIL_BACKEND = "recoverycircle.mail.FileEmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    dana_membership.scopes = [Scope.ALERTS]
    dana_membership.save()
    notify_circle(alice, Alert.Kind.REACH_OUT, "Alice is asking for support again")
    deliver_due("w1")
    files = list(tmp_path.iterdir())
    assert len(files) == 3  # bob's first alert, and bob's and dana's second
    for file in files:
        assert sum(line.startswith("To: ") for line in file.read_text().splitlines()) == 1
