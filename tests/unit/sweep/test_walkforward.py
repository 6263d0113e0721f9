"""Walk-forward choice: only crises that ended before a crisis starts may inform its choice."""

from __future__ import annotations

import pandas as pd
import pytest

from backtests.sweep.run import CORE
from backtests.sweep.walkforward import choices, score, sentence

T = pd.Timestamp
WINDOWS = {  # deliberately not in date order; e3 starts before e2 ends
    "e4": (T("2008-01-02"), T("2009-12-31")),
    "e1": (T("2000-01-03"), T("2002-12-31")),
    "e3": (T("2004-06-01"), T("2006-12-29")),
    "e2": (T("2003-01-02"), T("2004-12-31")),
}
# calmar per combination (rows) and episode: each later value would flip a choice if it leaked
CALMAR = {"e1": [3.0, 1.0, 0.0], "e2": [0.0, 5.0, 0.0], "e3": [0.0, 0.0, 100.0],
          "e4": [0.0, 1e6, 0.0]}


def sweep_table() -> pd.DataFrame:
    rows = []
    for ep, values in CALMAR.items():
        for combo, v in enumerate(values):
            rows.append({"combo": combo, "episode": ep, "a": 10 * (combo + 1),
                         **{k: 0.0 for k in CORE}, "calmar": v, "total_return": v / 100})
    return pd.DataFrame(rows)


def test_each_choice_uses_only_crises_that_ended_before_it_started() -> None:
    out = choices(sweep_table(), WINDOWS, "calmar").set_index("episode")
    assert list(out.index) == ["e1", "e2", "e3", "e4"]  # date order
    assert out.loc["e1", "chosen_combo"] == -1 and out.loc["e1", "trained_on"] == ""
    # e2 learns from e1 only: e3's 100 (later) must not pull it to combo 2
    assert (out.loc["e2", "trained_on"], out.loc["e2", "chosen_combo"]) == ("e1", 0)
    # e3 starts before e2 ends: e2's 5 must not pull it to combo 1
    assert (out.loc["e3", "trained_on"], out.loc["e3", "chosen_combo"]) == ("e1", 0)
    # e4 learns from all three (means 1, 2, 33.3) and never from its own 1e6
    assert (out.loc["e4", "trained_on"], out.loc["e4", "chosen_combo"]) == ("e1,e2,e3", 2)
    assert out.loc["e4", "a"] == 30 and out.loc["e4", "chosen_calmar"] == 0.0
    assert out.loc["e2", "chosen_calmar"] == 0.0 and out.loc["e3", "chosen_total_return"] == 0.0


def test_the_track_record_beside_defaults_and_benchmark() -> None:
    reference = pd.DataFrame({"default_calmar": [1.0, -1.0, 0.5, -1e-14],  # e4: a tie
                              "benchmark_calmar": [0.0, 0.0, 2.0, -1.0],
                              "default_total_return": [0.1, 0.0, 0.0, 0.0],
                              "benchmark_total_return": [0.0, 0.0, 0.0, 0.0]},
                             index=pd.Index(["e1", "e2", "e3", "e4"], name="episode"))
    wf = score(choices(sweep_table(), WINDOWS, "calmar"), reference, "calmar")
    s = wf.summary
    assert (s["crises"], s["scored"], s["skipped"], s["distinct_choices"]) == (4, 3, ["e1"], 2)
    # chosen calmar on e2, e3, e4: 0, 0, 0; defaults -1, 0.5, 0; benchmark 0, 2, -1
    assert s["chosen_beats_default"] == 1 and s["chosen_beats_benchmark"] == 1
    assert s["default_beats_benchmark"] == 1
    assert s["median_chosen_calmar"] == 0.0 and s["median_default_calmar"] == -1e-14
    assert s["median_benchmark_calmar"] == 0.0
    assert sentence(wf) == (
        "Chosen only on crises that had ended before each one started, the parameters beat the "
        "defaults on calmar in 1 of 3 crises (tied in 1, lost in 1) and the benchmark in 1 (the "
        "defaults beat the benchmark in 1); median calmar: chosen 0.000, defaults -0.000, "
        "benchmark 0.000.")


def test_ties_keep_the_defaults_else_the_first_combination() -> None:
    table = sweep_table()
    table.loc[table["episode"] == "e1", "calmar"] = 1.0  # e1 cannot tell the three apart
    out = choices(table, WINDOWS, "calmar").set_index("episode")
    assert (out.loc["e2", "chosen_combo"], out.loc["e2", "tied"]) == (0, 3)
    out = choices(table, WINDOWS, "calmar", defaults={"a": 20, "b": 1}).set_index("episode")
    assert (out.loc["e2", "chosen_combo"], out.loc["e2", "a"]) == (1, 20)
    assert (out.loc["e4", "chosen_combo"], out.loc["e4", "tied"]) == (2, 1)  # evidence wins


@pytest.mark.parametrize("crisis", ["e2", "e3", "e4"])
def test_changing_a_crisis_or_anything_after_it_never_changes_its_choice(crisis: str) -> None:
    base = choices(sweep_table(), WINDOWS, "calmar").set_index("episode")
    start = WINDOWS[crisis][0]
    later = [e for e, (_, end) in WINDOWS.items() if end >= start]
    table = sweep_table()
    for e in later:  # combination 1 becomes by far the best on these
        rows = table["episode"] == e
        table.loc[rows, "calmar"] = 1e9 * (table.loc[rows, "combo"] == 1)
    moved = choices(table, WINDOWS, "calmar").set_index("episode")
    assert moved.loc[crisis, "chosen_combo"] == base.loc[crisis, "chosen_combo"]
