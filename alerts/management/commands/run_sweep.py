"""The alert loop: sweep for due and missed check-ins, then deliver the outbox; repeat.

Run as many of these as you like, on as many machines: claims are conditional UPDATEs with
leases, so nothing is sent twice, and a killed loop loses nothing.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from alerts.delivery import deliver_due
from alerts.sweep import sweep
from recoverycircle.periodic import run_all


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
        self.running = True
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        self.stdout.write(f"alert loop {worker} started")
        while self.running:
            close_old_connections()
            busy = self.one_pass(worker, options)
            if not busy and options["until_idle"]:
                break
            if not busy:
                time.sleep(settings.SWEEP_INTERVAL_SECONDS)

    def one_pass(self, worker: str, options: dict[str, Any]) -> bool:
        now = timezone.now()
        swept = {} if options["no_sweep"] else {**sweep(now), **run_all(now)}
        if any(swept.values()):
            self.stdout.write(f"sweep: {swept}")
        counts = deliver_due(worker, limit=options["batch"])
        if any(counts.values()):
            self.stdout.write(f"delivery: {counts}")
        return any(swept.values()) or any(counts.values())

    def stop(self, *_: object) -> None:
        self.running = False
