"""`manage.py run_tasks`: django-tasks-db's `db_worker`, with a heartbeat (health app) and the
recovery of tasks whose worker died (health.task_worker). Takes db_worker's options."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from health.task_worker import HeartbeatThread


class Command(db_worker.Command):
    help = "Run the background task worker, with a heartbeat."

    def handle(self, *args: Any, **options: Any) -> None:
        heartbeat = HeartbeatThread(options["worker_id"])
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stopping.set()
            heartbeat.join(timeout=10)
