"""report.pdf: the committee pack, drawn with matplotlib's PDF backend (no browser needed).

Pages, in order: [the plan], headline, the rules, [now], a page per design and overall
episode (hold-out crises two to a page, so eleven episodes still make a pack of about twelve
pages), [if it started today], [scorecard], assumptions and glossary. The bracketed pages
are hooks: pass a PageFn (draws one page on a Figure from the ReportData) and the pack, its page
count and its test follow.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from backtests.report import evidence, fmt, glossary, tables
from backtests.report.model import ReportData
from backtests.report.pdf_draw import (
    GREY,
    LINE,
    MARGIN,
    PAGE_H,
    PAGE_W,
    Cursor,
    heading,
    paragraph,
)
from backtests.report.pdf_draw import table as draw_table
from backtests.report.pdf_episode import episode_page, pair_page
from backtests.report.ruletext import mix_name

PageFn = Callable[[Any, ReportData], None]
ROLE = {"design": "design (in-sample)", "holdout": "hold-out", "overall": "whole period"}
# The PDF's 14 core fonts (Helvetica) are never embedded and need no glyph layout: pages draw
# several times faster than with an embedded TrueType font. They cover Latin-1 only, so the
# drawing helpers map the few other characters the report uses (pdf_draw.LATIN1).
RC: Any = {"pdf.use14corefonts": True, "font.family": "sans-serif",
      "font.sans-serif": ["Helvetica", "DejaVu Sans"], "pdf.compression": 6,
      "axes.unicode_minus": False}


def pages(data: ReportData, now: PageFn | None = None,
          scorecard: PageFn | None = None, plan: PageFn | None = None,
          today: PageFn | None = None) -> list[PageFn]:
    """`plan` (page 1 when given) and `today` ("If it started today", after the episodes)."""
    out: list[PageFn] = [plan] if plan is not None else []
    out += [headline_page, rules_page]
    if now is not None:
        out.append(now)
    out += episode_pages(data)
    if today is not None:
        out.append(today)
    if scorecard is not None:
        out.append(scorecard)
    return [*out, assumptions_page]


def episode_pages(data: ReportData) -> list[PageFn]:
    """In the configuration's order; consecutive hold-out crises share a page in pairs."""
    out: list[PageFn] = []
    held: list[str] = []
    for name, ep in data.episodes.items():
        if ep.role == "holdout":
            held.append(name)
            if len(held) == 2:
                out.append(partial(pair_page, names=tuple(held)))
                held = []
            continue
        if held:
            out.append(partial(pair_page, names=tuple(held)))
            held = []
        out.append(partial(episode_page, name=name))
    if held:
        out.append(partial(pair_page, names=tuple(held)))
    return out


def page_count(data: ReportData, **hooks: PageFn | None) -> int:
    return len(pages(data, **hooks))


def write(data: ReportData, path: Path, now: PageFn | None = None,
          scorecard: PageFn | None = None, plan: PageFn | None = None,
          today: PageFn | None = None) -> None:
    """Draw every page into `path` (written whole: a temporary file, then renamed)."""
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    from backtests.episodes.outputs import atomic_write

    meta = {"Title": data.config.title, "Subject": f"qe-playbook run {data.run_id}",
            "Keywords": ", ".join([*data.labels, *data.episodes]), "Creator": "qe-playbook",
            "CreationDate": None}

    def draw(tmp: Path) -> None:
        with matplotlib.rc_context(RC), _quiet_font_lookup(), \
                PdfPages(tmp, metadata=meta) as pack:
            for i, page in enumerate(pages(data, now, scorecard, plan, today),
                                            start=1):
                fig = Figure(figsize=(PAGE_W, PAGE_H))
                page(fig, data)
                fig.text(1 - MARGIN / PAGE_W, 0.25 / PAGE_H, f"{data.run_id} · page {i}",
                         fontsize=6.5, color=GREY, ha="right")
                pack.savefig(fig)

    atomic_write(path, draw)


@contextmanager
def _quiet_font_lookup() -> Iterator[None]:
    """matplotlib warns that the core Helvetica's weight is 'Medium', not 'normal', on every
    lookup: true and harmless, so it is silenced while the pack is drawn (and only then)."""
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def headline_page(fig: Any, data: ReportData) -> None:
    cur = Cursor()
    bench = data.benchmark
    heading(fig, cur, data.config.title, f"Run {data.run_id} · data through "
            f"{data.market.data_end:%Y-%m-%d} · data sha256 {data.market.data_hash[:12]} · code "
            f"{data.provenance.get('code_version', '?')}. The thresholds and the QE calendar "
            "were set knowing how the design crises unfolded (in-sample). "
            + evidence.sentence(data))
    names = list(data.episodes)
    grid = tables.grid(data.runs, bench, data.timing, tables.sure_of(data.intervals))
    labels = list(grid)
    lines = 5 if data.timing else 4
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


def rules_page(fig: Any, data: ReportData) -> None:
    cur = Cursor()
    heading(fig, cur, "The rules", f"Each strategy, the scenario of the article it encodes, the "
            f"mixes it moves between (weights; the rest in T-bills) and its main parameters. "
            f"{data.benchmark} is the benchmark every difference is measured against.")
    mixes = _distinct_mixes(data.rules)
    sleeves = list(dict.fromkeys(s for m in mixes.values() for s in m))
    w = (PAGE_W - 2 * MARGIN - 1.55) / max(len(mixes), 1)
    draw_table(fig, cur, ["sleeve"] + [n.replace(" ", "\n", 1) for n in mixes],
               [[s] + [_pct(m.get(s)) for m in mixes.values()] for s in sleeves],
               [1.55] + [w] * len(mixes), 7.0)
    for c in data.rules:
        uses = ", ".join(f"the column '{_named(c, n)}'" if n == "holds" else n
                         if n == _named(c, n) else f"{n} = {_named(c, n)}" for n in c.mix_names)
        params = "; ".join(f"{n} {v}" for n, v, _ in c.params)
        tag = "the benchmark" if c.label == data.benchmark else c.scenario
        what = c.paragraphs[-1] if c.scenario.startswith("scenario") else c.paragraphs[0]
        paragraph(fig, cur, f"{c.label} ({tag}). {what.replace('`', '')} Mixes: {uses or '—'}. "
                  f"Parameters: {params or '—'}.", 7.5)


def _named(card: Any, field_name: str) -> str:
    if field_name == "holds":
        return f"{card.label} holds"
    return mix_name(card.mixes[field_name], field_name, card.label)


def _distinct_mixes(cards: list[Any]) -> dict[str, dict[str, float]]:
    """Every mix any rule uses, once, under its name in strategies/mixes.py."""
    out: dict[str, dict[str, float]] = {}
    for c in cards:
        for n in c.mix_names:
            out.setdefault(_named(c, n), c.mixes[n])
    return out


def _pct(v: float | None) -> str:
    return "" if not v else f"{v:.0%}"


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
