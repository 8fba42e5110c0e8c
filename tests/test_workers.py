"""Real worker processes: two at once never double-send, and one killed with SIGKILL in the
middle of a batch loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from accounts.models import User
from alerts.delivery import deliver_due
from alerts.models import Alert, DeliveryAttempt, Notification
from alerts.services import notify_circle
from checkins.models import CheckInSchedule
from circle.models import Membership, Scope
from tests.conftest import make_user
from tests.processes import database_url
from tests.smtp import SmtpServer

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


def worker(smtp_port: int, *extra: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "recoverycircle.settings",
        "DATABASE_URL": database_url(),
        "DATA_DIR": str(settings.DATA_DIR),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "ALERT_LEASE_SECONDS": "5",
    }
    command = [sys.executable, "manage.py", "run_sweep", "--until-idle", *extra]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def overdue_clients(count: int) -> list[User]:
    """`count` clients, each with two supporters who get alerts, all past their deadline."""
    supporters = []
    past = timezone.now() - timedelta(minutes=5)
    for i in range(count):
        client = make_user(f"client{i}@example.org", f"Client {i}")
        for j in range(2):
            supporter = make_user(f"s{i}-{j}@example.org", f"Supporter {i}-{j}")
            Membership.objects.create(
                client=client, supporter=supporter, relationship="friend", scopes=[Scope.ALERTS]
            )
            supporters.append(supporter)
        CheckInSchedule.objects.create(
            client=client,
            due_time=clock(20, 0),
            grace_minutes=0,
            next_deadline_at=past,
            next_reminder_at=None,
        )
    return supporters


def test_it_never_double_sends_with_two_workers(db: None) -> None:
    overdue_clients(40)
    with SmtpServer() as smtp:
        workers = [worker(smtp.port, "--batch", "7") for _ in range(2)]
        outputs = [w.communicate(timeout=60)[0] for w in workers]
        keys = smtp.collector.keys()
        subjects = {str(m["Subject"]) for m in smtp.collector.messages}
        recipients = {str(m["To"]) for m in smtp.collector.messages}
    assert all(w.returncode == 0 for w in workers), outputs
    # End to end through a real SMTP server: each supporter got the missed-check-in e-mail.
    assert all("has not checked in today" in subject for subject in subjects)
    assert recipients == {f"s{i}-{j}@example.org" for i in range(40) for j in range(2)}
    assert Alert.objects.filter(kind="missed_checkin").count() == 40
    assert len(keys) == 80  # 40 clients × 2 supporters, e-mail
    assert Counter(keys).most_common(1)[0][1] == 1, "a notification was sent twice"
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_it_loses_nothing_when_a_worker_is_killed_mid_batch(db: None, alice: User) -> None:
    supporters = []
    for i in range(5):
        supporter = make_user(f"k{i}@example.org", f"Keeper {i}")
        Membership.objects.create(
            client=alice, supporter=supporter, relationship="friend", scopes=[Scope.ALERTS]
        )
        supporters.append(supporter)
    notify_circle(alice, Alert.Kind.REACH_OUT, "Alice is asking for support now")
    with SmtpServer() as smtp:
        smtp.collector.hang_after = 2
        smtp.collector.release.clear()
        doomed = worker(smtp.port, "--no-sweep")
        deadline = time.monotonic() + 30
        while len(smtp.collector.keys()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(smtp.collector.keys()) == 2, "the worker never reached the SMTP server"
        # Each outcome is written before the next send: the inbox rows and the first e-mail
        # are recorded sent, the second is in flight, three wait their turn.
        assert Notification.objects.filter(status="sent", channel="inbox").count() == 5
        assert Notification.objects.filter(status="sent", channel="email").count() == 1
        assert Notification.objects.exclude(claim_token="").count() == 4
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)
        in_flight = DeliveryAttempt.objects.get(ok=None).notification
        assert in_flight is not None
        smtp.collector.release.set()
        # Another worker takes over once the leases expire.
        assert deliver_due("rescuer")["sent"] == 0  # leases still held
        counts = deliver_due("rescuer", now=timezone.now() + timedelta(seconds=6))
        keys = Counter(smtp.collector.keys())
    # The rescuer here is the test process, whose e-mail goes to Django's test outbox.
    keys.update(m.extra_headers["X-Recovery-Circle-Key"] for m in mail.outbox)
    assert counts["sent"] == 4
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    # Only the message in flight went out twice, and the attempt log shows it.
    assert sorted(keys.values()) == [1, 1, 1, 1, 2]
    assert keys[in_flight.idempotency_key] == 2
    assert in_flight.attempt_log.filter(ok=True).count() == 1
