"""Every strategy over every episode on the real snapshot; engine identities; no look-ahead."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.engine.portfolio import Costs, simulate
from backtests.episodes.definitions import load_episodes
from backtests.episodes.outputs import write_results
from backtests.episodes.pipeline import build_context
from backtests.episodes.runner import MarketData, Run, load_market, run_matrix, run_one
from strategies.base import Inputs
from strategies.registry import STRATEGIES, get, make_params

pytestmark = pytest.mark.integration
FREE = Costs(fee_bps=0, slippage_bps=0, band=0)


@pytest.fixture(scope="module")
def market(real_store: Store, universe: Universe) -> MarketData:
    return load_market(real_store, universe)


@pytest.fixture(scope="module")
def runs(market: MarketData) -> list[Run]:
    defaults = {name: make_params(name, {}) for name in STRATEGIES}
    return run_matrix(market, defaults, load_episodes(), Costs())


def test_all_strategies_run_over_all_episodes(runs: list[Run]) -> None:
    episodes = set(load_episodes())
    assert {(r.strategy, r.episode) for r in runs} == {
        (s, e) for s in STRATEGIES for e in episodes}
    for r in runs:
        assert np.isfinite(r.metrics["total_return"]) and r.metrics["max_drawdown"] <= 0
        assert r.result.value.index[0] >= pd.Timestamp(load_episodes()[r.episode].window(
            r.result.value.index[-1])[0])


def test_constant_weights_equal_weighted_sleeve_returns(market: MarketData) -> None:
    mix = {"us_equity": 0.4, "long_treasury": 0.3, "gold": 0.1, "em_equity": 0.1}
    targets = pd.DataFrame(mix, index=market.prices.index)
    res = simulate(targets, market.prices, pd.Timestamp("2007-01-03"),
                   pd.Timestamp("2010-12-31"), FREE, market.fallback, "const")
    rets = market.prices.pct_change().loc[res.returns.index]
    expected = sum(w * rets[s] for s, w in mix.items()) + 0.1 * rets["cash"]
    assert np.abs(res.returns.iloc[1:] - expected.iloc[1:]).max() < 1e-10


def test_buy_and_hold_covid_drawdown_matches_the_sleeve_and_the_published_fall(
        market: MarketData) -> None:
    ep = load_episodes()["2020_covid"]
    run = run_one(market, "buy_and_hold", make_params("buy_and_hold", {}), "2020_covid", ep,
                  FREE)
    start, end = ep.window(market.data_end)
    sleeve = market.prices["us_equity"].loc[start:end]
    direct = float((sleeve / sleeve.cummax() - 1).min())
    assert run.metrics["max_drawdown"] == pytest.approx(direct, abs=1e-10)
    assert abs(direct - (-0.339)) < 0.01  # S&P 500 2020-02-19 -> 2020-03-23: -33.9%


def test_doubling_fees_lowers_every_trading_strategy(market: MarketData) -> None:
    ep = load_episodes()["2008_gfc"]
    for name in STRATEGIES:
        params = make_params(name, {})
        low = run_one(market, name, params, "2008_gfc", ep, Costs(fee_bps=5))
        high = run_one(market, name, params, "2008_gfc", ep, Costs(fee_bps=10))
        assert high.result.value.iloc[-1] < low.result.value.iloc[-1], name


def test_results_files_hold_the_engine_metrics(runs: list[Run], tmp_path: Path) -> None:
    write_results(runs, tmp_path, "sixty_forty")
    table = pd.read_csv(tmp_path / "metrics.csv")
    pick = next(r for r in runs if r.strategy == "contrarian_qe" and r.episode == "2008_gfc")
    row = table[(table.strategy == "contrarian_qe") & (table.episode == "2008_gfc")
                & (table.metric == "total_return")]
    assert row["value"].iloc[0] == pytest.approx(pick.metrics["total_return"], rel=1e-9)
    weights = pd.read_parquet(tmp_path / "weights.parquet")
    assert set(weights["run"]) == {f"{r.strategy}|{r.episode}" for r in runs}


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(min_value=pd.Timestamp("2000-01-03").date(),
                max_value=pd.Timestamp("2025-06-30").date()))
def test_weights_up_to_t_do_not_change_when_the_future_is_removed(
        real_store: Store, universe: Universe, market: MarketData, cut: object) -> None:
    cutoff = pd.Timestamp(str(cut))
    past = build_context(real_store, universe, cutoff=cutoff)
    full = market.context
    for name in STRATEGIES:
        params = make_params(name, {})
        w_full = get(name).rule(Inputs(full.signals, full.regimes), params)
        w_past = get(name).rule(Inputs(past.signals, past.regimes), params)
        pd.testing.assert_frame_equal(w_full.loc[:cutoff], w_past, check_freq=False,
                                      check_like=True)
