# laborscreen — set-up, run, test, check, bench.
# `make run` and `make test` work on a fresh Debian machine: they create .venv,
# install the package with its dev tools, and (for the browser tests of later
# work) the system packages they need.

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

setup: $(BIN)/laborscreen

# Load the lists (the local official files when present, else download them),
# then screen the synthetic example roster.
run: setup
	@if [ -d "$(LISTS)" ]; then $(BIN)/laborscreen lists import $(LISTS); \
	else $(BIN)/laborscreen lists update; fi
	$(BIN)/laborscreen screen examples/roster.csv --out $(OUT)/roster-results.json

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
