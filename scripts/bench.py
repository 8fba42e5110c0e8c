"""Benchmark: check-in throughput over HTTP, and the sweep + delivery rates.

    make bench                       # SQLite (a fresh database in a temporary data dir)
    make bench BENCH_ARGS=--postgres # PostgreSQL at 127.0.0.1:5432 (database recoverycircle_bench)

It starts the production server (granian, as `make run` does: 2 workers) on a
loopback port and drives it with a keep-alive load generator at 16 and 64 concurrent clients
(bounded by request count and time), with two kinds of check-in: the first of the day (each
request a different client: a new row, and the token's first use that minute) and a change to
today's check-in (2,000 clients editing theirs). Then it times the missed check-in sweep for
10,000 overdue clients, the delivery of their notifications to a local SMTP sink, and the time
from a grace period's end to the alert with a real alert loop running. Nothing leaves this
machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import loadgen  # noqa: E402

PORT = 8765
FIRST_CHECKINS = 20_000  # fresh clients per first-check-in run (more than 20 s can take)
BENCH_DB = "recoverycircle_bench"


def prepare_environment(postgres: bool) -> None:
    data = tempfile.mkdtemp(prefix="rc-bench-")
    os.environ.update(
        {
            "DATA_DIR": data,
            "SECRET_KEY": secrets.token_urlsafe(60),
            "DJANGO_SETTINGS_MODULE": "recoverycircle.settings",
            "ALLOWED_HOSTS": "127.0.0.1",
        }
    )
    if postgres:
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
            admin.execute(f"CREATE DATABASE {BENCH_DB}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)


def seed_clients(count: int, name: str) -> list[str]:
    """`count` clients with an access token each (made in bulk); returns the tokens."""
    from accounts.models import ApiToken, User
    from accounts.services import TOKEN_PREFIX, token_digest

    users = User.objects.bulk_create(
        [
            User(
                email=f"{name}{i}@example.org",
                display_name=f"{name} {i}",
                time_zone="UTC",
                password="!",
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    tokens = [TOKEN_PREFIX + secrets.token_urlsafe(32) for _ in users]
    ApiToken.objects.bulk_create(
        [
            ApiToken(user=user, name="bench", prefix=raw[:10], digest=token_digest(raw))
            for user, raw in zip(users, tokens, strict=True)
        ],
        batch_size=2000,
    )
    return tokens


def start_server() -> subprocess.Popen:
    env = {**os.environ, "BIND": f"127.0.0.1:{PORT}"}
    server = subprocess.Popen(
        [str(ROOT / "scripts/serve.sh")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.5).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def checkin_request(tokens: list[str], rounds: int = 1):  # type: ignore[no-untyped-def]
    """`rounds` check-ins for every token, built before the run (as wrk does) so the load
    generator spends its share of the two cores sending, not formatting JSON."""
    prepared = []
    for round_ in range(rounds):
        for token in tokens:
            body = json.dumps(
                {
                    "mood": random.randint(1, 5),
                    "craving": random.randint(0, 10),
                    "stress": random.randint(0, 10),
                    "sleep_hours": 7.5,
                    "triggers": ["work"],
                    "note": f"benchmark round {round_}",
                }
            ).encode()
            prepared.append(
                (
                    f"PUT /api/v1/checkins/today HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode()
                + body
            )

    def make(n: int) -> bytes:
        return prepared[n % len(prepared)]

    return make


def bench_http() -> list[str]:
    """Two kinds of check-in: the first of the day (every request a different client, a new
    row), and a change to today's (2,000 clients editing theirs). Clients are seeded first."""
    fresh = {
        concurrency: seed_clients(FIRST_CHECKINS, f"first{concurrency}-")
        for concurrency in (16, 64)
    }
    editors = seed_clients(2000, "editor")
    lines = []
    server = start_server()
    try:
        # Warm-up: every editor checks in once, so the edit runs below only edit.
        asyncio.run(loadgen.run("127.0.0.1", PORT, checkin_request(editors), 16, 2000, 30))
        for concurrency in (16, 64):
            make = checkin_request(fresh[concurrency])
            result = asyncio.run(
                loadgen.run("127.0.0.1", PORT, make, concurrency, FIRST_CHECKINS, 20)
            )
            lines.append(f"first check-in of the day, {concurrency} concurrent: {result.summary()}")
        for concurrency in (16, 64):
            make = checkin_request(editors, rounds=4)
            result = asyncio.run(loadgen.run("127.0.0.1", PORT, make, concurrency, 20000, 20))
            lines.append(
                f"change to today's check-in, {concurrency} concurrent: {result.summary()}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    return lines


def bench_evaluations(limit: int = 1000) -> list[str]:
    """The alert loop's follow-up of the check-ins above: one evaluation per client who
    checked in ("checked in again", milestones, the signal rules), timed over one batch; then
    again for the same clients, as after a later check-in the same day, when the daily rules
    (isolation) have run already."""
    from django.utils import timezone

    from signals.models import EvaluationState
    from signals.services import claim_and_evaluate, evaluate_due

    now = timezone.now()
    started = time.perf_counter()
    done = evaluate_due(now, limit=limit)
    first = time.perf_counter() - started
    # The same clients check in again: each asks for an evaluation once more.
    again = EvaluationState.objects.filter(daily_rules_at__gte=now)
    again.update(next_evaluation_at=timezone.now())
    states = list(again.select_related("client"))
    started = time.perf_counter()
    later = sum(claim_and_evaluate(state, timezone.now()) for state in states)
    second = time.perf_counter() - started
    return [
        f"follow-up, a client's first evaluation of the day (daily rules included): {done:,} "
        f"in {first:.2f} s = {done / first:,.0f}/s (one alert loop)",
        f"follow-up, a later evaluation the same day: {later:,} in {second:.2f} s = "
        f"{later / second:,.0f}/s (one alert loop)",
    ]


def seed_overdue(count: int) -> None:
    from django.utils import timezone

    from accounts.models import User
    from checkins.models import CheckInSchedule
    from circle import members

    past = timezone.now() - timedelta(minutes=1)
    clients = User.objects.bulk_create(
        [
            User(email=f"overdue{i}@example.org", display_name=f"Client {i}", password="!")
            for i in range(count)
        ]
    )
    supporters = User.objects.bulk_create(
        [
            User(email=f"helper{i}@example.org", display_name=f"Supporter {i}", password="!")
            for i in range(count)
        ]
    )
    members.add_many(zip(clients, supporters, strict=True), "friend", ["alerts"])
    CheckInSchedule.objects.bulk_create(
        [CheckInSchedule(client=c, next_deadline_at=past) for c in clients], batch_size=2000
    )


def bench_sweep_and_delivery(count: int) -> list[str]:
    import logging

    from django.conf import settings
    from django.utils import timezone

    from alerts.delivery import deliver_due
    from alerts.models import Notification
    from alerts.sweep import sweep
    from tests.smtp import SmtpServer

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # the SMTP sink's own chatter
    seed_overdue(count)
    started = time.perf_counter()
    result = sweep(timezone.now())
    swept = time.perf_counter() - started
    supporter_rows = Notification.objects.filter(alert__kind="missed_checkin").count()
    lines = [
        f"sweep: {result['missed']:,} missed check-ins, {supporter_rows:,} supporter "
        f"notifications (inbox + e-mail) in {swept:.2f} s = "
        f"{supporter_rows / 2 / swept:,.0f} supporter alerts/s"
    ]
    with SmtpServer() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        started = time.perf_counter()
        sent = 0
        while counts := deliver_due("bench", limit=1000):
            if not any(counts.values()):
                break
            sent += counts["sent"]
        elapsed = time.perf_counter() - started
        received = len(smtp.collector.messages)
    lines.append(
        f"delivery: {sent:,} notifications sent ({received:,} e-mails received by the "
        f"local SMTP sink) in {elapsed:.2f} s = {sent / elapsed:,.0f}/s"
    )
    return lines


def bench_detection() -> list[str]:
    from django.utils import timezone

    from accounts.models import User
    from alerts.models import Alert
    from checkins.models import CheckInSchedule
    from circle import members

    client = User.objects.create(email="late@example.org", display_name="Late", password="!")
    friend = User.objects.create(email="friend@example.org", display_name="F", password="!")
    members.add_member(client, friend, "friend", ["alerts"])
    loop = subprocess.Popen(
        [sys.executable, "manage.py", "run_sweep"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)  # the loop is up and idle
        deadline = timezone.now() + timedelta(seconds=2)
        CheckInSchedule.objects.create(client=client, next_deadline_at=deadline)
        while not Alert.objects.filter(client=client, kind="missed_checkin").exists():
            if timezone.now() > deadline + timedelta(seconds=30):
                return ["detection: no alert within 30 s"]
            time.sleep(0.05)
        alert = Alert.objects.get(client=client, kind="missed_checkin")
        lag = (alert.created_at - deadline).total_seconds()
        return [f"detection: missed-check-in alert {lag:.2f} s after the grace period ended"]
    finally:
        loop.terminate()
        loop.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--clients", type=int, default=10_000)
    args = parser.parse_args()
    prepare_environment(args.postgres)

    import django

    django.setup()
    lines = [f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; cores: {os.cpu_count()}"]
    lines += bench_http()
    lines += bench_evaluations()
    lines += bench_sweep_and_delivery(args.clients)
    lines += bench_detection()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
