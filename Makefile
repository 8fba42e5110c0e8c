# The two commands: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test lint typecheck pytest browsers gettext translations messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

run: $(STAMP) translations
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo --quiet
	exec $(BIN)/python scripts/supervise.py

lint: $(DEVSTAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(DEVSTAMP)
	$(BIN)/mypy .

pytest: $(DEVSTAMP) browsers gettext translations
	$(BIN)/pytest

# Each app's locale/es/LC_MESSAGES/django.po compiled to .mo, in Python (no GNU gettext needed).
translations: $(STAMP)
	$(BIN)/python manage.py compile_translations

# For developers (needs GNU gettext): gather the marked strings of every app into its catalog.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l es --no-obsolete --ignore='.venv/*' \
	  --ignore='tests/*' --ignore='scripts/*' --ignore='node_modules/*' --ignore='staticfiles/*'

# GNU gettext lets tests/test_catalogs.py check that every marked string is in its catalog.
gettext:
	@command -v xgettext >/dev/null || [ "$$(id -u)" != 0 ] || { apt-get install -qq -y gettext \
	  || { apt-get update -qq && apt-get install -qq -y gettext; }; } >/dev/null 2>&1 || true
	@command -v xgettext >/dev/null || echo "*** NO GNU GETTEXT (apt-get install gettext): CATALOG CHECK SKIPPED ***"

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
