"""What the charts mark on the time axis: regime spans and Fed event days (pure data).

Both the plotly charts and the PDF pack draw from these, so the two always agree.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

import pandas as pd

from backtests.data.events import FedEvent
from backtests.report.style import EVENT_CLASSES, EVENT_LABEL, event_class


def regime_spans(regimes: pd.Series) -> list[tuple[pd.Timestamp, pd.Timestamp, str]]:
    """(start, end, regime) for each run of equal regimes; a span ends where the next starts."""
    if regimes.empty:
        return []
    change = regimes.ne(regimes.shift(1))
    starts = list(regimes.index[change])
    ends = [*starts[1:], regimes.index[-1]]
    return [(a, b, str(regimes[a])) for a, b in zip(starts, ends, strict=True)]


@dataclass(frozen=True)
class EventDay:
    """Every Fed event of one day: one marker, classed by its most important event."""

    date: pd.Timestamp
    events: tuple[FedEvent, ...]

    @property
    def kind(self) -> str:
        """The class shown: the first class (QE, then cuts, then QT) any event belongs to."""
        classes = {event_class(e.type) for e in self.events}
        return next(c for c in EVENT_CLASSES if c in classes)

    @property
    def title(self) -> str:
        return ", ".join(dict.fromkeys(EVENT_LABEL.get(e.type, e.type) for e in self.events))

    def hover(self, width: int = 72) -> str:
        """Full text of every event that day, wrapped, escaped (plotly reads a little HTML)."""
        parts = [f"<b>{self.date:%Y-%m-%d}</b>"]
        for e in self.events:
            head = EVENT_LABEL.get(e.type, e.type) + (f" ({e.time_et})" if e.time_et else "")
            body = textwrap.wrap(e.description, width) or [""]
            parts.append(f"<b>{html.escape(head)}</b><br>"
                         + "<br>".join(html.escape(line) for line in body))
        return "<br>".join(parts)


def event_days(events: tuple[FedEvent, ...] | list[FedEvent], start: pd.Timestamp,
               end: pd.Timestamp) -> list[EventDay]:
    """Events within [start, end], one entry per day (several events of a day together)."""
    by_day: dict[pd.Timestamp, list[FedEvent]] = {}
    for e in events:
        if start <= e.date <= end:
            by_day.setdefault(pd.Timestamp(e.date), []).append(e)
    return [EventDay(d, tuple(v)) for d, v in sorted(by_day.items())]
