from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from accounts.models import User
from recoverycircle import config


def test_it_reads_sqlite_pragmas_back_from_a_live_connection(db: None) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        busy = cursor.fetchone()[0]
        cursor.execute("PRAGMA foreign_keys")
        foreign_keys = cursor.fetchone()[0]
    # The test database is in memory, where SQLite reports "memory"; a file database is WAL
    # (checked in test_it_uses_wal_on_a_file_database).
    assert journal in {"wal", "memory"}
    assert synchronous == 2  # FULL
    assert busy == 20000
    assert foreign_keys == 1
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_it_uses_wal_on_a_file_database(tmp_path: Path) -> None:
    import sqlite3

    db = sqlite3.connect(tmp_path / "x.sqlite3")
    db.executescript(config.SQLITE_INIT)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2
    db.close()


def test_it_does_not_use_atomic_requests() -> None:
    assert not connection.settings_dict.get("ATOMIC_REQUESTS")


@pytest.mark.parametrize("raw", ["maybe", "2", "tru"])
def test_it_refuses_a_wrong_boolean(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("DEBUG", raw)
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        config.env_bool("DEBUG", False)


@pytest.mark.parametrize(("raw", "expected"), [("yes", True), ("0", False), ("", False)])
def test_it_reads_a_boolean(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("DEBUG", raw)
    assert config.env_bool("DEBUG", False) is expected


def test_it_refuses_a_wrong_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HSTS_SECONDS", "a year")
    with pytest.raises(ImproperlyConfigured, match="HSTS_SECONDS"):
        config.env_int("HSTS_SECONDS", 0)


def test_it_refuses_a_wrong_database_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://root@localhost/x")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        config.database(tmp_path)


def test_it_reads_a_postgres_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.internal:5433/rc")
    result = config.database(tmp_path)
    assert result["ENGINE"] == "django.db.backends.postgresql"
    assert (result["HOST"], result["PORT"], result["NAME"]) == ("db.internal", 5433, "rc")
    assert result["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 2}


def test_it_turns_prepared_statements_off_for_a_pooling_proxy(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@pgbouncer.internal:6432/rc")
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "false")
    assert not config.database(tmp_path).get("OPTIONS")


def test_it_prepares_the_check_in_statements_on_postgres(alice: User) -> None:
    from decimal import Decimal

    from django.db import connection

    from checkins.services import CheckInData, save_today

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    for mood in (1, 2, 3, 4):
        save_today(alice, CheckInData(mood=mood, craving=1, stress=1, sleep_hours=Decimal(7)))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any(statement.startswith('INSERT INTO "checkins_checkin"') for statement in prepared)


def test_it_defaults_email_to_files_in_the_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("EMAIL_URL", raising=False)
    result = config.email(tmp_path)
    assert result["EMAIL_BACKEND"] == "recoverycircle.mail.FileEmailBackend"
    assert result["EMAIL_FILE_PATH"] == str(tmp_path / "mail")


def test_it_reads_an_smtp_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EMAIL_URL", "smtps://user:secret@mail.example.org:465")
    result = config.email(tmp_path)
    assert result["EMAIL_HOST"] == "mail.example.org"
    assert result["EMAIL_PORT"] == 465
    assert result["EMAIL_USE_SSL"] is True


def test_it_refuses_a_non_smtp_email_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EMAIL_URL", "http://mail.example.org")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        config.email(tmp_path)


def test_it_generates_the_secret_key_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.secret_key(tmp_path)
    assert len(first) >= 50
    assert config.secret_key(tmp_path) == first


def test_it_refuses_a_short_secret_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        config.secret_key(tmp_path)


def test_it_refuses_a_site_url_without_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "circle.example.org")
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        config.env_url("SITE_URL", "http://127.0.0.1:8000")


@pytest.mark.django_db(transaction=True)
def test_it_queues_sqlite_writers_on_a_lock_file() -> None:
    """A second writer waits on the lock (woken at once), and never sees "database is locked"."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    import threading
    import time

    from django.db import connections, transaction

    from audit.models import AccessLog  # any table will do
    from tests.conftest import make_user

    user = make_user("writer@example.org", "Writer")
    held = threading.Event()
    waited: list[float] = []

    def first() -> None:
        with transaction.atomic():
            AccessLog.objects.create(viewer=user, viewer_name="a", client=user, what="first")
            held.set()
            time.sleep(0.3)
        connections.close_all()

    def second() -> None:
        held.wait(5)
        started = time.monotonic()
        with transaction.atomic():
            AccessLog.objects.create(viewer=user, viewer_name="b", client=user, what="second")
        waited.append(time.monotonic() - started)
        connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert AccessLog.objects.count() == 2
    assert 0.2 < waited[0] < 0.5  # queued behind the first, and woken as soon as it committed
