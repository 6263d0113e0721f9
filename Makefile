# Two entry points (see README): `make run` (main job) and `make test` (checks + tests).
# Everything is installed here from scratch: venv, package, and the offline data import.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SNAPSHOT ?= ../shared/data/snapshot

.PHONY: run test data install clean-store golden

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# Import the snapshot into the local store only if the store is empty (a user's fetched
# or imported data is never overwritten by set-up).
data: install
	$(BIN)/playbook data import --if-empty $(SNAPSHOT)

# The main job: every strategy over every episode -> reports/<run-id>/, reports/latest.
run: data
	$(BIN)/playbook run

test: data
	$(BIN)/ruff check .
	$(BIN)/mypy backtests strategies
	$(BIN)/pytest -q

clean-store:
	rm -rf data/store

# Deliberately re-pin every metric (tests/golden/metrics.csv) after a change meant to move
# them; review `git diff tests/golden` and commit it with the change.
golden: data
	PLAYBOOK_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/integration/test_golden.py
