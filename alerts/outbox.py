"""The outbox's lease and bookkeeping, shared by alert notifications and account e-mails.

A worker claims due rows with one conditional UPDATE that sets a lease and a claim token; the
rows that now carry the token are its own. Several workers on several machines can run at
once: a row's UPDATE succeeds for one of them only, and a worker killed mid-batch leaves its
leases to expire, after which another worker takes the rows again.

Each message is recorded on its own: an attempt row is written before the send and the
outcome right after it, before the next send, so a crash re-sends at most the one message in
flight, and the attempt log shows that one too (an attempt without an outcome). The lease is
renewed while a batch is still being sent, so a slow mail server does not hand rows to
another worker halfway through.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import cache, partial
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from alerts.models import AccountEmail, DeliveryAttempt, Notification, OutboxRow
from recoverycircle import rawsql

Row = TypeVar("Row", Notification, AccountEmail)
PENDING = OutboxRow.Status.PENDING


def claimable(now: datetime) -> Q:
    return Q(status=PENDING, next_attempt_at__lte=now) & (
        Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    )


def backoff(attempts: int) -> timedelta:
    """The pause after the `attempts`-th failed attempt: doubling, capped."""
    exponent = min(attempts - 1, 30)  # 2**30 × the base is past any sensible cap already
    seconds = settings.ALERT_RETRY_BASE_SECONDS * 2**exponent
    return timedelta(seconds=min(seconds, settings.ALERT_RETRY_MAX_SECONDS))


def retry_at(row: OutboxRow, now: datetime) -> datetime | None:
    """When to try a row again after a failed attempt; None once its retry window (from its
    creation, ALERT_RETRY_HOURS) would be over by then."""
    later = now + backoff(row.attempts + 1)
    if later > row.created_at + timedelta(hours=settings.ALERT_RETRY_HOURS):
        return None
    return later


class Lease(Generic[Row]):
    """The rows one worker claimed in one batch."""

    def __init__(self, model: type[Row], token: str, until: datetime) -> None:
        self.model: type[Row] = model
        self.token = token
        self.until = until

    def held(self, pks: Iterable[int] | None = None) -> QuerySet[Row]:
        """Rows this worker still holds: a lease that expired meanwhile may be another's."""
        rows = self.model.objects.filter(claim_token=self.token, status=PENDING)
        return rows if pks is None else rows.filter(pk__in=list(pks))

    def renew_if_needed(self) -> set[int] | None:
        """Extends the lease when little of it is left; then returns the rows still held
        (None when there was nothing to do). A send can take up to the mail timeout, so the
        lease must outlast it."""
        now = timezone.now()
        margin = timedelta(seconds=(settings.EMAIL_TIMEOUT or 15) + 5)
        if now < self.until - margin:
            return None
        self.until = now + timedelta(seconds=settings.ALERT_LEASE_SECONDS)
        self.held().update(leased_until=self.until)
        return set(self.held().values_list("pk", flat=True))

    def release(self, rows: list[Row], next_attempt_at: datetime) -> None:
        """Hands back rows that were not tried (the mail server is down): no attempt is
        counted, and they wait until `next_attempt_at` so that other rows go first."""
        self.held([row.pk for row in rows]).update(
            leased_until=None, claim_token="", next_attempt_at=next_attempt_at
        )

    def record(self, row: Row, count_attempt: bool = True, **changes: Any) -> bool:
        """Writes a row's outcome if this worker still holds it (and releases it). Returns
        whether the row was still ours. One statement, written by hand: it runs once per
        message (see `update_held_sql`)."""
        names = tuple(sorted(changes))
        values: list[Any] = [rawsql.prepared(self.model, name, changes[name]) for name in names]
        values += [row.pk, self.token, PENDING]
        return (
            rawsql.fetch_one(update_held_sql(self.model, names, count_attempt), values) is not None
        )


@cache
def update_held_sql(model: type[OutboxRow], names: tuple[str, ...], count_attempt: bool) -> str:
    """UPDATE of one row this worker holds, releasing its lease; the ORM would compile the
    statement afresh for every message, for more CPU than the send itself."""
    column = partial(rawsql.column, model)
    sets = [f"{column(name)} = %s" for name in names]
    sets += [f"{column('leased_until')} = NULL", f"{column('claim_token')} = ''"]
    if count_attempt:
        sets.append(f"{column('attempts')} = {column('attempts')} + 1")
    where = f"{column('id')} = %s AND {column('claim_token')} = %s AND {column('status')} = %s"
    # Names come from the model's metadata; every value is a parameter.
    return (
        f"UPDATE {rawsql.table(model)} SET {', '.join(sets)} "  # noqa: S608
        f"WHERE {where} RETURNING {column('id')}"
    )


