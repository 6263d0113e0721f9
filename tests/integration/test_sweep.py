"""Sweeps on the real snapshot: batch results equal single runs; the page is complete."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.engine import Costs
from backtests.episodes import load_episodes
from backtests.runner import Market, load_market, run_one
from backtests.sweep.grid import parse_grid
from backtests.sweep.build import build_sweep
from backtests.sweep.paths import contrarian_weights, rule_weights
from backtests.sweep.run import CORE, run_sweep
from strategies.base import Inputs

pytestmark = pytest.mark.integration
EPISODES = ("2008_gfc", "2020_covid", "full_history")


@pytest.fixture(scope="module")
def market(real_store: Store, universe: Universe) -> Market:
    return load_market(real_store, universe)


@pytest.mark.parametrize(("strategy", "grid"), [
    ("contrarian_qe", {"vix_relief": [0.15, 0.35], "scale_in_days": [5, 30]}),  # numba twin
    ("defensive_correction", {"confirm_days": [0, 20], "defend_in": [["crisis"],
                                                                     ["correction", "crisis"]]}),
])
def test_a_2x2_grid_equals_four_single_runs(market: Market, strategy: str, grid: dict) -> None:
    g = parse_grid({"grid": grid}, strategy, "test")
    episodes = {e: load_episodes()[e] for e in EPISODES}
    res = run_sweep(market, g, episodes, Costs())
    assert len(g.params) == 4 and res.fast_path == (strategy == "contrarian_qe")
    for c, params in enumerate(g.params):
        for name, ep in episodes.items():
            one = run_one(market, strategy, params, name, ep, Costs())
            row = res.table[(res.table.combo == c) & (res.table.episode == name)].iloc[0]
            for metric in CORE:
                assert row[metric] == pytest.approx(one.metrics[metric], rel=1e-9, abs=1e-9)


def test_the_numba_twin_is_the_rule(market: Market) -> None:
    inputs = Inputs(market.context.signals, market.context.regimes)
    sleeves = list(market.prices.columns)
    g = parse_grid({"grid": {"qe_trigger": ["announcement", "balance_sheet", "either"],
                             "require_healing": [True, False], "hold_months": [0, 12]}},
                   "contrarian_qe", "test")
    for params in g.params:
        rule = np.nan_to_num(rule_weights("contrarian_qe", inputs, params, sleeves))
        assert np.array_equal(rule, contrarian_weights(inputs, params, sleeves))


def test_sweep_page_reports_guards_and_invalid_combinations(market: Market,
                                                            tmp_path: Path) -> None:
    g = parse_grid({"grid": {"vix_relief": [0.1, 0.3, 1.2], "hold_months": [6, 12]}},
                   "contrarian_qe", "test")
    episodes = {e: load_episodes()[e] for e in ("2008_gfc", "2019_repo", "2020_covid",
                                                "full_history")}
    summary = build_sweep(market, g, episodes, Costs(), "calmar", tmp_path, blocks=4)
    files = {p.name for p in summary.folder.iterdir()}
    assert files == {"index.html", "results.csv", "invalid.csv", "summary.json"}
    meta = json.loads((summary.folder / "summary.json").read_text())
    assert meta["combinations"] == 4 and meta["invalid"] == 2
    assert 0 <= meta["pbo"] <= 1 and 0 <= meta["deflated_sharpe"] <= 1
    html = summary.index.read_text()
    assert "Verdict." in html and "Leave one episode out" in html and "<script src=" not in html
    assert (tmp_path / "latest").resolve() == summary.folder.resolve()
