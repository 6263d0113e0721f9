"""Metrics on hand-checkable returns, and against quantstats where definitions agree."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from backtests import metrics as m

IDX = pd.bdate_range("2021-01-04", periods=6)
R = pd.Series([0.10, -0.20, 0.05, 0.10, 0.0, 0.10], index=IDX)
ZERO = pd.Series(0.0, index=IDX)


def test_hand_computed_values() -> None:
    # value path 1.1, 0.88, 0.924, 1.0164, 1.0164, 1.11804
    assert m.total_return(R) == pytest.approx(0.11804)
    assert m.max_drawdown(R) == pytest.approx(0.88 / 1.1 - 1)  # -20%
    assert m.max_drawdown_duration(R) == 4  # days 2..5 under the 1.1 peak
    assert m.time_to_recover(R) == 4  # trough day 2 -> back above 1.1 on day 6
    assert m.worst_day(R) == -0.20
    assert m.cagr(R) == pytest.approx(1.11804 ** (252 / 6) - 1)


def test_first_day_loss_counts_as_drawdown() -> None:
    r = pd.Series([-0.1, 0.05], index=IDX[:2])
    assert m.max_drawdown(r) == pytest.approx(-0.1)
    assert math.isnan(m.time_to_recover(r))  # 0.945 never regains 1.0


def test_annualisation_uses_252_trading_days() -> None:
    r = pd.Series([0.01, -0.01] * 126, index=pd.bdate_range("2021-01-04", periods=252))
    assert m.ann_volatility(r) == pytest.approx(r.std(ddof=1) * math.sqrt(252))
    assert m.cagr(r) == pytest.approx(m.total_return(r))  # exactly one year of days


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
