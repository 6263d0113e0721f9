"""The unchanged pipeline and engine on a scenario: real history, then an analogue's moves.

prepare() builds the extended data of one analogue once (shared by its QE and no-QE
variants); replay() runs build_context (publication lags, signals, regimes), every rule and
the engine on it. Each strategy starts trading at the start of the `latest` episode, so at
the start it holds what it holds in the report; figures count from the start's close.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

import pandas as pd

from backtests.data.events import FedEvent, load_events
from backtests.data.sleeves import build_sleeves
from backtests.data.store import Store
from backtests.data.universe import Universe, load_universe
from backtests.engine.portfolio import BacktestResult, Costs, simulate
from backtests.episodes.definitions import Episode
from backtests.episodes.pipeline import Context, build_context
from backtests.scenarios.analogue import Analogue
from backtests.scenarios.extend import Extension, build_extension
from backtests.scenarios.scenario_store import ScenarioStore
from strategies.base import Inputs
from strategies.params import Params
from strategies.registry import STRATEGIES, get
from strategies.signals import QE_TYPES

log = logging.getLogger(__name__)
HYPOTHETICAL = "HYPOTHETICAL"
WARM_YEARS = 2  # without a `latest` episode, trading starts this long before the start


@dataclass(frozen=True)
class StartDay:
    """THE latest date the sleeves allow (backtests.data.latest), and what ends there."""

    day: pd.Timestamp
    ending: tuple[str, ...]  # the sleeves whose data end on that day
    signals_end: pd.Timestamp  # the trading calendar's last day in the real data

    def describe(self) -> str:
        cut = (f"; the signals run to {self.signals_end.date()} and every series is cut at "
               f"{self.day.date()}: nothing after it is read" if self.signals_end > self.day
               else "")
        return (f"start {self.day.date()}: the latest date the sleeves allow "
                f"({', '.join(self.ending)} {'ends' if len(self.ending) == 1 else 'end'} "
                f"there){cut}")


def start_day(store: Store, universe: Universe) -> StartDay:
    """The replays start on THE latest date (backtests.data.latest: as the report's `latest`)."""
    from backtests.data.latest import latest_date

    latest = latest_date(store, universe)
    return StartDay(latest.day, latest.ending, latest.signals_end)


@dataclass(frozen=True)
class Scenario:
    """One analogue's extended data and events (the QE and no-QE variants share it)."""

    analogue: Analogue
    start: StartDay
    extension: Extension
    store: ScenarioStore
    universe: Universe
    history_events: list[FedEvent]  # the real calendar up to the start
    crisis_events: list[FedEvent]  # the crisis's events after the anchor, shifted

    @property
    def synthetic(self) -> pd.DatetimeIndex:
        return self.extension.calendar

    def events(self, with_qe: bool) -> list[FedEvent]:
        """History, then the shifted crisis events (without QE announcements for --no-qe)."""
        kept = [e for e in self.crisis_events if with_qe or e.type not in QE_TYPES]
        return [*self.history_events, *kept]


def prepare(store: Store, analogue: Analogue, universe: Universe | None = None,
            events: list[FedEvent] | None = None, source: Store | None = None) -> Scenario:
    """The analogue's continuation of every series after the start (`source`: where the
    crisis is read, the same store unless a test says otherwise)."""
    universe = universe or load_universe()
    events = load_events() if events is None else events
    start = start_day(store, universe)
    ext = build_extension(store, source or store, universe, analogue, start.day)
    shift = ext.shift
    scenario = {"analogue": analogue.name, "anchor": str(analogue.anchor.date()),
                "crisis_end": str(shift.end.date()), "start": str(start.day.date()),
                "offset_days": shift.days}
    synthetic = ScenarioStore(store, start.day, ext.levels, scenario)
    crisis = [dataclasses.replace(
        e, date=e.date + pd.Timedelta(days=shift.days),
        description=f"{HYPOTHETICAL} replay of {analogue.name}'s {e.date.date()} event: "
                    f"{e.description}") for e in events if shift.anchor < e.date <= shift.end]
    return Scenario(analogue, start, ext, synthetic, universe,
                    [e for e in events if e.date <= start.day], crisis)


@dataclass(frozen=True)
class Replay:
    """One variant of one analogue: context and every strategy's run (marked hypothetical)."""

    scenario: Scenario
    with_qe: bool
    context: Context
    runs: dict[str, BacktestResult]
    warm_start: pd.Timestamp
    warm_source: str  # why trading starts there

    @property
    def label(self) -> str:
        return f"{self.scenario.analogue.name} ({'with' if self.with_qe else 'no'} QE)"


def default_strategies() -> dict[str, tuple[str, Params]]:
    """Every registered rule with its default parameters (label -> rule, params)."""
    return {name: (name, s.params()) for name, s in STRATEGIES.items()}


def warm_start(start: pd.Timestamp, episodes: dict[str, Episode]) -> tuple[pd.Timestamp, str]:
    """Where trading starts: the `latest` episode's start, so the start's holdings are the
    report's; without that episode, WARM_YEARS before the start."""
    if "latest" in episodes:
        return episodes["latest"].window(start)[0], "the start of the report's `latest` episode"
    return start - pd.DateOffset(years=WARM_YEARS), f"{WARM_YEARS} years before the start"


def replay(scenario: Scenario, with_qe: bool, episodes: dict[str, Episode],
           strategies: dict[str, tuple[str, Params]] | None = None,
           costs: Costs | None = None) -> Replay:
    """Build the context on the extended data and run every strategy through the engine."""
    ctx = build_context(scenario.store, scenario.universe, scenario.events(with_qe))
    sleeves = build_sleeves(scenario.store, scenario.universe)
    prices = pd.DataFrame({k: s.index for k, s in sleeves.items()}).reindex(ctx.panel.index)
    fallback = {k: s.fallback for k, s in scenario.universe.sleeves.items()}
    (begin, why), end = warm_start(scenario.start.day, episodes), scenario.synthetic[-1]
    inputs = Inputs(ctx.signals, ctx.regimes, ctx.panel)
    runs = {}
    variant = "with" if with_qe else "without"
    mark = (f"{HYPOTHETICAL}: after {scenario.start.day.date()} the data are "
            f"{scenario.analogue.name}'s moves from {scenario.analogue.anchor.date()}, "
            f"{variant} its QE events")
    for label, (rule, params) in (strategies or default_strategies()).items():
        result = simulate(get(rule).rule(inputs, params), prices, begin, end,
                          costs or Costs(), fallback, label)
        runs[label] = dataclasses.replace(
            result, notes=(*result.notes, mark),
            provenance={**result.provenance, "synthetic": True,
                        "synthetic_from": str(scenario.synthetic[0].date()),
                        **scenario.store.scenario, "with_qe": with_qe})
        log.info("replayed %s over %s", label, scenario.analogue.name)
    return Replay(scenario, with_qe, ctx, runs, pd.Timestamp(begin), why)
