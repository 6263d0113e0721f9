"""data/fed_events.csv carries the checked fact sheet (shared/reference/fed_events.md)."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from backtests.data.events import load_events
from backtests.paths import PROJECT_ROOT
from tests.unit.data.fed_sheet import sheet_events

SHEET = Path(os.environ.get("PLAYBOOK_REFERENCE", PROJECT_ROOT.parent / "shared" / "reference")
             ) / "fed_events.md"


@pytest.fixture(scope="module")
def sheet() -> list[dict[str, str]]:
    if not SHEET.exists():
        pytest.fail(f"fact sheet not found at {SHEET}; set PLAYBOOK_REFERENCE to its folder")
    return [dataclasses.asdict(e) for e in sheet_events(SHEET.read_text())]


def test_every_row_of_the_calendar_is_the_sheets_row(sheet: list[dict[str, str]]) -> None:
    ours = [{"date": str(e.date.date()), "time_et": e.time_et, "type": e.type,
             "description": e.description, "source_url": e.source_url, "sources": e.sources}
            for e in load_events()]
    assert len(ours) == len(sheet) == 53
    for mine, theirs in zip(ours, sorted(sheet, key=lambda r: r["date"]), strict=True):
        assert mine == theirs


def test_the_primary_source_comes_first_where_one_was_seen() -> None:
    events = {(str(e.date.date()), e.type): e for e in load_events()}
    qe2_end = events[("2011-06-30", "qe_end")]
    assert qe2_end.source_url == "http://www.newyorkfed.org/markets/fast_facts_lsap.html"
    assert "completed on 2011-06-30" in qe2_end.description  # the sheet's corrected fact
    assert events[("2001-01-03", "emergency_cut")].source_url == (
        "https://www.newyorkfed.org/banking/circulars/11304.html")
    secondary = events[("2019-10-11", "bill_purchases")]
    assert secondary.sources.startswith("[secondary; no Federal Reserve page found]")
    primary = [e for e in events.values() if "[primary" in e.sources.split(" ; ")[0]]
    assert len(primary) == 43  # of 53: "most rows" cite a Fed / NY Fed page first
