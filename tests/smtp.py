"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd), collecting what it receives.

`SmtpServer` runs in the test's own process. `SmtpSinkProcess` runs a minimal server (the
benchmark's sink) in a process of its own (`python tests/smtp.py`), so that a benchmark's
sender does not share its interpreter lock with the server, as it would not with a real mail
server."""

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
from aiosmtpd.smtp import SMTP, Envelope, Session


class Collector:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.lock = threading.Lock()
        self.received = threading.Event()
        self.release = threading.Event()
        self.release.set()
        self.hang_after: int | None = None

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)  # undecoded: the controller's default
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

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)  # undecoded: the controller's default
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


class SinkProtocol(asyncio.Protocol):
    """The least an SMTP server must do to take mail from smtplib (EHLO, MAIL, RCPT, DATA,
    RSET, NOOP, QUIT), for the benchmark's sink: a fraction of aiosmtpd's CPU per message, so
    that the figure measured is the sender's, as with a mail server written in C."""

    def __init__(self, collector: KeyCollector) -> None:
        self.collector = collector
        self.buffer = b""
        self.in_data = False
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        transport.write(b"220 sink ESMTP\r\n")

    def data_received(self, data: bytes) -> None:
        assert self.transport is not None
        self.buffer += data
        while True:
            if self.in_data:
                end = self.buffer.find(b"\r\n.\r\n")
                if end < 0:
                    return
                content, self.buffer = self.buffer[: end + 2], self.buffer[end + 5 :]
                self.in_data = False
                self.collector.count += 1
                if match := KeyCollector.KEY.search(content):
                    self.collector.found.append(match.group(1).decode())
                self.transport.write(b"250 OK\r\n")
                continue
            end = self.buffer.find(b"\r\n")
            if end < 0:
                return
            verb, self.buffer = self.buffer[:4].upper(), self.buffer[end + 2 :]
            if verb == b"EHLO":
                self.transport.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                self.in_data = True
                self.transport.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            elif verb == b"QUIT":
                self.transport.write(b"221 Bye\r\n")
                self.transport.close()
                return
            else:
                self.transport.write(b"250 OK\r\n")


def serve_until_stdin_closes() -> None:
    collector = KeyCollector()
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(
        loop.create_server(lambda: SinkProtocol(collector), "127.0.0.1", 0)
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    serving = threading.Thread(target=loop.run_forever, daemon=True)
    serving.start()
    sys.stdin.read()
    loop.call_soon_threadsafe(loop.stop)
    serving.join(timeout=10)
    print(json.dumps({"count": collector.count, "keys": collector.found}), flush=True)


if __name__ == "__main__":
    serve_until_stdin_closes()
