# The two commands: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test lint typecheck pytest browsers bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo --first-run-only
	exec scripts/run.sh

lint: $(DEVSTAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(DEVSTAMP)
	$(BIN)/mypy .

pytest: $(DEVSTAMP) browsers
	$(BIN)/pytest

# The browser journeys (tests/browser, `pytest -m browser`) use Debian's Chromium and axe-core.
browsers:
	@command -v chromium >/dev/null || [ "$$(id -u)" != 0 ] || { apt-get install -qq -y chromium \
	  || { apt-get update -qq && apt-get install -qq -y chromium; }; } >/dev/null || true
	@command -v chromium >/dev/null || echo "*** NO CHROMIUM (apt-get install chromium): BROWSER JOURNEYS SKIPPED ***"
	@[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund \
	  || echo "*** npm ci FAILED: BROWSER JOURNEYS SKIPPED ***"

test: lint typecheck pytest

bench: $(DEVSTAMP)
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles node_modules
