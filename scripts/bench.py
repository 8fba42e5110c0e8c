"""Benchmark: check-in throughput over HTTP, and the sweep + delivery rates.

    make bench                       # SQLite (a fresh database in a temporary data dir)
    make bench BENCH_ARGS=--postgres # PostgreSQL at 127.0.0.1:5432 (database recoverycircle_bench)
    python scripts/bench.py --only-delivery   # only the sweep and the outbox delivery

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
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import loadgen  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8765"))  # another free port when 8765 is taken
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


def start_server() -> subprocess.Popen[bytes]:
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


def checkin_request(tokens: list[str], rounds: int = 1) -> Callable[[int], bytes]:
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
    checked in ("checked in again", milestones, the signal rules), in the loop's batches
    (signals.batch), timed over `limit` clients; then again for the same clients, as after a
    later check-in the same day, when the daily rules (isolation) have run already."""
    from django.utils import timezone

    from signals.models import EvaluationState

    now = timezone.now()
    done, first = evaluate_in_batches(limit)
    # The same clients check in again: each asks for an evaluation once more.
    EvaluationState.objects.filter(daily_rules_at__gte=now).update(
        next_evaluation_at=timezone.now()
    )
    later, second = evaluate_in_batches(limit)
    return [
        f"follow-up, a client's first evaluation of the day (daily rules included): {done:,} "
        f"in {first:.2f} s = {done / first:,.0f}/s (one alert loop)",
        f"follow-up, a later evaluation the same day: {later:,} in {second:.2f} s = "
        f"{later / second:,.0f}/s (one alert loop)",
    ]


