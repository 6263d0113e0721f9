"""The now panel on a hand-made Now: a stale trigger reads unknown, never 'not fired', and
the panel names which regimes can be reached with the data at hand."""

from __future__ import annotations

from dataclasses import replace

from backtests.now.answer import HoldingNow, Now, TriggerNow
from backtests.now.fresh import InputNow
from backtests.report import nowpanel
from backtests.report.page import environment
from backtests.report.sections import Section


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


def test_the_now_panel_names_what_can_be_reached_and_never_calls_unknown_inflation_high() -> None:
    from backtests.now.text import reach_lines
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
