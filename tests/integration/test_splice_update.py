"""The 2026-10 vendor drop spliced onto the real snapshot (a copy of the test store)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from backtests import PROJECT_ROOT
from backtests.data.importer import import_folder
from backtests.data.store import Store
from backtests.data.universe import Universe
from tests.conftest import SNAPSHOT
from tests.unit.hardening import fingerprint

pytestmark = pytest.mark.integration
UPDATE = Path(os.environ.get("PLAYBOOK_UPDATES", PROJECT_ROOT.parent / "shared" / "data"
                             / "updates")) / "2026-10"


@pytest.fixture(scope="module")
def updated(real_store: Store, universe: Universe,
            tmp_path_factory: pytest.TempPathFactory) -> Store:
    if not (UPDATE / "manifest.csv").exists():
        pytest.fail(f"vendor drop not found at {UPDATE}; set PLAYBOOK_UPDATES to its parent")
    root = tmp_path_factory.mktemp("updated") / "store"
    shutil.copytree(real_store.root, root)
    store = Store(root)
    summary = import_folder(UPDATE, store, universe)
    assert (summary.series, len(summary.spliced), summary.unchanged) == (29, 29, [])
    return store


def test_the_drop_continues_spy_from_the_stored_basis(real_store: Store,
                                                      updated: Store) -> None:
    base, new = real_store.level("SPY"), updated.level("SPY")
    assert new[:base.index[-1]].equals(base)  # 1993..2025-09-26 kept exactly
    assert (str(base.index[-1].date()), str(new.index[-1].date())) == ("2025-09-26",
                                                                       "2026-10-01")
    assert len(new) - len(base) == 254
    raw = pd.read_csv(UPDATE / "prices" / "SPY.csv", index_col="date", parse_dates=True)
    file_growth = raw["adj_close"].iloc[-1] / raw.loc["2025-09-26", "adj_close"]
    assert new.iloc[-1] / base.iloc[-1] == pytest.approx(file_growth, rel=1e-12)


def test_economic_series_are_appended_value_by_value(updated: Store) -> None:
    baa = updated.level("BAA10Y")
    assert str(baa.index[-1].date()) == "2026-10-07"
    raw = pd.read_csv(UPDATE / "fred" / "BAA10Y.csv", index_col="date", parse_dates=True)
    after = raw["value"].dropna()[lambda s: s.index > "2025-05-21"]
    assert baa[after.index].tolist() == after.tolist()
    rec = updated.records()["BAA10Y"]
    assert [(s["from"], s["appended"], s["common_days"]) for s in rec.splices] == [
        ("2025-05-22", 344, 159)]


def test_series_without_newer_data_stay_as_they_are(real_store: Store,
                                                    updated: Store) -> None:
    for symbol in ("DBC", "HYG", "NFCI", "UNRATE"):
        assert updated.records()[symbol] == real_store.records()[symbol]


def test_importing_the_drop_or_the_snapshot_again_writes_nothing(
        updated: Store, universe: Universe) -> None:
    before = fingerprint(updated.root)
    assert import_folder(UPDATE, updated, universe).series == 0
    assert import_folder(SNAPSHOT, updated, universe).series == 0
    assert fingerprint(updated.root) == before
