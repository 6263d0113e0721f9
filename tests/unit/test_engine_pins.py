"""Hand-computed pins of the engine's invariants, each on a frame small enough to check on paper:
a mutation of fees vs slippage or of the band rule fails here by name, not only in the golden
file (every golden run has fee = slippage, and the band rarely sits near its edge there)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from backtests.engine import Costs, simulate, trade_days

IDX = pd.bdate_range("2021-01-04", periods=4)
FALLBACK: dict[str, str | None] = {"eq": "cash", "cash": None}


def test_fee_and_slippage_are_applied_each_as_stated() -> None:
    """Prices: eq 100 then 100 (no move), 100, 125; cash flat at 1. Decided on day 0: 100% eq
    (bought on day 1's close), on day 2: 0% eq (sold on day 3's close, at 125, into cash)."""
    prices = pd.DataFrame({"eq": [100.0, 100.0, 100.0, 125.0], "cash": 1.0}, index=IDX)
    targets = pd.DataFrame({"eq": [1.0, np.nan, 0.0, np.nan]}, index=IDX)
    fee, slip = 0.001, 0.003  # 10 bp fee, 30 bp slippage: different on purpose
    res = simulate(targets, prices, IDX[1], IDX[-1], Costs(10, 30, 0), FALLBACK, "pin")
    buy, sell, park = (res.orders.iloc[k] for k in range(3))
    # Buy with all the cash: fill at close x (1 + slippage); the fee is on the notional, so
    # the notional is 1 / (1 + fee) and the size that / fill price.
    assert buy["price"] == pytest.approx(100 * (1 + slip), rel=1e-12)
    assert buy["fees"] == pytest.approx(1 - 1 / (1 + fee), rel=1e-12)
    size = (1 / (1 + fee)) / (100 * (1 + slip))
    assert buy["size"] == pytest.approx(size, rel=1e-12)
    # Sell it all at 125 x (1 - slippage), the fee on the proceeds ...
    assert (sell["sleeve"], park["sleeve"]) == ("eq", "cash")
    assert sell["price"] == pytest.approx(125 * (1 - slip), rel=1e-12)
    assert sell["fees"] == pytest.approx(size * 125 * (1 - slip) * fee, rel=1e-12)
    proceeds = size * 125 * (1 - slip) * (1 - fee)
    # ... and the proceeds go to the cash sleeve, itself bought like any sleeve.
    assert park["price"] == pytest.approx(1 + slip, rel=1e-12)
    assert park["fees"] == pytest.approx(proceeds - proceeds / (1 + fee), rel=1e-12)
    final = proceeds / (1 + fee) / (1 + slip)
    assert res.value.iloc[-1] == pytest.approx(final, rel=1e-12)
    slipped = size * 100 * slip + size * 125 * slip + final * slip
    fees = buy["fees"] + sell["fees"] + park["fees"]
    assert res.costs_paid == pytest.approx(fees + slipped, rel=1e-12)


def test_the_band_is_a_weight_drift_not_a_value_drift() -> None:
    """50/50 bought on day 0. Day 1, sleeve a doubles: it holds 2/3, a drift of 1/6 (0.167)
    from 1/2 on a portfolio now worth 1.5. Band 0.2: no trade (1/6 < 0.2), though the value
    drift (1/6 x 1.5 = 0.25) is above it. Sleeve a halves instead: it holds 1/3 on a
    portfolio worth 0.75; band 0.15: trade (1/6 > 0.15), though the value drift is 0.125."""
    orders = pd.DataFrame({"a": [0.5, 0.5], "b": [0.5, 0.5]})
    doubled = pd.DataFrame({"a": [0.0, 1.0], "b": [0.0, 0.0]})
    halved = pd.DataFrame({"a": [0.0, -0.5], "b": [0.0, 0.0]})
    assert trade_days(orders, doubled, band=0.2).tolist() == [True, False]
    assert trade_days(orders, halved, band=0.15).tolist() == [True, True]
