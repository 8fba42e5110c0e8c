"""Health: heartbeats of the alert loop and the task worker, the health page, `manage.py
health`, the staff banner, the loop surviving errors, and tasks of dead workers run again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from accounts.models import User
from health.models import Heartbeat
from health.services import Beater
from health.task_worker import recover_abandoned_tasks

LOOP, TASKS = Heartbeat.Process.ALERT_LOOP, Heartbeat.Process.TASK_WORKER


def beat_both(problem: str = "") -> None:
    Beater(LOOP, "web-1.internal:4242").beat(problem)
    Beater(TASKS, "worker-secret-id").beat()


def test_it_is_unhealthy_before_any_process_ran(client: Client, db: None) -> None:
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded" and body["database"] is True
    assert body["alert_loop"] == {"ok": False, "running": False, "seconds_since_heartbeat": None}


def test_it_is_healthy_while_both_processes_beat(client: Client, db: None) -> None:
    beat_both()
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    # Public: no host names, process ids or worker ids.
    text = response.content.decode()
    assert "web-1" not in text and "4242" not in text and "secret" not in text


def test_it_notices_a_process_that_stopped_beating(
    client: Client, db: None, settings: Settings
) -> None:
    beat_both()
    later = timezone.now() + timedelta(seconds=settings.HEALTH_STALE_SECONDS + 5)
    with time_machine.travel(later):
        response = client.get("/health/")
        assert response.status_code == 503
        assert response.json()["task_worker"]["running"] is False
        with pytest.raises(CommandError, match="has not run for"):
            call_command("health")


def test_it_reports_a_process_that_runs_but_fails(client: Client, db: None) -> None:
    beat_both(problem="error: RuntimeError")
    body = client.get("/health/").json()
    assert body["alert_loop"]["running"] is True and body["alert_loop"]["ok"] is False
    assert "RuntimeError" not in str(body)


def test_it_reports_health_on_the_command_line(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(CommandError) as failure:
        call_command("health")
    assert failure.value.returncode == 1
    beat_both()
    call_command("health")
    out = capsys.readouterr().out
    assert "alert_loop: ok" in out and "task_worker: ok" in out and "healthy" in out


def test_it_shows_staff_a_banner_when_the_loop_is_down(
    charlie: User, alice: User, client: Client
) -> None:
    Beater(TASKS, "w").beat()
    charlie.is_staff = True
    charlie.save()
    client.force_login(charlie)
    page = client.get("/").content.decode()
    assert "For staff: part of the service is not working" in page
    assert "The alert loop has never run." in page
    client.force_login(alice)  # not staff: no banner
    assert "For staff" not in client.get("/").content.decode()
    client.force_login(charlie)
    Beater(LOOP, "l").beat()
    assert "For staff" not in client.get("/").content.decode()


def test_it_beats_from_the_alert_loop(transactional_db: None) -> None:
    # Transactional: the loop drops and reopens connections, as in production.
    call_command("run_sweep", "--until-idle")
    beat = Heartbeat.objects.get(process=LOOP)
    assert beat.problem == "" and timezone.now() - beat.beat_at < timedelta(seconds=30)


def test_the_loop_survives_database_errors_and_goes_on(
    transactional_db: None, caplog: pytest.LogCaptureFixture
) -> None:
    from alerts.delivery import deliver_due as real
    from alerts.management.commands import run_sweep

    calls = iter([OperationalError("terminated"), OperationalError("terminated")])

    def flaky(*args: Any, **kwargs: Any) -> dict[str, int]:
        error = next(calls, None)
        if error is not None:
            raise error
        return real(*args, **kwargs)

    pauses = []
    with (
        mock.patch.object(run_sweep, "deliver_due", side_effect=flaky),
        mock.patch("threading.Event.wait", side_effect=lambda seconds=None: pauses.append(seconds)),
    ):
        call_command("run_sweep", "--until-idle")
    assert pauses[:2] == [1.0, 2.0]  # backed off, longer the second time
    assert "database error OperationalError, 2 in a row" in caplog.text
    assert Heartbeat.objects.filter(process=LOOP, problem="").exists()


def running_task(worker_id: str, started_ago: timedelta) -> DBTaskResult[..., Any]:
    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="meetings.tasks.refresh_feed",
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now() - started_ago,
        worker_ids=[worker_id],
    )


def test_it_runs_again_a_task_whose_worker_died(db: None) -> None:
    Beater(TASKS, "alive").beat()
    dead = running_task("dead", timedelta(minutes=5))
    busy = running_task("alive", timedelta(minutes=5))
    just_started = running_task("dead-or-slow", timedelta(seconds=1))
    assert recover_abandoned_tasks() == 1
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses[dead.pk] == "READY"
    assert statuses[busy.pk] == "RUNNING" and statuses[just_started.pk] == "RUNNING"
