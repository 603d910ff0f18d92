# Two commands for a newcomer: `make run` and `make test`. Everything lives in .venv/ here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint db-upgrade bench bench-visitors bench-scale clean browser screenshots

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "consultbot needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

## Install, create and migrate the SQLite database, start the service on http://$(HOST):$(PORT)
run: $(VENV)/.installed
	$(BIN)/consultbot db upgrade
	$(BIN)/consultbot run --host $(HOST) --port $(PORT)

## Debian's Chromium for the browser tests (installed with apt-get when missing and we are root)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests..." >&2; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }; \
	  else \
	    echo "Chromium is missing: 'sudo apt-get install chromium' to run the browser tests (they are skipped without it)." >&2; \
	  fi; }

## Install the development dependencies and Chromium, lint, check the architecture and types, run every test
test: $(VENV)/.installed-dev browser
	$(BIN)/ruff check src tests benchmarks migrations
	$(BIN)/ruff format --check src tests benchmarks migrations
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/consultbot db check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Refresh the README's screenshots in docs/ (the browser tests take them; test runs keep theirs in a temporary folder)
screenshots: $(VENV)/.installed-dev browser
	CONSULTBOT_SCREENSHOT_DIR=$(CURDIR)/docs CONSULTBOT_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q tests/browser -k "not postgresql"

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks migrations
	$(BIN)/ruff format --check src tests benchmarks migrations
	$(BIN)/lint-imports
	$(BIN)/mypy

## Measure the matcher: visitor questions (development and held out), Banking77, and scale
bench: bench-visitors $(VENV)/.installed-dev
	$(BIN)/python benchmarks/banking77.py

## The shipped knowledge on the visitor question sets (the held-out figure is the one that counts)
bench-visitors: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/visitors.py

## Matching at 1, 50 and 200 comparison pages: load, compile, memory, latency, accuracy, start-up
bench-scale: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/scale.py

db-upgrade: $(VENV)/.installed
	$(BIN)/consultbot db upgrade

## Remove everything the build, the service and the tests made (not the knowledge, not docs/)
clean:
	rm -rf $(VENV) instance build dist .pytest_cache .ruff_cache .mypy_cache .hypothesis .import_linter_cache
	rm -rf src/*.egg-info benchmarks/results/*.tmp
	find . -name __pycache__ -type d -not -path './.git/*' -prune -exec rm -rf {} +
