"""report.pdf's headline page: every strategy on every episode, coloured against the benchmark.

Episodes are rows (the pack grows down as episodes are added), strategies columns. The
font shrinks to keep every row on the page down to about 7 pt; beyond that (the committee
run's eleven episodes) the hold-out crises take a page of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from backtests.report import evidence, fmt, tables
from backtests.report.model import ReportData
from backtests.report.pdf_draw import GREY, LINE, MARGIN, PAGE_H, PAGE_W, Cursor, heading, paragraph
from backtests.report.pdf_draw import table as draw_table

ROLE = {"design": "design (in-sample)", "holdout": "hold-out", "overall": "whole period"}
MAX_LINES = 30  # cell lines on one page (about 7 pt); more episodes take another page


def headline_pages(data: ReportData) -> list[Callable[[Any, ReportData], None]]:
    """One page of every episode, or (too many rows to read) the design crises and whole
    periods, then the hold-out crises, each cut to MAX_LINES if still too long."""
    names, lines = list(data.episodes), _lines(data)
    if len(names) * lines <= MAX_LINES:
        return [partial(headline_page, names=tuple(names))]
    groups = [[n for n in names if data.episodes[n].role != "holdout"],
              [n for n in names if data.episodes[n].role == "holdout"]]
    per = max(1, MAX_LINES // lines)
    return [partial(headline_page, names=tuple(g[i:i + per]), first=not (k or i))
            for k, g in enumerate(x for x in groups if x) for i in range(0, len(g), per)]


def _lines(data: ReportData) -> int:
    return 5 if data.timing else 4


def headline_page(fig: Any, data: ReportData, names: tuple[str, ...] = (),
                  first: bool = True) -> None:
    cur = Cursor()
    bench = data.benchmark
    names = names or tuple(data.episodes)
    roles = {ROLE.get(data.episodes[e].role, "") for e in names}
    title = data.config.title if first else f"Results, continued: {', '.join(sorted(roles))}"
    heading(fig, cur, title, f"Run {data.run_id} · data through "
            f"{data.market.data_end:%Y-%m-%d} · data sha256 {data.market.data_hash[:12]} · code "
            f"{data.provenance.get('code_version', '?')}. The thresholds and the QE calendar "
            "were set knowing how the design crises unfolded (in-sample). "
            + (evidence.sentence(data) if first else ""))
    grid = tables.grid(data.runs, bench, data.timing, tables.sure_of(data.intervals))
    labels = list(grid)
    lines = _lines(data)
    # episodes as rows (the pack grows down as episodes are added), strategies as columns;
    # the font shrinks to keep every row on the page
    space = PAGE_H - MARGIN - cur.y - 1.0
    size = min(7.5, (space - 0.06 * (len(names) + 1)) / ((lines * len(names) + 2) * LINE / 72))
    width = (PAGE_W - 2 * MARGIN - 1.45) / len(labels)
    header = ["episode"] + [s.replace("_", "_\n", 1) if len(s) > 14 else s for s in labels]
    rows = [[f"{e}\n{_dates(data, e)}\n{ROLE.get(data.episodes[e].role, '')}"]
            + [_cell(grid[s][e], s == bench) for s in labels] for e in names]
    fills: list[list[str | None]] = [
        [None, *(None if s == bench else _fill(grid[s][e].d_cagr) for s in labels)]
        for e in names]
    draw_table(fig, cur, header, rows, [1.45] + [width] * len(labels), size, fills)
    timing = (f"; for the rules, their timing value: the difference against {data.timing} (the "
              "strategic mix held) in pp a year" if data.timing else "")
    paragraph(fig, cur, f"Each cell: total return and annualised return; the worst drawdown; "
              f"the difference against {bench} in pp a year (* its 90% bootstrap interval "
              f"excludes zero), and whether the worst drawdown was shallower or deeper than "
              f"{bench}'s (in pp){timing}. Design crises are in-sample (the rules were written "
              "knowing them); hold-out crises were not used to write the rules. Colour rule: "
              "blue when the "
              f"annualised return beats {bench} by at least 0.5 pp a year, orange when it "
              "trails by at least 0.5 pp a year, stronger with the gap (full from 5 pp a year). "
              "Every figure is a total return after fees and slippage; exact definitions on "
              "the last page.", 8, color=GREY)


def _dates(data: ReportData, episode: str) -> str:
    a, b = data.window(episode)
    return f"{a:%Y-%m}→{b:%Y-%m}"


def _cell(c: tables.Cell, bench: bool) -> str:
    lines = [f"{fmt.pct(c.total)} ({fmt.pct(c.cagr)}/yr)", f"worst {fmt.pct(c.max_dd)}"]
    if not bench:
        lines += [f"{fmt.pp(c.d_cagr)} a year" + ("*" if c.sure else ""), c.dd_words]
        if c.timing == c.timing:
            lines.append(f"timing {fmt.pp(c.timing)} a year")
    return "\n".join(lines)


def _fill(d_cagr: float) -> str | None:
    colour = tables.colour(d_cagr)
    if colour == "transparent":
        return None
    r, g, b, a = colour[5:-1].split(",")
    mix = [round(255 - (255 - int(v)) * float(a)) for v in (r, g, b)]  # flatten the alpha
    return "#{:02x}{:02x}{:02x}".format(*mix)
