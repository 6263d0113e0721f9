"""The 2026-10 vendor drop spliced onto the real snapshot (a copy of the test store)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from backtests.data.importer import import_folder
from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.paths import PROJECT_ROOT
from tests.conftest import SNAPSHOT
from tests.unit.harness import fingerprint

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


def test_backtests_end_on_the_latest_date_and_ragged_sleeves_stand_in(updated: Store) -> None:
    """After the drop: every backtest ends 2026-09-29 (cash: SOFR's last rate); commodities
    (DBC, not in the drop) is held as gold after 2025-09-26, in the engine and the sweep."""
    from backtests.data.latest import latest_date
    from backtests.engine.portfolio import Costs
    from backtests.episodes.definitions import load_episodes
    from backtests.episodes.runner import load_market, run_one
    from backtests.sweep.grid import parse_grid
    from backtests.sweep.run import CORE, run_sweep

    latest = latest_date(updated)
    assert (str(latest.day.date()), latest.ending) == ("2026-09-29", ("cash",))
    assert str(latest.signals_end.date()) == "2026-10-02"
    assert latest.notes()[1] == ("commodities has no data after 2025-09-26: its weight goes "
                                 "to gold until 2026-09-29")
    market = load_market(updated)
    assert market.data_end == latest.day
    episodes = {"latest": load_episodes()["latest"]}
    grid = parse_grid({"grid": {"sleeve": ["commodities", "us_growth"]}}, "buy_and_hold", "t")
    swept = run_sweep(market, grid, episodes, Costs())
    for c, params in enumerate(grid.params):
        one = run_one(market, "buy_and_hold", params, "latest", episodes["latest"], Costs())
        assert str(one.result.returns.index[-1].date()) == "2026-09-29"
        row = swept.table[swept.table.combo == c].iloc[0]
        for metric in CORE:
            assert row[metric] == pytest.approx(one.metrics[metric], rel=1e-9, abs=1e-12)
    moved = run_one(market, "buy_and_hold", grid.params[0], "latest", episodes["latest"],
                    Costs()).result
    assert [(f.sleeve, f.dest, str(f.first.date())) for f in moved.fallbacks] == [
        ("commodities", "gold", "2025-09-29")]
    assert moved.weights["gold"].iloc[-1] > 0.99


def test_a_policy_rate_that_stopped_before_an_fomc_meeting_is_unknown(updated: Store,
                                                                     universe: Universe) -> None:
    # The drop's policy range and IORB end 2026-08-21; SOFR runs to 2026-09-29 and jumps 23bp
    # the day after the 2026-09-16 meeting. Funding stress and the reserves gauge compare SOFR
    # with that rate, so on the signals' last day both are unknown, never read against a
    # policy rate carried over a meeting.
    from backtests.now.read import where_are_we

    now = where_are_we(updated, universe, today="2026-12-05")
    state = {t.key: t.state for t in now.triggers}
    assert now.as_of == "2026-10-02"
    assert state["funding"] == "unknown" and state["reserves"] == "unknown"
    assert state["credit"] != "unknown"  # BAA10Y runs to 2026-10-07: read, fired or not
