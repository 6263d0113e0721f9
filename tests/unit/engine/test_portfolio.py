"""The engine on synthetic prices: identities, the execution lag, band, fallbacks, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backtests.engine.portfolio import Costs, simulate, trade_days
from backtests.errors import ConfigError

N = 60
IDX = pd.bdate_range("2021-01-04", periods=N)
RNG = np.random.default_rng(3)
RETS = pd.DataFrame({"eq": RNG.normal(0.0005, 0.01, N), "bond": RNG.normal(0.0002, 0.004, N),
                     "cash": np.full(N, 0.0001)}, index=IDX)
PRICES = (1 + RETS).cumprod()
FREE = Costs(fee_bps=0, slippage_bps=0, band=0)
FALLBACK: dict[str, str | None] = {"eq": "cash", "bond": "cash", "cash": None}


def const(eq: float, bond: float) -> pd.DataFrame:
    return pd.DataFrame({"eq": eq, "bond": bond}, index=IDX)


def run(targets: pd.DataFrame, costs: Costs = FREE, prices: pd.DataFrame = PRICES,
        start: int = 5) -> object:
    return simulate(targets, prices, IDX[start], IDX[-1], costs, FALLBACK, "t")


def test_constant_weights_equal_the_weighted_sum_of_sleeve_returns() -> None:
    res = run(const(0.5, 0.3))
    expected = (RETS[["eq", "bond", "cash"]] * [0.5, 0.3, 0.2]).sum(axis=1).iloc[6:]
    assert np.abs(res.returns.iloc[1:] - expected).max() < 1e-10  # type: ignore[attr-defined]
    assert res.returns.iloc[0] == pytest.approx(0.0, abs=1e-12)  # type: ignore[attr-defined]


def test_a_decision_at_close_t_is_held_from_close_t_plus_1() -> None:
    targets = const(0.0, 0.0)
    targets.loc[IDX[20]:, "eq"] = 1.0  # decided at the close of day 20
    res = run(targets)
    held = res.weights["eq"]  # type: ignore[attr-defined]
    assert held[IDX[20]] == pytest.approx(0.0) and held[IDX[21]] == pytest.approx(1.0)
    assert res.returns[IDX[21]] == pytest.approx(RETS["cash"][IDX[21]])  # type: ignore[attr-defined]
    assert res.returns[IDX[22]] == pytest.approx(RETS["eq"][IDX[22]])  # type: ignore[attr-defined]


def test_nan_rows_mean_no_order_and_weights_drift() -> None:
    targets = pd.DataFrame(np.nan, index=IDX, columns=["eq", "bond"])
    targets.iloc[0] = [0.5, 0.5]
    res = run(targets)
    assert len(set(res.orders["date"])) == 1  # type: ignore[attr-defined]
    assert res.weights["eq"].std() > 0  # type: ignore[attr-defined]


def test_band_skips_small_drift() -> None:
    orders = pd.DataFrame({"a": [0.5, 0.5, 0.5], "b": [0.5, 0.5, 0.5]})
    small = pd.DataFrame({"a": [0.0, 0.01, 0.01], "b": [0.0, 0.0, 0.0]})
    big = pd.DataFrame({"a": [0.0, 0.20, 0.0], "b": [0.0, 0.0, 0.0]})
    assert trade_days(orders, small, band=0.02).tolist() == [True, False, False]
    assert trade_days(orders, big, band=0.02).tolist() == [True, True, False]


def test_missing_sleeve_weight_goes_to_its_fallback_with_a_note() -> None:
    prices = PRICES.copy()
    prices.loc[: IDX[29], "eq"] = np.nan  # eq exists from day 30
    res = run(const(0.6, 0.2), prices=prices)
    assert res.weights["eq"][IDX[20]] == pytest.approx(0.0)  # type: ignore[attr-defined]
    assert res.weights["cash"][IDX[20]] == pytest.approx(0.8)  # type: ignore[attr-defined]
    assert res.weights["eq"][IDX[31]] == pytest.approx(0.6, abs=0.01)  # type: ignore[attr-defined]
    assert any("eq has no data 2021-01-08..2021-02-12: its weight went to cash" in n
               for n in res.notes)  # type: ignore[attr-defined]


def test_invalid_weights_are_refused_with_the_date_and_value() -> None:
    with pytest.raises(ConfigError, match=r"weights sum to 1.2000 > 1 on 2021-01-04"):
        run(const(0.8, 0.4))
    with pytest.raises(ConfigError, match=r"negative weight on 2021-01-04"):
        run(const(-0.1, 0.4))
    with pytest.raises(ConfigError, match=r"unknown sleeve\(s\) gold; sleeves are eq, bond, cash"):
        run(pd.DataFrame({"gold": 0.5}, index=IDX))
    with pytest.raises(ConfigError, match=r"costs.fee_bps = -1"):
        Costs(fee_bps=-1)


@settings(max_examples=20, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(1, 50))
def test_doubling_fees_strictly_lowers_the_final_value(eq: float, fee: float) -> None:
    targets = const(eq, 1 - eq)
    targets.iloc[::10, 0] = eq / 2  # trades every ten days
    low = run(targets, Costs(fee_bps=fee, slippage_bps=0, band=0))
    high = run(targets, Costs(fee_bps=2 * fee, slippage_bps=0, band=0))
    assert high.value.iloc[-1] < low.value.iloc[-1]  # type: ignore[attr-defined]
    assert high.costs_paid > low.costs_paid  # type: ignore[attr-defined]


def test_the_first_order_never_uses_the_start_days_own_decision() -> None:
    targets = pd.DataFrame(np.nan, index=IDX, columns=["eq", "bond"])
    targets.iloc[0] = [0.0, 1.0]  # decided long before the start
    targets.iloc[5] = [1.0, 0.0]  # decided at the close of the start day itself
    res = run(targets, start=5)
    assert res.weights["bond"].iloc[0] == pytest.approx(1.0)  # type: ignore[attr-defined]
    assert res.weights["eq"].iloc[1] == pytest.approx(1.0)  # type: ignore[attr-defined]


CHAIN: dict[str, str | None] = {"eq": "bond", "bond": "cash", "cash": None}


def test_a_fallbacks_own_fallback_is_followed_and_recorded() -> None:
    prices = PRICES.copy()
    prices.loc[: IDX[29], ["eq", "bond"]] = np.nan  # eq -> bond has no data either -> cash
    prices.loc[IDX[30]: IDX[39], "eq"] = np.nan  # then bond exists, eq still not
    res = simulate(const(0.6, 0.2), prices, IDX[5], IDX[-1], FREE, CHAIN, "t")
    assert res.weights["cash"][IDX[20]] == pytest.approx(1.0)
    assert res.weights["bond"][IDX[35]] == pytest.approx(0.8, abs=0.01)
    moves = [(f.sleeve, f.dest, f.via, str(f.first.date()), str(f.last.date()))
             for f in res.fallbacks]
    assert moves == [("eq", "cash", ("bond",), "2021-01-08", "2021-02-12"),
                     ("eq", "bond", (), "2021-02-15", "2021-02-26"),
                     ("bond", "cash", (), "2021-01-08", "2021-02-12")]
    assert str(res.fallbacks[0]) == (
        "eq has no data 2021-01-08..2021-02-12: its weight went to cash (via bond)")


def test_no_fallback_with_data_is_an_error_naming_the_sleeve_and_day() -> None:
    prices = PRICES.copy()
    prices.loc[: IDX[29], "eq"] = np.nan
    with pytest.raises(ConfigError, match=r"^sleeve eq has no data on 2021-01-08 and no fallback "
                                          r"with data; set fallback in data/universe.toml$"):
        simulate(const(0.6, 0.2), prices, IDX[5], IDX[-1], FREE,
                 {"eq": None, "bond": "cash", "cash": None}, "t")


def test_the_sweep_kernel_reports_the_same_missing_fallback() -> None:
    from backtests.engine.execution import complete, destinations

    have = np.array([[False, True, True], [True, True, True]])
    dest = destinations(have, [-1, 2, -1])
    _, row, col = complete(np.array([[0.6, 0.2, np.nan], [0.6, 0.2, np.nan]]), 2, dest)
    assert (row, col) == (0, 0)
    dest = destinations(have, [1, 2, -1])  # eq -> bond has data: moved, no error
    done, row, _ = complete(np.array([[0.6, 0.2, np.nan]] * 2), 2, dest)
    assert row == -1 and done[0].tolist() == pytest.approx([0.0, 0.8, 0.2])
