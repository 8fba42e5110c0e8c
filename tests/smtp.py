"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd), collecting what it receives.

`SmtpServer` runs in the test's own process. `SmtpSinkProcess` runs the same server in a
process of its own (`python tests/smtp.py`), so that a benchmark's sender does not share its
interpreter lock with the server, as it would not with a real mail server."""

from __future__ import annotations

import asyncio
import email
import json
import re
import socket
import subprocess
import sys
import threading
from collections import Counter
from email.message import Message
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class Collector:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.lock = threading.Lock()
        self.received = threading.Event()
        self.release = threading.Event()
        self.release.set()
        self.hang_after: int | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content))
            count = len(self.messages)
        self.received.set()
        if self.hang_after is not None and count >= self.hang_after:
            # Simulates a stuck send: the worker waits here until the test kills it.
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return "250 OK"

    def keys(self) -> list[str]:
        with self.lock:
            return [m["X-Recovery-Circle-Key"] for m in self.messages]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class KeyCollector:
    """Counts messages and notes their idempotency keys, without parsing them whole (what a
    benchmark's sink needs, at a fraction of the CPU)."""

    KEY = re.compile(rb"^X-Recovery-Circle-Key: *(\S+)", re.MULTILINE | re.IGNORECASE)

    def __init__(self) -> None:
        self.count = 0
        self.found: list[str] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.count += 1
        if match := self.KEY.search(envelope.content):
            self.found.append(match.group(1).decode())
        return "250 OK"


class SmtpServer:
    def __init__(self, collector: Any = None) -> None:
        self.collector = collector or Collector()
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=free_port())

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        release = getattr(self.collector, "release", None)
        if release is not None:
            release.set()  # a hanging handler must not block the stop
        self.controller.stop()

    @property
    def port(self) -> int:
        return int(self.controller.port)


class SmtpSinkProcess:
    """The SMTP server in a child process; `report()` stops it and returns what it received:
    the number of messages and how many times each idempotency key arrived."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())

    def report(self) -> tuple[int, Counter[str]]:
        output, _ = self.process.communicate(timeout=60)  # closing stdin stops the server
        found = json.loads(output)
        return int(found["count"]), Counter(found["keys"])

    def __enter__(self) -> SmtpSinkProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def serve_until_stdin_closes() -> None:
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    collector = KeyCollector()
    with SmtpServer(collector) as server:
        print(server.port, flush=True)
        sys.stdin.read()
        print(json.dumps({"count": collector.count, "keys": collector.found}), flush=True)


if __name__ == "__main__":
    serve_until_stdin_closes()
