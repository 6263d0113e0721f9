"""The continuation of each series on a small synthetic store: closed-form checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from backtests.errors import ConfigError, StoreError
from backtests.scenarios.analogue import user_window
from backtests.scenarios.extend import Extension, build_extension
from backtests.scenarios.scenario_store import ScenarioStore
from tests.unit.scenarios.fakes import START, MemoryStore, make_store, universe

A = pd.Timestamp("2000-03-01")  # a Wednesday


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    return make_store()


@pytest.fixture(scope="module")
def ext(store: MemoryStore) -> Extension:
    return build_extension(store, store, universe(), user_window("2000-03-01", "2000-12-29",
                                                                 store), START)


def crisis(store: MemoryStore, symbol: str) -> pd.Series:
    return store.level(symbol)


def test_synthetic_calendar_is_the_crisis_calendar_shifted(store: MemoryStore,
                                                          ext: Extension) -> None:
    days = ext.shift.days
    cal = store.level("^GSPC").loc["2000-03-02":"2000-12-29"].index
    assert list(ext.calendar) == list(cal + pd.Timedelta(days=days))
    assert days % 7 == 0 and 0 <= (A + pd.Timedelta(days=days) - START).days < 7
    assert (ext.calendar > START).all()
    assert (ext.calendar.day_of_week == cal.day_of_week).all()


def test_prices_compound_the_crisis_returns_from_the_last_real_close(store: MemoryStore,
                                                                     ext: Extension) -> None:
    spy = crisis(store, "SPY")
    expected = spy.loc[START] * spy.loc["2000-03-02":"2000-12-29"] / spy.loc[A]
    assert ext.levels["SPY"].to_numpy() == pytest.approx(expected.to_numpy(), rel=1e-12)
    assert ext.plans["SPY"].status == "continued"


def test_a_price_without_data_continues_with_its_sleeve_and_fallback(store: MemoryStore,
                                                                     ext: Extension) -> None:
    vustx, tlt = crisis(store, "VUSTX"), crisis(store, "TLT")
    ratio = vustx.loc["2000-03-02":"2000-12-29"] / vustx.loc[A]
    assert ext.levels["TLT"].to_numpy() == pytest.approx(tlt.loc[START] * ratio.to_numpy())
    assert ext.plans["TLT"].status == "sleeve"
    # DBC starts 2000-06-01: gold's returns before its sleeve has data, its own after
    dbc, gld = ext.levels["DBC"], crisis(store, "GLD")
    off = pd.Timedelta(days=ext.shift.days)
    assert dbc[pd.Timestamp("2000-06-01") + off] / crisis(store, "DBC").loc[START] == (
        pytest.approx(gld.loc["2000-06-01"] / gld.loc[A]))
    own = crisis(store, "DBC")
    assert dbc[pd.Timestamp("2000-12-29") + off] / dbc[pd.Timestamp("2000-06-01") + off] == (
        pytest.approx(own.loc["2000-12-29"] / own.loc["2000-06-01"]))
    assert any("commodities has no data on 66" in n for n in ext.notes)


def test_rates_move_by_the_crisis_changes_and_ratios_by_the_crisis_ratio(
        store: MemoryStore, ext: Extension) -> None:
    dgs10 = crisis(store, "DGS10")
    want = dgs10.loc[START] + dgs10.loc["2000-03-02":"2000-12-29"] - dgs10.loc[A]
    assert ext.levels["DGS10"].to_numpy() == pytest.approx(want.to_numpy())
    walcl = crisis(store, "WALCL")
    base = walcl.loc[:A].iloc[-1]  # the Wednesday before the anchor
    want = walcl.loc[START - pd.Timedelta(days=6):].iloc[0] * walcl.loc["2000-03-02":
                                                                        "2000-12-29"] / base
    assert ext.levels["WALCL"].to_numpy() == pytest.approx(want.to_numpy())
    unrate = crisis(store, "UNRATE")
    assert list(ext.levels["UNRATE"].index) == list(
        unrate.loc["2000-03-02":"2000-12-29"].index + pd.Timedelta(days=ext.shift.days))


def test_stand_in_splice_discontinued_and_superseded(store: MemoryStore,
                                                     ext: Extension) -> None:
    dff, sofr = crisis(store, "DFF"), crisis(store, "SOFR")
    want = sofr.loc[START] + dff.loc["2000-03-02":"2000-12-29"] - dff.loc[A]
    assert ext.levels["SOFR"].to_numpy() == pytest.approx(want.to_numpy())
    assert ext.plans["SOFR"].status == "stand_in"
    assert ext.plans["TEDRATE"].note == "discontinued: its last observation is 2002-06-28"
    assert ext.plans["DTB3"].note == "ends 2003-10-31; DGS3MO continues the cash sleeve after it"
    assert "DTB3" not in ext.levels and "TEDRATE" not in ext.levels
    # across FRED's renaming (DFEDTAR to 2001-12-31, DFEDTARU from 2002-01-02): one series
    high = store.with_levels({"DFEDTARU": crisis(store, "DFEDTARU") + 10.0})  # off the floor
    renamed = build_extension(high, high, universe(),
                              user_window("2001-10-01", "2002-06-28", store), START)
    top = crisis(high, "DFEDTARU").combine_first(crisis(high, "DFEDTAR"))
    want = crisis(high, "DFEDTARU").loc[START] + top.loc["2001-10-02":"2002-06-28"] - top.loc[
        "2001-10-01"]
    assert renamed.levels["DFEDTARU"].to_numpy() == pytest.approx(want.to_numpy())
    jump = top.loc["2002-01-02"] - top.loc["2001-12-31"]  # the renaming day's change is real
    assert renamed.levels["DFEDTARU"].diff()[pd.Timestamp("2002-01-02") + pd.Timedelta(
        days=renamed.shift.days)] == pytest.approx(jump)


def test_vix_stops_at_its_floor_and_rises_from_it(store: MemoryStore) -> None:
    vix = crisis(store, "^VIX").copy()
    window = vix.loc["2000-03-01":"2000-12-29"].index
    vix.loc[window] = np.linspace(40.0, 5.0, len(window))  # a collapse far below 9
    vix.loc[window[-6:]] = [5.0, 6.0, 8.0, 12.0, 12.0, 12.0]
    ext = build_extension(store.with_levels({"^VIX": vix}), store.with_levels({"^VIX": vix}),
                          universe(), user_window("2000-03-01", "2000-12-29", store), START)
    path = ext.levels["^VIX"].to_numpy()
    assert path.min() == pytest.approx(9.0)
    assert path[-6:] == pytest.approx([9.0, 10.0, 12.0, 16.0, 16.0, 16.0])


def test_an_analogue_must_be_history_at_the_start(store: MemoryStore) -> None:
    late = user_window("2003-06-02", "2004-01-30", store)
    with pytest.raises(ConfigError, match="ends 2004-01-30, after the start 2003-12-31; an "
                                          "analogue must be history at the start"):
        build_extension(store, store, universe(), late, START)


def test_the_scenario_store_is_history_then_synthetic_and_read_only(
        store: MemoryStore, ext: Extension) -> None:
    scen = ScenarioStore(store, START, ext.levels, {"analogue": "test"})
    vix = scen.level("^VIX")
    assert vix.loc[:START].equals(store.level("^VIX").loc[:START])
    assert (vix.index[vix.index > START] == ext.levels["^VIX"].index).all()
    assert scen.level("DTB3").index[-1] == pd.Timestamp("2003-10-31")  # ends: read as stale
    manifest = scen.manifest()
    assert manifest["synthetic"] is True and manifest["data_hash"] != "memory-hash"
    assert manifest["series"]["SPY"]["last"] == str(ext.calendar[-1].date())
    with pytest.raises(StoreError, match="hypothetical data and is read-only"):
        scen.commit({}, {})


def test_the_analogue_stops_where_a_sleeve_has_no_data_even_through_fallbacks(
        store: MemoryStore) -> None:
    source = store.with_levels({"^HSI": crisis(store, "^HSI").loc[:"2000-06-30"]})  # no fallback
    ext = build_extension(store, source, universe(), user_window("2000-03-01", "2000-12-29",
                                                                 store), START)
    assert ext.shift.end == ext.complete_through == pd.Timestamp("2000-06-30")
    assert ext.calendar[-1] == pd.Timestamp("2000-06-30") + pd.Timedelta(days=ext.shift.days)
    assert "the analogue is cut at 2000-06-30: from the next day not every sleeve has data, " \
           "even through its fallbacks" in ext.notes
