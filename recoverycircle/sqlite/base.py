"""SQLite with one writer at a time, queued by an operating-system lock.

SQLite allows one writer. When a second one finds the database locked, SQLite's busy handler
sleeps and retries with growing pauses (up to 100 ms each), so under load a writer can wait far
longer than the lock is held. Here every write transaction (BEGIN IMMEDIATE, as configured)
first takes an exclusive `flock` on a file beside the database: waiting writers are woken the
moment the lock is released, in every thread and process on the machine. The busy handler
stays as the safety net for writes made outside a transaction.

A writer waits at most `write_lock_timeout` seconds (the database's OPTIONS, from
SQLITE_WRITE_LOCK_TIMEOUT): past that, a stuck process or a very long transaction holds the
lock, and the write fails with `WriteLockTimeout` rather than hanging.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.utils import OperationalError

from recoverycircle.django_private import SQLiteTestDatabaseHooks, SQLiteTransactionHooks
from recoverycircle.sqlite import lock

# RETURNING (SQLite 3.35) is used on the check-in path (recoverycircle.rawsql); Django itself
# accepts 3.31, so an older library is refused here with a clear message, not a syntax error.
MIN_SQLITE_VERSION = (3, 35)
DEFAULT_WRITE_LOCK_TIMEOUT = 20.0


class WriteLockTimeout(OperationalError):
    """No write lock within the timeout: the transaction did not start."""


def check_sqlite_version(version: tuple[int, ...]) -> None:
    if version < MIN_SQLITE_VERSION:
        found = ".".join(map(str, version))
        raise ImproperlyConfigured(
            f"SQLite {found} is too old: Recovery Circle needs 3.35 or newer (for RETURNING). "
            "Use a newer Python or system SQLite, or PostgreSQL (DATABASE_URL)."
        )


def lock_path(database_name: str) -> str:
    return f"{database_name}.write-lock"


class DatabaseCreation(SQLiteTestDatabaseHooks):
    def test_database_destroyed(self, name: str) -> None:
        # The lock file would otherwise stay behind, one per test run.
        with contextlib.suppress(FileNotFoundError):
            os.remove(lock_path(name))


class DatabaseWrapper(SQLiteTransactionHooks):
    creation_class = DatabaseCreation
    lock_fd: int | None = None
    lock_pid: int = 0
    holding: bool = False
    write_lock_timeout: float = DEFAULT_WRITE_LOCK_TIMEOUT

    def get_connection_params(self) -> dict[str, Any]:
        params: dict[str, Any] = super().get_connection_params()
        # Ours, not sqlite3.connect's.
        timeout = params.pop("write_lock_timeout", DEFAULT_WRITE_LOCK_TIMEOUT)
        self.write_lock_timeout = float(timeout)
        return params

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        check_sqlite_version(sqlite3.sqlite_version_info)
        connection = super().get_new_connection(conn_params)
        name = str(self.settings_dict["NAME"])
        if self.lock_fd is None and name and not self.is_in_memory_db():
            self.open_lock_file()
        return connection

    def transaction_starting(self) -> None:
        self.take_write_lock()

    def transaction_ended(self) -> None:
        self.release_write_lock()

    def take_write_lock(self) -> None:
        if self.lock_fd is not None and self.lock_pid != os.getpid():
            self.reopen_lock_file_after_fork()
        if self.lock_fd is None or self.holding:
            return
        if not lock.take(self.lock_fd, self.write_lock_timeout):
            self.open_lock_file()  # the old descriptor now belongs to the waiting helper
            raise WriteLockTimeout(
                f"Waited {self.write_lock_timeout:g} s for the SQLite write lock "
                f"({lock_path(str(self.settings_dict['NAME']))}) and gave up: another writer "
                "held it all that time (a stuck process or a very long transaction?). "
                "SQLITE_WRITE_LOCK_TIMEOUT sets how long to wait."
            )
        self.holding = True

    def open_lock_file(self) -> None:
        self.lock_fd = os.open(
            lock_path(str(self.settings_dict["NAME"])), os.O_RDWR | os.O_CREAT, 0o600
        )
        self.lock_pid = os.getpid()
        self.holding = False

    def reopen_lock_file_after_fork(self) -> None:
        # A forked process shares its parent's open lock file, and flock treats every holder
        # of one open file as the same owner: both processes would "hold" the lock at once
        # and meet in SQLite's sleeping busy handler again. Each process opens its own; what
        # the parent held is the parent's.
        assert self.lock_fd is not None
        os.close(self.lock_fd)
        self.open_lock_file()

    def release_write_lock(self) -> None:
        if self.lock_fd is not None and self.holding and self.lock_pid == os.getpid():
            lock.release(self.lock_fd)
            self.holding = False