def claim(
    model: type[Row],
    now: datetime,
    limit: int,
    related: tuple[str, ...] = (),
    pks: list[int] | None = None,
) -> tuple[Lease[Row], list[Row]]:
    """Claims up to `limit` due rows (of `pks` only, when given)."""
    token = secrets.token_hex(16)
    lease = Lease(model, token, now + timedelta(seconds=settings.ALERT_LEASE_SECONDS))
    due = model.objects.filter(claimable(now))
    if pks is not None:
        due = due.filter(pk__in=pks)
    candidates = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    if not candidates:
        return lease, []
    # The WHERE repeats the claimable test: a row another worker claimed meanwhile no longer
    # matches, so it is not taken twice.
    model.objects.filter(claimable(now), pk__in=candidates).update(
        leased_until=lease.until, claim_token=token
    )
    claimed = lease.held().select_related(*related).order_by("next_attempt_at", "pk")
    return lease, list(claimed)


def attempt_started(row: OutboxRow, worker: str) -> int:
    """The attempt, written (and committed, by the caller's transaction) before the send:
    should the worker die during the send, the log still shows an attempt whose outcome
    nobody recorded. Returns its id."""
    column = "notification" if isinstance(row, Notification) else "account_email"
    now = rawsql.prepared(DeliveryAttempt, "at", timezone.now())
    found = rawsql.fetch_one(attempt_sql(column), [row.pk, worker, now])
    assert found is not None  # an INSERT … RETURNING always returns its row
    return int(found[0])


def attempt_finished(attempt_id: int, error: str = "") -> None:
    rawsql.execute(attempt_outcome_sql(), [not error, error[:500], attempt_id])


@cache
def attempt_sql(row_column: str) -> str:
    column = partial(rawsql.column, DeliveryAttempt)
    names = ", ".join(column(name) for name in (row_column, "worker", "at", "ok", "error"))
    # Names come from the model's metadata; every value is a parameter.
    return (
        f"INSERT INTO {rawsql.table(DeliveryAttempt)} ({names}) "  # noqa: S608
        f"VALUES (%s, %s, %s, NULL, '') RETURNING {column('id')}"
    )


@cache
def attempt_outcome_sql() -> str:
    column = partial(rawsql.column, DeliveryAttempt)
    # Names come from the model's metadata; every value is a parameter.
    return (
        f"UPDATE {rawsql.table(DeliveryAttempt)} SET {column('ok')} = %s, "  # noqa: S608
        f"{column('error')} = %s WHERE {column('id')} = %s"
    )


def sent_then_started(
    lease: Lease[Row],
    sent: Row,
    sent_attempt: int,
    sent_at: datetime,
    row: Row,
    worker: str,
    **changes: Any,
) -> tuple[bool, int] | None:
    """PostgreSQL: records a message as sent and starts the next one's attempt in one
    statement, which is its own transaction (data-modifying WITH clauses): one round trip
    where a transaction of three statements takes five. Returns whether the sent row was still
    this worker's, and the new attempt's id; None elsewhere (the caller uses a transaction)."""
    if connection.vendor != "postgresql":
        return None
    names = tuple(sorted(changes))
    values: list[Any] = [sent_attempt, rawsql.prepared(lease.model, "sent_at", sent_at)]
    values += [rawsql.prepared(lease.model, name, changes[name]) for name in names]
    values += [sent.pk, lease.token, PENDING, row.pk, worker]
    values.append(rawsql.prepared(DeliveryAttempt, "at", timezone.now()))
    found = rawsql.fetch_one(sent_then_started_sql(lease.model, names), values)
    assert found is not None  # an INSERT … RETURNING always returns its row
    return bool(found[1]), int(found[0])


@cache
def sent_then_started_sql(model: type[OutboxRow], names: tuple[str, ...]) -> str:
    row_column = "notification" if model is Notification else "account_email"
    attempt = partial(rawsql.column, DeliveryAttempt)
    column = partial(rawsql.column, model)
    sets = [f"{column('status')} = '{OutboxRow.Status.SENT}'", f"{column('sent_at')} = %s"]
    sets += [f"{column(name)} = %s" for name in names]
    sets += [f"{column('leased_until')} = NULL", f"{column('claim_token')} = ''"]
    sets.append(f"{column('attempts')} = {column('attempts')} + 1")
    held = f"{column('id')} = %s AND {column('claim_token')} = %s AND {column('status')} = %s"
    inserted = ", ".join(attempt(name) for name in (row_column, "worker", "at", "ok", "error"))
    # Names come from the models' metadata; every value is a parameter.
    return (
        f"WITH finished AS (UPDATE {rawsql.table(DeliveryAttempt)} "  # noqa: S608
        f"SET {attempt('ok')} = TRUE, {attempt('error')} = '' WHERE {attempt('id')} = %s), "
        f"sent AS (UPDATE {rawsql.table(model)} SET {', '.join(sets)} WHERE {held} "
        f"RETURNING {column('id')}) "
        f"INSERT INTO {rawsql.table(DeliveryAttempt)} ({inserted}) "
        f"VALUES (%s, %s, %s, NULL, '') "
        f"RETURNING {attempt('id')}, (SELECT count(*) FROM sent)"
    )
