"""The task worker's heartbeat, and the recovery of tasks whose worker died.

django-tasks-db marks a task RUNNING when a worker takes it and never looks at it again: a
worker killed mid-task leaves it RUNNING for ever. Every worker beats from a thread of its own
(`manage.py run_tasks`); a RUNNING task whose worker has not beaten for HEALTH_STALE_SECONDS
is made READY again, and the next worker runs it (a lease, held by the heartbeat)."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import Error as DatabaseErrorBase
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from health.models import Heartbeat
from health.services import BEAT_EVERY_SECONDS, Beater

logger = logging.getLogger(__name__)


def recover_abandoned_tasks() -> int:
    """Makes the RUNNING tasks of workers without a recent heartbeat READY again."""
    stale = timezone.now() - timedelta(seconds=settings.HEALTH_STALE_SECONDS)
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=stale)
    candidates = list(running.values_list("pk", "worker_ids"))
    if not candidates:
        return 0
    alive = set(
        Heartbeat.objects.filter(
            process=Heartbeat.Process.TASK_WORKER, beat_at__gte=stale
        ).values_list("worker", flat=True)
    )
    recovered = 0
    for pk, worker_ids in candidates:
        if worker_ids and worker_ids[-1] in alive:
            continue
        # Conditional: a task that finished meanwhile is left alone.
        recovered += running.filter(pk=pk).update(status=TaskResultStatus.READY, started_at=None)
        logger.warning("task %s was running on a worker that stopped: it will run again", pk)
    return recovered


class HeartbeatThread(threading.Thread):
    """Beats for one worker every few seconds, and recovers abandoned tasks, until stopped."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name="task-worker-heartbeat", daemon=True)
        self.beater = Beater(Heartbeat.Process.TASK_WORKER, worker_id)
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                close_old_connections()
                self.beater.beat()
                recover_abandoned_tasks()
            except DatabaseErrorBase:
                logger.warning("task worker heartbeat failed; trying again", exc_info=True)
                connection.close()
            self.stopping.wait(BEAT_EVERY_SECONDS)
        connection.close()
