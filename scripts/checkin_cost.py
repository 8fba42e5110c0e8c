"""The in-process cost of one check-in (`PUT /api/v1/checkins/today`) through the WSGI
application: no HTTP, no load generator, one process. A steadier measure than `make bench`
on a machine whose speed varies, for comparing two versions of the code.

    .venv/bin/python scripts/checkin_cost.py                 # CPU time per request
    .venv/bin/python scripts/checkin_cost.py --callgrind     # instructions per request
    .venv/bin/python scripts/checkin_cost.py --postgres --edit --requests 500

`--callgrind` runs the measured part under valgrind's callgrind and counts instructions,
which repeat to a tenth of a percent whatever else the machine is doing (valgrind must be
installed; the count covers this process, not the PostgreSQL server). `--edit` measures
changes to today's check-in instead of the first check-in of the day.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

WARM_UP = 100
UNDER_CALLGRIND = "RC_UNDER_CALLGRIND"


def environ(token: str, n: int) -> dict[str, object]:
    body = json.dumps(
        {"mood": 3, "craving": 2, "stress": 4, "sleep_hours": 7.5, "note": f"round {n}"}
    ).encode()
    return {
        "REQUEST_METHOD": "PUT",
        "PATH_INFO": "/api/v1/checkins/today",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_AUTHORIZATION": f"Bearer {token}",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
    }


def prepare(postgres: bool, count: int) -> Path:
    """A migrated database with `count` clients; returns the file holding their tokens."""
    import bench

    bench.prepare_environment(postgres)
    import django

    django.setup()
    tokens = Path(os.environ["DATA_DIR"]) / "tokens.json"
    tokens.write_text(json.dumps(bench.seed_clients(count, "cost")))
    return tokens


def measure(tokens_file: Path, requests: int, edit: bool) -> float:
    """CPU seconds per request over `requests` check-ins, each by a different client."""
    import django

    django.setup()
    from recoverycircle.wsgi import application

    tokens = json.loads(tokens_file.read_text())
    statuses: set[str] = set()

    def call(token: str, n: int) -> None:
        def start_response(status: str, headers: object, *exc_info: object) -> object:
            statuses.add(status[:3])
            return None

        b"".join(application(environ(token, n), start_response))  # type: ignore[arg-type]  # a minimal start_response

    for token in tokens[requests : requests + WARM_UP]:
        call(token, 0)
    if edit:
        for token in tokens[:requests]:
            call(token, 0)
    counting = os.environ.get(UNDER_CALLGRIND) == "1"
    if counting:
        callgrind_control("on")
    started = time.process_time()
    for n, token in enumerate(tokens[:requests], start=1):
        call(token, n)
    elapsed = time.process_time() - started
    if counting:
        callgrind_control("off")
    if statuses - {"200", "201"}:
        raise SystemExit(f"unexpected answers: {sorted(statuses)}")
    return elapsed / requests


def callgrind_control(state: str) -> None:
    subprocess.run(
        ["callgrind_control", "--instr", state, str(os.getpid())], check=True, capture_output=True
    )


def count_instructions(tokens_file: Path, requests: int, edit: bool) -> int:
    """Instructions per request, from a child process run under callgrind."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            "--measure-only",
            str(tokens_file),
            "--requests",
            str(requests),
            *(["--edit"] if edit else []),
        ]
        env = {**os.environ, UNDER_CALLGRIND: "1"}
        subprocess.run(
            command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        totals = next(line for line in out.read_text().splitlines() if line.startswith("totals:"))
        return int(totals.split()[1]) // requests


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--edit", action="store_true")
    parser.add_argument("--requests", type=int, default=None)
    parser.add_argument("--callgrind", action="store_true")
    parser.add_argument("--measure-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    requests = args.requests or (200 if args.callgrind else 3000)
    if args.measure_only:
        measure(args.measure_only, requests, args.edit)
        return
    tokens = prepare(args.postgres, requests + WARM_UP)
    what = "change to today's check-in" if args.edit else "first check-in of the day"
    database = "PostgreSQL" if args.postgres else "SQLite"
    if args.callgrind:
        per_request = count_instructions(tokens, requests, args.edit)
        print(f"{what} ({database}): {per_request:,} instructions per request")
    else:
        cpu = measure(tokens, requests, args.edit)
        print(f"{what} ({database}): {cpu * 1000:.3f} ms of CPU per request")


if __name__ == "__main__":
    main()
