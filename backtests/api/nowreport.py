"""`NowView`: the `playbook now` report (where we are, what each rule holds) as frames and
tables for a notebook; backtests.api.views.now() makes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from backtests.api import render

if TYPE_CHECKING:
    from backtests.now.answer import Now


def _mix(mix: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.0%}" for k, v in mix.items())


@dataclass(frozen=True, repr=False, eq=False)
class NowView:
    """The `playbook now` report: `.triggers`, `.holdings`, `.inputs`, `.fed_events`."""

    now: Now

    @property
    def as_of(self) -> str:
        return self.now.as_of

    @property
    def regime(self) -> str:
        return self.now.regime

    @property
    def triggers(self) -> pd.DataFrame:
        return pd.DataFrame([vars(t) for t in self.now.triggers]).set_index("key")

    @property
    def holdings(self) -> pd.DataFrame:
        """Each rule's target today, strategies x sleeves (the rest of 1 is cash)."""
        frame = pd.DataFrame({h.strategy: h.today for h in self.now.holdings}).T
        return frame.fillna(0.0).rename_axis(index="strategy")

    @property
    def inputs(self) -> pd.DataFrame:
        return pd.DataFrame([vars(i) for i in self.now.inputs]).set_index("series")

    @property
    def fed_events(self) -> pd.DataFrame:
        return pd.DataFrame(self.now.fed_events, columns=["date", "type", "description"])

    def to_dict(self) -> dict[str, Any]:
        """As `playbook now --json` prints it."""
        return self.now.to_dict()

    def _head(self) -> str:
        n = self.now
        text = f"As of {n.as_of}: regime {n.regime} since {n.since}"
        text += f" ({n.reason})" if n.reason else ""
        if n.prices_end < n.as_of:
            text += f". Prices of every sleeve end {n.prices_end}: backtests stop there"
        return text

    def _tables(self) -> list[tuple[list[str], list[list[str]], str, list[str]]]:
        n = self.now
        triggers = [[t.label, t.state, t.reading, t.distance] for t in n.triggers]
        holdings = [[h.strategy, _mix(h.today),
                     "; ".join(f"{s}: {_mix(m)}" for s, m in h.next.items())]
                    for h in n.holdings]
        notes = ["unknown triggers that could change the regime now: " + ", ".join(n.unknown)
                 ] if n.unknown else []
        return [(["trigger", "state", "reading", "distance"], triggers, self._head(), notes),
                (["strategy", "target today", "next regime -> target"], holdings,
                 "What each rule holds today, and on the next regime change", [])]

    def _repr_html_(self) -> str:
        return "".join(render.html_table(*t) for t in self._tables())

    def __repr__(self) -> str:
        return "\n\n".join(render.text_table(*t, numbers=False) for t in self._tables())
