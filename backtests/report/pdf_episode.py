"""One PDF page per episode: dates, the numbers in words, the chart, metrics and attribution."""

from __future__ import annotations

from typing import Any

import pandas as pd

from backtests.report import fmt, tables
from backtests.report.markers import event_days, regime_spans
from backtests.report.model import ReportData
from backtests.report.pdf_draw import (
    GREY,
    MARGIN,
    PAGE_H,
    PAGE_W,
    Cursor,
    axes,
    heading,
    paragraph,
    text,
)
from backtests.report.pdf_draw import table as draw_table
from backtests.report.style import EVENT_CLASSES, REGIME_LABEL, REGIME_SOLID, SLEEVE_SHORT

CHART_W, CHART_H = 6.1, 3.75
MARKERS = {"triangle-down": "v", "diamond": "D", "square": "s"}


def episode_page(fig: Any, data: ReportData, name: str) -> None:
    """A whole page: dates, the numbers in words, chart, metrics and attribution."""
    cur = Cursor()
    _header(fig, data, name, cur, facts=True)
    top = cur.y + 0.12
    _chart(fig, data, name, top + 0.12, CHART_H)
    cur.y = top
    _metrics(fig, data, name, cur)
    cur.y = max(cur.y, top + CHART_H + 0.55)
    _attribution(fig, data, name, cur)


def pair_page(fig: Any, data: ReportData, names: tuple[str, ...]) -> None:
    """Two hold-out episodes on one page (chart and metrics; their attribution is in
    index.html)."""
    cur = Cursor()
    for name in names:
        _header(fig, data, name, cur, facts=False, size=11)
        top = cur.y + 0.1
        _chart(fig, data, name, top + 0.1, 2.35, columns=7)
        cur.y = top
        _metrics(fig, data, name, cur, size=5.8, notes=False)
        cur.y = max(cur.y, top + 2.75) + 0.2


def _header(fig: Any, data: ReportData, name: str, cur: Cursor, facts: bool,
            size: float = 14) -> None:
    ep = data.episodes[name]
    start, end = data.window(name)
    heading(fig, cur, f"{name}   {start:%Y-%m-%d} → {end:%Y-%m-%d} "
            f"({fmt.years(str(start.date()), str(end.date()))}, {ep.role})", ep.description,
            size)
    paragraph(fig, cur, tables.narrative(data.runs, name, data.benchmark,
                                         data.config.highlight), 7.5 if facts else 6.8)
    if not facts:
        return
    found = tables.index_facts(data.market.context.panel, data.market.prices, start, end)
    late = tables.late_sleeves(data.market, start, end)
    if found or late:
        paragraph(fig, cur, ("Worst fall inside the window (price indexes vs the total-return "
                             "sleeves): " + "; ".join(found) + ". " if found else "")
                  + ("Not every sleeve has data over the whole window: " + "; ".join(late) + "."
                     if late else ""), 6.5, color=GREY)


def _chart(fig: Any, data: ReportData, name: str, top: float, height: float,
           columns: int = 4) -> None:
    runs = data.of(name)
    up = axes(fig, MARGIN + 0.35, top, CHART_W - 0.35, height * 0.62)
    down = axes(fig, MARGIN + 0.35, top + height * 0.66, CHART_W - 0.35, height * 0.3)
    down.sharex(up)
    first = runs[0].result.value
    long = len(first) > 1500
    for r in runs:
        v = r.result.value.resample("W-FRI").last() if long else r.result.value
        dd = v / v.cummax().clip(lower=1.0) - 1.0
        colour, dash = data.styles[r.strategy]
        style = {"color": colour, "lw": 1.9 if r.strategy == data.config.highlight else 1.0,
                 "ls": ":" if dash == "dot" else "--" if dash else "-"}
        up.plot(v.index, v.to_numpy(), label=r.strategy, **style)
        down.plot(dd.index, dd.to_numpy(), **style)
    _shade(data, first.index[0], first.index[-1], [up, down])
    _events(data, first.index[0], first.index[-1], up)
    if (first.index[-1] - first.index[0]).days > 365.25 * 5:
        from matplotlib.ticker import LogLocator, NullFormatter

        up.set_yscale("log")
        up.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        up.yaxis.set_major_formatter(lambda y, _: f"{y:g}")  # plain numbers, not mathtext
        up.yaxis.set_minor_formatter(NullFormatter())
    up.set_title("growth of 1" + (" (log scale, weekly points)" if long else ""), fontsize=7,
                 loc="left")
    down.set_title("drawdown", fontsize=7, loc="left")
    down.yaxis.set_major_formatter(lambda y, _: f"{y:.0%}")
    for ax in (up, down):
        ax.tick_params(labelsize=6)
        ax.grid(alpha=0.25, lw=0.4)
        ax.margins(x=0)
    up.tick_params(labelbottom=False)
    handles, labels = up.get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=6 if columns <= 4 else 5.5, ncols=columns,
               frameon=False, loc="upper left",
               bbox_to_anchor=(MARGIN / PAGE_W, 1 - (top + height * 0.96 + 0.19) / PAGE_H))


