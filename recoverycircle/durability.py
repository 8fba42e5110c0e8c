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
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def bookkeeping_write() -> Iterator[None]:
    """Runs the block's single write as a bookkeeping write (see the module)."""
    if connection.in_atomic_block or connection.vendor != "sqlite":
        # Inside a larger transaction, that transaction's commit decides; PostgreSQL: autocommit.
        yield
        return
    # SQLite allows the level to change only between transactions; restore it after.
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        level = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA synchronous=NORMAL")
    try:
        with transaction.atomic():
            yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous={level}")
