from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """A background process saying it is alive and working: the alert loop after every pass,
    the task worker every few seconds. The health page and `manage.py health` read these."""

    class Process(models.TextChoices):
        ALERT_LOOP = "alert_loop", _("The alert loop")
        TASK_WORKER = "task_worker", _("The task worker")

    process = models.CharField(max_length=16, choices=Process.choices)
    worker = models.CharField(max_length=64, unique=True)  # host:pid, or the worker's own id
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now)
    # What keeps it from working right now (e.g. the database is unreachable), for operators.
    problem = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["process", "-beat_at"], name="latest_beat")]

    def __str__(self) -> str:
        return f"{self.process} {self.worker} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