def _shade(data: ReportData, start: pd.Timestamp, end: pd.Timestamp, axs: list[Any]) -> None:
    regimes = data.market.context.regimes["regime"].loc[start:end]
    for a, b, name in regime_spans(regimes):
        if name != "calm":
            for ax in axs:
                ax.axvspan(a, b, color=REGIME_SOLID[name], alpha=0.35, lw=0, zorder=0)


def _events(data: ReportData, start: pd.Timestamp, end: pd.Timestamp, ax: Any) -> None:
    for day in event_days(data.market.events, start, end):
        _, colour, symbol = EVENT_CLASSES[day.kind]
        ax.axvline(day.date, color=colour, lw=0.5, ls=":", zorder=1)
        ax.plot([day.date], [0.97], transform=ax.get_xaxis_transform(), marker=MARKERS[symbol],
                color=colour, ms=4, zorder=3)


def _metrics(fig: Any, data: ReportData, name: str, cur: Cursor, size: float = 6.3,
             notes: bool = True) -> None:
    """The strategies' figures beside the chart (line colours name them in pair pages)."""
    x = MARGIN + CHART_W + 0.15
    rows = [[r["strategy"], r["max_drawdown"], r["recovery"].replace(" (", "\n("),
             r["cost_drag"]] for r in tables.phase_rows(data.runs, name)]
    grid = tables.grid(data.runs, data.benchmark)
    for row in rows:
        c = grid[row[0]][name]
        row[1:1] = [f"{fmt.pct(c.total)}\n{fmt.pct(c.cagr)}/yr"]
    widths = [1.25, 0.72, 0.58, 0.8, 0.5]
    draw_table(fig, cur, ["strategy", "total\nannualised", "worst\ndrawdown", "time to\nrecover",
                          "cost\ndrag/yr"], rows, widths, size, x=x)
    if not notes:
        return
    text(fig, x, cur.y, "Shading, the regime in force:", 6.3, color=GREY)
    left = x + 1.45
    for k in [k for k in REGIME_SOLID if k != "calm"]:
        text(fig, left, cur.y, REGIME_LABEL[k], 6.3,
             bbox={"facecolor": REGIME_SOLID[k], "alpha": 0.6, "lw": 0, "pad": 1.2})
        left += 0.12 + len(REGIME_LABEL[k]) * 0.055
    cur.y += 0.22
    paragraph(fig, cur, "Fed events: triangles QE and liquidity, diamonds rate cuts, squares "
              "taper, QE end and QT. Time to recover: the worst drawdown, peak to recovery, in "
              "calendar days.", 6.2, width=PAGE_W - x - MARGIN, x=x, color=GREY)


def _attribution(fig: Any, data: ReportData, name: str, cur: Cursor) -> None:
    """By regime and by sleeve side by side; each group adds up to the total."""
    att = data.attribution.get(name)
    if att is None:
        return
    reg, slv = att.by_regime, att.by_sleeve
    header = ["pp vs " + data.benchmark] + [
        f"{REGIME_LABEL.get(k, k).replace(' ', chr(10))}\n{att.regime_days.get(k, 0):.0%}"
        for k in reg.index
    ] + [SLEEVE_SHORT.get(k, k).replace(" ", "\n").replace("_", "\n") for k in slv.index]
    header.append("total")
    rows = [[s] + [_pp(reg.loc[k, s]) for k in reg.index] + [_pp(slv.loc[k, s])
                                                              for k in slv.index]
            + [_pp(att.total[s])] for s in att.total.index]
    w = (PAGE_W - 2 * MARGIN - 1.45) / (len(header) - 1)
    paragraph(fig, cur, f"Where the difference against {data.benchmark} came from, in pp of "
              f"the starting capital: first by the regime in force ({len(reg)} columns, with "
              f"the share of the episode's days in each), then by sleeve ({len(slv)} columns, "
              "costs apart); each group adds up to the total.", 6.8, color=GREY)
    draw_table(fig, cur, header, rows, [1.45] + [w] * (len(header) - 1), 6.0)


def _pp(x: float) -> str:
    return fmt.pp(x).replace(" pp", "")
