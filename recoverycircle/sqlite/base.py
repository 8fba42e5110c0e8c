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
import sqlite3
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.sqlite3 import base

# RETURNING (SQLite 3.35) is used on the check-in path (recoverycircle.rawsql); Django itself
# accepts 3.31, so an older library is refused here with a clear message, not a syntax error.
MIN_SQLITE_VERSION = (3, 35)


def check_sqlite_version(version: tuple[int, ...]) -> None:
    if version < MIN_SQLITE_VERSION:
        found = ".".join(map(str, version))
        raise ImproperlyConfigured(
            f"SQLite {found} is too old: Recovery Circle needs 3.35 or newer (for RETURNING). "
            "Use a newer Python or system SQLite, or PostgreSQL (DATABASE_URL)."
        )


class DatabaseWrapper(base.DatabaseWrapper):
    lock_fd: int | None = None
    lock_pid: int = 0
    holding: bool = False

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        check_sqlite_version(sqlite3.sqlite_version_info)
        connection = super().get_new_connection(conn_params)
        name = str(self.settings_dict["NAME"])
        if self.lock_fd is None and name and not self.is_in_memory_db():
            self.lock_fd = os.open(self.lock_path(), os.O_RDWR | os.O_CREAT, 0o600)
            self.lock_pid = os.getpid()
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
        if self.lock_fd is not None and self.lock_pid != os.getpid():
            self.reopen_lock_file_after_fork()
        if self.lock_fd is not None and not self.holding:
            fcntl.flock(self.lock_fd, fcntl.LOCK_EX)
            self.holding = True

    def reopen_lock_file_after_fork(self) -> None:
        # A forked process shares its parent's open lock file, and flock treats every holder
        # of one open file as the same owner: both processes would "hold" the lock at once
        # and meet in SQLite's sleeping busy handler again. Each process opens its own.
        assert self.lock_fd is not None
        os.close(self.lock_fd)
        self.lock_fd = os.open(self.lock_path(), os.O_RDWR | os.O_CREAT, 0o600)
        self.lock_pid = os.getpid()
        self.holding = False  # what the parent held is the parent's

    def lock_path(self) -> str:
        return f"{self.settings_dict['NAME']}.write-lock"

    def release_write_lock(self) -> None:
        if self.lock_fd is not None and self.holding and self.lock_pid == os.getpid():
            fcntl.flock(self.lock_fd, fcntl.LOCK_UN)
            self.holding = False
