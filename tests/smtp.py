"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd), collecting what it receives."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from email.message import Message

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


class SmtpServer:
    def __init__(self) -> None:
        self.collector = Collector()
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=free_port())

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.collector.release.set()
        self.controller.stop()

    @property
    def port(self) -> int:
        return int(self.controller.port)
