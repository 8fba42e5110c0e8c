"""Small bookkeeping writes, such as when an access token was last used: each database's
cheapest safe way to commit one statement on the path of an API call.

Ordinary commits wait for the disk (SQLite `synchronous=FULL`, PostgreSQL's default), because a
check-in, an alert or a plan must survive a power cut. A bookkeeping write may be lost in one:
- SQLite: a queued write transaction (an autocommit write would skip the write queue and meet
  SQLite's sleeping busy handler), committed without waiting for the disk (`synchronous=NORMAL`
  for that commit only). It is still atomic and consistent, and the next ordinary commit makes
  it durable too.
- PostgreSQL: the statement runs in autocommit. Making it asynchronous (`SET LOCAL
  synchronous_commit`) would take three more round trips, which cost more than the flush.

A bookkeeping write can also be deferred (`defer()`): it then rides along in the request's own
write transaction when one asks for it (`write_deferred()`; the check-in does), saving a
transaction of its own, or is written by itself when the request ends. Should that transaction
roll back, the deferred write is lost with it, which is harmless by definition.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DatabaseError, connection, transaction

from recoverycircle import rawsql

logger = logging.getLogger(__name__)


@contextmanager
def bookkeeping_write() -> Iterator[None]:
    """Runs the block's single write as a bookkeeping write (see the module)."""
    if connection.in_atomic_block or connection.vendor != "sqlite":
        # Inside a larger transaction, that transaction's commit decides; PostgreSQL: autocommit.
        yield
        return
    with unsynced_commits(), transaction.atomic():
        yield


@contextmanager
def unsynced_commits() -> Iterator[None]:
    """Commits in the block do not wait for the disk: they survive this process being killed
    (the database has them), not the machine losing power, where the last few may be lost.

    For records whose loss can only cause work to be done again, such as the outbox's
    per-message outcomes (a lost "sent" means one more send, never a lost message), so that
    a commit per message stays cheap. SQLite: `synchronous=NORMAL` in WAL mode; PostgreSQL:
    `synchronous_commit` off for the session, which writes the WAL within a fraction of a
    second. Both are restored afterwards."""
    if connection.in_atomic_block:
        yield  # the enclosing transaction's commit decides
        return
    if connection.vendor == "sqlite":
        # SQLite allows the level to change only between transactions; restore it after.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            level = int(cursor.fetchone()[0])
            cursor.execute("PRAGMA synchronous=NORMAL")
        restore = f"PRAGMA synchronous={level}"
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
        restore = "RESET synchronous_commit"
    else:
        yield
        return
    try:
        yield
    finally:
        restore_setting(restore)


def restore_setting(statement: str) -> None:
    if connection.connection is None or connection.needs_rollback:
        return  # a new connection starts with the defaults; a broken one is closed next
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    except DatabaseError:
        # The connection failed on its way (the block's error is the one that matters);
        # the alert loop closes it, and a new one starts with the defaults.
        logger.warning("could not restore the commit setting", exc_info=True)


def defer(sql: str, params: list[Any]) -> None:
    """Queues a bookkeeping write on this thread's connection (see the module)."""
    pending().append((sql, params))


def pending() -> list[tuple[str, list[Any]]]:
    found: list[tuple[str, list[Any]]] | None = getattr(connection, "deferred_bookkeeping", None)
    if found is None:
        found = []
        connection.deferred_bookkeeping = found  # type: ignore[attr-defined]  # ours, per connection
    return found


def write_deferred() -> None:
    """Writes the queued bookkeeping in the current transaction, which writes anyway."""
    queued = pending()
    if not queued:
        return
    for sql, params in queued:
        rawsql.execute(sql, params)
    queued.clear()


def write_deferred_at_request_end(**kwargs: Any) -> None:
    """`request_finished`: what no transaction took along is written on its own."""
    if not pending():
        return
    try:
        with bookkeeping_write():
            write_deferred()
    except DatabaseError:
        logger.exception("could not write deferred bookkeeping")
        pending().clear()
