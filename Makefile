# laborscreen — set-up, run, test, check, bench.
# `make run` and `make test` work on a fresh Debian machine: they create .venv,
# install the package with its dev tools, Debian's chromium for the browser
# tests and Debian's valgrind for counting instructions.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LISTS ?= ../shared/data/lists
export LABORSCREEN_HOME ?= $(CURDIR)/.laborscreen
OUT ?= out

.PHONY: setup run test test-fast check bench eval clean

$(BIN)/laborscreen: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

# The browser tests drive Debian's Chromium through Playwright (never a browser
# Playwright downloads). Installed once when missing; a machine without apt or
# root gets a warning, and those tests are then skipped with that reason.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

$(CHROMIUM):
	@echo "installing Debian's chromium for the browser tests"
	@( $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium ) >/dev/null \
	  || echo "warning: could not install chromium: the browser tests will be skipped" >&2

# Valgrind's callgrind counts the instructions screening takes
# (scripts/screening_instructions.py): the steady figure for comparing changes
# on a machine whose timings move. Installed like chromium; without it that
# script's test is skipped with that reason.
VALGRIND := /usr/bin/valgrind

$(VALGRIND):
	@echo "installing Debian's valgrind for scripts/screening_instructions.py"
	@( $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind ) >/dev/null \
	  || echo "warning: could not install valgrind: its test will be skipped" >&2

setup: $(BIN)/laborscreen $(CHROMIUM) $(VALGRIND)

# Load the lists (the local official files when present, else download them),
# then screen the synthetic example rosters (the second one for the labour rules).
run: setup
	@if [ -d "$(LISTS)" ]; then $(BIN)/laborscreen lists import $(LISTS); \
	else $(BIN)/laborscreen lists update; fi
	$(BIN)/laborscreen screen examples/roster.csv --out $(OUT)/roster-results.json
	$(BIN)/laborscreen screen examples/roster_labour.csv --out $(OUT)/roster-labour-results.json \
	  --report $(OUT)/roster-labour-report.html

test: setup
	$(BIN)/pytest -q

test-fast: setup
	$(BIN)/pytest -q -m "not slow"

check: setup
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy
	$(BIN)/mypy tests scripts
	$(BIN)/pytest -q tests/test_core_imports.py

bench: setup
	$(BIN)/laborscreen lists import $(LISTS)
	$(BIN)/laborscreen bench --json

eval: setup
	$(BIN)/laborscreen lists import $(LISTS)
	$(BIN)/laborscreen eval eval/dev/all.csv
	$(BIN)/laborscreen eval-pairs ../shared/data/benchmarks/name_bench_cases.csv

clean:
	rm -rf $(VENV) .laborscreen $(OUT) .pytest_cache .mypy_cache .ruff_cache
