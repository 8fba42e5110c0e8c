"""Delivery of alert notifications: claim due rows with a lease (alerts.outbox), then deliver
them.

In-app inbox rows cannot be sent twice (being marked sent is their delivery), so a batch's
inbox rows are checked for consent and marked sent together in one transaction. E-mail goes
out over one SMTP connection per batch, one message at a time (alerts.sending): consent is
asked again right before each message, and each outcome is recorded before the next send.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import cache, partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from alerts import notices, outbox
from alerts.models import DeliveryAttempt, Notification
from alerts.sending import OneByOne, new_counts
from alerts.transports import open_transports, transport_for
from circle import members
from recoverycircle import durability, rawsql

logger = logging.getLogger(__name__)
Status = Notification.Status


def consent_allows(notification: Notification) -> bool:
    """Consent is asked again right before each message: a paused or removed supporter gets
    nothing.

    The client's own notifications always go out while their account is active; anyone else
    must still be an active member of the client's circle, holding the scope the
    notification needs (if any)."""
    client_id, recipient_id = notification.alert.client_id, notification.recipient_id
    if recipient_id == client_id:
        return rawsql.fetch_one(active_user_sql(), [recipient_id, True]) is not None
    scopes = members.scopes_if_active(client_id, recipient_id)
    if scopes is None:
        return False
    return not notification.required_scope or notification.required_scope in scopes


@cache
def active_user_sql() -> str:
    user = partial(rawsql.column, User)
    # Names come from the model's metadata; every value is a parameter.
    where = f"{user('id')} = %s AND {user('is_active')} = %s"
    return f"SELECT 1 FROM {rawsql.table(User)} WHERE {where}"  # noqa: S608


def active_scopes(batch: list[Notification]) -> dict[tuple[int, int], list[str]]:
    """For a batch of inbox rows: the scopes of every active (client, supporter) pair."""
    clients = {n.alert.client_id for n in batch if n.recipient_id != n.alert.client_id}
    rows = members.active_supporter_rows(clients)
    return {(client, supporter): scopes for _pk, client, supporter, scopes in rows}


def inbox_allows(notification: Notification, scopes: dict[tuple[int, int], list[str]]) -> bool:
    if not notification.recipient.is_active:
        return False
    if notification.recipient_id == notification.alert.client_id:
        return True
    held = scopes.get((notification.alert.client_id, notification.recipient_id))
    if held is None:
        return False
    return not notification.required_scope or notification.required_scope in held


class NotificationSender(OneByOne[Notification]):
    def allowed(self, row: Notification) -> bool:
        return consent_allows(row)

    def send(self, row: Notification) -> None:
        transport_for(row.channel).send(row)

    def after_sent(self, row: Notification) -> None:
        notices.after_success(row)

    def quietly_sent(self, row: Notification) -> bool:
        return not notices.told_of_a_delay(row)

    def after_failure(self, row: Notification, error: str, final: bool) -> None:
        notices.after_failed_attempt(row, error, final)


@transaction.atomic
def deliver_inbox(
    lease: outbox.Lease[Notification], worker: str, rows: list[Notification], counts: dict[str, int]
) -> None:
    """Marks a batch's inbox rows sent, consent checked in the same transaction: being marked
    sent is their delivery, so they cannot go out twice."""
    scopes = active_scopes(rows)
    allowed = {n.pk for n in rows if inbox_allows(n, scopes)}
    refused = [n.pk for n in rows if n.pk not in allowed]
    now = timezone.now()
    sent = lease.held(allowed)
    ours = list(sent.values_list("pk", flat=True))
    DeliveryAttempt.objects.bulk_create(
        [DeliveryAttempt(notification_id=pk, worker=worker, at=now, ok=True) for pk in ours]
    )
    release = {"leased_until": None, "claim_token": ""}
    counts["sent"] += sent.update(
        status=Status.SENT, sent_at=now, attempts=F("attempts") + 1, **release
    )
    counts["skipped"] += lease.held(refused).update(status=Status.SKIPPED, **release)


def deliver_due(worker: str, limit: int = 500, now: datetime | None = None) -> dict[str, int]:
    """Claims up to `limit` due notifications and delivers them; returns what happened."""
    lease, batch = outbox.claim(
        Notification, now or timezone.now(), limit, related=("alert", "alert__client", "recipient")
    )
    counts = new_counts()
    if not batch:
        return counts
    inbox = [n for n in batch if n.channel == Notification.Channel.INBOX]
    others = [n for n in batch if n.channel != Notification.Channel.INBOX]
    with durability.unsynced_commits():
        if inbox:
            deliver_inbox(lease, worker, inbox, counts)
        if others:
            with open_transports():
                NotificationSender(lease, worker, counts).run(others)
    return counts
