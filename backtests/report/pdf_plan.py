"""Page 1 of report.pdf: the contingency plan (plan.Plan), as screen one opens with it."""

from __future__ import annotations

import textwrap
from typing import Any

from backtests.report import plan
from backtests.report.model import ReportData
from backtests.report.pdf_draw import GREY, MARGIN, PAGE_W, Cursor, heading, paragraph, table


def plan_page(fig: Any, data: ReportData) -> None:
    made = plan.for_report(data)
    assert made is not None  # pdf_pages.hooks adds this page only when there is a plan
    cur = Cursor()
    heading(fig, cur, f"{data.config.title}",
            f"Run {data.run_id}. The plan of {made.strategy} on {made.as_of} (the signals' last "
            f"day; regime {made.regime}): what it holds, and what it moves to on the next "
            "regime change. Each mix's remainder is held in cash.")
    size, widths = 10.0, [2.4, 4.8, PAGE_W - 2 * MARGIN - 7.2]
    rows = [[_wrap(s.when, widths[0], size), _wrap(plan.mix_text(s.mix), widths[1], size),
             _wrap(s.note or "-", widths[2], size)] for s in made.steps]
    fills: list[list[str | None]] = [["#d6e9f5" if i == 0 else None, None, None]
                                     for i in range(len(rows))]
    table(fig, cur, ["when", "holds", "how"], rows, widths, size, fills, align="lll")
    for line in made.reachable:
        paragraph(fig, cur, line, 9, color="#8a5a00")
    if made.not_qe:
        paragraph(fig, cur, made.not_qe, 9)
    if made.evidence:
        paragraph(fig, cur, made.evidence, 10, weight="bold")
    if made.qe:
        paragraph(fig, cur, made.qe, 10)
    paragraph(fig, cur, made.age, 9, color=GREY)
    now = data.now
    if now is not None and now.unknown:
        paragraph(fig, cur, "Unknown (stale inputs), not 'not fired': " + ", ".join(
            t.label for t in now.triggers if t.state == "unknown") + ". The next pages: the "
            "results grid, the rules, where we are now, each crisis.", 8, color="#8a5a00")


def _wrap(text: str, inches: float, size: float) -> str:
    return "\n".join(textwrap.wrap(text, max(8, int((inches - 0.1) * 72 / (size * 0.5)))))
