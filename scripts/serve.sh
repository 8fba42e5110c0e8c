#!/usr/bin/env bash
# The production web server (granian, WSGI), as `make run` and the benchmark start it.
# BIND=host:port (127.0.0.1:8000), WEB_WORKERS (2), WEB_THREADS (1 per worker: the work is CPU-bound, so more threads only contend for the GIL).
set -euo pipefail
cd "$(dirname "$0")/.."
bind="${BIND:-127.0.0.1:8000}"
exec .venv/bin/granian --interface wsgi \
  --host "${bind%:*}" --port "${bind##*:}" \
  --workers "${WEB_WORKERS:-2}" --blocking-threads "${WEB_THREADS:-1}" \
  --log-level "${SERVER_LOG_LEVEL:-warning}" --respawn-failed-workers \
  recoverycircle.wsgi:application
