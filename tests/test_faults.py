"""Fault injection with real processes: the alert loop killed with SIGKILL at random moments
of a delivery to a real SMTP server, its PostgreSQL connections terminated under it, and the
sender of a password-reset e-mail (the alert loop) and the task worker killed in the middle
of a send. What must hold: nothing is lost, a kill re-sends at most the one message that was
in flight, and every send is in the attempt log.

The kill moments are drawn at random (the seed is in every failure message; FAULTS_SEED
repeats a run) from the SMTP server's progress: a kill always lands while messages are going
out. Run them alone with `pytest -m faults`."""

from __future__ import annotations

import os
import random
import re
from datetime import timedelta
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import connection, models
from django.db.models.functions import Cast
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from accounts.models import User
from alerts.models import AccountEmail, Alert, DeliveryAttempt, Notification
from alerts.services import notify_circle
from alerts.transports import MAIL_DOMAIN
from circle import members
from circle.models import Scope
from tests.processes import Command, ProgressSink, child_env, wait_until
from tests.smtp import SmtpServer

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

SUPPORTERS = 600  # one e-mail each
CLIENTS = 20
KILLS = 6
TERMINATIONS = 3
SEED = int(os.environ.get("FAULTS_SEED") or random.SystemRandom().randrange(10**6))


def e_mails_to_send() -> None:
    """SUPPORTERS e-mail notifications, queued as the app queues them (a request for support
    from each of CLIENTS clients, told to every supporter in their circle)."""
    clients = User.objects.bulk_create(
        User(email=f"client{i}@example.org", display_name=f"Client {i}", password="!")
        for i in range(CLIENTS)
    )
    supporters = User.objects.bulk_create(
        User(email=f"helper{i}@example.org", display_name=f"Helper {i}", password="!")
        for i in range(SUPPORTERS)
    )
    members.add_many(
        ((clients[i % CLIENTS], s) for i, s in enumerate(supporters)), "friend", [Scope.ALERTS]
    )
    for client in clients:
        notify_circle(
            client,
            Alert.Kind.REACH_OUT,
            f"{client.display_name} is asking for support now",
            channels=[Notification.Channel.EMAIL],
        )
    assert Notification.objects.count() == SUPPORTERS


def message_ids() -> dict[str, int]:
    """Each notification's Message-ID, as the e-mail transport writes it."""
    return {
        f"<notification.{n.idempotency_key}@{MAIL_DOMAIN}>": n.pk
        for n in Notification.objects.all()
    }


def all_sent() -> bool:
    return not Notification.objects.exclude(status=Notification.Status.SENT).exists()


def alert_loop(tmp_path: Path, smtp_port: int) -> Command:
    # The loop exactly as `make run` starts it, with smaller batches so that a kill strands
    # fewer leases.
    return Command(tmp_path, "alert-loop", ["run_sweep", "--batch", "50"], child_env(smtp_port))


def assert_every_send_recorded(received: dict[str, int], interrupted: int, context: str) -> None:
    """Every e-mail the server received has its attempt in the log; every notification was
    sent once for good; only interrupted attempts lack an outcome."""
    ids = message_ids()
    attempts: dict[int, int] = {}
    for pk in DeliveryAttempt.objects.values_list("notification_id", flat=True):
        attempts[pk] = attempts.get(pk, 0) + 1
    unrecorded = {mid: n for mid, n in received.items() if n > attempts.get(ids[mid], 0)}
    assert not unrecorded, f"sends missing from DeliveryAttempt: {unrecorded}; {context}"
    succeeded = DeliveryAttempt.objects.filter(ok=True)
    assert succeeded.count() == succeeded.values("notification").distinct().count() == SUPPORTERS
    assert not DeliveryAttempt.objects.filter(ok=False).exists(), context
    assert DeliveryAttempt.objects.filter(ok=None).count() <= interrupted, context


