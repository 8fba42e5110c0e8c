"""The alert loop: sweep for due and missed check-ins, then deliver the outbox; repeat.

Run as many of these as you like, on as many machines: claims are conditional UPDATEs with
leases, so nothing is sent twice, and a killed loop loses nothing.

The loop survives its database and its mail server: an error in a pass is logged, the
database connection is dropped (the next pass opens a new one), and the loop waits before
trying again, longer after each failure in a row (up to a minute). Each pass ends with a
heartbeat (see the `health` app).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import Error as DatabaseErrorBase
from django.db import close_old_connections, connections
from django.utils import timezone

from alerts.account_mail import deliver_account_emails
from alerts.delivery import deliver_due
from alerts.sweep import sweep
from health.models import Heartbeat
from health.services import Beater
from recoverycircle.periodic import run_all

logger = logging.getLogger("alerts.loop")
FIRST_PAUSE_SECONDS = 1.0
LONGEST_PAUSE_SECONDS = 60.0


class Command(BaseCommand):
    help = "Sweep for missed check-ins and deliver notifications, in a loop."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--until-idle",
            action="store_true",
            help="Exit as soon as a pass finds nothing to do (for tests and cron).",
        )
        parser.add_argument("--batch", type=int, default=500, help="Notifications per claim.")
        parser.add_argument("--no-sweep", action="store_true", help="Only deliver.")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = f"{socket.gethostname()}:{os.getpid()}"
        self.stopping = threading.Event()
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        heartbeat = Beater(Heartbeat.Process.ALERT_LOOP, worker)
        failures = 0
        self.stdout.write(f"alert loop {worker} started")
        while not self.stopping.is_set():
            try:
                close_old_connections()
                busy = self.one_pass(worker, options)
                heartbeat.beat()
            except Exception as error:
                failures += 1
                self.after_failure(error, failures, heartbeat)
                continue
            failures = 0
            if not busy and options["until_idle"]:
                break
            if not busy:
                self.stopping.wait(settings.SWEEP_INTERVAL_SECONDS)

    def one_pass(self, worker: str, options: dict[str, Any]) -> bool:
        now = timezone.now()
        swept = {} if options["no_sweep"] else {**sweep(now), **run_all(now)}
        if any(swept.values()):
            self.stdout.write(f"sweep: {swept}")
        counts = deliver_due(worker, limit=options["batch"])
        if any(counts.values()):
            self.stdout.write(f"delivery: {counts}")
        account = deliver_account_emails(worker)
        if any(account.values()):
            self.stdout.write(f"account e-mail: {account}")
        return any(swept.values()) or any(counts.values()) or any(account.values())

    def after_failure(self, error: Exception, failures: int, heartbeat: Beater) -> None:
        """Logs the error, drops the database connection, and waits, longer each time."""
        pause = min(FIRST_PAUSE_SECONDS * 2 ** (failures - 1), LONGEST_PAUSE_SECONDS)
        database = isinstance(error, DatabaseErrorBase)
        what = "database error" if database else "error"
        logger.error(
            "alert loop pass failed (%s %s, %s in a row); next try in %.0f s",
            what,
            type(error).__name__,
            failures,
            pause,
            exc_info=True,
        )
        # A connection that failed may be gone for good (a restarted server, a terminated
        # backend): the next pass opens a new one.
        for connection in connections.all(initialized_only=True):
            try:
                connection.close()
            except DatabaseErrorBase:
                logger.debug("closing a broken connection failed", exc_info=True)
        if not database:
            try:
                heartbeat.beat(f"{what}: {type(error).__name__}")
            except DatabaseErrorBase:
                logger.debug("could not write the heartbeat", exc_info=True)
        self.stopping.wait(pause)

    def stop(self, *_: object) -> None:
        self.stopping.set()
