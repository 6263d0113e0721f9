"""The article's scenarios on the real snapshot, and proof that nothing looks ahead."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtests.data.events import load_events
from backtests.data.panel import point_in_time, release_dates
from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.episodes.definitions import load_episodes
from backtests.episodes.pipeline import Context, build_context

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def ctx(real_store: Store, universe: Universe) -> Context:
    return build_context(real_store, universe)


def regime(ctx: Context, day: str) -> str:
    return str(ctx.regimes["regime"][day])


def window(ctx: Context, name: str) -> pd.Series:
    start, end = load_episodes()[name].window(ctx.panel.index[-1])
    return ctx.regimes["regime"][start:end]


def test_gfc_crisis_before_qe1_then_qe_launched_from_announcement_day(ctx: Context) -> None:
    gfc = window(ctx, "2008_gfc")
    assert (gfc[:"2008-11-24"] == "crisis").any()
    assert regime(ctx, "2008-11-24") == "crisis"
    assert regime(ctx, "2008-11-25") == "qe_launched"  # announced 8:15 am that day
    assert "qe_launched" not in set(gfc[:"2008-11-24"])


def test_covid_qe_launched_from_the_monday_after_the_sunday_announcement(ctx: Context) -> None:
    assert regime(ctx, "2020-03-13") == "crisis"
    assert regime(ctx, "2020-03-16") == "qe_launched"


def test_dotcom_has_correction_and_crisis_but_no_qe(ctx: Context) -> None:
    dotcom = set(window(ctx, "2000_dotcom"))
    assert {"correction", "crisis"} <= dotcom
    assert "qe_launched" not in dotcom


def test_repo_spike_flags_funding_stress_within_two_trading_days(ctx: Context) -> None:
    limit = ctx.regime_params.funding_spread
    stressed = ctx.signals["funding_spread"]["2019-09-17":] >= limit
    first = stressed[stressed].index[0]
    assert first == pd.Timestamp("2019-09-18")  # SOFR 5.25% for 09-17 was published 09-18
    assert ctx.signals["funding_spread"]["2019-09-17"] < limit  # not yet known on the day


@pytest.mark.parametrize("symbol", ["WALCL", "SOFR", "DGS10", "UNRATE", "NFCI", "ICSA",
                                    "BAA10Y", "DFF", "^VIX"])
def test_every_visible_value_was_published_by_then(real_store: Store, universe: Universe,
                                                   ctx: Context, symbol: str) -> None:
    spec = universe.series[symbol]
    _, asof = point_in_time(real_store.level(symbol), spec, ctx.panel.index)
    seen = asof.dropna()
    published = release_dates(pd.DatetimeIndex(seen.to_numpy()), spec)
    assert (published <= seen.index).all()
    if spec.release != "same_day":  # and a lagged value really is held back
        assert (pd.DatetimeIndex(seen.to_numpy()) < seen.index).all()


def test_events_flag_exactly_the_first_trading_day_on_or_after_announcement(
        ctx: Context) -> None:
    cal = ctx.panel.index
    for kind in {e.type for e in load_events()}:
        expected = sorted({cal[cal >= e.date][0] for e in load_events() if e.type == kind})
        assert list(cal[ctx.panel[f"event:{kind}"]]) == expected
    assert ctx.panel["event:qe_announce"]["2020-03-13":"2020-03-16"].tolist() == [False, True]


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(min_value=pd.Timestamp("1999-06-01").date(),
                max_value=pd.Timestamp("2025-09-01").date()))
def test_truncating_the_future_changes_nothing_in_the_past(real_store: Store,
                                                           universe: Universe, ctx: Context,
                                                           cut: object) -> None:
    cutoff = pd.Timestamp(str(cut))
    past = build_context(real_store, universe, cutoff=cutoff)
    for full, cut_frame in [(ctx.panel, past.panel), (ctx.signals, past.signals),
                            (ctx.regimes, past.regimes)]:
        pd.testing.assert_frame_equal(full.loc[:cutoff], cut_frame, check_freq=False)
