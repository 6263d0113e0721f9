"""report.pdf: the committee pack, drawn with matplotlib's PDF backend (no browser needed).

Pages, in order: [the plan], the headline grid (two pages for many episodes), the rules,
[now], [holdings], a page per design and overall episode (hold-out crises two to a page, so
eleven episodes make a pack of about fifteen pages), [if it started today], [scorecard],
assumptions and glossary. The bracketed pages are hooks: pass a PageFn (draws one page on a
Figure from the ReportData) and the pack, its page count and its test follow.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from backtests.report.model import ReportData
from backtests.report.pdf_assumptions import assumptions_page
from backtests.report.pdf_draw import GREY, MARGIN, PAGE_H, PAGE_W
from backtests.report.pdf_episode import episode_page, pair_page
from backtests.report.pdf_headline import headline_pages
from backtests.report.pdf_rules import rules_page

PageFn = Callable[[Any, ReportData], None]
# The PDF's 14 core fonts (Helvetica) are never embedded and need no glyph layout: pages draw
# several times faster than with an embedded TrueType font. They cover Latin-1 only, so the
# drawing helpers map the few other characters the report uses (pdf_draw.LATIN1).
RC: Any = {"pdf.use14corefonts": True, "font.family": "sans-serif",
      "font.sans-serif": ["Helvetica", "DejaVu Sans"], "pdf.compression": 6,
      "axes.unicode_minus": False}


def pages(data: ReportData, now: PageFn | None = None,
          scorecard: PageFn | None = None, plan: PageFn | None = None,
          today: PageFn | None = None, holdings: PageFn | None = None) -> list[PageFn]:
    """`plan` (page 1 when given), `now` and `holdings` (what each rule holds today and
    would move to) after the rules, `today` ("If it started today", after the episodes)."""
    out: list[PageFn] = [plan] if plan is not None else []
    out += [*headline_pages(data), rules_page]
    out += [p for p in (now, holdings) if p is not None]
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
          today: PageFn | None = None, holdings: PageFn | None = None) -> None:
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
            for i, page in enumerate(pages(data, now, scorecard, plan, today, holdings),
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
