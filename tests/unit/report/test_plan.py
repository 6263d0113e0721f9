"""The contingency plan on hand-checkable inputs: every sentence computed, none written."""

from __future__ import annotations

from datetime import date

import pandas as pd

from backtests.now.answer import HoldingNow, Now
from backtests.report import plan
from strategies.rules import PlaybookParams

DAYS = pd.bdate_range("2008-01-01", periods=12)
ROLES = {"gfc": "design", "euro": "holdout", "full": "overall"}


def _windows(gfc: tuple[int, int], euro: tuple[int, int]) -> dict[str, tuple[pd.Timestamp,
                                                                              pd.Timestamp]]:
    return {"gfc": (DAYS[gfc[0]], DAYS[gfc[1]]), "euro": (DAYS[euro[0]], DAYS[euro[1]]),
            "full": (DAYS[0], DAYS[-1])}


def test_qe_regime_only_in_design_crises_has_no_out_of_sample_test() -> None:
    # two QE spans, both inside the design crisis; `full` (overall) contains them too but
    # is not a crisis
    regime = pd.Series(["calm", "crisis", "qe_launched", "qe_launched", "recovery",
                        "qe_launched", "calm", "calm", "calm", "correction", "calm",
                        "calm"], index=DAYS)
    text = plan.qe_sentence(regime, _windows((0, 6), (8, 11)), ROLES)
    assert text == ("Scenario 3 (the QE regime) occurred twice in the data (2008-01, "
                    "2008-01), both in design crisis (gfc), so it has no out-of-sample test.")


def test_qe_regime_in_a_hold_out_crisis_is_named() -> None:
    regime = pd.Series(["calm", "qe_launched", "calm", "calm", "calm", "calm", "calm",
                        "calm", "calm", "qe_launched", "calm", "calm"], index=DAYS)
    text = plan.qe_sentence(regime, _windows((0, 3), (8, 11)), ROLES)
    assert text == ("Scenario 3 (the QE regime) occurred twice in the data (2008-01, "
                    "2008-01), in design crisis (gfc); in hold-out crisis (euro).")
    outside = plan.qe_sentence(regime, {"full": (DAYS[0], DAYS[-1])}, ROLES)
    assert outside == ("Scenario 3 (the QE regime) occurred twice in the data (2008-01, "
                       "2008-01), 2 outside this run's crises: none in a hold-out crisis of "
                       "this run.")
    never = plan.qe_sentence(pd.Series("calm", index=DAYS), _windows((0, 3), (8, 11)), ROLES)
    assert "never occurred" in never


def test_evidence_names_both_benchmarks() -> None:
    def card(beat: int, median: float) -> pd.DataFrame:
        return pd.DataFrame({"strategy": ["playbook", "playbook"], "role": ["design",
                             "holdout"], "episodes": [4, 5], "return_beat": [3, beat],
                             "return_median_diff": [0.3, median]})
    text = plan.evidence_sentence({"sixty_forty": card(1, -0.049),
                                   "strategic_static": card(0, -0.102)}, "playbook",
                                  "sixty_forty", "strategic_static")
    assert text == ("On the hold-out crises the rules were not written from, playbook beat "
                    "sixty_forty in 1 of 5 (median \u22124.9 pp) and its static mix "
                    "strategic_static (the timing value) in 0 of 5 (median \u221210.2 pp) on "
                    "total return.")


def test_data_age_counts_calendar_days() -> None:
    assert plan.data_age("2025-09-26", "2026-08-21", date(2026, 12, 5)) == (
        "Prices end 2025-09-26 (435 days before today, 2026-12-05); the signals end "
        "2026-08-21 (106 days).")


def test_steps_read_the_rules_mixes_and_hold() -> None:
    p = PlaybookParams()
    now = Now("2026-08-21", "calm", "2026-04-09", "", True, [], [], [],
              [HoldingNow("playbook", {"us_equity": 0.35}, {})], prices_end="2025-09-26")
    made = plan.from_now(now, "playbook", p, date(2026, 12, 5))
    assert [s.when for s in made.steps] == ["Today (calm)", "On a correction", "On a crisis",
                                            "Once QE is launched and the panic subsides"]
    assert made.steps[0].mix == {"us_equity": 0.35}
    assert made.steps[1].mix == p.correction_short  # duration risk: the short twin
    assert made.steps[2].mix == p.crisis_short
    assert made.steps[3].mix == p.qe_launched
    assert made.steps[3].note == ("scaled in over 20 trading days, held 12 months, then back "
                                  "to the strategic mix")
    calm = plan.steps(Now("d", "calm", "", "", False, [], [], [], []), "playbook", p)
    assert calm[2].mix == p.crisis and calm[2].note == ""
    assert plan.lines(made)[0] == ("Contingency plan (playbook), as of 2026-08-21: regime "
                                   "calm.")


def test_the_analogue_tab_opens_after_every_qe_and_says_which_qe_is_late() -> None:
    from backtests.report.analoguepage import horizon_notes

    arrivals = {"2008_gfc": ("2026-11-09", 13.5), "2020_covid": ("2025-10-20", 0.8)}
    notes, default = horizon_notes(arrivals, [6, 12, 24])
    assert default == 24  # 12 months would show 2008's two columns identical
    assert notes[12] == ("At 12 months the QE of 2008_gfc (13.5 months) has not arrived yet: "
                         "with and without its QE are still the same path.")
    assert notes[24] == ""
    assert horizon_notes({}, [6, 12, 24]) == ({6: "", 12: "", 24: ""}, 12)


def test_the_plan_says_what_the_data_at_hand_can_reach() -> None:
    """Read from the now context's `reachable` (one entry per regime), when it has one."""
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Reach:  # the shape of strategies.reachable.Reach
        regime: str
        scenario: str
        reachable: bool
        path: tuple[str, ...]
        reason: str
        note: str = ""

    now = Now("2026-08-21", "calm", "", "", False, [], [], [], [])
    assert plan.reachable(now) == []
    object.__setattr__(now, "reachable", [
        Reach("calm", "scenario 1", True, ("calm",), ""),
        Reach("crisis", "", True, ("calm", "crisis"), "", "only through the VIX stand-in"),
        Reach("qe_launched", "scenario 3", True, ("calm", "crisis", "qe_launched"), ""),
        Reach("recovery", "", False, (), "needs the panic to subside first")])
    assert plan.reachable(now) == [
        "Reachable with the data at hand: crisis [only through the VIX stand-in]; "
        "qe_launched = scenario 3 via crisis.",
        "Out of reach with the data at hand: recovery: needs the panic to subside first."]


def test_a_sleeve_whose_data_ended_is_planned_as_its_fallback() -> None:
    # commodities' data end 2025-09-26: today the QE mix's 10% of commodities is held as gold
    # (as the engine holds it), and the step says so
    p = PlaybookParams()
    now = Now("2026-10-02", "calm", "2026-04-09", "", False, [], [], [], [],
              prices_end="2026-09-29", stand_ins=[("commodities", "gold", "2025-09-26")])
    qe = plan.from_now(now, "playbook", p, date(2026, 12, 5)).steps[3]
    want = dict(p.qe_launched)
    want["gold"] = round(want.get("gold", 0.0) + want.pop("commodities"), 10)
    assert qe.mix == want and "commodities" not in qe.mix
    assert qe.note.startswith("commodities held as gold (no commodities data after 2025-09-26); "
                              "scaled in over 20 trading days")
    assert sum(qe.mix.values()) == sum(p.qe_launched.values())
