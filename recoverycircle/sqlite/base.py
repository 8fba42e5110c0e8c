"""SQLite with one writer at a time, queued by an operating-system lock.

SQLite allows one writer. When a second one finds the database locked, SQLite's busy handler
sleeps and retries with growing pauses (up to 100 ms each), so under load a writer can wait far
longer than the lock is held. Here every write transaction (BEGIN IMMEDIATE, as configured)
first takes an exclusive `flock` on a file beside the database: waiting writers are woken the
moment the lock is released, in every thread and process on the machine. The busy handler
stays as the safety net for writes made outside a transaction.
"""

from __future__ import annotations

import fcntl
import os
from typing import Any

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    lock_fd: int | None = None
    holding: bool = False

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        name = str(self.settings_dict["NAME"])
        if self.lock_fd is None and name and not self.is_in_memory_db():
            self.lock_fd = os.open(f"{name}.write-lock", os.O_RDWR | os.O_CREAT, 0o600)
        return connection

    def _start_transaction_under_autocommit(self) -> None:
        self.take_write_lock()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self.release_write_lock()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self.release_write_lock()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self.release_write_lock()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self.release_write_lock()

    def take_write_lock(self) -> None:
        if self.lock_fd is not None and not self.holding:
            fcntl.flock(self.lock_fd, fcntl.LOCK_EX)
            self.holding = True

    def release_write_lock(self) -> None:
        if self.lock_fd is not None and self.holding:
            fcntl.flock(self.lock_fd, fcntl.LOCK_UN)
            self.holding = False
