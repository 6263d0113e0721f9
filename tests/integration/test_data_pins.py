"""Data pins: the first trading day each macro observation is visible in the point-in-time panel.

One readable pin per series (backtesting.py's model: a mutation is caught by a test that names
it, not only by the golden file). Each row: series, its release rule in data/universe.toml,
an observation's as-of date, and the first trading day whose close may use it. Hand checks:
WALCL's Wednesday level is released Thursday ~4:30 pm ET (after the close), so usable Friday;
ICSA's week to Saturday 03-07 is released Thursday 03-12 8:30 am; UNRATE's March 2020 was
released Friday 2020-04-03; CPI's is visible 52 calendar days after the month's first day
(never earlier than the real release, 2020-04-10: conservative by design).
"""

from __future__ import annotations

import pandas as pd
import pytest

from backtests.data.panel import point_in_time
from backtests.data.sleeves import trading_calendar
from backtests.data.store import Store
from backtests.data.universe import Universe

pytestmark = pytest.mark.integration

PINS = [  # series, release rule, observation (as-of), first trading day it is visible
    ("^TNX", "same_day", "2020-03-02", "2020-03-02"),
    ("^IRX", "same_day", "2020-03-02", "2020-03-02"),
    ("DGS10", "business_days:1", "2020-03-02", "2020-03-03"),
    ("DGS2", "business_days:1", "2020-03-02", "2020-03-03"),
    ("DGS3MO", "business_days:1", "2020-03-02", "2020-03-03"),
    ("DTB3", "business_days:1", "2020-03-02", "2020-03-03"),
    ("T10Y2Y", "business_days:1", "2020-03-02", "2020-03-03"),
    ("DFF", "business_days:1", "2020-03-01", "2020-03-02"),
    ("DFEDTAR", "same_day", "2008-03-03", "2008-03-03"),
    ("DFEDTARU", "same_day", "2020-03-01", "2020-03-02"),
    ("SOFR", "business_days:1", "2020-03-02", "2020-03-03"),
    ("IORB", "same_day", "2021-07-29", "2021-07-29"),
    ("TEDRATE", "business_days:1", "2020-03-02", "2020-03-03"),
    ("BAA10Y", "business_days:1", "2020-03-02", "2020-03-03"),
    ("BAMLH0A0HYM2", "business_days:1", "2020-03-02", "2020-03-03"),
    ("VIXCLS", "business_days:1", "2020-03-02", "2020-03-03"),
    ("WALCL", "business_days:2", "2020-03-04", "2020-03-06"),
    ("WRESBAL", "business_days:2", "2020-03-04", "2020-03-06"),
    ("RRPONTSYD", "same_day", "2020-03-02", "2020-03-02"),
    ("NFCI", "business_days:3", "2020-03-06", "2020-03-11"),
    ("STLFSI4", "calendar_days:6", "2020-03-06", "2020-03-12"),
    ("UNRATE", "bls_employment", "2020-03-01", "2020-04-03"),
    ("SAHMREALTIME", "bls_employment", "2020-03-01", "2020-04-03"),
    ("ICSA", "calendar_days:5", "2020-03-07", "2020-03-12"),
    ("CPIAUCSL", "calendar_days:52", "2020-03-01", "2020-04-22"),
    ("FEDFUNDS", "calendar_days:32", "2020-03-01", "2020-04-02"),
    ("DTWEXBGS", "calendar_days:7", "2020-03-02", "2020-03-09"),
    ("GOLDPMGBD228NLBM", "same_day", "2020-03-02", "2020-03-02"),
]


@pytest.fixture(scope="module")
def calendar(real_store: Store, universe: Universe) -> pd.DatetimeIndex:
    return trading_calendar(real_store, universe)


def test_every_macro_series_has_a_pin(universe: Universe) -> None:
    macro = {s for s, spec in universe.series.items() if spec.kind != "price"}
    assert {p[0] for p in PINS} == macro


@pytest.mark.parametrize(("symbol", "rule", "asof", "visible"), PINS,
                         ids=[p[0] for p in PINS])
def test_first_visible_day(real_store: Store, universe: Universe, calendar: pd.DatetimeIndex,
                           symbol: str, rule: str, asof: str, visible: str) -> None:
    spec = universe.series[symbol]
    assert spec.release == rule
    _, seen = point_in_time(real_store.level(symbol), spec, calendar)
    day = calendar.get_loc(pd.Timestamp(visible))
    assert seen.iloc[day] >= pd.Timestamp(asof)  # known at this close
    assert not seen.iloc[day - 1] >= pd.Timestamp(asof)  # and not one trading day earlier
