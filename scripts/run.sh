#!/usr/bin/env bash
# Starts the web server, the background task worker and the alert sweep, and stops all three
# together: one Ctrl-C ends the whole app.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait || true; }
trap cleanup EXIT INT TERM

$BIN/python manage.py db_worker --interval 0.5 &
pids+=($!)
$BIN/python manage.py run_sweep &
pids+=($!)
scripts/serve.sh &
pids+=($!)

wait -n
