"""The alert stream beside each episode's regime timeline (computed by
backtests.committee.stages, which also writes alerts.csv).

Each of the article's triggers as it fires, clears or becomes unknown (strategies.alerts: a
change is reported once it has held a week, a severe reading at once), with its value against
the threshold and a severity: the warning lights a committee watches even when the regime
does not change (the September 2019 repo spike is one, severe at 12 times its threshold).
For a window that runs to the end of the data, the stream continues past the backtests' last
day to the signals' last day; those rows are marked (nothing was traded on them).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from backtests.report.model import ReportData
from backtests.report.sections import Panel

PRINT_MAX = 60  # a longer list prints as a note (the screen scrolls; alerts.csv has it all)


def panel(report: ReportData, name: str, alerts: pd.DataFrame) -> Panel:
    """The panel placed beside the episode's chart."""
    prices_end = report.market.data_end
    rows: list[dict[str, Any]] = []
    for r in alerts.to_dict("records"):
        state = str(r["state"])
        rows.append({"date": f"{r['date']:%Y-%m-%d}", "label": r["label"], "state": state,
                     "cls": state.removeprefix("in force: "), "detail": r["detail"],
                     "severity": r["severity"],
                     "untraded": r["date"] > prices_end})
    counts = alerts["state"].str.removeprefix("in force: ").value_counts()
    return Panel("alerts.html.j2", {
        "episode": name, "rows": rows, "fired": int(counts.get("fired", 0)),
        "triggers": list(dict.fromkeys(r["label"] for r in rows)),
        "unknown": int(counts.get("unknown", 0)), "print_all": len(rows) <= PRINT_MAX,
        "severe": int((alerts["severity"] == "severe").sum()),
        "prices_end": f"{prices_end:%Y-%m-%d}",
        "extended": any(r["untraded"] for r in rows)})
