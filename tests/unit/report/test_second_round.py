"""Small parts of the second-round report on hand-made inputs: timing value, interval marks,
unknown triggers in the audit trail and the now panel, the analogues' cache key, the config."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from backtests.engine import Costs
from backtests.now import HoldingNow, InputNow, Now, TriggerNow
from backtests.report import analogues, fmt, nowpanel, tables
from backtests.report.config import load_config, narrow
from backtests.report.page import environment
from backtests.report.sections import Section
from strategies.regimes import Transition
from strategies.registry import make_params

DAYS = pd.bdate_range("2020-03-02", periods=3)


def run(strategy: str, rule: str, episode: str, total: float, cagr: float, dd: float) -> Any:
    targets = pd.DataFrame({"us_equity": [0.6, 0.6, 0.2], "cash": [0.4, 0.4, 0.8]}, index=DAYS)
    return SimpleNamespace(strategy=strategy, rule=rule, episode=episode,
                           metrics={"total_return": total, "cagr": cagr, "max_drawdown": dd},
                           result=SimpleNamespace(targets=targets))


def test_timing_value_is_against_the_static_mix_and_only_for_rules() -> None:
    runs = [run("sixty_forty", "sixty_forty", "e", 0.10, 0.05, -0.20),
            run("strategic_static", "strategic_static", "e", 0.12, 0.06, -0.18),
            run("fast", "contrarian_qe", "e", 0.20, 0.09, -0.10)]
    grid = tables.grid(runs, "sixty_forty", "strategic_static", {("fast", "e")})
    fast, static = grid["fast"]["e"], grid["strategic_static"]["e"]
    assert fast.d_cagr == pytest.approx(0.04) and fast.timing == pytest.approx(0.03)
    assert fast.d_cagr == pytest.approx(fast.timing + static.d_cagr)  # timing + choice of mix
    assert fast.sure and not static.sure
    assert static.timing != static.timing  # NaN: a benchmark has no timing value
    assert tables.grid(runs, "sixty_forty")["fast"]["e"].timing != fast.timing  # not asked
    intervals = pd.DataFrame({"strategy": ["fast", "static"], "episode": ["e", "e"],
                              "cagr_excludes_zero": [True, False]})
    assert tables.sure_of(intervals) == {("fast", "e")}


def test_a_decision_taken_blind_to_a_trigger_is_flagged() -> None:
    changes = [Transition(DAYS[2], "calm", "correction", "Nasdaq drawdown -10.6% <= -10%",
                          "credit,unemployment"),
               Transition(DAYS[1], "correction", "calm", "healed", "")]
    rows = tables.audit_rows(changes, run("playbook", "playbook", "e", 0, 0, 0))
    assert rows[0]["unknown"] == "credit stress, unemployment rising fast (real-time Sahm rule)"
    assert rows[0]["after"] == "cash 80%, us_equity 20%" and rows[1]["unknown"] == ""
    late = tables.untraded_rows(changes, DAYS[1])
    assert [r["date"] for r in late] == [str(DAYS[2].date())]
    assert late[0]["before"] == f"not traded: no prices after {DAYS[1]:%Y-%m-%d}"


def fake_now(credit: str = "unknown") -> Now:
    trig = [TriggerNow("credit", "credit stress", credit,
                       "credit stress: unknown (input stale or absent)",
                       "unknown: an input is stale or absent (see the inputs)", ["BAA10Y"]),
            TriggerNow("correction", "Nasdaq correction", "not fired",
                       "Nasdaq drawdown -3.4% (fires at <= -10%)", "a further 6.9%", ["^IXIC"])]
    return Now("2026-08-21", "calm", "2026-04-09", "healed", False, ["credit"],
               [InputNow("BAA10Y", "2025-05-21", False), InputNow("^IXIC", "2026-08-21", True)],
               trig, [HoldingNow("playbook", {"us_equity": 0.6, "cash": 0.4},
                                 {"correction": {"cash": 0.35, "gold": 0.65}})],
               [{"date": "2025-12-01", "type": "qt_end", "description": "QT2 ends."}],
               "2025-09-26")


def render_now(now: Now) -> str:
    section = Section("now", "now", "now.html.j2", {"panel": nowpanel.panel(now, ["playbook"]),
                                                     "banner": None})
    return environment().get_template("sections/" + section.template).render(
        s=section, d=section.data)


def test_a_stale_trigger_reads_unknown_in_the_now_panel() -> None:
    page = render_now(fake_now())
    assert ('<tr class="unknown"><td class="l">credit stress</td><td class="l nowrap">'
            '<span class="state unknown">unknown</span>') in page
    assert '<span class="state clear">not fired</span>' in page  # the correction, read
    assert page.count(">not fired</span>") == 1  # never for the stale one
    assert "credit stress could change the regime from calm now" in page
    assert "2025-12-01</b> QT ends" in page
    fresh = render_now(replace(fake_now("not fired"), unknown=[]))
    assert fresh.count(">not fired</span>") == 2 and "Unknown, not" not in fresh


def test_the_analogues_cache_key_follows_every_input() -> None:
    params = {"playbook": ("playbook", make_params("playbook", {}))}
    base = analogues.Inputs(None, "hash", [], {}, params, Costs(), "sixty_forty",  # type: ignore[arg-type]
                            "playbook")
    assert base.key() == replace(base).key()
    for change in ({"data_hash": "other"}, {"costs": Costs(fee_bps=10)},
                   {"benchmark": "strategic_static"}, {"highlight": "contrarian_qe"},
                   {"runs": {"playbook": ("playbook", make_params("playbook",
                                                                  {"hold_months": 6}))}}):
        assert replace(base, **change).key() != base.key(), change
    files = {p.name for p in analogues.code_files()}
    assert {"replay.py", "engine.py", "regimes.py", "analoguepage.py"} <= files
    assert "pdf.py" not in files  # editing the PDF pack keeps the cached section


def test_timing_benchmark_is_a_run_and_narrowing_keeps_it() -> None:
    config = load_config()
    assert config.timing_benchmark == "strategic_static"
    kept = narrow(config, ["contrarian_qe"], None)  # the timing value stays (issue 19)
    assert kept.timing_benchmark == "strategic_static"
    assert [r.key for r in kept.runs] == ["sixty_forty", "strategic_static", "contrarian_qe",
                                          "playbook"]
    assert narrow(config, ["strategic_static"], None).timing_benchmark == "strategic_static"
    bad = config.model_dump() | {"timing_benchmark": "static"}
    with pytest.raises(ValueError, match="timing_benchmark 'static' is not one of the runs"):
        type(config).model_validate(bad)


def test_a_difference_that_rounds_to_zero_has_no_sign() -> None:
    assert fmt.pct(-0.00001) == "0.0%" and fmt.pct(0.00049, digits=1) == "0.0%"
    assert fmt.pp(-0.00001) == "0.0 pp" and fmt.pp(-0.0006) == "\u22120.1 pp"


def test_the_now_panel_names_what_can_be_reached_and_never_calls_unknown_inflation_high() -> None:
    from backtests.nowtext import reach_lines
    from strategies.reachable import reachable

    yields = TriggerNow("yields", "10-year", "fired", "4.69% >= 4.50%", "", ["DGS10"])
    hot = TriggerNow("inflation", "inflation high", "unknown", "", "", ["CPIAUCSL"])
    can = dict.fromkeys(("correction", "crisis_depth", "healed", "market_stress", "qe",
                         "panic_relief"), True)
    now = replace(fake_now(), duration_risk=True, triggers=[*fake_now().triggers, yields, hot],
                  reachable=reachable("calm", can))
    page = render_now(now).replace("&#39;", "'")
    assert ("Duration risk: the 10-year is at the article's 4.5% and rising (inflation is "
            "unknown: its input is stale)") in page
    assert "inflation is high" not in page
    lines = reach_lines(now)  # the plan on screen one and `playbook now` print these
    assert ("crisis [only through VIX at the stand-in level: credit, funding, unemployment "
            "cannot be read]") in lines[0]
    blind = reachable("calm", {**can, "market_stress": False})
    out = reach_lines(replace(now, reachable=blind))[-1]
    assert out.startswith("Out of reach with the data at hand:")
    assert ("qe_launched = scenario 3 (QE restarted: the contrarian trade): only reached from "
            "crisis, recovery, which cannot be reached") in out
