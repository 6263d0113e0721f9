"""Golden metrics: every metric of every strategy x episode, pinned in metrics.csv here.

Regenerate deliberately (after a change that is meant to move the numbers), review the diff,
and commit it with the change:  make golden
(= PLAYBOOK_UPDATE_GOLDEN=1 .venv/bin/pytest -q tests/integration/test_golden.py)
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

GOLDEN = Path(__file__).with_name("metrics.csv")
ENV = "PLAYBOOK_UPDATE_GOLDEN"
KEYS = ["strategy", "episode", "metric"]
RTOL, ATOL = 1e-8, 1e-12  # atol only for values that are exactly 0 (a run vs itself)


def differences(expected: pd.DataFrame, got: pd.DataFrame) -> list[str]:
    """One readable line per difference: strategy / episode / metric, expected vs got."""
    both = expected.merge(got, on=KEYS, how="outer", suffixes=("_expected", "_got"),
                          indicator="side")
    lines = []
    for r in both.itertuples(index=False):
        where = f"{r.strategy} / {r.episode} / {r.metric}"
        x, y = float(r.value_expected), float(r.value_got)
        if r.side == "left_only":
            lines.append(f"{where}: expected {x!r}, missing from this run")
        elif r.side == "right_only":
            lines.append(f"{where}: not in the golden file, got {y!r}")
        elif not _close(x, y):
            rel = abs(y - x) / abs(x) if x else math.inf
            lines.append(f"{where}: expected {x!r}, got {y!r} (relative difference "
                         f"{rel:.1e})")
    return lines


def message(lines: list[str], limit: int = 40) -> str:
    """The failure text: how many differ, then the first `limit` of them."""
    more = [f"... and {len(lines) - limit} more"] if len(lines) > limit else []
    return "\n".join([f"{len(lines)} metric(s) differ from {GOLDEN.name} (if intended: "
                      "`make golden`, review the diff and commit it):", *lines[:limit], *more])


def _close(x: float, y: float) -> bool:
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return abs(x - y) <= ATOL + RTOL * abs(x)
