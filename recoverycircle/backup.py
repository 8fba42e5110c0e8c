"""Backup and restore of the whole database, while the site keeps running.

Copying the SQLite file is not a backup: in WAL mode the newest committed transactions live in
the `-wal` file beside it until a checkpoint, so a copy of the main file silently misses them
(and a copy taken mid-write can be torn). Here:

- SQLite: the online backup API copies every page of one consistent snapshot (it holds a read
  transaction, so writers go on in the WAL and are not blocked) into a single self-contained
  file, whose integrity is checked before it is given its final name.
- PostgreSQL: `pg_dump` in its custom format, which also reads one consistent snapshot; a
  restore runs `pg_restore` in a single transaction.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone


class BackupError(Exception):
    """The backup or restore could not be made; the message says why and what to do."""


@dataclass
class Outcome:
    path: Path
    tables: dict[str, int]  # rows per table, read from the backup itself (SQLite)


def vendor(alias: str = "default") -> str:
    return str(connections[alias].vendor)


def default_path(now: datetime | None = None, alias: str = "default") -> Path:
    stamp = (now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if vendor(alias) == "sqlite" else "pgdump"
    return Path(settings.DATA_DIR) / "backups" / f"recoverycircle-{stamp}.{suffix}"


def backup(target: Path | None = None, alias: str = "default") -> Outcome:
    target = target or default_path(alias=alias)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise BackupError(f"{target} already exists; choose another name")
    if vendor(alias) != "sqlite":
        return postgres_backup(connections[alias].settings_dict, target)
    try:
        return sqlite_backup(database_file(alias), target)
    except sqlite3.Error as error:
        raise BackupError(f"the backup failed: {error}") from None


def restore(source: Path, alias: str = "default") -> Outcome:
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    if vendor(alias) != "sqlite":
        # Its prepared statements name tables the restore drops and creates again.
        connections[alias].close()
        return postgres_restore(connections[alias].settings_dict, source)
    try:
        return sqlite_restore(source, database_file(alias))
    except sqlite3.Error as error:
        raise BackupError(f"{source} cannot be restored: {error}; nothing was changed") from None


# SQLite


def database_file(alias: str) -> Path:
    name = str(connections[alias].settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("the database is in memory; there is nothing on disk to back up")
    return Path(name)


def integrity_problems(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("PRAGMA integrity_check").fetchall()
    found = [str(row[0]) for row in rows]
    found += [f"foreign key: {row}" for row in db.execute("PRAGMA foreign_key_check").fetchall()]
    return [] if found == ["ok"] else found


def table_rows(db: sqlite3.Connection) -> dict[str, int]:
    names = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    quoted = {name: '"' + name.replace('"', '""') + '"' for (name,) in names}
    return {
        name: int(db.execute(f"SELECT count(*) FROM {q}").fetchone()[0])  # noqa: S608
        for name, q in quoted.items()
    }


def checked(db: sqlite3.Connection, what: str) -> None:
    problems = integrity_problems(db)
    if problems:
        raise BackupError(f"{what} failed the integrity check: {'; '.join(problems[:5])}")


def sqlite_backup(source: Path, target: Path) -> Outcome:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with (
        # Not read-only: a WAL database left without its -shm file cannot be opened so.
        closing(sqlite3.connect(source, timeout=30)) as live,
        closing(sqlite3.connect(partial)) as copy,
    ):
        # One step (pages=-1): every page from one read snapshot, so the copy is consistent.
        live.backup(copy, pages=-1)
        # One self-contained file: no -wal beside it to forget.
        copy.execute("PRAGMA journal_mode=DELETE")
        checked(copy, "the new backup")
        tables = table_rows(copy)
    os.replace(partial, target)
    return Outcome(target, tables)


def sqlite_restore(source: Path, live_file: Path) -> Outcome:
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup_db:
        checked(backup_db, f"the backup {source}")
        tables = table_rows(backup_db)
        with closing(sqlite3.connect(live_file, timeout=30)) as live:
            # Writes every page of the live database inside one write transaction: other
            # connections see the old data or the restored data, never a mixture.
            backup_db.backup(live, pages=-1)
            live.execute("PRAGMA journal_mode=WAL")
            checked(live, "the restored database")
            restored = table_rows(live)
    if restored != tables:
        raise BackupError(f"the restored database differs from the backup: {restored} != {tables}")
    return Outcome(live_file, tables)


# PostgreSQL


PG_GUIDANCE = (
    "{tool} was not found. Install the PostgreSQL client tools of the server's major version "
    "(Debian: apt-get install postgresql-client), or run it where they are installed: "
    "{example}"
)


def pg_tool(name: str, example: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(PG_GUIDANCE.format(tool=name, example=example))
    return found


def pg_environment(db: Mapping[str, Any]) -> dict[str, str]:
    """The connection as libpq variables, so no password appears on a command line."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def run_tool(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 (a fixed tool, arguments as a list)
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def postgres_backup(db: Mapping[str, Any], target: Path) -> Outcome:
    tool = pg_tool("pg_dump", f"pg_dump --format=custom --file={target.name} {db.get('NAME')}")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    run_tool([tool, "--format=custom", "--no-owner", f"--file={partial}"], pg_environment(db))
    os.replace(partial, target)
    return Outcome(target, {})


def postgres_restore(db: Mapping[str, Any], source: Path) -> Outcome:
    example = f"pg_restore --clean --if-exists --single-transaction -d {db.get('NAME')} {source}"
    tool = pg_tool("pg_restore", example)
    command = [tool, "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    env = pg_environment(db)
    run_tool([*command, f"--dbname={env.get('PGDATABASE', '')}", str(source)], env)
    return Outcome(source, {})
