"""Sending claimed outbox rows one at a time, each outcome recorded before the next send.

Per message: consent (or whatever the kind of row requires) is asked, then one short
transaction records the previous message's outcome and this message's attempt, then the
message is sent. A crash therefore re-sends at most the one message in flight, and the attempt
log shows that message as an attempt without an outcome. The commits do not wait for the disk
(`durability.unsynced_commits`, set by the caller): they survive the process being killed.

When the mail server fails several messages in a row, the batch stops: the rows not tried yet
go back to the outbox for a little while, without an attempt counted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic

from django.db import transaction
from django.utils import timezone

from alerts import outbox
from alerts.models import OutboxRow
from alerts.outbox import Row
from alerts.transports import DeliveryError

logger = logging.getLogger(__name__)
Status = OutboxRow.Status
# Consecutive failures of the mail server after which a batch stops (an outage, most likely).
FAILURES_BEFORE_PAUSE = 3


def new_counts() -> dict[str, int]:
    return {"sent": 0, "retry": 0, "failed": 0, "skipped": 0, "deferred": 0}


@dataclass
class Outcome(Generic[Row]):
    row: Row
    attempt: int
    error: str
    permanent: bool
    at: datetime


class OneByOne(Generic[Row]):
    """Sends one claimed batch; subclasses say how to send a row and what follows."""

    def __init__(self, lease: outbox.Lease[Row], worker: str, counts: dict[str, int]) -> None:
        self.lease: outbox.Lease[Row] = lease
        self.worker, self.counts = worker, counts
        self.failures_in_a_row = 0
        self.lost: set[int] = set()  # rows whose lease another worker took over
        self.pending: Outcome[Row] | None = None

    def allowed(self, row: Row) -> bool:
        return True

    def send(self, row: Row) -> None:
        raise NotImplementedError

    def after_sent(self, row: Row) -> None:
        """In the transaction that records the send."""

    def after_failure(self, row: Row, error: str, final: bool) -> None:
        """In the transaction that records the failed attempt; `row.attempts` counts the
        attempts before it."""

    def when_done(self) -> dict[str, Any]:
        """Further changes to a row once it is sent, given up or skipped."""
        return {}

    def run(self, rows: list[Row]) -> None:
        try:
            for index, row in enumerate(rows):
                if self.failures_in_a_row >= FAILURES_BEFORE_PAUSE:
                    self.pause(rows[index:])
                    return
                still_held = self.lease.renew_if_needed()
                if still_held is not None:
                    self.lost |= {r.pk for r in rows if r.pk not in still_held}
                if row.pk not in self.lost:
                    self.deliver(row)
        finally:
            if self.pending is not None:
                with transaction.atomic():
                    self.write_pending()

    def pause(self, rows: list[Row]) -> None:
        resume = timezone.now() + outbox.backoff(1)
        logger.warning(
            "the mail server failed %s messages in a row: %s %s rows wait until %s",
            self.failures_in_a_row,
            len(rows),
            self.lease.model._meta.verbose_name,
            resume.isoformat(timespec="seconds"),
        )
        self.lease.release(rows, resume)
        self.counts["deferred"] += len(rows)

    def quietly_sent(self, row: Row) -> bool:
        """Whether recording `row` as sent is all there is to do (no notice to write)."""
        return True

    def deliver(self, row: Row) -> None:
        allowed = self.allowed(row)
        if allowed and self.start_after_success(row):
            return
        with transaction.atomic():
            self.write_pending()
            if not allowed:
                done = self.when_done()
                self.counts["skipped"] += self.lease.record(
                    row, False, status=Status.SKIPPED, **done
                )
                return
            attempt = outbox.attempt_started(row, self.worker)
        error, permanent = self.attempt(row)
        self.pending = Outcome(row, attempt, error, permanent, timezone.now())

    def start_after_success(self, row: Row) -> bool:
        """The common case in one statement (PostgreSQL): the last message went through and
        this one is allowed. Returns False when the general path must run instead."""
        outcome = self.pending
        if outcome is None or outcome.error or not self.quietly_sent(outcome.row):
            return False
        done = outbox.sent_then_started(
            self.lease,
            outcome.row,
            outcome.attempt,
            outcome.at,
            row,
            self.worker,
            **self.when_done(),
        )
        if done is None:
            return False
        self.pending = None
        ours, attempt = done
        if ours:
            self.counts["sent"] += 1
        error, permanent = self.attempt(row)
        self.pending = Outcome(row, attempt, error, permanent, timezone.now())
        return True

    def attempt(self, row: Row) -> tuple[str, bool]:
        """Sends; returns the error (empty when sent) and whether it is permanent."""
        try:
            self.send(row)
        except DeliveryError as failure:
            self.failures_in_a_row += not failure.permanent
            return str(failure)[:500] or type(failure).__name__, failure.permanent
        except Exception as failure:
            # An unexpected error must not stop the batch; the row is retried with backoff.
            logger.exception("sending %s crashed", row)
            return f"{type(failure).__name__}: {failure}"[:500], False
        self.failures_in_a_row = 0
        return "", False

    def write_pending(self) -> None:
        """Records the last message's outcome (in the caller's transaction)."""
        outcome, self.pending = self.pending, None
        if outcome is None:
            return
        row, error = outcome.row, outcome.error
        outbox.attempt_finished(outcome.attempt, error)
        if not error:
            if self.lease.record(row, status=Status.SENT, sent_at=outcome.at, **self.when_done()):
                self.counts["sent"] += 1
                self.after_sent(row)
            return
        later = None if outcome.permanent else outbox.retry_at(row, outcome.at)
        if later is None:
            done = self.when_done()
            if self.lease.record(row, status=Status.FAILED, last_error=error, **done):
                self.counts["failed"] += 1
                self.after_failure(row, error, final=True)
        elif self.lease.record(row, last_error=error, next_attempt_at=later):
            self.counts["retry"] += 1
            self.after_failure(row, error, final=False)
