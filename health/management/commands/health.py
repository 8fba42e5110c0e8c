"""`manage.py health`: whether the alert loop and the task worker have run recently; exits 1
when one has not (for a monitor, a container health check or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from health.services import service_health


class Command(BaseCommand):
    help = "Report whether the alert loop and the task worker have run recently."

    def handle(self, *args: Any, **options: Any) -> None:
        failing = []
        for process in service_health():
            seconds = process.seconds_since_beat()
            when = "never" if seconds is None else f"{seconds} s ago"
            state = "ok" if process.ok else "NOT OK"
            self.stdout.write(f"{process.process}: {state} (last heartbeat {when})")
            if not process.ok:
                failing.append(process.describe())
        if failing:
            raise CommandError(" ".join(failing), returncode=1)
        self.stdout.write("healthy")