def evaluate_in_batches(limit: int) -> tuple[int, float]:
    """Runs up to `limit` due evaluations as the alert loop does; (how many, seconds)."""
    from django.utils import timezone

    from signals.batch import BATCH_SIZE
    from signals.services import evaluate_due

    done = 0
    started = time.perf_counter()
    while done < limit and (ran := evaluate_due(timezone.now(), min(BATCH_SIZE, limit - done))):
        done += ran
    return done, time.perf_counter() - started


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
    from django.conf import settings
    from django.utils import timezone

    from alerts.delivery import deliver_due
    from alerts.models import Notification
    from alerts.sweep import sweep
    from tests.smtp import SmtpSinkProcess

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
    # The sink runs in a process of its own, as a mail server would.
    with SmtpSinkProcess() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        started, cpu = time.perf_counter(), time.process_time()
        sent = 0
        while counts := deliver_due("bench", limit=1000):
            if not any(counts.values()):
                break
            sent += counts["sent"]
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        received, keys = smtp.report()
    twice = sum(n - 1 for n in keys.values())
    lines.append(
        f"delivery: {sent:,} notifications sent ({received:,} e-mails received by the "
        f"local SMTP sink, {twice} twice) in {elapsed:.2f} s = {sent / elapsed:,.0f}/s "
        f"({received / elapsed:,.0f} e-mails/s, each send recorded before the next; the "
        f"sending process's CPU: {cpu:.2f} s, {cpu / max(received, 1) * 1000:.2f} ms per e-mail "
        "with its inbox row)"
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


# Mixed load: steady check-ins with the alert loop on the same machine


async def steady_load(
    make_request: Callable[[int], bytes],
    rate: float,
    seconds: float,
    connections: int = 128,
) -> loadgen.Result:
    """`rate` requests a second for `seconds`, spread over `connections` keep-alive
    connections, each sending on its own schedule (not as fast as it can, as loadgen.run
    does): a steady arrival of check-ins, as from many people. Enough connections that a
    slow answer on one does not hold the others' arrivals back."""
    result = loadgen.Result()
    started = time.perf_counter()
    each = rate / connections

    async def sender(index: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
        try:
            n = 0
            while (due := started + (n + index / connections) / each) < started + seconds:
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                sent = time.perf_counter()
                writer.write(make_request(n * connections + index))
                status = await loadgen.read_response(reader)
                result.latencies.append(time.perf_counter() - sent)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                n += 1
        finally:
            writer.close()

    await asyncio.gather(*(sender(i) for i in range(connections)))
    result.elapsed = time.perf_counter() - started
    return result


def evaluation_queue() -> tuple[int, float]:
    """(evaluations due and not yet claimed, seconds the oldest of them has waited)."""
    from django.db.models import Count, Min
    from django.utils import timezone

    from signals.models import EvaluationState

    now = timezone.now()
    due = EvaluationState.objects.filter(next_evaluation_at__lte=now).aggregate(
        count=Count("pk"), oldest=Min("next_evaluation_at")
    )
    oldest = (now - due["oldest"]).total_seconds() if due["oldest"] else 0.0
    return due["count"], oldest


def watch_queue(rows: list[str], stop: threading.Event, started: float) -> None:
    """Every 5 s: the evaluation queue's length and its oldest wait (its own connection)."""
    from django.db import connection

    try:
        while not stop.wait(5.0):
            length, oldest = evaluation_queue()
            rows.append(f"{time.perf_counter() - started:6.1f} s {length:8,} {oldest:9.1f} s")
    finally:
        connection.close()


def bench_mixed_load(rate: float, seconds: float) -> list[str]:
    """Check-ins at a steady `rate` from distinct clients for `seconds`, with the web server
    and the alert loop (run_sweep, as `make run` starts it) on this machine; the evaluation
    queue every 5 s, then how long it takes to empty once the load stops. Evaluations left
    due by the steps before are set aside first (moved to tomorrow), so the table shows this
    load's own queue."""
    from django.utils import timezone

    from signals.models import EvaluationState

    tokens = seed_clients(int(rate * seconds) + 100, "steady-")
    make = checkin_request(tokens)
    EvaluationState.objects.update(next_evaluation_at=timezone.now() + timedelta(days=1))
    server = start_server()
    loop = subprocess.Popen(
        [sys.executable, "manage.py", "run_sweep"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rows = ["  time   queue  oldest wait"]
    stop = threading.Event()
    watcher: threading.Thread | None = None
    try:
        time.sleep(2)  # the loop is up
        started = time.perf_counter()
        watcher = threading.Thread(target=watch_queue, args=(rows, stop, started))
        watcher.start()
        result = asyncio.run(steady_load(make, rate, seconds))
        load_ended = time.perf_counter()
        while (queue := evaluation_queue())[0] and time.perf_counter() - load_ended < 120:
            time.sleep(0.1)
        drained = time.perf_counter() - load_ended
    finally:
        stop.set()
        if watcher is not None:
            watcher.join()
        loop.terminate()
        loop.wait(timeout=10)
        server.terminate()
        server.wait(timeout=10)
    empty = "empty" if not queue[0] else f"still {queue[0]:,} due"
    return [
        f"mixed load: check-ins at {rate:,.0f}/s for {seconds:.0f} s from distinct clients, "
        f"with the alert loop on this machine: {result.summary()}",
        *(f"  {row}" for row in rows),
        f"  queue {empty} {drained:.1f} s after the load stopped",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--mixed-rate", type=float, default=500, help="check-ins/s, mixed load")
    parser.add_argument("--mixed-seconds", type=float, default=60, help="mixed load duration")
    parser.add_argument("--only-mixed", action="store_true", help="only the mixed load step")
    parser.add_argument(
        "--only-delivery", action="store_true", help="only the sweep and the outbox delivery"
    )
    args = parser.parse_args()
    prepare_environment(args.postgres)

    import django

    django.setup()
    lines = [f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; cores: {os.cpu_count()}"]
    if args.only_delivery:
        lines += bench_sweep_and_delivery(args.clients)
    else:
        if not args.only_mixed:
            lines += bench_http()
            lines += bench_evaluations()
            lines += bench_sweep_and_delivery(args.clients)
            lines += bench_detection()
        lines += bench_mixed_load(args.mixed_rate, args.mixed_seconds)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
