"""The reserves gauge: SOFR against the rate on reserves, on hand-checkable frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from strategies.regimes import RegimeParams, classify
from strategies.signals import reserves_gauge
from strategies.triggers import TRIGGERS, evaluate
from tests.unit.strategies.test_regimes import script

IDX = pd.bdate_range("2019-09-16", periods=4)
NAN = np.nan


def frame(values: list[float]) -> pd.Series:
    return pd.Series(values, index=IDX, dtype=float)


def test_iorb_where_it_exists_else_the_ceiling_less_ten_basis_points() -> None:
    g = reserves_gauge.gauge(sofr=frame([2.20, 5.25, 0.10, NAN]),
                             effr=frame([2.14, 2.30, 0.08, 0.1]),
                             iorb=frame([NAN, NAN, 0.15, 0.15]),
                             policy_top=frame([2.25] * 2 + [0.25] * 2),
                             reserves=frame([1_500_000.0, 1_400_000.0, 1_200_000.0, 1_000_000.0]),
                             rrp=frame([2.2, 18.9, 500.0, 400.0]), weeks13=2)
    assert g["reserve_rate"].tolist() == pytest.approx([2.15, 2.15, 0.15, 0.15])
    assert g["sofr_over_reserves"].tolist()[:3] == pytest.approx([0.05, 3.10, -0.05])
    assert np.isnan(g["sofr_over_reserves"].iloc[3])  # SOFR stale: unknown, never "ample"
    assert g["effr_over_reserves"].tolist() == pytest.approx([-0.01, 0.15, -0.07, -0.05])
    assert g["reserves_bn"].tolist() == [1500.0, 1400.0, 1200.0, 1000.0]
    assert g["reserves_13w_change"].tolist()[2:] == pytest.approx([-0.2, 1 / 1.4 - 1])


def test_a_stale_iorb_is_unknown_never_replaced_by_the_ceiling() -> None:
    # IORB exists from the second day, then goes stale on the fourth: the ceiling stands in
    # only before IORB began, never for a stale IORB (it would carry a policy rate forward)
    rate = reserves_gauge.reserve_rate(frame([NAN, 0.15, 0.15, NAN]), frame([0.25] * 4))
    assert rate.iloc[:3].tolist() == pytest.approx([0.15, 0.15, 0.15])
    assert np.isnan(rate.iloc[3])


def test_the_gauge_fires_above_the_rate_on_reserves_and_no_rule_reads_it() -> None:
    sig = script({}, {}, {}).assign(sofr_over_reserves=[-0.05, 0.02, NAN])
    r = evaluate(sig, RegimeParams())["reserves"]
    assert r.fired.tolist() == [False, True, False] and r.unknown.tolist() == [False, False, True]
    assert TRIGGERS["reserves"].rule_input is False
    # an unknown gauge never marks a decision as taken blind
    assert classify(sig).unknown.tolist() == ["", "", ""]
    assert classify(sig).regime.tolist() == classify(script({}, {}, {})).regime.tolist()


def test_truncating_the_future_changes_no_gauge_value_in_the_past() -> None:
    rng = np.random.default_rng(5)
    idx = pd.bdate_range("2019-01-01", periods=200)
    s = {k: pd.Series(rng.normal(2, 0.2, 200), index=idx) for k in ("sofr", "effr", "top")}
    res = pd.Series(rng.uniform(1e6, 2e6, 200), index=idx)
    iorb = pd.Series(np.where(np.arange(200) > 120, 2.0, np.nan), index=idx)
    full = pd.DataFrame(reserves_gauge.gauge(s["sofr"], s["effr"], iorb, s["top"], res,
                                             res / 1e3, 65))
    for cut in (30, 121, 170):
        part = pd.DataFrame(reserves_gauge.gauge(s["sofr"][:cut], s["effr"][:cut], iorb[:cut],
                                                 s["top"][:cut], res[:cut], res[:cut] / 1e3, 65))
        pd.testing.assert_frame_equal(part, full.iloc[:cut])
