"""Ragged ends: a sleeve that ends early stops only the runs that hold it, or stands in."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from backtests.data.sleeves import SleeveSeries, latest_end, sleeve_ends
from backtests.engine.portfolio import Costs, simulate

IDX = pd.bdate_range("2021-01-04", periods=40)
FREE = Costs(fee_bps=0, slippage_bps=0, band=0)


def sleeve(name: str, last: int) -> SleeveSeries:
    """A sleeve with a 0.1% daily return on IDX[1..last]."""
    returns = pd.Series(0.001, index=IDX[1:last + 1], name=name)
    return SleeveSeries(name, name, returns, [])


SLEEVES = {"eq": sleeve("eq", 39), "gold": sleeve("gold", 39), "comm": sleeve("comm", 20),
           "mine": sleeve("mine", 10), "cash": sleeve("cash", 35)}
FALLBACK: dict[str, str | None] = {"eq": "cash", "gold": "cash", "comm": "gold",
                                   "mine": "cash", "cash": None}


def test_a_sleeve_with_a_similar_fallback_stands_in_past_its_end() -> None:
    ends = sleeve_ends(SLEEVES, FALLBACK)
    assert ends["comm"] == IDX[39]  # commodities held through gold to gold's end
    assert ends["mine"] == IDX[10]  # cash would invent its returns: it ends there
    assert ends["cash"] == IDX[35]


def test_latest_is_cut_only_by_the_sleeves_considered_and_always_by_cash() -> None:
    assert latest_end(SLEEVES, FALLBACK) == IDX[10]  # every sleeve: `mine` ends it
    assert latest_end(SLEEVES, FALLBACK, held={"eq", "comm"}) == IDX[35]  # cash's end
    assert latest_end(SLEEVES, FALLBACK, held={"mine"}) == IDX[10]


def test_a_held_sleeve_that_ends_moves_to_its_fallback_with_a_note() -> None:
    prices = pd.DataFrame({k: (1 + s.returns).cumprod() for k, s in SLEEVES.items()}
                          ).reindex(IDX)
    prices.iloc[0] = 1.0
    targets = pd.DataFrame({"eq": 0.5, "comm": 0.5}, index=IDX)
    res = simulate(targets, prices, IDX[5], IDX[30], FREE, FALLBACK, "t")
    assert [(f.sleeve, f.dest, str(f.first.date()), str(f.last.date()))
            for f in res.fallbacks] == [("comm", "gold", "2021-02-02", "2021-02-15")]
    assert res.weights["gold"][IDX[25]] == pytest.approx(0.5, abs=1e-3)
    assert res.weights["comm"][IDX[25]] == pytest.approx(0.0)
    # Every day earns 0.1%, except on comm's half of the book the first day without data
    # (decided then) and the day that order executes (the one-bar lag): flat, not invented.
    daily = res.returns.loc[IDX[6]:IDX[30]]
    assert np.isclose(daily, 0.001).sum() == len(daily) - 2
    assert daily[[IDX[21], IDX[22]]].tolist() == pytest.approx([0.0005, 0.0005], abs=1e-6)


def test_a_rule_that_states_once_still_leaves_a_sleeve_whose_data_stop() -> None:
    """buy-and-hold states its weights once (NaN rows after: no order); when comm's data stop
    the decision in force is stated again, so the weight reaches gold instead of sitting at
    a flat price in a sleeve with no prices."""
    prices = pd.DataFrame({k: (1 + s.returns).cumprod() for k, s in SLEEVES.items()}
                          ).reindex(IDX)
    prices.iloc[0] = 1.0
    targets = pd.DataFrame(np.nan, index=IDX, columns=["comm"])
    targets.iloc[2] = 1.0
    res = simulate(targets, prices, IDX[5], IDX[30], FREE, FALLBACK, "t")
    assert res.weights["comm"][IDX[20]] == pytest.approx(1.0)
    assert res.weights["gold"][IDX[23]] == pytest.approx(1.0, abs=1e-3)
    assert [(f.sleeve, f.dest, str(f.first.date())) for f in res.fallbacks] == [
        ("comm", "gold", "2021-02-02")]
    daily = res.returns.loc[IDX[6]:IDX[30]]
    assert np.isclose(daily, 0.001).sum() == len(daily) - 2  # the two flat days only


def test_the_sweep_kernel_restates_like_the_engine() -> None:
    from backtests.engine.execution import destinations, restate_on_lost_data

    raw = np.array([[1.0, 0.0], [np.nan, np.nan], [np.nan, np.nan], [np.nan, np.nan]])
    have = np.array([[True, True], [True, True], [False, True], [False, True]])
    out = restate_on_lost_data(raw, destinations(have, [1, -1]))
    assert np.isnan(out[1]).all() and out[2].tolist() == [1.0, 0.0] and np.isnan(out[3]).all()
    # A sleeve the decision does not hold may stop without an order.
    raw[0] = [0.0, 1.0]
    assert np.isnan(restate_on_lost_data(raw, destinations(have, [1, -1]))[2]).all()
