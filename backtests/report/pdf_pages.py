"""report.pdf's "now" and scorecard pages (the hooks of pdf.pages), from the same data as the page.

The now page renders backtests.now.read.Now (what `playbook now` prints) with the dates banner; the
scorecard page renders evidence.scorecard_rows and the bootstrap intervals of every episode.
"""

from __future__ import annotations

import textwrap
from typing import Any

from backtests.now.text import duration_risk_text
from backtests.report import evidence, nowpanel
from backtests.report.model import ReportData
from backtests.report.pdf_draw import GREY, MARGIN, PAGE_W, Cursor, heading, paragraph, table
from backtests.report.pdf_plan import plan_page
from backtests.report.pdf_today import today_page
from backtests.report.plan import for_report as plan_for
from backtests.report.style import EVENT_LABEL

PageFn = Any


def hooks(data: ReportData) -> dict[str, PageFn | None]:
    """The optional pages this report has (pdf.write / pdf.page_count keywords)."""
    return {"plan": plan_page if plan_for(data) is not None else None,
            "today": today_page if data.forward is not None and not data.forward.outcomes.empty
            else None,
            "now": now_page if data.now is not None else None,
            "holdings": holdings_page if data.now is not None else None,
            "scorecard": scorecard_page if data.metrics is not None else None}


def _wrap(text: str, inches: float, size: float) -> str:
    """Wrapped to a column `inches` wide at `size` points (Helvetica averages ~0.5 em)."""
    return "\n".join(textwrap.wrap(text, max(8, int(inches * 72 / (size * 0.5)))) or [""])


def now_page(fig: Any, data: ReportData) -> None:
    now = data.now
    assert now is not None
    cur = Cursor()
    windows = {e: data.window(e) for e in data.episodes}
    found = nowpanel.banner(data.market, windows)
    heading(fig, cur, f"Where we are now: {now.as_of}",
            (found.headline + " " + found.text if found else
             f"The signals and the backtests both end on {now.as_of}.")
            + " The same panel as `playbook now`.".replace("`", ""))
    line = f"Regime {now.regime} since {now.since}" + (f" ({now.reason})" if now.reason
                                                       else "") + "."
    if now.duration_risk:
        line += " " + duration_risk_text(now)
    paragraph(fig, cur, line, 8.5, weight="bold")
    unknown = [t.label for t in now.triggers if t.state == "unknown"]
    if unknown:
        paragraph(fig, cur, "Unknown, not 'not fired': " + ", ".join(unknown) + ": every "
                  "source is stale, so nothing says whether they would fire.", 7.5,
                  color="#8a5a00")
    top, size = cur.y + 0.04, 6.0
    widths = [1.45, 0.95, 1.85, 2.35]
    shown = nowpanel.panel(now, data.labels)["triggers"]
    rows = [[_wrap(t["label"], widths[0] - 0.1, size), t["state"],
             _wrap(t["reading"], widths[2] - 0.1, size),
             _wrap(t["distance"], widths[3] - 0.1, size)] for t in shown]
    fills = [[None, "#ffe08a" if t.state == "unknown" else "#f6c7ad" if t.state == "fired"
              else None, None, None] for t in now.triggers]
    table(fig, cur, ["trigger", "state", "value vs threshold", "how far"], rows, widths, size,
          fills, align="llll")
    _events_and_inputs(fig, data, top, x=MARGIN + sum(widths) + 0.25)


def _events_and_inputs(fig: Any, data: ReportData, top: float, x: float) -> float:
    """The latest Fed events and the inputs' freshness in a column at `x`; returns its end."""
    now = data.now
    assert now is not None
    width = PAGE_W - MARGIN - x
    cur = Cursor(top)
    paragraph(fig, cur, "Latest Fed events", 8, x=x, width=width, weight="bold")
    for e in reversed(now.fed_events):
        paragraph(fig, cur, f"{e['date']} {EVENT_LABEL.get(e['type'], e['type'])}: "
                  f"{e['description']}", 6.0, x=x, width=width)
    cur.y += 0.05
    paragraph(fig, cur, "Inputs (last observation)", 8, x=x, width=width, weight="bold")
    stale = [f"{i.series} {i.last_observation}" for i in now.inputs if not i.fresh]
    fresh = [f"{i.series} {i.last_observation}" for i in now.inputs if i.fresh]
    if stale:
        paragraph(fig, cur, "Stale (their triggers read unknown unless another source is "
                  "live): " + ", ".join(stale) + ".", 6.2, x=x, width=width, color="#8a5a00")
    if fresh:
        paragraph(fig, cur, "Fresh: " + ", ".join(fresh) + ".", 6.2, x=x, width=width)
    return cur.y


