"""Strategies x episodes: warm-up from full history, performance from each episode's start."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from backtests.data.events import FedEvent, load_events
from backtests.data.sleeves import SleeveSeries, build_sleeves, latest_end
from backtests.data.store import Store
from backtests.data.universe import Universe, load_universe
from backtests.engine.costs import Costs
from backtests.episodes.definitions import Episode
from backtests.episodes.pipeline import Context, build_context
from backtests.episodes.windows import check_window
from backtests.evaluate import metrics
from backtests.evaluate.uncertainty import interval_rows
from strategies.base import Inputs
from strategies.params import Params
from strategies.regimes import RegimeParams
from strategies.registry import get

if TYPE_CHECKING:
    from backtests.engine.portfolio import BacktestResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MarketData:
    """Everything loaded once per run: point-in-time context and sleeve prices."""

    context: Context
    prices: pd.DataFrame  # total-return index per sleeve; NaN before a sleeve exists
    fallback: dict[str, str | None]
    data_end: pd.Timestamp  # where `latest` ends: every sleeve held or stood in for (latest_end)
    data_hash: str
    sleeves: dict[str, SleeveSeries]  # coverage (which source covers which dates) and fits
    events: tuple[FedEvent, ...] = ()  # the Fed calendar the signals were built from
    sleeve_descriptions: dict[str, str] = field(default_factory=dict)  # what each tracks

    @property
    def cash_returns(self) -> pd.Series:
        return self.prices["cash"].pct_change()

    @property
    def sleeve_returns(self) -> pd.DataFrame:
        """Each sleeve's daily return as the engine earns it: NaN before the sleeve exists,
        0 after its data end (held at its last price until its fallback's order executes)."""
        return self.prices.ffill().pct_change(fill_method=None)

    def run_limit(self, weights: pd.DataFrame, episode: Episode) -> pd.Timestamp:
        """How far a run of `weights` over a fixed-date episode can go: only the sleeves it
        holds in the window (from the decision in force on its eve) limit it."""
        if episode.end == "latest":
            return self.data_end
        start, end = episode.window(pd.Timestamp(episode.end))
        stated = weights[~weights.isna().all(axis=1)].fillna(0.0)
        first = max(int(stated.index.searchsorted(start, side="right")) - 1, 0)
        window = stated.iloc[first:][lambda w: w.index <= end]
        held = {str(c) for c in window.columns if (window[c] > 0).any()}
        return latest_end(self.sleeves, self.fallback, held)


def load_market(store: Store, universe: Universe | None = None,
                regime_params: RegimeParams | None = None,
                events: list[FedEvent] | None = None) -> MarketData:
    """Load once per run; `events` (default data/fed_events.csv) feeds the signals and is kept
    on the MarketData so reports mark exactly the calendar the rules saw."""
    store = store.pinned()  # one store version from start to end, whatever lands meanwhile
    universe = universe or load_universe()
    events = load_events() if events is None else events
    ctx = build_context(store, universe, events, regime_params=regime_params)
    sleeves = build_sleeves(store, universe)
    prices = pd.DataFrame({k: s.index for k, s in sleeves.items()}).reindex(ctx.panel.index)
    fallback = {k: s.fallback for k, s in universe.sleeves.items()}
    return MarketData(ctx, prices, fallback, latest_end(sleeves, fallback),
                  str(store.manifest()["data_hash"]), sleeves, tuple(events),
                  {k: s.description for k, s in universe.sleeves.items()})


@dataclass(frozen=True)
class Run:
    strategy: str  # the run's label (the rule's name, or a preset's)
    episode: str
    params: Params
    result: BacktestResult
    metrics: dict[str, float]
    rule: str = ""  # the registry name of the rule
    role: str = ""  # the episode's role: design, holdout or overall


def run_one(market: MarketData, strategy: str, params: Params, episode_name: str, episode: Episode,
            costs: Costs, weights: pd.DataFrame | None = None, label: str | None = None) -> Run:
    """One strategy over one episode; `weights` lets a caller reuse a strategy's targets."""
    if weights is None:
        weights = get(strategy).rule(Inputs(market.context.signals, market.context.regimes,
                                            market.context.panel), params)
    start, end = check_window(episode_name, episode, market.prices.index, market.data_end,
                              market.run_limit(weights, episode))
    from backtests.engine.portfolio import simulate  # vectorbt loads only when a run is simulated

    result = simulate(weights, market.prices, start, end, costs, market.fallback,
                      label or strategy)
    phases = {k: pd.Timestamp(v) for k, v in episode.phases.items()}
    stats = metrics.summary(result.returns, market.cash_returns, result.turnover,
                            int(result.orders["date"].nunique()), phases, result.costs_paid,
                            result.value)
    return Run(label or strategy, episode_name, params, result, stats, strategy, episode.role)


def run_matrix(market: MarketData, strategies: dict[str, Params], episodes: dict[str, Episode],
               costs: Costs, rules: dict[str, str] | None = None,
               on_run: Callable[[str, str], None] | None = None) -> list[Run]:
    """Every strategy over every episode (each strategy's targets computed once).

    Keys of `strategies` are run labels; `rules` maps a label to its rule when they differ
    (a preset run beside the default of the same rule).
    """
    inputs = Inputs(market.context.signals, market.context.regimes, market.context.panel)
    targets = {label: get((rules or {}).get(label, label)).rule(inputs, params)
               for label, params in strategies.items()}
    for name, ep in episodes.items():  # every window checked before the first simulation
        for weights in targets.values():
            check_window(name, ep, market.prices.index, market.data_end,
                         market.run_limit(weights, ep))
    runs = []
    for label, params in strategies.items():
        rule, weights = (rules or {}).get(label, label), targets[label]
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
