"""The answer of `playbook now`, as frozen data: what the panel, the plan and the CLI render.

Kept apart from the code that reads it (read.py) so the renderers and text.py need only this.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from backtests.now.fresh import InputNow
from backtests.now.reserves import ReservesNow
from strategies.reachable import Reach


@dataclass(frozen=True)
class TriggerNow:
    key: str
    label: str
    state: str  # fired / not fired / unknown / not applicable in <regime>
    reading: str  # value vs threshold
    distance: str  # in plain words
    inputs: list[str]


@dataclass(frozen=True)
class HoldingNow:
    strategy: str
    today: dict[str, float]  # the target in force on the as-of date
    next: dict[str, dict[str, float]]  # next regime -> the target the rule would move to


@dataclass(frozen=True)
class Now:
    as_of: str
    regime: str
    since: str
    reason: str
    duration_risk: bool
    unknown: list[str]
    inputs: list[InputNow]
    triggers: list[TriggerNow]
    holdings: list[HoldingNow]
    fed_events: list[dict[str, str]] = field(default_factory=list)
    prices_end: str = ""  # the last day every sleeve has prices (the backtests stop there)
    # every regime: reachable with the data at hand, how, or what stands in the way
    reachable: list[Reach] = field(default_factory=list)
    today: str = ""  # the calendar date the panel was read on (inputs' ages count to it)
    data_age_days: int = 0  # calendar days from as_of (the signals' last day) to today
    reserves: ReservesNow | None = None  # the article's ample-vs-scarce gauge (no rule reads it)
    # sleeves whose data end before prices_end, held through their fallback today:
    # (sleeve, fallback, the sleeve's own last day)
    stand_ins: list[tuple[str, str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
