"""The report's first screen: where we are now (the `playbook now` panel) and the dates banner.

The panel renders backtests.now.read.Now, built from the run's own context (where_are_we(ctx=...)),
so the page and `playbook now` say the same thing. A stale input makes its trigger "unknown"
here as everywhere: never "not fired".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from backtests.episodes.runner import MarketData
from backtests.now.answer import Now, TriggerNow
from backtests.now.text import duration_risk_text
from backtests.report.style import EVENT_LABEL, SLEEVE_COLOURS, SLEEVE_SHORT
from strategies.triggers import TRIGGERS

STATE_CLASS = {"fired": "fired", "not fired": "clear", "unknown": "unknown"}


@dataclass(frozen=True)
class Banner:
    """The backtests stop earlier than the signals: both dates and the sleeves that end first."""

    prices_end: str
    signals_end: str
    ending: list[str]  # "us_equity (SPY)": the sleeves whose prices end on prices_end
    later: list[str]  # "cash (to 2026-07-22)": sleeves that run on
    episodes: list[str]  # the episodes that stop on prices_end

    @property
    def headline(self) -> str:
        return (f"The backtests stop on {self.prices_end}; the signals run to "
                f"{self.signals_end}.")

    @property
    def text(self) -> str:
        stop = (f" Every result of {', '.join(self.episodes)} stops there." if self.episodes
                else "")
        later = f" ({'; '.join(self.later)})" if self.later else ""
        return (f"{self.prices_end} is the last day on which every sleeve can be held, with "
                "its own prices or, where its data ended earlier, through its fallback: "
                f"{', '.join(self.ending)} end there{later}.{stop} The panel below reads the "
                f"signals on {self.signals_end}; no result in this report is measured after "
                f"{self.prices_end}.")


def banner(market: MarketData, windows: dict[str, tuple[pd.Timestamp, pd.Timestamp]]
           ) -> Banner | None:
    """None when the backtests run to the signals' last day."""
    end, signals_end = market.data_end, market.context.signals.index[-1]
    if end >= signals_end:
        return None
    ending, later = [], []
    for name, s in market.sleeves.items():
        last = s.returns.index[-1]
        if last == end:
            ending.append(f"{name} ({s.segments[-1].symbol})" if s.segments else name)
        else:
            later.append(f"{name} to {last:%Y-%m-%d}")
    return Banner(f"{end:%Y-%m-%d}", f"{signals_end:%Y-%m-%d}", ending, later,
                  [e for e, (_, b) in windows.items() if b >= end])


def mix_parts(mix: dict[str, float]) -> list[dict[str, Any]]:
    """A target as coloured parts (sleeve, short name, weight) for a stacked bar."""
    return [{"sleeve": k, "short": SLEEVE_SHORT.get(k, k), "weight": w,
             "colour": SLEEVE_COLOURS.get(k, "#dee2e6")} for k, w in mix.items()]


def mix_text(mix: dict[str, float]) -> str:
    return ", ".join(f"{SLEEVE_SHORT.get(k, k)} {w:.0%}" for k, w in mix.items())


def reading(now: Now, t: TriggerNow) -> str:
    """The value against the threshold; for an unknown trigger, which sources went stale when
    (more use than repeating that it is unknown)."""
    if t.state != "unknown":
        return t.reading
    last = {i.series: i for i in now.inputs}
    stale = [f"{s} (last {last[s].last_observation})" for s in t.inputs
             if s in last and not last[s].fresh]
    return "no live source: " + ", ".join(stale) if stale else t.reading


def panel(now: Now, run_labels: list[str]) -> dict[str, Any]:
    """Everything the panel shows, in the order `playbook now` prints it."""
    states = list(dict.fromkeys(s for h in now.holdings for s in h.next))
    return {
        "now": now,
        "triggers": [{"label": t.label, "state": t.state,
                      "cls": STATE_CLASS.get(t.state, "na"), "reading": reading(now, t),
                      "distance": t.distance if t.state != "unknown" else
                      "unknown until one of its sources is updated"} for t in now.triggers],
        "unknown": [t.label for t in now.triggers if t.state == "unknown"],
        "duration_risk": duration_risk_text(now),
        "reserves": now.reserves,  # the ample-vs-scarce gauge
        "blind": [TRIGGERS[k].label if k in TRIGGERS else k for k in now.unknown],
        "stale": [i for i in now.inputs if not i.fresh],
        "inputs": now.inputs,
        "next_states": states,
        "holdings": [{"strategy": h.strategy, "in_run": h.strategy in run_labels,
                      "today": mix_parts(h.today), "today_text": mix_text(h.today),
                      "next": [(s, mix_parts(h.next[s]), mix_text(h.next[s]))
                               if s in h.next else (s, [], "–") for s in states]}
                     for h in now.holdings],
        "events": [{**e, "label": EVENT_LABEL.get(e["type"], e["type"])}
                   for e in reversed(now.fed_events)],
    }
