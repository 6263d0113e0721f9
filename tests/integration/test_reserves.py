"""The reserves gauge on the real data: its history in the episodes and today's reading."""

from __future__ import annotations

import pandas as pd
import pytest

from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.episodes.pipeline import build_context
from backtests.episodes.runner import MarketData
from backtests.now.read import where_are_we
from strategies.alerts import alert_stream

pytestmark = pytest.mark.integration


def test_september_2019_and_october_2025_read_not_ample(real_market: MarketData) -> None:
    ctx = real_market.context
    stream = alert_stream(ctx.signals, ctx.regime_params, pd.Timestamp("2019-01-01"))
    gauge = stream[stream.trigger == "reserves"]
    fired = gauge[gauge.state == "fired"]
    days = [f"{d:%Y-%m-%d}" for d in fired.date]
    assert "2019-09-19" in days  # the repo spike, a week after SOFR first rose above IOER
    spike = fired[fired.date == "2019-09-19"].iloc[0]
    # SOFR of 2019-09-18 (2.55%), read against the rate on reserves in force that day: the
    # range's top 2.25% less 0.10 (the cut that day took effect on the 19th)
    assert f"{spike.since:%Y-%m-%d}" == "2019-09-13" and spike.value == pytest.approx(0.40)
    cleared = gauge[(gauge.state == "cleared") & (gauge.date > "2019-09-19")].iloc[0]
    assert f"{cleared.date:%Y-%m-%d}" == "2019-10-08"  # the Fed's repo operations and bills
    # October 2025: the article's 'approaching the lower bound of ample', before QT ended
    assert "2025-10-21" in days
    # the 2020-2021 floor with trillions of reserves: ample throughout
    s = ctx.signals.loc["2020-06-01":"2021-12-31", "sofr_over_reserves"]
    assert s.notna().all() and (s <= 0).all()


def test_the_now_panel_reads_the_gauge_and_says_unknown_when_sofr_is_stale(
        real_store: Store, universe: Universe) -> None:
    now = where_are_we(real_store, universe, today="2026-12-05")
    assert now.reserves is not None and now.reserves.state == "unknown"
    assert "SOFR 3.62% (2026-07-22)" in now.reserves.reading
    assert "WRESBAL $3,014bn (2026-06-03)" in now.reserves.reading
    # with the data known on 2025-10-29 it read 'not ample'
    ctx = build_context(real_store, universe, cutoff=pd.Timestamp("2025-10-29"))
    then = where_are_we(real_store, universe, ctx=ctx, today="2025-10-29")
    assert then.reserves is not None and then.reserves.state == "not ample"
    assert then.reserves.reading.startswith("not ample: SOFR +0.16pp over the rate on "
                                            "reserves (4.15%)")
