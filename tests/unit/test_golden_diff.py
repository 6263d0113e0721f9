"""The golden test's failure message: which strategy / episode / metric, expected vs got."""

from __future__ import annotations

import math

import pandas as pd

from tests.golden import differences, message


def frame(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["strategy", "episode", "metric", "value"])


def test_differences_name_the_metric_and_both_values() -> None:
    expected = frame([("playbook", "2008_gfc", "sharpe", 0.5), ("playbook", "2008_gfc",
                      "cagr", 0.1), ("a", "b", "recovery_days", math.nan),
                      ("a", "b", "gone", 1.0), ("a", "b", "zero", 0.0)])
    got = frame([("playbook", "2008_gfc", "sharpe", 0.5 * (1 + 5e-9)),  # inside rtol 1e-8
                 ("playbook", "2008_gfc", "cagr", 0.1000001), ("a", "b", "recovery_days",
                 math.nan), ("a", "b", "new", 2.0), ("a", "b", "zero", 1e-15)])
    assert differences(expected, got) == [
        "a / b / gone: expected 1.0, missing from this run",
        "a / b / new: not in the golden file, got 2.0",
        "playbook / 2008_gfc / cagr: expected 0.1, got 0.1000001 "
        "(relative difference 1.0e-06)",
    ]
    assert differences(expected, expected) == []
    lines = differences(expected.assign(value=1.0), got)
    assert message(lines, limit=2).splitlines() == [
        "6 metric(s) differ from metrics.csv (if intended: `make golden`, review the diff and "
        "commit it):", *lines[:2], "... and 4 more"]
