"""The report's tables on hand-made runs: timing value against the static mix, and the audit
trail flagging a decision taken blind to a trigger."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from backtests.report import tables
from strategies.regimes import Transition

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
