"""Read the Fed calendar's fact sheet (shared/reference/fed_events.md, Table 1).

data/fed_events.csv carries the sheet's rows: date, release time, type, event text and the
sources in the sheet's order (the primary Federal Reserve or New York Fed page first wherever
one was seen). A test compares the two files row by row, so a corrected fact in the sheet
that is not carried into the calendar fails it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

URL = re.compile(r"https?://[^\s\]\)]+")
SAME = "same as above"


@dataclass(frozen=True)
class SheetEvent:
    date: str  # YYYY-MM-DD ("2017-10 (use 10-01)" -> 2017-10-01, "~2022-03-09" -> 2022-03-09)
    time_et: str  # "" where the sheet has "—"
    type: str
    description: str  # the event text without markdown emphasis
    source_url: str  # the first source listed (primary first where one was seen)
    sources: str  # every source with the sheet's tags; "same as above" spelled out


def sheet_events(text: str) -> list[SheetEvent]:
    """Table 1 of the sheet, in its order."""
    table = text[text.index("## Table 1"):text.index("## Table 2")]
    out: list[SheetEvent] = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) != 5 or not re.search(r"\d{4}-\d{2}", cells[0]):
            continue
        sources = cells[4]
        if SAME in sources and out:
            sources = sources.replace(SAME, out[-1].sources, 1)
        urls = URL.findall(sources)
        out.append(SheetEvent(_date(cells[0]), "" if cells[1] in ("—", "-") else cells[1],
                              cells[3], cells[2].replace("**", ""), urls[0] if urls else "",
                              sources))
    return out


def _date(cell: str) -> str:
    if (use := re.fullmatch(r"(\d{4})-\d{2} \(use (\d{2}-\d{2})\)", cell)) is not None:
        return f"{use.group(1)}-{use.group(2)}"
    found = re.search(r"\d{4}-\d{2}-\d{2}", cell)
    if found is None:
        raise ValueError(f"fed_events.md: date cell {cell!r} holds no YYYY-MM-DD")
    return found.group(0)
