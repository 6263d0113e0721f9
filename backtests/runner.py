"""Strategies x episodes: warm-up from full history, performance from each episode's start."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from backtests import metrics
from backtests.costs import Costs
from backtests.data.events import FedEvent, load_events
from backtests.data.sleeves import SleeveSeries, build_sleeves, common_end
from backtests.data.store import Store
from backtests.data.universe import Universe, load_universe
from backtests.episodes import Episode, check_window
from backtests.pipeline import Context, build_context
from backtests.uncertainty import interval_rows
from strategies.base import Inputs
from strategies.params import Params
from strategies.regimes import RegimeParams
from strategies.registry import get

if TYPE_CHECKING:
    from backtests.engine import BacktestResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Market:
    """Everything loaded once per run: point-in-time context and sleeve prices."""

    context: Context
    prices: pd.DataFrame  # total-return index per sleeve; NaN before a sleeve exists
    fallback: dict[str, str | None]
    data_end: pd.Timestamp  # the last day on which every sleeve has data
    data_hash: str
    sleeves: dict[str, SleeveSeries]  # coverage (which source covers which dates) and fits
    events: tuple[FedEvent, ...] = ()  # the Fed calendar the signals were built from
    sleeve_descriptions: dict[str, str] = field(default_factory=dict)  # what each tracks

    @property
    def cash_returns(self) -> pd.Series:
        return self.prices["cash"].pct_change()


def load_market(store: Store, universe: Universe | None = None,
                regime_params: RegimeParams | None = None,
                events: list[FedEvent] | None = None) -> Market:
    """Load once per run; `events` (default data/fed_events.csv) feeds the signals and is kept
    on the Market so reports mark exactly the calendar the rules saw."""
    store = store.pinned()  # one store version from start to end, whatever lands meanwhile
    universe = universe or load_universe()
    events = load_events() if events is None else events
    ctx = build_context(store, universe, events, regime_params=regime_params)
    sleeves = build_sleeves(store, universe)
    prices = pd.DataFrame({k: s.index for k, s in sleeves.items()}).reindex(ctx.panel.index)
    data_end = common_end(sleeves)
    return Market(ctx, prices, {k: s.fallback for k, s in universe.sleeves.items()},
                  pd.Timestamp(data_end), str(store.manifest()["data_hash"]), sleeves,
                  tuple(events), {k: s.description for k, s in universe.sleeves.items()})


@dataclass(frozen=True)
class Run:
    strategy: str  # the run's label (the rule's name, or a preset's)
    episode: str
    params: Params
    result: BacktestResult
    metrics: dict[str, float]
    rule: str = ""  # the registry name of the rule
    role: str = ""  # the episode's role: design, holdout or overall


def run_one(market: Market, strategy: str, params: Params, episode_name: str, episode: Episode,
            costs: Costs, weights: pd.DataFrame | None = None, label: str | None = None) -> Run:
    """One strategy over one episode; `weights` lets a caller reuse a strategy's targets."""
    if weights is None:
        weights = get(strategy).rule(Inputs(market.context.signals, market.context.regimes,
                                            market.context.panel), params)
    start, end = check_window(episode_name, episode, market.prices.index, market.data_end)
    from backtests.engine import simulate  # vectorbt loads only when a run is simulated

    result = simulate(weights, market.prices, start, end, costs, market.fallback,
                      label or strategy)
    phases = {k: pd.Timestamp(v) for k, v in episode.phases.items()}
    stats = metrics.summary(result.returns, market.cash_returns, result.turnover,
                            int(result.orders["date"].nunique()), phases, result.costs_paid,
                            result.value)
    return Run(label or strategy, episode_name, params, result, stats, strategy, episode.role)


def run_matrix(market: Market, strategies: dict[str, Params], episodes: dict[str, Episode],
               costs: Costs, rules: dict[str, str] | None = None,
               on_run: Callable[[str, str], None] | None = None) -> list[Run]:
    """Every strategy over every episode (each strategy's targets computed once).

    Keys of `strategies` are run labels; `rules` maps a label to its rule when they differ
    (a preset run beside the default of the same rule).
    """
    for name, ep in episodes.items():  # every window checked before the first simulation
        check_window(name, ep, market.prices.index, market.data_end)
    runs = []
    inputs = Inputs(market.context.signals, market.context.regimes, market.context.panel)
    for label, params in strategies.items():
        rule = (rules or {}).get(label, label)
        weights = get(rule).rule(inputs, params)
        for ep_name, ep in episodes.items():
            runs.append(run_one(market, rule, params, ep_name, ep, costs, weights, label))
            if on_run:
                on_run(label, ep_name)
            log.info("ran %s over %s", label, ep_name)
    return runs


def metrics_table(runs: list[Run], benchmark: str | None,
                  intervals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Long format: strategy, episode, metric, value (+ '<metric>_vs_<benchmark>' rows, and
    the bootstrap intervals of uncertainty.run_intervals as '<stat>_vs_<benchmark>_lo/_hi/
    _excludes_zero' rows when given)."""
    rows: list[dict[str, Any]] = []
    base = {(r.episode): r.metrics for r in runs if r.strategy == benchmark}
    extra: dict[Any, list[dict[Any, Any]]] = {}
    if intervals is not None and benchmark:
        extra = {k: g.to_dict("records") for k, g in interval_rows(intervals, benchmark)
                 .groupby(["strategy", "episode"], sort=False)}
    for r in runs:
        for metric, value in r.metrics.items():
            rows.append({"strategy": r.strategy, "episode": r.episode, "metric": metric,
                         "value": value})
            if benchmark and r.episode in base and metric in base[r.episode]:
                rows.append({"strategy": r.strategy, "episode": r.episode,
                             "metric": f"{metric}_vs_{benchmark}",
                             "value": value - base[r.episode][metric]})
        rows.extend(extra.get((r.strategy, r.episode), []))
    return pd.DataFrame(rows, columns=["strategy", "episode", "metric", "value"])
