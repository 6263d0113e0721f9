"""The one execution core (backtests.core) against vectorbt's own Portfolio.from_orders:
the independent cross-check of fills, fees, slippage and valuation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from backtests.engine import Costs, simulate

N = 80
IDX = pd.bdate_range("2021-01-04", periods=N)
RNG = np.random.default_rng(11)
PRICES = (1 + pd.DataFrame({"a": RNG.normal(0.0005, 0.02, N), "b": RNG.normal(0, 0.01, N),
                            "cash": np.full(N, 0.0001)}, index=IDX)).cumprod()


@pytest.mark.parametrize("band", [0.0, 0.02, 0.10])
@pytest.mark.parametrize("fee,slip", [(0.0, 0.0), (5.0, 5.0), (50.0, 20.0)])
def test_the_core_equals_vectorbts_from_orders(band: float, fee: float, slip: float) -> None:
    """The engine's compiled core (which the sweep runs too) against vectorbt's own
    Portfolio.from_orders on the orders the band let through: same values, returns, fills."""
    targets = pd.DataFrame({"a": np.where(np.arange(N) % 17 < 9, 0.7, 0.2), "b": 0.25},
                           index=IDX)
    targets.iloc[30:33] = np.nan  # no decision on some days
    costs = Costs(fee_bps=fee, slippage_bps=slip, band=band)
    res = simulate(targets, PRICES, IDX[3], IDX[-1], costs, {"a": "cash", "b": "cash",
                                                            "cash": None}, "t")
    pf = res.to_vectorbt()
    value = pf.value().to_numpy()
    assert np.abs(value - res.value.to_numpy()).max() < 1e-12
    vbt_returns = value[1:] / value[:-1] - 1
    assert np.abs(vbt_returns - res.returns.to_numpy()[1:]).max() < 1e-12
    rec = pf.orders.records_arr
    assert len(rec) == len(res.orders) and len(rec) > 10
    assert np.abs(rec["size"] - res.orders["size"].to_numpy()).max() < 1e-12
    assert np.abs(rec["fees"] - res.orders["fees"].to_numpy()).max() < 1e-15
    held = pf.asset_value(group_by=False).div(pf.value(), axis=0).to_numpy()
    assert np.abs(held - res.weights.to_numpy()).max() < 1e-12
