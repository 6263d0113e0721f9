"""Attribution on hand-checkable frames: the parts add up to the total-return difference."""

from __future__ import annotations

import pandas as pd
import pytest

from backtests.episodes.attribution import COSTS, contributions, difference

DAYS = pd.bdate_range("2021-01-04", periods=4)  # Mon..Thu
CAL = pd.bdate_range("2021-01-01", periods=5)  # the regime calendar, from the eve (Fri)
# classified at each close: eve calm, Mon calm, Tue crisis, Wed crisis, Thu calm
REGIME = pd.Series(["calm", "calm", "crisis", "crisis", "calm"], index=CAL)


def test_each_day_splits_into_sleeves_and_costs() -> None:
    # entry: 1.0 of cash buys 50/50 and pays 0.002; Tue a +10%, b -10%; Wed b +5% and a
    # 5 bp cost; Thu a +2%
    ret = pd.DataFrame({"a": [0.0, 0.10, 0.0, 0.02], "b": [0.0, -0.10, 0.05, 0.0]}, index=DAYS)
    held = pd.DataFrame({"a": [0.5, 0.55, 0.5, 0.5], "b": [0.5, 0.45, 0.5, 0.5]}, index=DAYS)
    value = pd.Series([0.998, 0.998, 1.019955, 1.03015455], index=DAYS)
    parts = contributions(value, held, ret, REGIME).by_sleeve
    assert parts.loc[DAYS[0], COSTS] == pytest.approx(-0.002)  # the entry cost
    assert parts.loc[DAYS[1], "a"] == pytest.approx(0.998 * 0.5 * 0.10)
    assert parts.loc[DAYS[1], "b"] == pytest.approx(0.998 * 0.5 * -0.10)
    assert parts.loc[DAYS[2], "b"] == pytest.approx(0.998 * 0.45 * 0.05)
    assert parts.loc[DAYS[2], COSTS] == pytest.approx(-0.0005)
    assert parts.loc[DAYS[3], "a"] == pytest.approx(1.019955 * 0.5 * 0.02)
    assert parts.loc[DAYS[3], COSTS] == pytest.approx(0.0, abs=1e-12)
    assert parts.to_numpy().sum() == pytest.approx(value.iloc[-1] - 1.0, abs=1e-15)


def test_the_regime_in_force_is_the_previous_close() -> None:
    ret = pd.DataFrame({"a": [0.0] * 4}, index=DAYS)
    att = contributions(pd.Series(1.0, index=DAYS), ret, ret, REGIME)
    assert att.regime.tolist() == ["calm", "calm", "crisis", "crisis"]  # Mon: the eve's


def test_strategy_minus_benchmark_adds_up_by_regime_and_by_sleeve() -> None:
    ret = pd.DataFrame({"a": [0.0, 0.10, -0.05, 0.02], "b": [0.0, 0.01, 0.01, 0.01]},
                       index=DAYS)
    # mine holds a until Tue's close, then b; no costs: 1.0, 1.1, 1.045, 1.05545
    mine = contributions(pd.Series([1.0, 1.1, 1.045, 1.05545], index=DAYS),
                         pd.DataFrame({"a": [1.0, 1.0, 0.0, 0.0], "b": [0.0, 0.0, 1.0, 1.0]},
                                      index=DAYS), ret, REGIME)
    # the benchmark holds 50/50 at every close: 1.0, 1.055, 1.0339, 1.0494085
    bench = contributions(pd.Series([1.0, 1.055, 1.0339, 1.0494085], index=DAYS),
                          pd.DataFrame({"a": [0.5] * 4, "b": [0.5] * 4}, index=DAYS), ret,
                          REGIME)
    by_regime, by_sleeve = difference(mine, bench, ["calm", "crisis"])
    assert list(by_regime.index) == ["calm", "crisis"]
    # calm (Mon, Tue): mine 0.10, the benchmark 0.055
    assert by_regime["calm"] == pytest.approx(0.10 - 0.055)
    # crisis (Wed, Thu): mine 1.1 x -5% + 1.045 x 1%; the benchmark 1.055 x -2% + 1.0339 x 1.5%
    assert by_regime["crisis"] == pytest.approx((-0.055 + 0.01045) - (-0.0211 + 0.0155085))
    # sleeve a: mine 0.10 - 0.055; the benchmark 0.05 - 0.026375 + 0.010339
    assert by_sleeve["a"] == pytest.approx(0.045 - 0.033964)
    total = 0.05545 - 0.0494085
    assert by_regime.sum() == pytest.approx(total, abs=1e-12)
    assert by_sleeve.sum() == pytest.approx(total, abs=1e-12)
    assert by_sleeve[COSTS] == pytest.approx(0.0, abs=1e-12)