def test_it_loses_nothing_and_resends_at_most_one_per_kill_of_the_alert_loop(
    tmp_path: Path,
) -> None:
    e_mails_to_send()
    rng = random.Random(SEED)
    moments = sorted(rng.sample(range(20, 480), KILLS))
    sink = ProgressSink()
    with SmtpServer(sink) as smtp:
        loop = alert_loop(tmp_path, smtp.port).start()
        try:
            kills = []
            for moment in moments:
                # At least one message from this process, so that the kill is mid-delivery.
                target = max(moment, sink.count + 1)
                assert sink.wait_for(target, timeout=60), f"seed {SEED}: stuck\n{loop.tail()}"
                loop.kill()
                kills.append(sink.count)
                loop.start()
            assert wait_until(all_sent, timeout=60, every=0.2), f"seed {SEED}\n{loop.tail()}"
            assert loop.stop() == 0, f"the loop did not stop cleanly on SIGTERM\n{loop.tail()}"
        finally:
            loop.ensure_dead()
        received = sink.received()
    context = f"seed {SEED}, killed after {kills} messages, sink: {sum(received.values())}"
    assert set(received) == set(message_ids()), f"e-mails lost; {context}"
    duplicates = sum(n - 1 for n in received.values())
    assert duplicates <= KILLS, f"{duplicates} duplicates for {KILLS} kills; {context}"
    assert_every_send_recorded(received, KILLS, context)


def loop_backends() -> list[int]:
    """The server processes of every other connection to the test database: the loop's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        return [row[0] for row in cursor.fetchall()]


def new_backend(gone: set[int]) -> bool:
    return bool(set(loop_backends()) - gone)


def terminate(pids: list[int]) -> None:
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_it_keeps_delivering_when_postgresql_drops_the_loops_connections(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("terminating a server connection needs PostgreSQL (run with DATABASE_URL)")
    e_mails_to_send()
    rng = random.Random(SEED)
    moments = sorted(rng.sample(range(50, 450), TERMINATIONS))
    sink = ProgressSink()
    with SmtpServer(sink) as smtp:
        loop = alert_loop(tmp_path, smtp.port).start()
        try:
            terminated: list[int] = []
            for moment in moments:
                target = max(moment, sink.count + 1)
                assert sink.wait_for(target, timeout=60), f"seed {SEED}: stuck\n{loop.tail()}"
                pids = loop_backends()
                assert pids, "the loop holds no database connection while delivering"
                terminate(pids)
                terminated += pids
                assert loop.alive(), f"the loop died with its connection\n{loop.tail()}"
                # It opens a new connection and delivers again.
                reconnected = wait_until(partial(new_backend, set(terminated)), timeout=30)
                assert reconnected, f"seed {SEED}: no new connection\n{loop.tail()}"
                assert sink.wait_for(sink.count + 1, timeout=30), f"seed {SEED}\n{loop.tail()}"
            assert wait_until(all_sent, timeout=60, every=0.2), f"seed {SEED}\n{loop.tail()}"
            assert loop.alive() and len(loop.pids) == 1, "the same process, never restarted"
            assert loop.stop() == 0, loop.tail()
        finally:
            loop.ensure_dead()
        received = sink.received()
    assert "alert loop pass failed (database error" in loop.output()
    context = f"seed {SEED}, terminated at {moments}, sink: {sum(received.values())}"
    assert set(received) == set(message_ids()), f"e-mails lost; {context}"
    duplicates = sum(n - 1 for n in received.values())
    assert duplicates <= TERMINATIONS, f"{duplicates} duplicates; {context}"
    assert_every_send_recorded(received, TERMINATIONS, context)


def reset_link(text: str) -> str:
    found = re.findall(r"https?://\S+/accounts/password-reset/\S+/\S+/", text)
    assert len(found) == 1, text
    return str(found[0])


def stored_anywhere(secret: str) -> list[str]:
    """Every text or JSON column of every table that still holds `secret`."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.JSONField):
                rows = model._default_manager.annotate(as_text=Cast(field.name, models.TextField()))
                hit = rows.filter(as_text__contains=secret).exists()
            elif isinstance(field, models.CharField | models.TextField):
                hit = model._default_manager.filter(**{f"{field.name}__contains": secret}).exists()
            else:
                continue
            if hit:
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_it_delivers_a_password_reset_whose_sender_was_killed_mid_send(
    tmp_path: Path, settings: Settings
) -> None:
    settings.ACCOUNT_EMAIL_AT_ONCE = False  # the outbox, as in production
    alice = User.objects.create_user(
        email="alice@example.org", password="an-old-long-password", display_name="Alice"
    )
    web = Client()
    assert web.post("/accounts/password-reset/", {"email": "alice@example.org"}).status_code == 302
    queued = AccountEmail.objects.get()
    token = reset_link(queued.body).rstrip("/").rsplit("/", 1)[1]
    sink = ProgressSink(stall=1)  # the mail server takes the message and never answers
    with SmtpServer(sink) as smtp:
        loop = Command(tmp_path, "alert-loop", ["run_sweep"], child_env(smtp.port)).start()
        try:
            assert sink.wait_for(1, timeout=60), loop.tail()
            loop.kill()  # in the middle of the send
            queued.refresh_from_db()
            assert queued.status == AccountEmail.Status.PENDING and token in queued.body
            sink.release.set()
            loop.start()
            sent = wait_until(
                lambda: AccountEmail.objects.filter(status=AccountEmail.Status.SENT).exists(),
                timeout=60,
                every=0.2,
            )
            assert sent, loop.tail()
            assert loop.stop() == 0, loop.tail()
        finally:
            loop.ensure_dead()
    # The first copy was never acknowledged; the second went through.
    assert sink.count == 2 and len(set(sink.received())) == 1
    delivered = sink.accepted[-1].decode()
    assert "alice@example.org" in delivered
    link = reset_link(delivered.replace("=\r\n", "").replace("=\n", ""))
    assert token in link
    attempts = list(DeliveryAttempt.objects.order_by("pk").values_list("ok", flat=True))
    assert attempts == [None, True]  # the killed attempt is in the log, without an outcome

    # Nothing in the database holds the link any more, and the link works.
    assert stored_anywhere(token) == []
    page = web.get(urlsplit(link).path, follow=True)
    assert page.context["validlink"] is True
    new_password = "a-brand-new-long-password"
    done = web.post(
        page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new_password)


