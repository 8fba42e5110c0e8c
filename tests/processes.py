"""Real processes for the fault tests: the project's own commands (the alert loop, the task
worker, the supervisor) started against the test database, and an SMTP sink that reports its
progress, so that a test can kill a process at a moment chosen from what the sink received.

Every wait here polls with a deadline; nothing sleeps a fixed time and hopes."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
# The SMTP server's log of every command would bury a failure's own report.
logging.getLogger("mail.log").setLevel(logging.WARNING)
# A killed worker's leases expire this soon (the smallest lease the settings allow).
LEASE_SECONDS = 5


def database_url() -> str:
    """The test database, as a DATABASE_URL for a child process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}{port}/{db['NAME']}"


def child_env(smtp_port: int | None = None, **extra: str) -> dict[str, str]:
    """The production settings, on the test database and (when given) the test's SMTP sink."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "recoverycircle.settings",
        "DATABASE_URL": database_url(),
        "DATA_DIR": str(settings.DATA_DIR),
        "ALERT_LEASE_SECONDS": str(LEASE_SECONDS),
        "PYTHONUNBUFFERED": "1",
    }
    if smtp_port is not None:
        env["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp_port}"
    env.update(extra)
    return env


def wait_until(condition: Callable[[], bool], timeout: float, every: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(every)


class Command:
    """A `manage.py` command in a process of its own, its output in a file (a pipe nobody
    reads would fill up and stop the process)."""

    def __init__(self, log_dir: Path, name: str, args: list[str], env: dict[str, str]) -> None:
        self.log = log_dir / f"{name}.log"
        self.args, self.env = args, env
        self.process: subprocess.Popen[bytes] | None = None
        self.pids: list[int] = []

    def start(self) -> Command:
        with self.log.open("ab") as out:
            out.write(f"--- start {' '.join(self.args)}\n".encode())
            out.flush()
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", *self.args],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.pids.append(self.process.pid)
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """kill -9: no handler, no clean-up, no last words."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 20) -> int:
        """SIGTERM, as a service manager stops it; returns the exit status."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def ensure_dead(self) -> None:
        if self.alive():
            assert self.process is not None
            self.process.kill()
            self.process.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.output().splitlines()[-lines:])


class ProgressSink:
    """An aiosmtpd handler that counts every message it receives by its Message-ID, and can
    hold the first `stall` messages unanswered until `release` is set (a mail server that
    stops responding in the middle of a send)."""

    MESSAGE_ID = re.compile(rb"^Message-ID: *(\S+)", re.MULTILINE | re.IGNORECASE)
    SUBJECT = re.compile(rb"^Subject: *(.*)$", re.MULTILINE | re.IGNORECASE)

    def __init__(self, stall: int = 0) -> None:
        self.stall = stall
        self.release = threading.Event()
        self.changed = threading.Condition()
        self.ids: list[str] = []
        self.accepted: list[bytes] = []  # messages answered "250 OK", whole

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content: bytes = envelope.content
        found = self.MESSAGE_ID.search(content)
        with self.changed:
            self.ids.append(found.group(1).decode() if found else "")
            number = len(self.ids)
            self.changed.notify_all()
        if number <= self.stall:
            while not self.release.is_set():
                await asyncio.sleep(0.02)
        with self.changed:
            self.accepted.append(content)
        return "250 OK"

    @property
    def count(self) -> int:
        with self.changed:
            return len(self.ids)

    def wait_for(self, count: int, timeout: float) -> bool:
        """Until at least `count` messages have arrived."""
        with self.changed:
            return self.changed.wait_for(lambda: len(self.ids) >= count, timeout=timeout)

    def received(self) -> Counter[str]:
        """How many times each Message-ID arrived."""
        with self.changed:
            return Counter(self.ids)
