"""The alert stream: each of the article's triggers when it fires, clears or becomes unknown.

The regime only changes when triggers combine (a deep fall AND stress); the committee also
needs the single warning lights, e.g. the September 2019 repo spike (SOFR 5.25%, 3pp over the
policy ceiling) that alone changed no regime.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strategies.triggers import TRIGGERS, describe, evaluate

if TYPE_CHECKING:
    import pandas as pd

    from strategies.regimes import RegimeParams

# The article's triggers (the machine's own mechanics, such as panic relief, are not alerts).
ALERTS = ("correction", "crisis_depth", "credit", "funding", "unemployment", "yields",
          "inflation", "balance_sheet")
FIRED, CLEAR, UNKNOWN = "fired", "cleared", "unknown"


def alert_stream(signals: pd.DataFrame, params: RegimeParams, start: pd.Timestamp | None = None,
                 end: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per change of a trigger's state within [start, end] (the states in force on
    `start` first): date, trigger, label, state (fired / cleared / unknown), detail."""
    import numpy as np
    import pandas as pd

    readings = evaluate(signals, params)
    idx = pd.DatetimeIndex(signals.index)
    lo = 0 if start is None else int(idx.searchsorted(start))
    hi = len(idx) if end is None else int(idx.searchsorted(end, side="right"))
    rows = []
    for key in ALERTS:
        r = readings[key]
        state = np.where(r.unknown, UNKNOWN, np.where(r.fired, FIRED, CLEAR))
        for i in range(lo, hi):
            first = i == lo
            if (first and state[i] != CLEAR) or (not first and state[i] != state[i - 1]):
                rows.append({"date": idx[i], "trigger": key, "label": TRIGGERS[key].label,
                             "state": ("in force: " if first else "") + str(state[i]),
                             "detail": describe(key, r, i)})
    out = pd.DataFrame(rows, columns=["date", "trigger", "label", "state", "detail"])
    return out.sort_values(["date", "trigger"], kind="stable").reset_index(drop=True)
