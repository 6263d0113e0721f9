"""Every analogue, with and without its QE events: the tables behind "If it started today"."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from backtests.data.events import FedEvent, load_events
from backtests.data.store import Store
from backtests.data.universe import Universe, load_universe
from backtests.engine.portfolio import Costs
from backtests.episodes.definitions import Episode, load_episodes
from backtests.scenarios import summary
from backtests.scenarios.analogue import ANALOGUES, resolve
from backtests.scenarios.replay import Replay, prepare, replay
from strategies.params import Params
from strategies.signals import QE_TYPES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnalogueResults:
    """Tidy tables over every analogue x variant (columns analogue, qe, ..., hypothetical)."""

    replays: list[Replay]
    outcomes: pd.DataFrame  # strategy x horizon: total_return, max_drawdown, *_vs_<benchmark>
    allocations: pd.DataFrame  # weights held at the start and at each horizon, per sleeve
    paths: pd.DataFrame  # value (1.0 at the start), drawdown from the start, regime
    regimes: pd.DataFrame  # regime changes on the synthetic days, with their triggers
    events: pd.DataFrame  # the crisis's Fed events, original and replayed dates
    series: pd.DataFrame  # how each input continues, or why it ends
    notes: dict[str, list[str]]  # replay label -> its assumptions in words
    benchmark: str
    seconds: float

    def at(self, months: int) -> pd.DataFrame:
        """Outcomes at one horizon, one row per analogue x variant x strategy."""
        return self.outcomes[self.outcomes["horizon_months"] == months].reset_index(drop=True)


def run_analogues(store: Store, months: int = 24, names: list[str] | None = None,
                  strategies: dict[str, tuple[str, Params]] | None = None,
                  costs: Costs | None = None, benchmark: str = "sixty_forty",
                  universe: Universe | None = None, events: list[FedEvent] | None = None,
                  episodes: dict[str, Episode] | None = None,
                  on_replay: Callable[[str], None] | None = None,
                  identical_once: bool = False) -> AnalogueResults:
    """Replay each named analogue (default: all) with and without its QE events;
    `identical_once`: an analogue whose window holds no QE announcement is replayed once (its
    no-QE variant would be the same path)."""
    began = time.perf_counter()
    universe = universe or load_universe()
    events = load_events() if events is None else events
    episodes = load_episodes() if episodes is None else episodes
    replays = []
    for name in names or list(ANALOGUES):
        scenario = prepare(store, resolve(name, store, episodes, months), universe, events)
        has_qe = any(e.type in QE_TYPES for e in scenario.crisis_events)
        for with_qe in (True, False) if has_qe or not identical_once else (True,):
            replays.append(replay(scenario, with_qe, episodes, strategies, costs))
            if on_replay:
                on_replay(replays[-1].label)
            log.info("replayed %s", replays[-1].label)
    series = [summary.series_plans(r.scenario) for r in replays if r.with_qe]
    return AnalogueResults(
        replays=replays,
        outcomes=_concat(summary.outcomes(r, benchmark) for r in replays),
        allocations=_concat(summary.allocations(r) for r in replays),
        paths=_concat(summary.paths(r) for r in replays),
        regimes=_concat(summary.regime_changes(r) for r in replays),
        events=_concat(summary.events(r) for r in replays),
        series=_concat(series), notes={r.label: summary.describe(r) for r in replays},
        benchmark=benchmark, seconds=time.perf_counter() - began)


def _concat(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    parts = [f for f in frames if not f.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