def test_it_runs_again_an_email_task_whose_worker_was_killed_mid_send(tmp_path: Path) -> None:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": ["dana@example.org", "A task's e-mail", "Hello.\n"], "kwargs": {}},
        task_path="accounts.tasks.send_account_email",
        queue_name="default",
        backend_name="default",
        run_after=timezone.now() - timedelta(seconds=1),
    )
    sink = ProgressSink(stall=1)
    with SmtpServer(sink) as smtp:
        env = child_env(smtp.port, HEALTH_STALE_SECONDS="10")
        worker = Command(tmp_path, "task-worker", ["run_tasks", "--interval", "0.5"], env)
        worker.start()
        try:
            assert sink.wait_for(1, timeout=60), worker.tail()
            worker.kill()
            task.refresh_from_db()
            assert task.status == "RUNNING"  # what db_worker alone would leave for ever
            sink.release.set()
            worker.start()  # a new worker id: it sees the old worker's heartbeat go stale
            done = wait_until(
                lambda: DBTaskResult.objects.filter(pk=task.pk, status="SUCCESSFUL").exists(),
                timeout=60,
                every=0.2,
            )
            assert done, worker.tail()
            assert worker.stop() == 0, worker.tail()
        finally:
            worker.ensure_dead()
    assert sink.count == 2 and b"A task's e-mail" in sink.accepted[-1]
    assert "will run again" in worker.output()
