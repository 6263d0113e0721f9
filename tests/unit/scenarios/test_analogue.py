"""Anchors and windows: from the episode's marker, from the data, or named by the user."""

from __future__ import annotations

import pandas as pd
import pytest

from backtests.episodes.definitions import Episode
from backtests.errors import ConfigError
from backtests.scenarios.analogue import resolve, user_window
from backtests.scenarios.batch import run_analogues
from backtests.scenarios.replay_figures import figures, render_section
from tests.unit.scenarios.fakes import EVENTS, START, MemoryStore, make_store, universe


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    return make_store()


def episode(**phases: str) -> Episode:
    return Episode(role="design", description="t", start="2000-01-03", end="2001-12-31",
                   warmup_days=0, phases=phases)


def test_the_anchor_is_the_episode_marker_on_a_trading_day(store: MemoryStore) -> None:
    # 2000-03-11 is a Saturday: the anchor is the Friday's close
    a = resolve("2008_gfc", store, {"2008_gfc": episode(sp500_peak="2000-03-11")}, months=6)
    assert a.anchor == pd.Timestamp("2000-03-10") and a.end == pd.Timestamp("2000-09-10")
    assert a.anchor_source.startswith("2008_gfc's sp500_peak marker (data/episodes.toml)")
    # an episode named 2022_<anything> serves the 2022 analogue
    eps = {"2022_rates": episode(nasdaq_peak="2000-05-02")}
    b = resolve("2022", store, eps)
    assert b.anchor == pd.Timestamp("2000-05-02") and b.months == 24
    assert resolve("2022_rates", store, eps) == b  # the episode's own name serves too


def test_without_the_marker_the_anchor_is_found_in_the_data(store: MemoryStore) -> None:
    a = resolve("2000_dotcom", store, {}, months=12)
    ixic = store.level("^IXIC").loc["1999-01-01":"2002-10-09"]
    assert a.anchor == ixic.idxmax()
    assert a.anchor_source.startswith("the highest ^IXIC close in 1999-01-01..2002-10-09 "
                                      "(found in the data")
    with pytest.raises(ConfigError, match=r"analogue 2008_gfc: \^GSPC has no data in "
                                          "2007-01-01..2009-03-09"):
        resolve("2008_gfc", store, {})


def test_bad_names_and_windows_are_one_clear_line(store: MemoryStore) -> None:
    with pytest.raises(ConfigError, match=r"--analogue '2008' is not known \(did you mean "
                                          r"'2008_gfc'\?\)"):
        resolve("2008", store, {})
    with pytest.raises(ConfigError, match="--months 61: must be between 1 and 60"):
        resolve("2000_dotcom", store, {}, months=61)
    with pytest.raises(ConfigError, match="--from 2001-01-01 must be before --to 2000-01-01"):
        user_window("2001-01-01", "2000-01-01", store)
    with pytest.raises(ConfigError, match="--to '2001-13-01' is not a date; use YYYY-MM-DD"):
        user_window("2001-01-01", "2001-13-01", store)
    with pytest.raises(ConfigError, match="--from 1999-01-01 is before the first trading day "
                                          "2000-01-03"):
        user_window("1999-01-01", "2000-06-01", store)


def test_every_analogue_as_tables_figures_and_a_report_fragment(store: MemoryStore) -> None:
    eps = {"2000_dotcom": episode(nasdaq_peak="2000-03-10")}
    res = run_analogues(store, months=6, names=["2000_dotcom"], universe=universe(),
                        events=EVENTS, episodes=eps)
    assert [r.label for r in res.replays] == ["2000_dotcom (with QE)", "2000_dotcom (no QE)"]
    six = res.at(6)
    assert len(six) == 2 * 7 and set(six["qe"]) == {True, False}
    assert six["hypothetical"].all() and (six["date"] > START).all()
    assert set(res.series["status"]) >= {"continued", "stand_in", "sleeve", "ended"}
    # the 2000-07-10 QE announcement falls in the window: the variants differ there only
    ev = res.events
    assert ev.loc[~ev["replayed"], "type"].tolist() == ["qe_announce", "qe_expand"]
    assert (ev.loc[ev["qe"], "replayed"]).all()
    figs = figures(res)
    band = figs["path:2000_dotcom:qe"].layout.shapes[0]
    assert pd.Timestamp(band.x0) == START
    assert "HYPOTHETICAL: 2000_dotcom replayed" in str(figs["path:2000_dotcom:qe"].layout)
    html = render_section(res, months=6)
    assert html.count('<h3 id="analogue-2000_dotcom-') == 2
    assert 'id="path-2000_dotcom-no_qe"' in html and "HYPOTHETICAL" in html
    assert "<script" in html and "* plotly.js v" not in html  # the page embeds it once
