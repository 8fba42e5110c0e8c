"""Write transactions whose loss in a power failure would do no harm.

Every ordinary commit waits for the disk (SQLite `synchronous=FULL`, PostgreSQL's default),
because a check-in, an alert or a plan must survive a power cut. A few writes are only
bookkeeping, such as when an access token was last used; for them waiting for the disk
costs more than the write itself, on the path of every API call. `relaxed_durability()`
commits such a write without that wait. It is still atomic and consistent; the next
ordinary commit makes it durable too, and a power cut before that loses only this write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def relaxed_durability() -> Iterator[None]:
    """A write transaction that commits without waiting for the disk (see the module)."""
    if connection.in_atomic_block:
        # Inside a larger transaction, that transaction's commit decides: never weaken it.
        with transaction.atomic():
            yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
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
