"""Delivery of alert notifications: claim due rows with a lease (alerts.outbox), then deliver
them one message at a time, recording each outcome before the next send.

In-app inbox rows cannot be sent twice (being marked sent is their delivery), so a batch's
inbox rows are checked for consent and marked sent together in one transaction. E-mail goes
out over one SMTP connection per batch; consent is asked again right before each message, and
each outcome commits right after its send (without waiting for the disk: see
`durability.unsynced_commits`), so a crash re-sends at most the one message in flight.

When the mail server fails several messages in a row, the batch stops: the rows not tried yet
go back to the outbox for a little while, without an attempt counted, and inbox rows keep
flowing meanwhile.
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
from alerts.transports import TRANSPORTS, DeliveryError, open_transports
from circle.models import Membership
from recoverycircle import durability, rawsql

logger = logging.getLogger(__name__)
Status = Notification.Status
# Consecutive failures of the mail server after which a batch stops (an outage, most likely).
FAILURES_BEFORE_PAUSE = 3


def consent_allows(notification: Notification) -> bool:
    """Consent is asked again right before each message: a paused or removed supporter gets
    nothing.

    The client's own notifications always go out while their account is active; anyone else
    must still be an active member of the client's circle, holding the scope the
    notification needs (if any). One hand-written statement: it runs for every e-mail."""
    client_id, recipient_id = notification.alert.client_id, notification.recipient_id
    if recipient_id == client_id:
        return rawsql.fetch_one(active_user_sql(), [recipient_id, True]) is not None
    active = Membership.Status.ACTIVE
    row = rawsql.fetch_one(active_scopes_sql(), [client_id, recipient_id, active, True])
    if row is None:
        return False
    scopes = rawsql.converted(Membership, "scopes", row[0])
    return not notification.required_scope or notification.required_scope in scopes


@cache
def active_user_sql() -> str:
    user = partial(rawsql.column, User)
    # Names come from the model's metadata; every value is a parameter.
    where = f"{user('id')} = %s AND {user('is_active')} = %s"
    return f"SELECT 1 FROM {rawsql.table(User)} WHERE {where}"  # noqa: S608


@cache
def active_scopes_sql() -> str:
    member, user = partial(rawsql.column, Membership), partial(rawsql.column, User)
    # Names come from the models' metadata; every value is a parameter.
    return (
        f"SELECT m.{member('scopes')} FROM {rawsql.table(Membership)} m "  # noqa: S608
        f"JOIN {rawsql.table(User)} u ON u.{user('id')} = m.{member('supporter')} "
        f"WHERE m.{member('client')} = %s AND m.{member('supporter')} = %s "
        f"AND m.{member('status')} = %s AND u.{user('is_active')} = %s"
    )


def active_scopes(batch: list[Notification]) -> dict[tuple[int, int], list[str]]:
    """For a batch of inbox rows: the scopes of every active (client, supporter) pair."""
    clients = {n.alert.client_id for n in batch if n.recipient_id != n.alert.client_id}
    rows = Membership.objects.filter(
        client_id__in=clients, status=Membership.Status.ACTIVE, supporter__is_active=True
    ).values_list("client_id", "supporter_id", "scopes")
    return {(client, supporter): scopes for client, supporter, scopes in rows}


def inbox_allows(notification: Notification, scopes: dict[tuple[int, int], list[str]]) -> bool:
    if not notification.recipient.is_active:
        return False
    if notification.recipient_id == notification.alert.client_id:
        return True
    held = scopes.get((notification.alert.client_id, notification.recipient_id))
    if held is None:
        return False
    return not notification.required_scope or notification.required_scope in held


class Delivery:
    """One claimed batch on its way out, with what happened to each row."""

    def __init__(self, lease: outbox.Lease[Notification], worker: str) -> None:
        self.lease, self.worker = lease, worker
        self.counts = {"sent": 0, "retry": 0, "failed": 0, "skipped": 0, "deferred": 0}
        self.failures_in_a_row = 0
        self.lost: set[int] = set()  # rows whose lease another worker took over

    @transaction.atomic
    def deliver_inbox(self, rows: list[Notification]) -> None:
        """Marks the batch's inbox rows sent, consent checked in the same transaction."""
        scopes = active_scopes(rows)
        allowed = [n for n in rows if inbox_allows(n, scopes)]
        allowed_pks = {n.pk for n in allowed}
        refused = [n for n in rows if n.pk not in allowed_pks]
        now = timezone.now()
        sent = self.lease.held([n.pk for n in allowed])
        ours = set(sent.values_list("pk", flat=True))
        DeliveryAttempt.objects.bulk_create(
            [
                DeliveryAttempt(notification=n, worker=self.worker, at=now, ok=True)
                for n in allowed
                if n.pk in ours
            ]
        )
        self.counts["sent"] += sent.update(
            status=Status.SENT,
            sent_at=now,
            attempts=F("attempts") + 1,
            leased_until=None,
            claim_token="",
        )
        self.counts["skipped"] += self.lease.held([n.pk for n in refused]).update(
            status=Status.SKIPPED, leased_until=None, claim_token=""
        )

    def deliver_one_by_one(self, rows: list[Notification]) -> None:
        for index, notification in enumerate(rows):
            if self.failures_in_a_row >= FAILURES_BEFORE_PAUSE:
                self.pause(rows[index:])
                return
            still_held = self.lease.renew_if_needed()
            if still_held is not None:
                self.lost |= {n.pk for n in rows if n.pk not in still_held}
            if notification.pk not in self.lost:
                self.deliver_one(notification)

    def pause(self, rows: list[Notification]) -> None:
        resume = timezone.now() + outbox.backoff(1)
        logger.warning(
            "the mail server failed %s messages in a row: %s notifications wait until %s",
            self.failures_in_a_row,
            len(rows),
            resume.isoformat(timespec="seconds"),
        )
        self.lease.release(rows, resume)
        self.counts["deferred"] += len(rows)

    def deliver_one(self, notification: Notification) -> None:
        if not consent_allows(notification):
            with transaction.atomic():
                skipped = self.lease.record(notification, False, status=Status.SKIPPED)
            self.counts["skipped"] += skipped
            return
        attempt = outbox.attempt_started(notification, self.worker)
        error = ""
        permanent = False
        try:
            TRANSPORTS[notification.channel].send(notification)
        except DeliveryError as failure:
            error, permanent = str(failure)[:500] or type(failure).__name__, failure.permanent
            self.failures_in_a_row += not permanent
        except Exception as failure:
            # An unexpected error must not stop the batch; the row is retried with backoff.
            logger.exception("delivery of notification %s crashed", notification.pk)
            error = f"{type(failure).__name__}: {failure}"[:500]
        else:
            self.failures_in_a_row = 0
        self.record(notification, attempt, error, permanent, timezone.now())

    @transaction.atomic
    def record(
        self,
        notification: Notification,
        attempt: int,
        error: str,
        permanent: bool,
        now: datetime,
    ) -> None:
        outbox.attempt_finished(attempt, error)
        if not error:
            if self.lease.record(notification, status=Status.SENT, sent_at=now):
                self.counts["sent"] += 1
                notices.after_success(notification)
            return
        later = None if permanent else outbox.retry_at(notification, now)
        if later is None:
            if self.lease.record(notification, status=Status.FAILED, last_error=error):
                self.counts["failed"] += 1
                notices.after_failed_attempt(notification, error, final=True)
        elif self.lease.record(notification, last_error=error, next_attempt_at=later):
            self.counts["retry"] += 1
            notices.after_failed_attempt(notification, error, final=False)


def deliver_due(worker: str, limit: int = 500, now: datetime | None = None) -> dict[str, int]:
    """Claims up to `limit` due notifications and delivers them; returns what happened."""
    lease, batch = outbox.claim(
        Notification, now or timezone.now(), limit, related=("alert", "alert__client", "recipient")
    )
    delivery = Delivery(lease, worker)
    if not batch:
        return delivery.counts
    inbox = [n for n in batch if n.channel == Notification.Channel.INBOX]
    others = [n for n in batch if n.channel != Notification.Channel.INBOX]
    with durability.unsynced_commits():
        if inbox:
            delivery.deliver_inbox(inbox)
        if others:
            with open_transports():
                delivery.deliver_one_by_one(others)
    return delivery.counts
