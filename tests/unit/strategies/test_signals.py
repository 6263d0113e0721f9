"""Indicators on tiny frames with hand-computed answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from strategies.signals import calendar, drawdowns, macro

IDX = pd.bdate_range("2020-01-06", periods=6)


def test_drawdown_from_the_running_high() -> None:
    level = pd.Series([100.0, 120.0, 90.0, 60.0, 130.0, 104.0], index=IDX)
    assert drawdowns.drawdown(level, window=3).tolist() == pytest.approx(
        [0.0, 0.0, -0.25, -0.5, 0.0, -0.2])


def test_panic_relief_uses_a_trailing_peak_only() -> None:
    vix = pd.Series([20.0, 80.0, 40.0, 30.0, 60.0, 15.0], index=IDX)
    relief = drawdowns.panic_relief(vix, window=3)
    assert relief.tolist() == pytest.approx([0.0, 0.0, 0.5, 0.625, 0.0, 0.75])


def test_policy_ceiling_and_funding_spread() -> None:
    target = pd.Series([1.0, 1.0, np.nan], index=IDX[:3])
    upper = pd.Series([np.nan, np.nan, 0.25], index=IDX[:3])
    top = macro.policy_rate_top(target, upper)
    assert top.tolist() == [1.0, 1.0, 0.25]
    sofr = pd.Series([np.nan, 1.2, 0.2], index=IDX[:3])
    spread = macro.funding_spread(sofr, top)
    assert np.isnan(spread.iloc[0]) and spread.iloc[1:].tolist() == pytest.approx([0.2, -0.05])


def test_a_rate_cut_is_not_read_as_funding_stress() -> None:
    # 2020-03-16: the range's top falls 1.25 -> 0.25 that day; the SOFR visible then is the
    # eve's 1.10, set under the old range: compared with the range of its own day, no stress
    top = pd.Series([1.25, 1.25, 0.25], index=IDX[:3])
    sofr = pd.Series([1.10, 1.10, 1.10], index=IDX[:3])
    spread = macro.funding_spread(sofr, macro.set_the_day_before(top))
    assert np.isnan(spread.iloc[0]) and spread.iloc[1:].tolist() == pytest.approx([-0.15, -0.15])
    assert macro.funding_spread(sofr, top).iloc[2] == pytest.approx(0.85)  # the old reading


def test_days_since_and_any_event() -> None:
    flag = pd.Series([False, True, False, False, True, False], index=IDX)
    assert calendar.days_since(flag).tolist()[1:] == [0, 1, 2, 0, 1]
    panel = pd.DataFrame({"event:qe_announce": flag}, index=IDX)
    # an event type the calendar does not hold counts as none, never a KeyError
    assert calendar.any_event(panel, ("qe_announce", "qe_expand")).tolist() == flag.tolist()


def test_year_on_year_on_the_months_visible() -> None:
    months = pd.date_range("2019-01-01", periods=14, freq="MS")
    days = pd.bdate_range("2020-03-02", periods=14)
    value = pd.Series([100.0] * 12 + [104.0, 105.0], index=days)
    yoy = macro.year_on_year(value, pd.Series(months, index=days))
    assert yoy.iloc[:12].isna().all()
    assert yoy.iloc[12:].tolist() == pytest.approx([0.04, 0.05])


def test_credit_chain_uses_the_first_fresh_source_calibrated_on_the_past_only() -> None:
    from strategies.signals import credit

    n = 600
    idx = pd.bdate_range("2010-01-01", periods=n)
    base = np.sin(np.arange(n) / 20.0)
    primary = pd.Series(base, index=idx)
    primary.iloc[500:] = np.nan  # goes stale at day 500
    fallback = pd.Series(2.0 * base, index=idx)  # same shape, twice the scale
    value, used = credit.chain([primary, fallback])
    assert used.iloc[:500].eq(0).all() and used.iloc[500:].eq(1).all()
    assert value.iloc[500:].to_numpy() == pytest.approx(base[500:], abs=0.02)
    # poisoning the fallback after the switch changes nothing before it
    poisoned = fallback.copy()
    poisoned.iloc[550:] = 1e9
    value2, _ = credit.chain([primary, poisoned])
    assert value2.iloc[:550].equals(value.iloc[:550])


def test_a_fallback_without_enough_shared_history_is_not_used() -> None:
    from strategies.signals import credit

    idx = pd.bdate_range("2010-01-01", periods=300)
    primary = pd.Series(np.r_[np.ones(100), np.full(200, np.nan)], index=idx)
    value, used = credit.chain([primary, pd.Series(1.0, index=idx)])
    assert value.iloc[100:].isna().all() and used.iloc[100:].isna().all()
