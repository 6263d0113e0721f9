"""Metrics on hand-checkable returns, and against quantstats where definitions agree."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from backtests.evaluate import metrics as m

IDX = pd.bdate_range("2021-01-04", periods=6)
R = pd.Series([0.10, -0.20, 0.05, 0.10, 0.0, 0.10], index=IDX)
ZERO = pd.Series(0.0, index=IDX)


def test_hand_computed_values() -> None:
    # value path 1.1, 0.88, 0.924, 1.0164, 1.0164, 1.11804
    assert m.total_return(R) == pytest.approx(0.11804)
    assert m.max_drawdown(R) == pytest.approx(0.88 / 1.1 - 1)  # -20%
    # under the 1.1 peak from Tue 01-05 to Fri 01-08: 4 calendar days, back above on Mon 01-11
    assert m.longest_drawdown_days(R) == 4
    assert m.time_to_recover(R) == 4
    assert m.worst_day(R) == -0.20
    # six returns, the first the entry day: five market periods
    assert m.cagr(R) == pytest.approx(1.11804 ** (252 / 5) - 1)


def test_durations_are_calendar_days_peak_to_recovery() -> None:
    idx = pd.bdate_range("2021-01-07", periods=6)  # Thu Fri | Mon Tue Wed Thu
    r = pd.Series([0.10, -0.10, -0.05, 0.05, 0.20, -0.01], index=idx)
    periods = m.drawdown_periods(r)
    # first stretch: Fri 01-08 .. Tue 01-12 (recovered Wed 01-13); second: Thu 01-14, open
    assert periods["start"].tolist() == [idx[1], idx[5]]
    assert periods["days"].tolist() == [5, 1]
    assert periods["recovered"].tolist() == [True, False]
    assert m.time_to_recover(r) == 5
    assert m.longest_drawdown_days(r) == 5
    assert math.isnan(m.time_to_recover(pd.Series([0.1, -0.5, 0.1], index=idx[:3])))


def test_turnover_leaves_out_the_initial_purchase() -> None:
    turnover = pd.Series([1.0, 0.1, 0.0, 0.2], index=IDX[:4])
    # (0.1 + 0.0 + 0.2) / 2 one-way over 3 market days of a 252-day year
    assert m.annual_turnover(turnover) == pytest.approx(0.15 / (3 / 252))
    assert m.annual_turnover(pd.Series([1.0, 0.0, 0.0], index=IDX[:3])) == 0.0


def test_cost_drag_is_bp_a_year_of_average_value() -> None:
    value = pd.Series([1.0] * 126 + [3.0] * 127, index=pd.bdate_range("2021-01-04",
                                                                      periods=253))
    # 0.02 paid over one year (252 market days) on an average value of 2.0 = 100 bp
    assert m.cost_drag_bp(0.02, value) == pytest.approx(0.02 / value.mean() * 1e4)
    assert m.cost_drag_bp(0.02, value) == pytest.approx(100.0, rel=0.01)


def test_first_day_loss_counts_as_drawdown() -> None:
    r = pd.Series([-0.1, 0.05], index=IDX[:2])
    assert m.max_drawdown(r) == pytest.approx(-0.1)
    assert math.isnan(m.time_to_recover(r))  # 0.945 never regains 1.0


def test_annualisation_uses_252_trading_days() -> None:
    r = pd.Series([0.01, -0.01] * 126 + [0.0], index=pd.bdate_range("2021-01-04", periods=253))
    assert m.ann_volatility(r) == pytest.approx(r.std(ddof=1) * math.sqrt(252))
    assert m.cagr(r) == pytest.approx(m.total_return(r))  # entry day + one year of days


def test_sharpe_is_in_excess_of_cash() -> None:
    rf = pd.Series(0.0001, index=IDX)
    assert m.sharpe(R, rf) == pytest.approx((R - 0.0001).mean() / R.std() * math.sqrt(252))


def test_phase_returns_use_closes() -> None:
    assert m.period_return(R, IDX[1], IDX[3]) == pytest.approx(1.0164 / 0.88 - 1)
    assert math.isnan(m.period_return(R, pd.Timestamp("2020-01-01"), IDX[3]))


def test_agrees_with_quantstats_where_definitions_match() -> None:
    import quantstats as qs

    rng = np.random.default_rng(7)
    r = pd.Series(rng.normal(0.0004, 0.012, 600), index=pd.bdate_range("2015-01-01", periods=600))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert m.ann_volatility(r) == pytest.approx(qs.stats.volatility(r, periods=252), rel=1e-9)
        assert m.sharpe(r, ZERO) == pytest.approx(qs.stats.sharpe(r, rf=0.0, periods=252),
                                                  rel=1e-9)
        assert m.sortino(r, ZERO) == pytest.approx(qs.stats.sortino(r, rf=0, periods=252),
                                                   rel=1e-9)
        # quantstats' max_drawdown takes prices; with the starting 1.0 prepended they agree.
        prices = pd.concat([pd.Series([1.0], index=[r.index[0] - pd.Timedelta(days=1)]),
                            m.growth(r)])
        assert m.max_drawdown(r) == pytest.approx(qs.stats.max_drawdown(prices), rel=1e-9)
        # time to recover = the tear sheet's "Days" of its worst drawdown; longest the same
        details = qs.stats.drawdown_details(qs.stats.to_drawdown_series(r))
    worst = details.sort_values("max drawdown").iloc[0]
    assert m.drawdown_periods(r)["days"].max() == details["days"].max()
    mine = m.drawdown_periods(r).sort_values("depth").iloc[0]
    assert mine["days"] == worst["days"] and str(mine["start"].date()) == worst["start"]
