"""Drawing helpers for the PDF pack: wrapped text and plain tables on a matplotlib Figure.

Coordinates are in inches from the page's top-left corner, which keeps page layouts readable;
matplotlib is imported by the caller (pdf.py) only when a pack is written.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

PAGE_W, PAGE_H = 11.0, 8.27  # landscape: fits A4 (11.69 x 8.27) and Letter (11 x 8.5)
MARGIN = 0.45
GREY = "#5c636a"
LINE = 1.35  # line height in units of the font size
FOOTER_CLEAR = 0.45  # inches kept free above the page's bottom edge for the page number


LATIN1 = str.maketrans({"\u2212": "-", "\u2192": "->", "\u2013": "-", "\u2014": "-",
                        "\u2026": "...", "\u2264": "<=", "\u2265": ">=", "\u0394": "D",
                        "\u25bc": "v", "\u25c6": "<>", "\u25a0": "#", "\u2248": "~"})


def latin1(s: str) -> str:
    """Text the core fonts can show: known symbols mapped, anything else replaced by '?'."""
    return s.translate(LATIN1).encode("latin-1", "replace").decode("latin-1")


@dataclass
class Cursor:
    """Top-down position on a page, in inches."""

    y: float = MARGIN

    def take(self, height: float) -> float:
        top = self.y
        self.y += height
        return top


def text(fig: Any, x: float, y: float, s: str, size: float = 8.0, **kw: Any) -> None:
    """Text with its top-left corner at (x, y) inches from the page's top-left."""
    fig.text(x / PAGE_W, 1 - y / PAGE_H, latin1(s), fontsize=size, va="top", ha="left",
             parse_math=False, **kw)  # user text is text: '$' never starts mathtext


def paragraph(fig: Any, cur: Cursor, s: str, size: float = 8.0, width: float | None = None,
              x: float = MARGIN, **kw: Any) -> None:
    """Wrapped text advancing the cursor; `width` in inches (default: the page's)."""
    width = width or PAGE_W - 2 * MARGIN
    chars = max(20, int(width / (size * 0.5 / 72)))  # Helvetica averages ~0.5 em
    lines = textwrap.wrap(s, chars) or [""]
    step = size * LINE / 72
    # One text per line, placed by its baseline: aligned by the top, a line with taller glyphs
    # ('$', brackets, quotes) would sit lower than its neighbours.
    for i, line in enumerate(lines):
        fig.text(x / PAGE_W, 1 - (cur.y + i * step + 0.8 * size / 72) / PAGE_H, latin1(line),
                 fontsize=size, va="baseline", ha="left", parse_math=False, **kw)
    cur.y += len(lines) * step + 0.06


def table(fig: Any, cur: Cursor, header: list[str], rows: list[list[str]],
          widths: list[float], size: float = 7.0, fills: list[list[str | None]] | None = None,
          x: float = MARGIN, bold_first: bool = True, align: str = "") -> None:
    """A ruled table; cells may hold several lines ('\\n'); widths in inches per column;
    `align` per column, 'l' or 'r' (default: the first column left, the others right)."""
    from matplotlib.patches import Rectangle

    def row_h(cells: list[str]) -> float:
        return max(c.count("\n") + 1 for c in cells) * line_h + 0.06

    # A table that would run into the page number (0.25 in from the bottom) is set smaller to
    # fit the room left, never below 4.5 pt: a row must not overprint the footer.
    line_h = size * LINE / 72
    need, room = sum(row_h(r) for r in [header, *rows]), PAGE_H - FOOTER_CLEAR - cur.y
    if need > room > 0:
        size = max(4.5, size * (room - 0.06 * (len(rows) + 1)) / (need - 0.06 * (len(rows) + 1)))
        line_h = size * LINE / 72

    def draw(cells: list[str], shade: list[str | None], bold: bool) -> None:
        h = row_h(cells)
        left = x
        for j, (cell, w) in enumerate(zip(cells, widths, strict=True)):
            if shade[j]:
                fig.add_artist(Rectangle((left / PAGE_W, 1 - (cur.y + h) / PAGE_H),
                                         w / PAGE_W, h / PAGE_H, transform=fig.transFigure,
                                         facecolor=shade[j], edgecolor="none", zorder=0))
            right = align[j] == "r" if j < len(align) else j > 0
            for i, line in enumerate(cell.split("\n")):  # by baseline, as in paragraph()
                fig.text((left + (w - 0.05 if right else 0.05)) / PAGE_W,
                         1 - (cur.y + 0.03 + i * line_h + 0.8 * size / 72) / PAGE_H,
                         latin1(line), fontsize=size, va="baseline",
                         ha="right" if right else "left", parse_math=False,
                         weight="bold" if bold or (bold_first and j == 0) else "normal")
            left += w
        cur.y += h
        fig.add_artist(_rule(fig, x, sum(widths), cur.y))

    fig.add_artist(_rule(fig, x, sum(widths), cur.y, 0.8))
    draw(header, [None] * len(header), True)
    for i, row in enumerate(rows):
        draw(row, fills[i] if fills else [None] * len(row), False)
    cur.y += 0.12


def _rule(fig: Any, x: float, width: float, y: float, lw: float = 0.3) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([x / PAGE_W, (x + width) / PAGE_W], [1 - y / PAGE_H] * 2, lw=lw,
                  color="#adb5bd", transform=fig.transFigure)


def axes(fig: Any, x: float, y: float, w: float, h: float) -> Any:
    """An Axes at (x, y) inches from the top-left, w x h inches."""
    return fig.add_axes((x / PAGE_W, 1 - (y + h) / PAGE_H, w / PAGE_W, h / PAGE_H))


def heading(fig: Any, cur: Cursor, title: str, sub: str = "", size: float = 14) -> None:
    text(fig, MARGIN, cur.y, title, size, weight="bold")
    cur.y += size * 0.3 / 14
    if sub:
        paragraph(fig, cur, sub, 7.5, color=GREY)
