"""`Market`: the data loaded once and every question asked of it from Python; load() makes one.

    base = market.backtest("contrarian_qe", episode="2008_gfc")
    fast = market.backtest("contrarian_qe", episode="2008_gfc", scale_in_days=10)
    fast.compare(base)                                # metrics side by side
    fast.compare(base).plot()                         # the report's chart, both runs on it

The CLI is a shell over this module: `playbook backtest` and `sweep` check their options into
the same specs (backtests.api.specs) and call `Market.run_backtest` / `Market.run_sweep`;
`playbook run`, `now` and `replay` call the functions these methods call
(backtests.api.runs.committee_report, backtests.api.views.now / replay). A typo gets one
message with a "did you mean", in the words of the door it came through.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backtests.api import specs, views
from backtests.api.backtestview import Backtest
from backtests.api.nowreport import NowView
from backtests.api.replayreport import ReplayView
from backtests.api.runs import RunResults
from backtests.api.sweeps import SweepResults

if TYPE_CHECKING:
    import pandas as pd

    from backtests.api.specs import BacktestSpec, Progress, SweepSpec
    from backtests.data.events import FedEvent
    from backtests.data.store import Store
    from backtests.engine.costs import Costs
    from backtests.episodes.definitions import Episode
    from backtests.episodes.runner import MarketData as Loaded
    from strategies.regimes import RegimeParams

Choice = Mapping[str, Any]
CACHED_REGIMES = 8  # contexts kept for other regime thresholds (each ~ a few MB)


class Market:
    """The loaded data and what can be asked of it: backtest, run, sweep, now, replay."""

    def __init__(self, loaded: Loaded, store: Store, episodes: dict[str, Episode],
                 events: tuple[FedEvent, ...], episodes_file: Path | None = None) -> None:
        self.loaded, self.store, self.episodes, self.events = loaded, store, episodes, events
        self.episodes_file = episodes_file  # the user's episodes file, if load() read one
        self._by_regime: dict[str, Loaded] = {}

    @property
    def regime_params(self) -> RegimeParams:
        return self.loaded.context.regime_params

    @property
    def strategies(self) -> list[str]:
        from strategies.registry import STRATEGIES

        return list(STRATEGIES)

    def __repr__(self) -> str:
        m = self.loaded
        return (f"Market(store={str(self.store.root)!r}, prices to {m.data_end.date()}, signals "
                f"to {m.context.panel.index[-1].date()}, data {m.data_hash[:12]}, "
                f"{len(self.episodes)} episodes, {len(self.strategies)} strategies)")

    def with_regime(self, params: RegimeParams) -> Loaded:
        """The loaded data classified under other regime thresholds (signals reused)."""
        from backtests.episodes.pipeline import reclassify

        if params == self.regime_params:
            return self.loaded
        key = repr(params.model_dump())
        if key not in self._by_regime:
            if len(self._by_regime) >= CACHED_REGIMES:
                self._by_regime.pop(next(iter(self._by_regime)))
            self._by_regime[key] = dataclasses.replace(
                self.loaded, context=reclassify(self.loaded.context, params))
        return self._by_regime[key]

    def backtest(self, strategy: str | None = None,
                 episode: str | Episode | Mapping[str, Any] = "2008_gfc", *,
                 benchmark: str = "sixty_forty", costs: Costs | Choice | None = None,
                 preset: str | Path | None = None, regime: Choice | None = None,
                 label: str | None = None, **params: Any) -> Backtest:
        """One rule over one episode beside `benchmark`, as `playbook backtest`.

        params: the rule's parameters (scale_in_days=10), or regime thresholds by their CLI
            name (**{"regime.crisis_drawdown": 0.18}) or in `regime`.
        episode: a name, an Episode, or {name: Episode | mapping}.
        costs: Costs(...) or {"fee_bps": .., "slippage_bps": .., "band": ..}.
        """
        spec = specs.backtest_spec(strategy, episode, params, known=self.episodes,
                                   base=self.regime_params, preset=preset, benchmark=benchmark,
                                   costs=costs, regime=regime, label=label)
        return self.run_backtest(spec)

    def run_backtest(self, spec: BacktestSpec) -> Backtest:
        """A backtest already checked (specs.backtest_spec): what `backtest` and
        `playbook backtest` both run."""
        from backtests.episodes.runner import run_matrix

        loaded = self.with_regime(spec.regime)
        chosen = {spec.label: spec.params}
        if spec.label != spec.benchmark:
            chosen[spec.benchmark] = spec.benchmark_params
        runs = run_matrix(loaded, chosen, {spec.episode: spec.episode_def}, spec.costs,
                          {spec.label: spec.strategy})
        return Backtest(runs[0], runs[-1], spec.episode_def, loaded.context.regimes,
                        spec.regime, spec.costs, self.events)

    def backtest_weights(self, weights: str | Path | pd.DataFrame,
                         episode: str | Episode | Mapping[str, Any] = "2008_gfc", *,
                         benchmark: str = "sixty_forty", costs: Costs | Choice | None = None,
                         label: str = "weights") -> Backtest:
        """Your own target weights over one episode beside `benchmark`, as
        `playbook backtest --weights FILE`: the same lag, fallbacks, costs and metrics as a rule.

        weights: a CSV or parquet file, or a DataFrame (date index x sleeve columns); each row
            is decided at that date's close and traded the next trading day; a date without a
            row means no order.
        """
        from backtests.api.weightruns import run_weights

        return run_weights(self, weights, episode, benchmark=benchmark, costs=costs,
                           label=label)

    def run(self, strategies: str | Sequence[str | Choice] | None = None,
            episodes: str | Sequence[str] | None = None, *, config: str | Path | None = None,
            costs: Costs | Choice | None = None, regime: Choice | None = None) -> RunResults:
        """A run configuration's strategies x episodes, as `playbook run` (no files written;
        `.report(path)` writes the report).

        config: the run configuration (default backtests/runs/committee.toml).
        strategies: run labels of the configuration to keep (the benchmark and highlight
            always stay), and/or extra runs as its [[runs]] tables, e.g.
            {"name": "contrarian_qe", "label": "fast", "params": {"scale_in_days": 10}}.
        episodes: episode names (default: the configuration's, or every episode of the
            file given to load(episodes=FILE)); the report reads them from that file, so
            episodes given to load() as a mapping serve backtest and sweep only.
        regime: thresholds over the market's and the configuration's [regime] table.
        """
        from backtests.api.runs import run_configuration

        cfg = specs.run_config(config, strategies, episodes, episodes_file=self.episodes_file,
                               base=self.regime_params, costs=costs, regime=regime)
        return run_configuration(cfg, self.store, self.with_regime, self.events)

    def sweep(self, grid: str | Path | Choice, strategy: str | None = None,
              episodes: str | Sequence[str] | Choice | None = None, *, metric: str = "calmar",
              blocks: int = 10, costs: Costs | Choice | None = None,
              out: str | Path = "reports/sweeps", walk_forward: bool = False,
              scheduler: str | None = None, workers: int | None = None,
              progress: Progress | None = None) -> SweepResults:
        """A parameter grid judged for overfitting, as `playbook sweep` (its page in `out`,
        checked writable before any work).

        grid: a grid TOML file, its content as a mapping ({"grid": {...}, "fixed": {...}}),
            or just the axes ({"scale_in_days": [5, 10, 20], "regime.vix_relief": [0.2, 0.3]}).
        episodes: default the design crises and full_history (with walk_forward, the hold-out
            crises too), as the CLI.
        walk_forward: also choose parameters on the crises before each crisis, score on it.
        scheduler, workers: run on an existing Dask cluster (tcp://HOST:8786) or on a local
            one of N processes; results are identical to the in-process sweep.
        progress: called with (combinations done, total) as the sweep goes.
        """
        spec = specs.sweep_spec(grid, strategy, episodes, known=self.episodes,
                                base=self.regime_params, metric=metric, blocks=blocks,
                                costs=costs, out=out, walk_forward=walk_forward,
                                scheduler=scheduler, workers=workers)
        return self.run_sweep(spec, progress)

    def run_sweep(self, spec: SweepSpec, progress: Progress | None = None) -> SweepResults:
        """A sweep already checked (specs.sweep_spec): what `sweep` and `playbook sweep` both
        run. `progress(done, total)` is called as combinations finish."""
        from backtests.sweep.cluster import executor
        from backtests.sweep.orchestrate import build_sweep

        with executor(self.loaded, self.store.root, spec.scheduler, spec.workers) as ex:
            summary = build_sweep(self.loaded, spec.grid, spec.episodes, spec.costs,
                                  spec.metric, spec.out, spec.blocks, on_combo=progress,
                                  executor=ex, walk_forward=spec.walk_forward)
        return SweepResults(summary, spec.metric, summary.walk_forward)

    def now(self) -> NowView:
        """Where we are now: triggers vs thresholds, the regime, what each rule holds."""
        return views.now(self.store, regime=self.regime_params, events=self.events)

    def replay(self, analogue: str | None = None, *, no_qe: bool = False,
               months: int | None = None, window: tuple[str, str] | None = None) -> ReplayView:
        """HYPOTHETICAL: every rule if `analogue` (2000_dotcom, 2008_gfc, 2020_covid, 2022)
        or a `window` (first day, last day) of history started today, as `playbook replay`."""
        return views.replay(self.store, analogue, no_qe=no_qe, months=months, window=window,
                      episodes=self.episodes)
