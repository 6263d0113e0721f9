"""Sweeps on the real snapshot: batch results equal single runs; the page is complete."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.engine.portfolio import Costs
from backtests.episodes.definitions import load_episodes
from backtests.episodes.pipeline import reclassify
from backtests.episodes.runner import MarketData, load_market, run_one
from backtests.sweep.grid import parse_grid
from backtests.sweep.orchestrate import build_sweep
from backtests.sweep.run import CORE, run_sweep

pytestmark = pytest.mark.integration
EPISODES = ("2008_gfc", "2020_covid", "full_history")


@pytest.fixture(scope="module")
def market(real_store: Store, universe: Universe) -> MarketData:
    return load_market(real_store, universe)


GRIDS = [
    ("contrarian_qe", {"vix_relief": [0.15, 0.35], "scale_in_days": [5, 30]}),
    ("defensive_correction", {"confirm_days": [0, 20], "defend_in": [["crisis"],
                                                                     ["correction", "crisis"]]}),
    ("playbook", {"hold_months": [3, 12], "regime.crisis_drawdown": [0.18, 0.25]}),
    ("soft_landing_tilt", {"regime.correction_drawdown": [0.08, 0.12],
                           "regime.vix_window": [40, 60]}),
    ("sixty_forty", {"equity_weight": [0.5, 0.7]}),
    ("strategic_static", {"regime.sahm": [0.3, 0.5]}),
    ("buy_and_hold", {"sleeve": ["us_equity", "gold"]}),
]


@pytest.mark.parametrize(("strategy", "grid"), GRIDS, ids=[g[0] for g in GRIDS])
def test_every_rule_in_a_sweep_equals_its_single_runs(market: MarketData, strategy: str,
                                                      grid: dict) -> None:
    """The sweep's compiled pass and the engine (vectorbt) give the same numbers for every
    rule, including grids over the regime machine's parameters."""
    g = parse_grid({"grid": grid}, strategy, "test")
    episodes = {e: load_episodes()[e] for e in EPISODES}
    res = run_sweep(market, g, episodes, Costs())
    for c, params in enumerate(g.params):
        ctx = reclassify(market.context, g.regime_params[c])
        mkt = dataclasses.replace(market, context=ctx)
        for name, ep in episodes.items():
            one = run_one(mkt, strategy, params, name, ep, Costs())
            row = res.table[(res.table.combo == c) & (res.table.episode == name)].iloc[0]
            for metric in CORE:
                assert row[metric] == pytest.approx(one.metrics[metric], rel=1e-9, abs=1e-12)
            r = one.result.returns.to_numpy()
            assert row["total_return"] == pytest.approx(np.prod(1 + r) - 1, abs=1e-12)


def test_identical_paths_are_simulated_once(market: MarketData) -> None:
    # qe_within beyond the announcement's reach never changes a path in 2019 (no QE there)
    g = parse_grid({"grid": {"qe_within": [20, 40, 60, 80]}}, "contrarian_qe", "test")
    res = run_sweep(market, g, {"2019_repo": load_episodes()["2019_repo"]}, Costs())
    assert res.unique_paths == {"2019_repo": 1}
    assert res.table["total_return"].nunique() == 1


def test_sweep_page_reports_guards_and_invalid_combinations(market: MarketData,
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
    assert "Verdict: " in html and "Leave one episode out" in html and "<script src=" not in html
    assert "combo " not in html and "hold_months = " in html  # parameter values, not ids
    assert meta["verdict_word"] in ("FRAGILE", "INCONCLUSIVE", "ROBUST ON THESE TESTS")
    assert (tmp_path / "latest").resolve() == summary.folder.resolve()
