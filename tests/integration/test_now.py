"""`playbook now`: agrees with the regime timeline and each rule's last target; stale = unknown."""

from __future__ import annotations

import json

import pytest

from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.episodes.pipeline import build_context
from backtests.now.read import where_are_we
from strategies.base import Inputs
from strategies.registry import STRATEGIES, make_params
from tests.cliutil import run_cli as cli

pytestmark = pytest.mark.integration




def test_now_agrees_with_the_timeline_and_every_rules_last_target(
        real_store: Store, universe: Universe) -> None:
    now = where_are_we(real_store, universe)
    ctx = build_context(real_store, universe)
    assert now.as_of == str(ctx.regimes.index[-1].date())
    assert now.regime == ctx.regimes["regime"].iloc[-1]
    inputs = Inputs(ctx.signals, ctx.regimes)
    for h in now.holdings:
        last = STRATEGIES[h.strategy].rule(inputs, make_params(h.strategy, {})).dropna(
            how="all").iloc[-1]
        for sleeve, w in h.today.items():
            if sleeve != "cash":
                assert last[sleeve] == pytest.approx(w, abs=1e-4)
    assert now.prices_end == "2025-09-26" and now.as_of == "2026-08-21"


def test_now_json_shows_stale_inputs_as_unknown(real_store: Store, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["now", "--json", "--store", str(real_store.root), "--today", "2026-08-24"],
               monkeypatch) == 0
    out = json.loads(capsys.readouterr().out)
    states = {t["key"]: t["state"] for t in out["triggers"]}
    assert states["credit"] == "unknown"  # BAA10Y ends 2025-05, HY OAS 2026-03, HYG 2025-09
    assert states["unemployment"] == "unknown"  # SAHMREALTIME ends 2025-08
    assert states["correction"] in ("fired", "not fired")
    assert states["panic_relief"] == f"not applicable in {out['regime']}"
    fresh = {i["series"]: i["fresh"] for i in out["inputs"]}
    assert fresh["BAA10Y"] is False and fresh["^IXIC"] is True
    dist = {t["key"]: t["distance"] for t in out["triggers"]}
    assert dist["correction"].startswith("the Nasdaq would have to fall a further ")
    assert dist["yields"].startswith("the 10-year is at 4.69%")  # the article's 4.5% line


def test_regimes_latest_prints_unknown_not_not_fired(real_store: Store,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["regimes", "--latest", "--store", str(real_store.root)], monkeypatch) == 0
    out = capsys.readouterr().out
    credit = next(line for line in out.splitlines() if "credit stress" in line)
    assert "unknown" in credit and "not fired" not in credit


def test_now_says_which_regimes_the_stale_data_can_still_reach(
        real_store: Store, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # Credit, funding and unemployment are stale; VIX and the Nasdaq are live: the crisis and
    # the QE trade are reachable only through the market's stand-in, and the screen says so.
    assert cli(["now", "--store", str(real_store.root), "--today", "2026-12-05"],
               monkeypatch) == 0
    out = capsys.readouterr().out
    assert ("Reachable with the data at hand: correction = scenario 2 (correction without "
            "QE); crisis [only through VIX at the stand-in level: credit, funding, unemployment "
            "cannot be read]; qe_launched = scenario 3 (QE restarted: the contrarian trade) via "
            "crisis; recovery via crisis.") in " ".join(out.split())
    assert out.count("Reachable with the data at hand") == 1
    # inflation is unknown: the duration-risk line must not say it is high
    assert ("Duration risk: the 10-year is at the article's 4.5% and rising (inflation is "
            "unknown: its input is stale)") in " ".join(out.split())
    assert "inflation is high" not in out


def test_freshness_is_judged_on_the_calendar_date_not_the_datas_last_day(
        real_store: Store, universe: Universe) -> None:
    # three days after the data's last day the Nasdaq is fresh; 106 days after, it is not,
    # although the machine read it fresh on its last day
    early = {i.series: i for i in where_are_we(real_store, universe, today="2026-08-24").inputs}
    assert early["^IXIC"].fresh and early["^IXIC"].age_days == 3
    late_now = where_are_we(real_store, universe, today="2026-12-05")
    late = {i.series: i for i in late_now.inputs}
    assert late_now.data_age_days == 106 and late_now.today == "2026-12-05"
    assert (late["^IXIC"].fresh, late["^IXIC"].age_days, late["^IXIC"].max_age_days) == (
        False, 106, 10)
    assert late["^IXIC"].fresh_at_as_of is True
    assert late["BAA10Y"].age_days == 563 and not late["BAA10Y"].fresh_at_as_of
