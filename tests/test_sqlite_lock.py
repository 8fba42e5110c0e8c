"""The SQLite write queue's lock: a writer waits with a deadline, then fails clearly; a waiting
writer is woken when the lock is released; the lock file goes with the test database."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, connections, transaction

from accounts.models import User
from recoverycircle import config
from recoverycircle.sqlite import lock
from recoverycircle.sqlite.base import (
    DatabaseCreation,
    DatabaseWrapper,
    WriteLockTimeout,
    lock_path,
)


def sqlite_only() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")


@pytest.fixture
def held_by_another_process(transactional_db: None) -> Iterator[int]:
    """The write lock, held through a descriptor of its own, as another process would."""
    sqlite_only()
    connection.ensure_connection()
    fd = os.open(lock_path(str(connection.settings_dict["NAME"])), os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    yield fd
    os.close(fd)


def test_it_gives_up_waiting_for_the_write_lock_with_a_clear_error(
    held_by_another_process: int, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "write_lock_timeout", 0.3)
    started = time.monotonic()
    with pytest.raises(WriteLockTimeout, match="SQLITE_WRITE_LOCK_TIMEOUT"), transaction.atomic():
        User.objects.filter(pk=alice.pk).update(display_name="Never saved")
    waited = time.monotonic() - started
    assert 0.3 <= waited < 3
    assert not connection.in_atomic_block and connection.get_autocommit()

    fcntl.flock(held_by_another_process, fcntl.LOCK_UN)
    with transaction.atomic():  # the connection works again once the lock is free
        User.objects.filter(pk=alice.pk).update(display_name="Saved")
    alice.refresh_from_db()
    assert alice.display_name == "Saved"


def test_it_lets_an_abandoned_wait_give_the_lock_back(tmp_path: Path) -> None:
    path = tmp_path / "db.write-lock"
    holder = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    waiting = os.open(path, os.O_RDWR)
    assert not lock.take(waiting, 0.1)  # `waiting` now belongs to the helper thread
    fcntl.flock(holder, fcntl.LOCK_UN)
    # The helper gets the lock, gives it back at once and closes its descriptor.
    again = os.open(path, os.O_RDWR)
    deadline = time.monotonic() + 5
    while not try_lock(again):
        assert time.monotonic() < deadline, "the abandoned wait kept the lock"
        time.sleep(0.01)
    os.close(again)
    os.close(holder)


def try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def test_it_wakes_a_waiting_writer_when_the_lock_is_released(tmp_path: Path) -> None:
    path = tmp_path / "db.write-lock"
    holder = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    waiting = os.open(path, os.O_RDWR)
    release = threading.Timer(0.2, fcntl.flock, (holder, fcntl.LOCK_UN))
    release.start()
    started = time.monotonic()
    assert lock.take(waiting, 10)
    assert 0.15 < time.monotonic() - started < 5
    assert not try_lock(holder)  # it is the waiter's now
    lock.release(waiting)
    release.join()
    os.close(waiting)
    os.close(holder)


def test_it_takes_a_free_lock_at_once(tmp_path: Path) -> None:
    fd = os.open(tmp_path / "db.write-lock", os.O_RDWR | os.O_CREAT)
    assert lock.take(fd, 0.001)
    assert not [t for t in threading.enumerate() if isinstance(t, lock.Waiter)]
    lock.release(fd)
    os.close(fd)


def test_it_reads_the_write_lock_timeout_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SQLITE_WRITE_LOCK_TIMEOUT", "7")
    assert config.sqlite_options()["write_lock_timeout"] == 7
    monkeypatch.setenv("SQLITE_WRITE_LOCK_TIMEOUT", "0")
    with pytest.raises(Exception, match="SQLITE_WRITE_LOCK_TIMEOUT"):
        config.sqlite_options()


def test_it_uses_the_configured_timeout_on_the_connection(db: None) -> None:
    sqlite_only()
    connection.ensure_connection()
    wrapper = connections["default"]
    assert isinstance(wrapper, DatabaseWrapper)
    assert wrapper.write_lock_timeout == 20


def test_it_removes_the_lock_file_with_the_test_database(tmp_path: Path) -> None:
    sqlite_only()
    name = str(tmp_path / "test-run.sqlite3")
    Path(name).write_bytes(b"")
    Path(lock_path(name)).write_bytes(b"")
    DatabaseCreation(connection)._destroy_test_db(name, verbosity=0)
    assert not Path(name).exists() and not Path(lock_path(name)).exists()
