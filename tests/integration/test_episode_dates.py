"""data/episodes.toml pinned to the data: peaks and troughs from the snapshot's closes, Fed
markers from data/fed_events.csv, first hikes from FRED DFEDTARU, figures in descriptions."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from backtests.data.events import load_events
from backtests.episodes.dates import falls, peak_and_trough, read_close
from backtests.episodes.definitions import Episode, load_episodes
from backtests.episodes.runner import MarketData
from tests.conftest import SNAPSHOT

pytestmark = pytest.mark.integration
EPISODES = load_episodes()
FIXED = {n: e for n, e in EPISODES.items() if e.end != "latest"}
MARKET_KEYS = {"sp500_peak", "nasdaq_peak", "trough", "first_low", "first_hike"}
FED_KEYS = {  # phase key -> the event types of data/fed_events.csv it may name
    "first_cut": {"rate_cut", "emergency_cut"}, "rate_cut": {"rate_cut"},
    "emergency_cut": {"emergency_cut"}, "qe_announce": {"qe_announce"},
    "qe_expand": {"qe_expand"}, "qe_taper": {"qe_taper"}, "qe_end": {"qe_end"},
    "twist": {"qe_expand", "maturity_extension"}, "qt_start": {"qt_start"},
    "qt_slow": {"qt_slow"}, "repo_spike": {"repo_intervention"},
    "bill_purchases": {"bill_purchases"},
}


@pytest.fixture(scope="module")
def spx() -> pd.Series:
    return read_close(SNAPSHOT, "IDX_GSPC")


def window(ep: Episode) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(ep.start), pd.Timestamp(ep.end)


@pytest.mark.parametrize("name", [n for n, e in FIXED.items() if "trough" in e.phases])
def test_peak_and_trough_are_the_windows_deepest_fall(name: str, spx: pd.Series) -> None:
    ep = EPISODES[name]
    peak, trough = peak_and_trough(spx, *window(ep))
    assert (str(ep.phases["sp500_peak"]), str(ep.phases["trough"])) == (
        str(peak.date()), str(trough.date()))
    if "nasdaq_peak" in ep.phases:
        ixic = read_close(SNAPSHOT, "IDX_IXIC")
        assert str(ep.phases["nasdaq_peak"]) == str(peak_and_trough(ixic, *window(ep))[0].date())
    if "first_low" in ep.phases:  # the first 10% leg, when the fall came in two
        first = falls(spx.loc[window(ep)[0]:pd.Timestamp(ep.phases["trough"])])[0]
        assert str(ep.phases["first_low"]) == str(first.trough.date())


@pytest.mark.parametrize("name", list(FIXED))
def test_every_fed_marker_is_a_row_of_the_event_calendar(name: str) -> None:
    ep = EPISODES[name]
    start, end = window(ep)
    events = load_events()
    for key, day in ep.phases.items():
        if key in MARKET_KEYS:
            continue
        assert key in FED_KEYS, f"{name}: phase '{key}' has no source rule in this test"
        types = {e.type for e in events if e.date == pd.Timestamp(day)}
        assert types & FED_KEYS[key], f"{name}: {key} = {day} is not a {FED_KEYS[key]} event"
        if key.startswith("first_"):
            earlier = [e for e in events if start <= e.date < pd.Timestamp(day)
                       and e.type in FED_KEYS[key]]
            assert not earlier, f"{name}: {key} = {day} but {earlier[0].date.date()} came first"


@pytest.mark.parametrize("name", [n for n, e in FIXED.items() if "first_hike" in e.phases])
def test_first_hike_is_the_first_rise_of_the_fed_funds_ceiling(name: str) -> None:
    ceiling = pd.read_csv(SNAPSHOT / "fred" / "DFEDTARU.csv", parse_dates=["date"],
                          index_col="date")["value"].dropna()
    start, end = window(EPISODES[name])
    rises = ceiling.diff().loc[start:end]
    first = rises[rises > 0].index[0]
    day = pd.Timestamp(EPISODES[name].phases["first_hike"])
    # FRED dates some decisions on the FOMC day, others on the effective day after it
    assert first in (day, day + pd.offsets.BDay(1))


def test_every_ten_percent_fall_lies_in_a_design_or_hold_out_window(
        spx: pd.Series, real_market: MarketData) -> None:
    crises = [window(e) for e in FIXED.values() if e.role in ("design", "holdout")]
    for f in falls(spx.loc["1999":real_market.data_end]):
        assert any(s <= f.peak and f.trough <= e for s, e in crises), (
            f"the {f.change:.1%} fall {f.peak.date()} -> {f.trough.date()} is in no crisis "
            "window")
    for name, ep in FIXED.items():  # and every window ends where every sleeve has data
        assert pd.Timestamp(ep.end) <= real_market.data_end, name


@pytest.mark.parametrize("name", [n for n, e in FIXED.items() if "trough" in e.phases])
def test_figures_in_descriptions_are_the_datas(name: str, spx: pd.Series) -> None:
    ep = EPISODES[name]
    peak, trough = pd.Timestamp(ep.phases["sp500_peak"]), pd.Timestamp(ep.phases["trough"])
    text = ep.description
    assert f"S&P 500 price index {spx[trough] / spx[peak] - 1:.1%}" in text
    if "nasdaq_peak" in ep.phases:
        ixic = read_close(SNAPSHOT, "IDX_IXIC")
        drop = ixic[trough] / ixic[pd.Timestamp(ep.phases["nasdaq_peak"])] - 1
        assert f"Nasdaq Composite price index {drop:.1%}" in text
    for symbol, figure in re.findall(r"\((\w+), total return\) ([+-]\d+\.\d)%", text):
        adj = pd.read_csv(SNAPSHOT / "prices" / f"{symbol}.csv", parse_dates=["date"],
                          index_col="date")["adj_close"]
        assert f"{adj[trough] / adj[peak] - 1:+.1%}" == f"{figure}%", (symbol, name)
    days = re.search(r"in (\d+) trading days", text)
    if days:
        assert int(days.group(1)) == len(spx.loc[peak:trough]) - 1
    vix = read_close(SNAPSHOT, "IDX_VIX")
    for before, after, day in re.findall(r"VIX (\d+\.\d\d) to (\d+\.\d\d) on (\S+?)[;,]", text):
        d = pd.Timestamp(day)
        assert (f"{vix.loc[:d].iloc[-2]:.2f}", f"{vix[d]:.2f}") == (before, after)
    for level in re.findall(r"VIX to (\d+\.\d\d) on the trough day", text):
        assert f"{vix[trough]:.2f}" == level
