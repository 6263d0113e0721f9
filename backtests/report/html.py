"""The HTML pieces every page shares: the Jinja environment, a figure as a <div>, table chunks.

Kept below the page modules (page, sections, analoguepage, the sweep page) so each imports
them from here rather than from one another.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from backtests.report import compact, fmt, tables
from backtests.report.style import EVENT_CLASSES, REGIME_FILL, REGIME_SOLID

T = TypeVar("T")
WIDE, NARROW = 6, 3  # episodes per headline table on a wide screen / at 800 px and in print
SYMBOLS = {"triangle-down": "\u25bc", "diamond": "\u25c6", "square": "\u25a0"}

TEMPLATES = Path(__file__).parent / "templates"
PRINT_AUDIT_ROWS = 12  # a longer rule audit trail is left out of print (56 pages -> ~44)


def breakable(name: str) -> Markup:
    """Escaped, with a line-break opportunity after each '_' (long run labels in narrow
    columns break between words, not mid-word)."""
    return Markup(str(escape(name)).replace("_", "_<wbr>"))


def code_spans(text: str) -> Markup:
    """Escaped, with `backticked` words set as code (as the rules' docstrings write them)."""
    parts = str(escape(text)).split("`")
    return Markup("".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts)))


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(breakable=breakable, code=code_spans)
    env.globals.update(fmt=fmt, colour=tables.colour, PRINT_AUDIT_ROWS=PRINT_AUDIT_ROWS,
                       regime_fill=REGIME_FILL.get, regime_solid=REGIME_SOLID.get,
                       event_classes=[(name, colour, SYMBOLS.get(symbol, ""))
                                      for name, (_, colour, symbol) in EVENT_CLASSES.items()])
    return env


def figure_div(fig: Any, div_id: str) -> str:
    """A figure as a <div> + script, its data compacted (compact.py); its JSON can never end
    the script early. It draws once plotly.js is ready (window.plotlyReady, set by the
    report's page, which unpacks plotly.js first), at once on a page that inlines it."""
    import plotly.io as pio

    spec, shared, uses = compact.compact(json.loads(pio.to_json(fig, validate=False,
                                                                  remove_uids=True)))
    config = '{"displaylogo": false, "responsive": true}'
    fill = (compact.DATES_JS + f"var a={compact.shared_js(shared)};"
            + "".join(f's.data[{i}]["{k}"]=a[{j}];' for i, k, j in uses)) if uses else ""
    return (f'<div id="{div_id}" class="plot plotly-graph-div"></div><script>'
            '(window.plotlyReady||function(f){f();})(function(){'
            f'var s={compact.script_json(spec)};{fill}'
            f'Plotly.newPlot("{div_id}", s.data, s.layout, {config});}});</script>')


def chunks(names: list[T], most: int) -> list[list[T]]:
    """Split into the fewest tables of at most `most` columns, as even as possible."""
    n = -(-len(names) // most)
    size = -(-len(names) // n) if names else 0
    return [names[i:i + size] for i in range(0, len(names), size)] if names else []
