"""The Fed event calendar (data/fed_events.csv): dated announcements, validated on load."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from backtests.errors import ConfigError
from backtests.paths import PROJECT_ROOT

DEFAULT_EVENTS = PROJECT_ROOT / "data" / "fed_events.csv"
# maturity_extension (Operation Twist) is NOT quantitative easing: long Treasuries were bought
# with the proceeds of short ones, so the balance sheet did not grow (fed_events.md).
EVENT_TYPES = ("qe_announce", "qe_expand", "qe_taper", "qe_end", "qt_announce", "qt_start",
               "qt_slow", "qt_end", "maturity_extension", "repo_intervention", "bill_purchases",
               "rate_cut", "emergency_cut")
COLUMNS = ("date", "time_et", "type", "description", "source_url")
# Optional last column: every source of the row with its tags, as in the fact sheet
# (shared/reference/fed_events.md), the primary Federal Reserve / NY Fed page first.
SOURCES = "sources"


@dataclass(frozen=True)
class FedEvent:
    """One announcement; it is actionable from the first trading day on or after `date`."""

    date: pd.Timestamp
    type: str
    description: str
    time_et: str
    source_url: str
    sources: str = ""  # every source, with the fact sheet's tags (primary first)


def load_events(path: Path | None = None) -> list[FedEvent]:
    path = path or DEFAULT_EVENTS
    try:
        with path.open(newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            header = tuple(reader.fieldnames or ())
    except FileNotFoundError:
        raise ConfigError(f"{path}: event calendar not found; restore data/fed_events.csv"
                          ) from None
    if header not in (COLUMNS, (*COLUMNS, SOURCES)):
        raise ConfigError(f"{path}: header is {','.join(header)}; expected {','.join(COLUMNS)}"
                          f" (and optionally ,{SOURCES})")
    events = []
    for i, row in enumerate(rows, start=2):
        date = pd.to_datetime(row["date"], format="%Y-%m-%d", errors="coerce")
        if pd.isna(date):
            raise ConfigError(f"{path}, row {i}: date '{row['date']}' is not YYYY-MM-DD")
        if row["type"] not in EVENT_TYPES:
            raise ConfigError(f"{path}, row {i}: type '{row['type']}' is not one of "
                              f"{', '.join(EVENT_TYPES)}")
        if not row["source_url"].startswith("http"):
            raise ConfigError(f"{path}, row {i}: source_url '{row['source_url']}' must be the "
                              "URL of the page that confirms the event")
        events.append(FedEvent(pd.Timestamp(date), row["type"], row["description"],
                               row["time_et"], row["source_url"], row.get(SOURCES) or ""))
    return sorted(events, key=lambda e: e.date)
