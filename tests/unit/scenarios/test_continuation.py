"""One series' continuation, its pieces on hand-checkable numbers: changes with a floor, and
the whole-week shift."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from backtests.scenarios.continuation import _changes, whole_weeks


def test_changes_are_applied_step_by_step_and_never_below_the_floor() -> None:
    assert _changes(1.0, np.array([-0.5, -0.8, 0.2]), 0.0).tolist() == pytest.approx(
        [0.5, 0.0, 0.2])  # rises again from the floor, not from -0.3
    assert _changes(1.0, np.array([-0.5, -0.8, 0.2]), None).tolist() == pytest.approx(
        [0.5, -0.3, -0.1])
    # a level already below the floor is never pushed up to it
    assert _changes(8.0, np.array([-1.0, 0.5]), 9.0).tolist() == pytest.approx([8.0, 8.5])


def test_the_offset_is_whole_weeks_and_puts_the_anchor_on_or_after_the_start() -> None:
    start, anchor = pd.Timestamp("2025-09-26"), pd.Timestamp("2007-10-09")
    days = whole_weeks(anchor, start)
    assert days == 6566 and days % 7 == 0
    assert anchor + pd.Timedelta(days=days) == pd.Timestamp("2025-09-30")  # Tue -> Tue
    assert whole_weeks(start - pd.Timedelta(days=7), start) == 7
