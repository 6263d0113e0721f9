"""report.pdf's "If it started today" page (HYPOTHETICAL): the replays' outcomes at every
horizon, read from the same table as the page's grids and analogues.csv."""

from __future__ import annotations

from typing import Any

import pandas as pd

from backtests.report import fmt
from backtests.report.model import ReportData
from backtests.report.pdf_draw import GREY, MARGIN, PAGE_W, Cursor, heading, paragraph, table


def today_page(fig: Any, data: ReportData) -> None:
    made = data.forward
    assert made is not None  # pdf_pages.hooks adds this page only with replays
    out, bench = made.outcomes, data.benchmark
    cur = Cursor()
    arrivals = "; ".join(f"{a} on {d} ({m:.1f} months after the start)"
                         for a, (d, m) in made.arrivals.items())
    heading(fig, cur, "If it started today (HYPOTHETICAL, not a forecast)",
            f"From {made.start}, the last day every sleeve has prices, each past crisis's daily "
            "moves from its market peak continue today's data; its Fed events are replayed at "
            "the same distance and the unchanged rules trade on that path. 'with QE' replays "
            "the crisis's QE announcements, 'no QE' drops them. Everything after "
            f"{made.start} is synthetic."
            + (f" Each crisis's QE arrives: {arrivals}; before that, with and without QE are "
               "the same path." if arrivals else ""))
    columns = list(dict.fromkeys(zip(out["analogue"], out["qe"], strict=True)))
    strategies = list(dict.fromkeys(out["strategy"]))
    ones = {a for a in dict.fromkeys(out["analogue"])
            if sum(1 for x, _ in columns if x == a) == 1}
    header = ["strategy"] + [f"{a}\n{'one path' if a in ones else 'with QE' if q else 'no QE'}"
                             for a, q in columns]
    width = (PAGE_W - 2 * MARGIN - 1.4) / max(1, len(columns))
    for months in sorted(set(out["horizon_months"])):
        at = out[out["horizon_months"] == months]
        end = at["date"].iloc[0] if len(at) else ""
        late = [a for a, (_, m) in made.arrivals.items() if m > months]
        paragraph(fig, cur, f"{months} months after the start (to {pd.Timestamp(end):%Y-%m-%d})"
                  + (f": the QE of {', '.join(late)} has not arrived yet" if late else ""), 8.5,
                  weight="bold")
        cells = {(r["strategy"], r["analogue"], bool(r["qe"])): r for r in at.to_dict("records")}
        rows = [[s] + [_cell(cells.get((s, a, bool(q))), s == bench, bench)
                       for a, q in columns] for s in strategies]
        table(fig, cur, header, rows, [1.4] + [width] * len(columns), 6.3)
    paragraph(fig, cur, f"Each cell: total return from the start / worst drawdown from there; "
              f"for a rule, its difference against {bench} in pp of return.", 7, color=GREY)


def _cell(rec: dict[str, Any] | None, bench: bool, benchmark: str) -> str:
    if rec is None:
        return "-"
    text = f"{fmt.pct(rec['total_return'])} / {fmt.pct(rec['max_drawdown'])}"
    diff = rec.get(f"total_return_vs_{benchmark}")
    return text if bench or diff is None else f"{text} ({fmt.pp(float(diff))})"
