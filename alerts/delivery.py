"""The outbox worker: claim due notifications with a lease, deliver, record every attempt.

Claiming is one conditional UPDATE over candidate rows that are pending and not leased (or
whose lease has expired); the rows that now carry this batch's claim token are ours. Several
workers on several machines can run this at once: a row's UPDATE succeeds for one of them only.
A worker killed mid-batch simply leaves its leases to expire.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.models import Alert, DeliveryAttempt, Notification
from alerts.transports import TRANSPORTS, DeliveryError, open_transports
from circle.models import Membership

logger = logging.getLogger(__name__)
PENDING = Notification.Status.PENDING


def claimable(now: datetime) -> Q:
    return Q(status=PENDING, next_attempt_at__lte=now) & (
        Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    )


def claim_batch(now: datetime, limit: int) -> tuple[str, list[Notification]]:
    token = secrets.token_hex(16)
    candidates = list(
        Notification.objects.filter(claimable(now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    if not candidates:
        return token, []
    lease = now + timedelta(seconds=settings.ALERT_LEASE_SECONDS)
    # The WHERE repeats the claimable test: a row another worker claimed meanwhile no longer
    # matches, so it is not taken twice.
    Notification.objects.filter(claimable(now), pk__in=candidates).update(
        leased_until=lease, claim_token=token
    )
    claimed = Notification.objects.filter(claim_token=token, status=PENDING).select_related(
        "alert", "alert__client", "recipient"
    )
    return token, list(claimed)


class Consents:
    """Active memberships of the batch's clients, read once per batch (not once per row)."""

    def __init__(self, batch: list[Notification]) -> None:
        clients = {n.alert.client_id for n in batch if n.recipient_id != n.alert.client_id}
        rows = Membership.objects.filter(
            client_id__in=clients, status=Membership.Status.ACTIVE
        ).values_list("client_id", "supporter_id", "scopes")
        self.scopes = {(client, supporter): scopes for client, supporter, scopes in rows}

    def allow(self, notification: Notification) -> bool:
        """Consent is asked again at send time: a paused or removed supporter gets nothing.

        The client's own notifications always go out; anyone else must still be an active
        member of the client's circle, holding the scope the notification needs (if any)."""
        if not notification.recipient.is_active:
            return False
        if notification.recipient_id == notification.alert.client_id:
            return True
        key = (notification.alert.client_id, notification.recipient_id)
        if key not in self.scopes:
            return False
        return not notification.required_scope or notification.required_scope in self.scopes[key]


def backoff(attempts: int) -> timedelta:
    seconds = settings.ALERT_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    return timedelta(seconds=min(seconds, settings.ALERT_RETRY_MAX_SECONDS))


class Outcomes:
    """What happened to each row of a batch, written back in one transaction."""

    def __init__(self, token: str, worker: str, now: datetime) -> None:
        self.token, self.worker, self.now = token, worker, now
        self.sent: list[Notification] = []
        self.skipped: list[Notification] = []
        self.failed: list[tuple[Notification, str]] = []
        self.retry: list[tuple[Notification, str]] = []

    def counts(self) -> dict[str, int]:
        return {
            "sent": len(self.sent),
            "retry": len(self.retry),
            "failed": len(self.failed),
            "skipped": len(self.skipped),
        }

    def ours(self, rows: list[Notification]) -> QuerySet[Notification]:
        # Only rows this worker still holds: a lease that expired meanwhile belongs to another.
        return Notification.objects.filter(
            pk__in=[n.pk for n in rows], claim_token=self.token, status=PENDING
        )

    @transaction.atomic
    def save(self) -> None:
        attempts = [
            DeliveryAttempt(notification=n, worker=self.worker, at=self.now, ok=True)
            for n in self.sent
        ]
        attempts += [
            DeliveryAttempt(notification=n, worker=self.worker, at=self.now, ok=False, error=error)
            for n, error in self.failed + self.retry
        ]
        DeliveryAttempt.objects.bulk_create(attempts)
        release = {"leased_until": None, "claim_token": ""}
        self.ours(self.skipped).update(status=Notification.Status.SKIPPED, **release)
        self.ours(self.sent).update(
            status=Notification.Status.SENT, sent_at=self.now, attempts=F("attempts") + 1, **release
        )
        for notification, error in self.failed:
            self.ours([notification]).update(
                status=Notification.Status.FAILED,
                last_error=error,
                attempts=F("attempts") + 1,
                **release,
            )
            report_failure(notification, error)
        for notification, error in self.retry:
            self.ours([notification]).update(
                last_error=error,
                attempts=F("attempts") + 1,
                next_attempt_at=self.now + backoff(notification.attempts + 1),
                **release,
            )


def deliver_batch(batch: list[Notification], outcomes: Outcomes, consents: Consents) -> None:
    for notification in batch:
        if not consents.allow(notification):
            outcomes.skipped.append(notification)
            continue
        try:
            TRANSPORTS[notification.channel].send(notification)
        except DeliveryError as error:
            text = str(error)[:500]
            final = error.permanent or notification.attempts + 1 >= settings.ALERT_MAX_ATTEMPTS
            (outcomes.failed if final else outcomes.retry).append((notification, text))
        except Exception as error:
            # An unexpected error must not stop the batch; the row is retried with backoff.
            logger.exception("delivery of notification %s crashed", notification.pk)
            outcomes.retry.append((notification, f"{type(error).__name__}: {error}"[:500]))
        else:
            outcomes.sent.append(notification)


def report_failure(notification: Notification, error: str) -> None:
    """Tells the client that a supporter could not be reached, once per notification."""
    from alerts.services import notify_client

    alert = notification.alert
    if notification.recipient_id == alert.client_id:
        return  # the client's own e-mail failed; the same alert is still in their inbox
    notify_client(
        alert.client,
        Alert.Kind.DELIVERY_FAILED,
        lambda: (
            _("We could not reach %(name)s by %(channel)s")
            % {"name": notification.recipient, "channel": notification.get_channel_display()}
        ),
        body=lambda: (
            _(
                "About: %(subject)s. What went wrong: %(error)s. "
                "You may want to contact them another way."
            )
            % {"subject": alert.shown_subject, "error": error}
        ),
        dedupe_key=f"failed:{notification.pk}",
    )


def deliver_due(worker: str, limit: int = 500, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    token, batch = claim_batch(now, limit)
    outcomes = Outcomes(token, worker, now)
    if batch:
        with open_transports():
            deliver_batch(batch, outcomes, Consents(batch))
        outcomes.save()
    return outcomes.counts()
