"""`manage.py backup` and `manage.py restore`: a backup taken while rows are being written holds
one consistent moment, and a restore brings back exactly that, intact."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection

from accounts.models import User
from ratelimits.models import Counter
from recoverycircle import backup

WRITES_BEFORE = 150
WRITES_AFTER = 150


class Writer(threading.Thread):
    """Commits one row at a time (its own connection) until told to stop."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.written = 0
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                Counter.objects.create(key=f"w{self.written:06d}", count=1, window_ends=0)
                self.written += 1
        except BaseException as error:  # reported by the test, not lost in the thread
            self.error = error
        finally:
            connection.close()

    def wait_for(self, rows: int) -> None:
        deadline = time.monotonic() + 60
        while self.written < rows and self.error is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert self.written >= rows, self.error


def backed_up_during_writes(path: Path) -> Writer:
    writer = Writer()
    writer.start()
    try:
        writer.wait_for(WRITES_BEFORE)
        call_command("backup", output=str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
        writer.wait_for(writer.written + WRITES_AFTER)
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None
    return writer


def keys_in_live_database() -> list[str]:
    return list(Counter.objects.order_by("key").values_list("key", flat=True))


def assert_consistent_prefix(keys: list[str], writer: Writer) -> None:
    """The rows of one moment: the first n written, none missing, none from later."""
    assert WRITES_BEFORE <= len(keys) < writer.written
    assert keys == [f"w{n:06d}" for n in range(len(keys))]


@pytest.mark.django_db(transaction=True)
def test_it_backs_up_sqlite_under_writes_and_restores_the_same_rows(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path; PostgreSQL has its own test")
    path = tmp_path / "backup.sqlite3"
    writer = backed_up_during_writes(path)
    with sqlite3.connect(path) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file
        in_backup = backup.table_rows(copy)
        keys = [row[0] for row in copy.execute("SELECT key FROM ratelimits_counter ORDER BY key")]
    assert_consistent_prefix(keys, writer)
    assert len(keys_in_live_database()) == writer.written

    call_command("restore", str(path), yes=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert keys_in_live_database() == keys
    live = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        assert backup.table_rows(live) == in_backup
        assert backup.integrity_problems(live) == []
    finally:
        live.close()


@pytest.mark.django_db(transaction=True)
def test_it_backs_up_postgres_under_writes_and_restores_the_same_rows(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL path; SQLite has its own test")
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed here")
    path = tmp_path / "backup.pgdump"
    writer = backed_up_during_writes(path)
    before_restore = {m: m.objects.count() for m in (Counter,)}
    assert before_restore[Counter] == writer.written
    call_command("restore", str(path), yes=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    keys = keys_in_live_database()
    assert_consistent_prefix(keys, writer)
    # The restored rows are whole and the constraints hold: a duplicate key is still refused.
    with pytest.raises(IntegrityError):
        Counter.objects.create(key=keys[0], count=1, window_ends=0)


def test_it_refuses_to_restore_without_confirmation(tmp_path: Path, db: None) -> None:
    path = tmp_path / "x.sqlite3"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(path))


def test_it_refuses_a_damaged_backup_and_keeps_the_database(tmp_path: Path, alice: User) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite checks a backup's integrity itself")
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    with pytest.raises(CommandError):
        call_command("restore", str(damaged), yes=True)
    assert alice.__class__.objects.filter(pk=alice.pk).exists()


def test_it_refuses_to_overwrite_an_existing_file(tmp_path: Path, db: None) -> None:
    taken = tmp_path / "taken"
    taken.write_text("keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", output=str(taken))
    assert taken.read_text() == "keep me"


def test_it_gives_guidance_without_pg_dump(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("recoverycircle.backup.shutil.which", lambda name: None)
    with pytest.raises(backup.BackupError, match="postgresql-client"):
        backup.postgres_backup({"NAME": "recoverycircle"}, tmp_path / "x.pgdump")
