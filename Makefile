# Two entry points (see README): `make run` (main job) and `make test` (checks + tests).
# Everything is installed here from scratch: venv, package, and the offline data import.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SNAPSHOT ?= ../shared/data/snapshot
UPDATES ?= ../shared/data/updates
REFERENCE ?= ../shared/reference

.PHONY: run test data install clean-store golden

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# Import the snapshot into the local store only if the store is empty (a user's fetched
# or imported data is never overwritten by set-up), then splice every vendor drop under
# $(UPDATES) onto it, oldest folder first. A drop already spliced is a no-op ("nothing new"),
# so `make run` can run any number of times; a drop whose overlap disagrees stops here.
data: install
	$(BIN)/playbook data import --if-empty $(SNAPSHOT)
	@for drop in $$(find $(UPDATES) -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort); do \
		$(BIN)/playbook data import "$$drop" || exit 1; \
	done

# The main job: every strategy over every episode -> reports/<run-id>/, reports/latest.
run: data
	$(BIN)/playbook run

# The tests never read data/store: the integration tests import $(SNAPSHOT) alone into a
# private temporary store (tests/conftest.py), because the golden metrics are pinned to it.
test: install
	$(BIN)/ruff check .
	$(BIN)/mypy backtests strategies
	PLAYBOOK_SNAPSHOT=$(abspath $(SNAPSHOT)) PLAYBOOK_UPDATES=$(abspath $(UPDATES)) \
		PLAYBOOK_REFERENCE=$(abspath $(REFERENCE)) $(BIN)/pytest -q

clean-store:
	rm -rf data/store

# Deliberately re-pin every metric (tests/golden/metrics.csv) after a change meant to move
# them; review `git diff tests/golden` and commit it with the change.
golden: install
	PLAYBOOK_SNAPSHOT=$(abspath $(SNAPSHOT)) PLAYBOOK_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/integration/test_golden.py
