"""Account e-mails (verification, password reset, invitation) through the same leased, retried
outbox as alerts, delivered by the alert loop: a worker killed mid-send loses nothing (its
lease expires and another loop sends the e-mail), and a mail outage of up to a day is retried.

The body carries a personal link, so it is emptied once the e-mail is sent or given up: the
link is not kept readable in the database after delivery.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from alerts import outbox
from alerts.models import AccountEmail
from alerts.sending import OneByOne, new_counts
from alerts.transports import EMAIL, open_transports
from recoverycircle import durability

logger = logging.getLogger(__name__)
Purpose = AccountEmail.Purpose


def queue_account_email(to: str, subject: str, body: str, purpose: str = Purpose.OTHER) -> None:
    """Writes the e-mail to the outbox in the caller's transaction (it goes out only if the
    event that asks for it commits)."""
    row = AccountEmail.objects.create(to=to, subject=subject[:300], body=body, purpose=purpose)
    if settings.ACCOUNT_EMAIL_AT_ONCE:
        # The test suite's setting (as its tasks run inline): this row, through the same path.
        deliver_account_emails("inline", pks=[row.pk])


class AccountEmailSender(OneByOne[AccountEmail]):
    def send(self, row: AccountEmail) -> None:
        EMAIL.send_account_email(row)

    def when_done(self) -> dict[str, Any]:
        return {"body": ""}

    def after_failure(self, row: AccountEmail, error: str, final: bool) -> None:
        if final:
            logger.warning("gave up on %s to a recipient: %s", row, error)


def deliver_account_emails(
    worker: str, limit: int = 100, now: datetime | None = None, pks: list[int] | None = None
) -> dict[str, int]:
    """Claims up to `limit` due account e-mails (or just those of `pks`) and sends them."""
    lease, batch = outbox.claim(AccountEmail, now or timezone.now(), limit, pks=pks)
    counts = new_counts()
    if batch:
        with durability.unsynced_commits(), open_transports():
            AccountEmailSender(lease, worker, counts).run(batch)
    return counts