def holdings_page(fig: Any, data: ReportData) -> None:
    """What each rule holds today and would move to: a page of its own, after the now page
    (beside the triggers, seven rules by four regimes were set too small to read)."""
    now = data.now
    assert now is not None
    cur = Cursor()
    states = list(dict.fromkeys(s for h in now.holdings for s in h.next))
    heading(fig, cur, f"Where we are now: what each rule holds on {now.as_of}",
            f"The target in force on {now.as_of} (the rest in cash), and the target after one "
            f"day in each regime the machine can move to from {now.regime} (hypothetical: "
            f"nothing is traded after {now.prices_end}, the last day with prices).")
    size = 7.5
    w = (PAGE_W - 2 * MARGIN - 1.6) / (1 + len(states))
    rows = [[h.strategy, _wrap(nowpanel.mix_text(h.today), w - 0.1, size)]
            + [_wrap(nowpanel.mix_text(h.next.get(s, {})), w - 0.1, size) for s in states]
            for h in now.holdings]
    table(fig, cur, ["strategy", f"today ({now.regime})", *[f"if {s}" for s in states]], rows,
          [1.6] + [w] * (1 + len(states)), size, align="l" * (2 + len(states)))


def scorecard_page(fig: Any, data: ReportData) -> None:
    cur = Cursor()
    heading(fig, cur, "Design vs hold-out: the scorecard", evidence.sentence(data) + " "
            + " ".join(evidence.what_it_isolates(data.benchmark, data.timing)))
    counts = evidence.role_counts(data)
    roles = [r for r in ("design", "holdout") if counts[r]]
    header = ["strategy", "against"] + [
        f"{evidence.ROLE_TITLE[r]} ({counts[r]}):\n{evidence.CRITERION_LABEL[k]}, median"
        for r in roles for k in evidence.CRITERION_LABEL]
    rows: list[list[str]] = []
    fills: list[list[str | None]] = []
    for r in evidence.scorecard_rows(data):
        cells = [r["cells"].get(role, {}).get(k) for role in roles for k in evidence.CRITERIA]
        rows.append([r["strategy"] if not r["timing"] else "",
                     r["against"] + (" (timing)" if r["timing"] else "")]
                    + [f"{c.beat} of {c.episodes}   {c.text}" if c else "-" for c in cells])
        fills.append([None, None, *[None if c is None or c.median != c.median or c.median == 0
                                     else "#d6e9f5" if c.median > 0 else "#fbe5c0"
                                     for c in cells]])
    w = (PAGE_W - 2 * MARGIN - 3.0) / max(1, len(header) - 2)
    table(fig, cur, header, rows, [1.45, 1.55] + [w] * (len(header) - 2), 6.5, fills,
          align="ll")
    _intervals(fig, data, cur)


def _intervals(fig: Any, data: ReportData, cur: Cursor) -> None:
    found = evidence.intervals(data)
    names = list(data.episodes)
    if not found:
        return
    paragraph(fig, cur, f"Difference against {data.benchmark}: annualised return (pp a year) "
              "and Sharpe, each with its interval below; * = the interval excludes zero. "
              + evidence.method_note(), 7, color=GREY)
    size = 5.3
    w = (PAGE_W - 2 * MARGIN - 1.3) / len(names)
    header = ["strategy"] + [f"{e.replace('_', '_' + chr(10), 1)}\n({data.episodes[e].role})"
                             for e in names]
    rows = []
    for s in [s for s in data.labels if s != data.benchmark]:
        row = [s]
        for e in names:
            iv = found.get((s, e))
            if iv is None:
                row.append("-")
                continue
            parts = []
            for stat in ("cagr", "sharpe"):
                value, ci = iv[stat].text(stat)
                parts += [value.replace(" a year", "") + ("*" if iv[stat].sure else ""), ci]
            row.append("\n".join(parts))
        rows.append(row)
    table(fig, cur, header, rows, [1.3] + [w] * len(names), size)
