"""Issue 10's points, pinned on the real snapshot: each rule as the article states it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from backtests.data.events import load_events
from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.engine.portfolio import Costs
from backtests.episodes.definitions import load_episodes
from backtests.episodes.pipeline import build_context
from backtests.episodes.runner import MarketData, load_market, run_one
from backtests.paths import PROJECT_ROOT
from strategies.alerts import alert_stream
from strategies.registry import make_params

pytestmark = pytest.mark.integration
SHEET = Path(os.environ.get("PLAYBOOK_REFERENCE", PROJECT_ROOT.parent / "shared" / "reference")
             ) / "fed_events.md"
EQUITY = ["us_equity", "us_growth", "em_equity", "china_hk_equity"]


@pytest.fixture(scope="module")
def market(real_store: Store, universe: Universe) -> MarketData:
    return load_market(real_store, universe)


def weights(market: MarketData, strategy: str, episode: str) -> pd.DataFrame:
    ep = load_episodes()[episode]
    return run_one(market, strategy, make_params(strategy, {}), episode, ep, Costs()
                   ).result.targets


def test_the_qe1_expansion_on_2009_03_18_does_not_reduce_playbooks_equity(
        market: MarketData) -> None:
    assert market.context.regimes["regime"]["2009-03-18"] == "qe_launched"
    equity = weights(market, "playbook", "2008_gfc")[EQUITY].sum(axis=1)
    around = equity["2009-03-10":"2009-04-15"]
    assert around.min() >= around.iloc[0] - 1e-12 and around.iloc[0] > 0.6
    # the trade began once the panic subsided after QE1's announcement, not on the day
    assert equity["2008-11-25"] < 0.2 and equity["2009-01-15"] > 0.6


def test_operation_twist_is_not_qe(market: MarketData) -> None:
    twist = [e for e in load_events() if e.date in (pd.Timestamp("2011-09-21"),
                                                     pd.Timestamp("2012-06-20"))]
    assert {e.type for e in twist} == {"maturity_extension"}
    since = market.context.signals["days_since_qe_announcement"]
    assert since["2011-09-22"] > 60 and since["2012-06-21"] > 60  # no QE clock restarted


def test_every_event_type_matches_the_corrected_fact_sheet() -> None:
    sheet = set()
    for line in SHEET.read_text().split("## Table 2")[0].splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) < 4 or not re.search(r"\d{4}-\d{2}", cells[0]):
            continue
        day = re.search(r"\d{4}-\d{2}(-\d{2})?", cells[0]).group(0)  # type: ignore[union-attr]
        if (use := re.search(r"use (\d{2}-\d{2})", cells[0])) is not None:
            day = day[:4] + "-" + use.group(1)
        sheet.add((day, cells[3]))
    ours = {(str(e.date.date()), e.type) for e in load_events()}
    assert ours == sheet


def test_2022_leaves_recovery_when_the_nasdaq_makes_new_lows(market: MarketData) -> None:
    regime = market.context.regimes["regime"]
    assert regime["2022-03-18"] == "recovery"
    left = regime["2022-03-18":"2022-06-30"]
    assert (left != "recovery").any()
    first = left[left != "recovery"].index[0]
    assert first <= pd.Timestamp("2022-05-01")  # the late-April break below the March low
    assert "a new low" in market.context.regimes["reason"][first]


def test_2022_defensive_holds_no_duration(market: MarketData) -> None:
    regimes = market.context.regimes.loc["2022-04-26":"2022-10-31"]
    assert regimes["duration_risk"].all()  # CPI far above 4% all year
    w = weights(market, "playbook", "full_history").loc["2022-05-01":"2022-10-31"]
    held = w[regimes["regime"].reindex(w.index).isin(["correction", "crisis"])]
    assert len(held) > 50 and (held["long_treasury"] == 0).all()
    assert (held["intermediate_treasury"] == 0).all() and (held["short_treasury"] > 0).all()


def test_the_2019_repo_spike_is_an_alert_with_sofr_vs_the_ceiling(market: MarketData) -> None:
    ctx = market.context
    stream = alert_stream(ctx.signals, ctx.regime_params, pd.Timestamp("2019-09-01"),
                          pd.Timestamp("2019-09-30"))
    spike = stream[(stream.trigger == "funding") & (stream.state == "fired")]
    assert str(spike.date.iloc[0].date()) in ("2019-09-17", "2019-09-18")
    assert spike.detail.iloc[0] == "SOFR over the policy ceiling +3.00pp >= 0.25pp"
    assert (ctx.regimes["regime"]["2019-09-16":"2019-09-20"] == "calm").all()


def test_unemployment_reads_the_real_time_sahm_rule_from_its_release_day(
        real_store: Store, universe: Universe) -> None:
    sahm = build_context(real_store, universe).signals["sahm"]
    raw = real_store.level("SAHMREALTIME")
    # December 2019 was published 2020-01-10 (BLS moved the release a week, not 01-03).
    assert sahm["2020-01-09"] == raw["2019-11-01"]
    assert sahm["2020-01-10"] == raw["2019-12-01"]
    # March 2020 (published 2020-04-03): known that day, not before
    assert sahm["2020-04-02"] == raw["2020-02-01"] and sahm["2020-04-03"] == raw["2020-03-01"]


def test_stale_inputs_read_unknown_at_the_end_of_the_data(market: MarketData) -> None:
    last = market.context.regimes.iloc[-1]
    unknown = set(str(last["unknown"]).split(","))
    assert {"credit", "funding", "unemployment"} <= unknown  # BAA10Y ends 2025-05 etc.
    assert pd.isna(market.context.signals["credit_change"].iloc[-1])


def test_a_calendar_cut_at_a_past_date_works_and_reveals_no_later_event_type(
        real_store: Store, universe: Universe) -> None:
    early = [e for e in load_events() if e.date < pd.Timestamp("2005-01-01")]
    assert {e.type for e in early} == {"emergency_cut"}  # no QE type yet
    ctx = build_context(real_store, universe, events=early)
    full = build_context(real_store, universe)
    assert [c for c in ctx.panel if c.startswith("event:")] == [
        c for c in full.panel if c.startswith("event:")]
    assert ctx.panel["event:qe_announce"].sum() == 0
    assert ctx.signals["days_since_qe_announcement"].isna().all()
    assert (ctx.regimes["regime"] != "qe_launched").all()
