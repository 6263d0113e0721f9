"""Sleeve construction on hand-checkable frames."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backtests.data.sleeves import aligned_level, source_returns
from backtests.data.universe import SleeveSource

CAL = pd.DatetimeIndex(["2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07"])


def test_aligned_level_holds_last_value_and_never_extrapolates() -> None:
    # A holiday on 01-03 and an observation on a US non-trading day (01-04, e.g. Hong Kong).
    level = pd.Series([10.0, 11.0, 12.0], index=pd.DatetimeIndex(
        ["2020-01-02", "2020-01-04", "2020-01-06"]))
    out = aligned_level(level, CAL)
    assert list(out.index) == list(CAL[:3])  # nothing after the last observation
    assert out.tolist() == [10.0, 10.0, 12.0]


def test_adj_close_returns() -> None:
    level = pd.Series([100.0, 110.0, 99.0, 99.0], index=CAL)
    ret = source_returns(level, SleeveSource(symbol="X"), CAL)
    assert ret.tolist() == pytest.approx([0.10, -0.10, 0.0])


def test_bill_accrual_is_act_360_on_the_previous_rate() -> None:
    level = pd.Series([3.6, 7.2, 3.6, 3.6], index=CAL)
    ret = source_returns(level, SleeveSource(symbol="B", method="bill_accrual"), CAL)
    # 1 day at 3.6%, 3 days (weekend) at 7.2%, 1 day at 3.6%
    assert ret.tolist() == pytest.approx([0.036 / 360, 0.072 * 3 / 360, 0.036 / 360])


def test_constant_maturity_return_closed_form() -> None:
    level = pd.Series([4.0, 5.0, 5.0, 5.0], index=CAL)
    src = SleeveSource(symbol="Y", method="constant_maturity", use="before", duration=7.5,
                       convexity=65.0)
    ret = source_returns(level, src, CAL)
    first = 0.04 / 365 - 7.5 * 0.01 + 0.5 * 65.0 * 0.01**2
    assert ret.iloc[0] == pytest.approx(first)
    assert ret.iloc[1] == pytest.approx(0.05 * 3 / 365)


@given(st.lists(st.floats(0.5, 2.0), min_size=3, max_size=30))
def test_returns_compound_back_to_the_level(ratios: list[float]) -> None:
    cal = pd.bdate_range("2021-01-04", periods=len(ratios) + 1)
    level = pd.Series([100.0, *(100.0 * pd.Series(ratios).cumprod())], index=cal)
    ret = source_returns(level, SleeveSource(symbol="X"), cal)
    assert (1 + ret).prod() == pytest.approx(level.iloc[-1] / level.iloc[0], rel=1e-9)
