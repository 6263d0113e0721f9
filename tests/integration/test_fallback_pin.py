"""The real sleeve fallbacks on the real snapshot: commodities (from 2000-08-31) lends its
weight to gold before it exists, recorded as a typed Fallback, and trades itself the day
after its first close."""

from __future__ import annotations

import pandas as pd
import pytest

from backtests.engine import Costs, simulate
from backtests.execution import Fallback
from backtests.runner import Market

pytestmark = pytest.mark.integration


def test_commodities_fall_back_to_gold_before_2000_08_31(real_market: Market) -> None:
    prices = real_market.prices
    assert prices["commodities"].first_valid_index() == pd.Timestamp("2000-08-31")
    targets = pd.DataFrame({"commodities": 0.5, "us_equity": 0.5}, index=prices.index)
    start, end = pd.Timestamp("2000-06-01"), pd.Timestamp("2000-12-29")
    res = simulate(targets, prices, start, end, Costs(0, 0, 0), real_market.fallback, "pin")
    eve = prices.index[int(prices.index.searchsorted(start)) - 1]
    assert res.fallbacks == (Fallback("commodities", "gold", (), eve,
                                      pd.Timestamp("2000-08-30")),)
    held = res.weights
    # The decision of 08-30 (no commodities yet) is traded at the close of 08-31: gold.
    assert held.loc["2000-08-31", "gold"] == pytest.approx(0.5, abs=1e-12)
    assert held.loc["2000-08-31", "commodities"] == pytest.approx(0.0, abs=1e-12)
    # The decision of 08-31 is traded on 09-01: commodities itself, gold sold.
    assert held.loc["2000-09-01", "commodities"] == pytest.approx(0.5, abs=1e-12)
    assert held.loc["2000-09-01", "gold"] == pytest.approx(0.0, abs=1e-12)
    # In between, the portfolio earns the gold sleeve's return, not cash's.
    day = pd.Timestamp("2000-07-05")
    before = prices.index[int(prices.index.searchsorted(day)) - 1]
    gold = prices.loc[day, "gold"] / prices.loc[before, "gold"] - 1
    equity = prices.loc[day, "us_equity"] / prices.loc[before, "us_equity"] - 1
    assert res.returns[day] == pytest.approx(0.5 * gold + 0.5 * equity, abs=1e-12)
