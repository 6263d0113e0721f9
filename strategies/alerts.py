"""The alert stream: each of the article's triggers when it fires, clears or becomes unknown.

The regime only changes when triggers combine (a deep fall AND stress); the committee also
needs the single warning lights, e.g. the September 2019 repo spike (SOFR 5.25%, 3pp over the
policy ceiling) that alone changed no regime.

What makes an alert (this filters the stream only; the regime machine reads the raw triggers):
- minimum duration: a change is reported once the new state has held MIN_DAYS trading days
  in a row (a week), on the day that is known, naming the day it began: a line crossed and
  recrossed within a week (the 10-year in early 1999, the balance sheet's weekly prints in
  2011) is noise, not news;
- except a severe reading: a trigger that fires at SEVERE times its threshold or more is
  reported the day it happens (the 2019 repo spike lasted two days at 12 times the line; the
  2018 year-end spike, +0.50pp, is the only other severe line of 2018-2019).
Severity: "severe" (fired, value >= SEVERE x threshold), "warning" (fired), "notice" (became
unknown: a warning light went dark), "info" (cleared).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from strategies.triggers import TRIGGERS, Reading, describe, evaluate

if TYPE_CHECKING:
    import pandas as pd

    from strategies.regimes import RegimeParams

# The article's triggers (the machine's own mechanics, such as panic relief, are not alerts).
ALERTS = ("correction", "crisis_depth", "credit", "funding", "unemployment", "yields",
          "inflation", "balance_sheet", "reserves")
FIRED, CLEAR, UNKNOWN = "fired", "cleared", "unknown"
MIN_DAYS = 5  # trading days a new state must hold before it is reported (a week)
SEVERE = 2.0  # a fired reading at this multiple of its threshold is reported at once
COLUMNS = ["date", "trigger", "label", "state", "severity", "value", "threshold", "op",
           "since", "detail"]
_CODES = (CLEAR, FIRED, UNKNOWN)


def severity(r: Reading, i: int, state: str, severe: float = SEVERE) -> str:
    """'severe', 'warning', 'notice' or 'info' for the reading on day i in `state`."""
    if state == UNKNOWN:
        return "notice"
    if state != FIRED:
        return "info"
    value, threshold = float(r.value[i]), float(r.threshold[i])
    ratio = value / threshold if threshold != 0 and value == value else 0.0
    return "severe" if ratio >= severe else "warning"


def confirmed(r: Reading, min_days: int = MIN_DAYS, severe: float = SEVERE
              ) -> tuple[np.ndarray, np.ndarray]:
    """Per day, the reported state code (0 cleared, 1 fired, 2 unknown) and the day index the
    state began. A day's value depends only on that day and the days before it."""
    raw = np.where(r.unknown, 2, np.where(r.fired, 1, 0))
    n = len(raw)
    out, began = np.zeros(n, dtype=np.int8), np.zeros(n, dtype=np.int64)
    cur, start, run = 0, 0, 0
    for i in range(n):
        run = run + 1 if i > 0 and raw[i] == raw[i - 1] else 1
        if raw[i] != cur and (run >= min_days or (
                raw[i] == 1 and severity(r, i, FIRED, severe) == "severe")):
            cur, start = int(raw[i]), i - run + 1
        out[i], began[i] = cur, start
    return out, began


def alert_stream(signals: pd.DataFrame, params: RegimeParams, start: pd.Timestamp | None = None,
                 end: pd.Timestamp | None = None, min_days: int = MIN_DAYS,
                 severe: float = SEVERE) -> pd.DataFrame:
    """One row per reported change of a trigger's state within [start, end] (the states in
    force on `start` first): COLUMNS, with the reading (value vs threshold) of the day the
    change is reported and `since`, the day the new state began."""
    import pandas as pd

    readings = evaluate(signals, params)
    idx = pd.DatetimeIndex(signals.index)
    lo = 0 if start is None else int(idx.searchsorted(start))
    hi = len(idx) if end is None else int(idx.searchsorted(end, side="right"))
    rows = []
    for key in ALERTS:
        r = readings[key]
        code, began = confirmed(r, min_days, severe)
        for i in range(lo, hi):
            first = i == lo
            if (first and code[i] != 0) or (not first and code[i] != code[i - 1]):
                state = _CODES[code[i]]
                rows.append({
                    "date": idx[i], "trigger": key, "label": TRIGGERS[key].label,
                    "state": ("in force: " if first else "") + state,
                    "severity": severity(r, i, state, severe),
                    "value": float(r.value[i]), "threshold": float(r.threshold[i]),
                    "op": r.op, "since": idx[began[i]], "detail": describe(key, r, i)})
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.sort_values(["date", "trigger"], kind="stable").reset_index(drop=True)
