"""report.pdf's last page: the assumptions behind every figure, the sleeves and the glossary."""

from __future__ import annotations

from typing import Any

from backtests.report import glossary
from backtests.report.model import ReportData
from backtests.report.pdf_draw import MARGIN, PAGE_H, PAGE_W, Cursor, heading, paragraph
from backtests.report.pdf_draw import table as draw_table


def assumptions_page(fig: Any, data: ReportData) -> None:
    cur = Cursor()
    c = data.config.costs
    heading(fig, cur, "Assumptions and definitions", f"Decisions at the close of day t trade "
            f"at the close of day t+1; fees {c.fee_bps:g} bp + slippage {c.slippage_bps:g} bp per "
            f"trade; rebalance when a target changes or a weight drifts over {c.band:.0%}. Cash "
            "earns the 3-month T-bill rate. Every macro series enters on its publication day; Fed "
            "events on the first trading day on or after the announcement. " + glossary.ENTRY)
    rows = [[k, data.market.sleeve_descriptions.get(k, "")] for k in data.market.sleeves]
    draw_table(fig, cur, ["sleeve", "tracks (total return unless stated)"], rows,
               [1.6, PAGE_W - 2 * MARGIN - 1.6], 6.5)
    half = (PAGE_W - 2 * MARGIN - 0.3) / 2
    terms = glossary.TERMS
    split = (len(terms) + 1) // 2
    top = cur.y
    for col, part in enumerate((terms[:split], terms[split:])):
        cur.y = top
        for t in part:
            paragraph(fig, cur, f"{t.label}: {t.definition}", 6.5, width=half,
                      x=MARGIN + col * (half + 0.3))
    if cur.y > PAGE_H:  # never silently cut: a longer glossary needs a second page
        raise RuntimeError("report.pdf: the assumptions page overflows; split it")
