"""How API results show themselves: compact HTML for notebooks, aligned text for terminals.

Every piece of user text (labels, episode descriptions, trigger reasons) is escaped before it
reaches HTML. Numbers are formatted by what they measure: fractions as percentages (their
differences in percentage points), day counts, basis points, ratios.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

# Metrics that are fractions of capital or of a year (shown as %, differences in pp).
FRACTIONS = {"total_return", "cagr", "ann_volatility", "max_drawdown", "worst_day",
             "worst_month", "annual_turnover", "peak_to_trough", "trough_plus_12m",
             "costs_total"}
UNSIGNED = {"ann_volatility", "annual_turnover", "costs_total"}  # never negative
NOT_RECOVERED = {"recovery_days", "time_to_recover_days"}  # NaN there means "not recovered"
STYLE = ("<style>.qe-pb table{border-collapse:collapse;font-size:12px;margin:4px 0}"
         ".qe-pb th,.qe-pb td{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}"
         ".qe-pb th:first-child,.qe-pb td:first-child{text-align:left}"
         ".qe-pb caption{text-align:left;font-weight:bold;padding:2px 0}"
         ".qe-pb .note{color:#555;font-size:11px;margin:2px 0}</style>")


def value(metric: str, v: float) -> str:
    """One metric value as a reader expects it."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "not recovered" if metric in NOT_RECOVERED else "–"
    if metric in FRACTIONS:
        return f"{v:.1%}" if metric in UNSIGNED else f"{v:+.1%}"
    if metric.endswith("_days") or metric == "rebalances":
        return f"{v:,.0f}"
    if metric.endswith("_bp"):
        return f"{v:,.0f} bp"
    return f"{v:,.2f}"


def difference(metric: str, d: float) -> str:
    """A difference of two metric values: fractions in percentage points."""
    if d is None or (isinstance(d, float) and math.isnan(d)):
        return "–"
    if metric in FRACTIONS:
        return f"{d * 100:+.1f} pp"
    if metric.endswith("_days") or metric == "rebalances":
        return f"{d:+,.0f}"
    if metric.endswith("_bp"):
        return f"{d:+,.0f} bp"
    return f"{d:+,.2f}"


def html_table(header: Sequence[str], rows: Sequence[Sequence[Any]], caption: str = "",
               notes: Sequence[str] = ()) -> str:
    """A small table; every cell and the caption are escaped."""
    esc = html.escape
    head = "".join(f"<th>{esc(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in row) + "</tr>"
                   for row in rows)
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    foot = "".join(f'<p class="note">{esc(n)}</p>' for n in notes)
    return (f'<div class="qe-pb">{STYLE}<table>{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>{foot}</div>")


def text_table(header: Sequence[str], rows: Sequence[Sequence[Any]], caption: str = "",
               notes: Sequence[str] = (), numbers: bool = True) -> str:
    """The same table as aligned plain text (first column left; the rest right-aligned when
    they hold `numbers`, else left-aligned)."""
    cells = [[str(h) for h in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(c.rjust(w) if i and numbers else c.ljust(w)
                         for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()

    out = ([caption] if caption else []) + [line(cells[0]),
                                            "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells[1:]]
    return "\n".join(out + [f"  {n}" for n in notes])


def metric_rows(metrics: Sequence[str], columns: Sequence[dict[str, float]],
                diff: tuple[int, int] | None) -> list[list[str]]:
    """One row per metric: each column's value, then column a - column b when `diff`."""
    rows = []
    for m in metrics:
        row = [m, *(value(m, c.get(m, math.nan)) for c in columns)]
        if diff is not None:
            a, b = columns[diff[0]].get(m, math.nan), columns[diff[1]].get(m, math.nan)
            row.append(difference(m, a - b))
        rows.append(row)
    return rows
