"""Heartbeats of the background processes, and what they say about the service's health.

The alert loop beats after every pass (at most every few seconds), the task worker from a
thread of its own. A process whose last beat is older than HEALTH_STALE_SECONDS, or which
reports a problem (the database unreachable, a pass that failed), is not working: the health
page answers 503, `manage.py health` exits 1, and staff see a banner on every page."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from health.models import Heartbeat

Process = Heartbeat.Process
# A beat is written at most this often (a pass of the alert loop can take well under a second).
BEAT_EVERY_SECONDS = 5.0
# Heartbeats of processes gone this long are removed.
FORGET_AFTER = timedelta(days=7)


class Beater:
    """Writes one process's heartbeat, not more often than BEAT_EVERY_SECONDS unless what it
    reports changes."""

    def __init__(self, process: str, worker: str) -> None:
        self.process, self.worker = process, worker[:64]
        self.started_at = timezone.now()
        self.written_at: float | None = None
        self.problem = ""

    def beat(self, problem: str = "") -> None:
        now = time.monotonic()
        fresh = self.written_at is not None and now - self.written_at < BEAT_EVERY_SECONDS
        if fresh and problem == self.problem:
            return
        if self.written_at is None:
            forget_old_heartbeats()
        Heartbeat.objects.update_or_create(
            worker=self.worker,
            defaults={
                "process": self.process,
                "started_at": self.started_at,
                "beat_at": timezone.now(),
                "problem": problem[:200],
            },
        )
        self.written_at, self.problem = now, problem


def forget_old_heartbeats() -> None:
    Heartbeat.objects.filter(beat_at__lt=timezone.now() - FORGET_AFTER).delete()


@dataclass
class ProcessHealth:
    process: str
    last_beat: datetime | None
    problem: str
    stale_after: timedelta

    @property
    def running(self) -> bool:
        return self.last_beat is not None and timezone.now() - self.last_beat <= self.stale_after

    @property
    def ok(self) -> bool:
        return self.running and not self.problem

    def seconds_since_beat(self) -> int | None:
        if self.last_beat is None:
            return None
        return max(0, int((timezone.now() - self.last_beat).total_seconds()))

    def describe(self) -> str:
        """For staff and operators: what is wrong, in a sentence (empty when nothing is)."""
        name = Process(self.process).label
        if self.last_beat is None:
            return _("%(name)s has never run.") % {"name": name}
        if not self.running:
            return _("%(name)s has not run for %(seconds)s seconds.") % {
                "name": name,
                "seconds": self.seconds_since_beat(),
            }
        if self.problem:
            return _("%(name)s is running but failing: %(problem)s") % {
                "name": name,
                "problem": self.problem,
            }
        return ""


def service_health() -> list[ProcessHealth]:
    """The most recent heartbeat of each background process (the freshest of its workers)."""
    stale_after = timedelta(seconds=settings.HEALTH_STALE_SECONDS)
    found = []
    for process in Process.values:
        latest = Heartbeat.objects.filter(process=process).order_by("-beat_at").first()
        found.append(
            ProcessHealth(
                process=process,
                last_beat=latest.beat_at if latest else None,
                problem=latest.problem if latest else "",
                stale_after=stale_after,
            )
        )
    return found


def problems() -> list[str]:
    return [text for health in service_health() if (text := health.describe())]
