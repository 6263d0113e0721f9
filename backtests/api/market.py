"""`load()` and `Market`: the data loaded once, and every question asked of it from Python.

    market = load()                                   # store, context, sleeves: once
    base = market.backtest("contrarian_qe", episode="2008_gfc")
    fast = market.backtest("contrarian_qe", episode="2008_gfc", scale_in_days=10)
    fast.compare(base)                                # metrics side by side
    fast.compare(base).plot()                         # the report's chart, both runs on it

Each method calls the function the CLI command calls (runner.run_matrix, report.build,
sweep.page.build_sweep, now.where_are_we, scenarios.replay) and validates its arguments with
the same functions (backtests.api.checks), so a typo gets the CLI's message and "did you mean".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backtests.api import checks
from backtests.api.results import Backtest, label_for
from backtests.api.runs import RunResults
from backtests.api.sweeps import SweepResults
from backtests.api.views import NowView, ReplayView
from backtests.errors import ConfigError

if TYPE_CHECKING:
    from backtests.costs import Costs
    from backtests.data.events import FedEvent
    from backtests.data.store import Store
    from backtests.episodes import Episode
    from backtests.runner import Market as Loaded
    from strategies.regimes import RegimeParams

Choice = Mapping[str, Any]
CACHED_REGIMES = 8  # contexts kept for other regime thresholds (each ~ a few MB)


def load(store: str | Path | None = None, *, regime: Choice | RegimeParams | None = None,
         episodes: str | Path | Mapping[str, Any] | None = None) -> Market:
    """Load the store once: point-in-time panel, signals, regimes and sleeve prices.

    store: a store folder (default: $PLAYBOOK_STORE, else data/store), as --store.
    regime: regime-machine thresholds for every run, e.g. {"crisis_drawdown": 0.18} (keys may
        carry the CLI's 'regime.' prefix).
    episodes: the episodes file (default data/episodes.toml), or {name: Episode | mapping}.
    """
    from backtests.data.events import load_events
    from backtests.data.store import Store
    from backtests.runner import load_market
    from strategies.regimes import RegimeParams

    st = Store.resolve(Path(store) if store is not None else None)
    params = checks.regime(RegimeParams(), regime, "load")
    known = checks.catalog(episodes)
    file = Path(episodes).resolve() if isinstance(episodes, str | Path) else None
    market = Market(load_market(st, regime_params=params), st, known, tuple(load_events()),
                    file)
    market.episodes_mapped = isinstance(episodes, Mapping)
    return market


class Market:
    """The loaded data and what can be asked of it: backtest, run, sweep, now, replay."""

    def __init__(self, loaded: Loaded, store: Store, episodes: dict[str, Episode],
                 events: tuple[FedEvent, ...], episodes_file: Path | None = None) -> None:
        self.loaded, self.store, self.episodes, self.events = loaded, store, episodes, events
        self.episodes_file = episodes_file  # the user's episodes file, if load() read one
        self.episodes_mapped = False  # episodes given as a mapping (no file for the report)
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
        from backtests.pipeline import reclassify

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
        from backtests.runner import run_matrix
        from strategies.registry import StrategyError, make_params

        base: dict[str, Any] = {}
        if preset is not None:
            strategy, base = checks.preset(preset, strategy, "preset")
        if strategy is None:
            raise StrategyError("backtest: name a strategy (or a preset); one of "
                                + ", ".join(self.strategies))
        rule_values, regime_values = checks.split_overrides(params)
        thresholds = checks.regime(self.regime_params, {**regime_values, **(regime or {})},
                                   "parameters")
        rule = checks.rule_params(strategy, rule_values, "parameters", base)
        bench = make_params(benchmark, {}, "benchmark")
        name, ep = checks.episode(episode, self.episodes)
        cost = checks.costs(costs)
        tag = label or label_for(strategy, rule, thresholds, cost, self.regime_params)
        loaded = self.with_regime(thresholds)
        chosen = {tag: rule} if tag == benchmark else {tag: rule, benchmark: bench}
        runs = run_matrix(loaded, chosen, {name: ep}, cost, {tag: strategy})
        return Backtest(runs[0], runs[-1], ep, loaded.context.regimes, thresholds, cost,
                        self.events)

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
        from backtests.report.config import RunConfig, load_config, narrow, resolve
        from backtests.runner import run_matrix

        cfg = load_config(Path(config) if config is not None else None)
        explicit = cfg.regime.model_dump(include=cfg.regime.model_fields_set)
        thresholds = checks.regime(self.regime_params, {**explicit, **(regime or {})}, "run")
        items = [strategies] if isinstance(strategies, str) else list(strategies or [])
        labels = [s.strip() for item in items if isinstance(item, str)
                  for s in item.split(",") if s.strip()]
        extra = [dict(item) for item in items if isinstance(item, Mapping)]
        # the report records an episodes file: a market whose episodes are a mapping runs
        # the committee on the configuration's file
        known = checks.catalog(None) if self.episodes_mapped else self.episodes
        default = cfg.episodes if self.episodes_file is None else list(known)
        names = list(checks.episodes(episodes, known, "episodes", default))
        cfg = narrow(cfg, labels or None, names, self.episodes_file)
        update: dict[str, Any] = {"regime": thresholds.model_dump()}
        if extra:
            update["runs"] = [*cfg.model_dump()["runs"], *extra]
        if costs is not None:
            update["costs"] = vars(checks.costs(costs))
        cfg = _validated(RunConfig, {**cfg.model_dump(), **update}, "run")
        params, rules, chosen, cost = resolve(cfg)
        loaded = self.with_regime(cfg.regime)
        runs = run_matrix(loaded, params, chosen, cost, rules)
        return RunResults(cfg, runs, self.store, loaded.cash_returns)

    def sweep(self, grid: str | Path | Choice, strategy: str | None = None,
              episodes: str | Sequence[str] | Choice | None = None, *, metric: str = "calmar",
              blocks: int = 10, costs: Costs | Choice | None = None,
              out: str | Path = "reports/sweeps", walk_forward: bool = False,
              scheduler: str | None = None, workers: int | None = None) -> SweepResults:
        """A parameter grid judged for overfitting, as `playbook sweep` (its page in `out`).

        grid: a grid TOML file, its content as a mapping ({"grid": {...}, "fixed": {...}}),
            or just the axes ({"scale_in_days": [5, 10, 20], "regime.vix_relief": [0.2, 0.3]}).
        episodes: default the design crises and full_history (with walk_forward, the hold-out
            crises too), as the CLI.
        walk_forward: also choose parameters on the crises before each crisis, score on it.
        """
        from backtests.episodes import sweep_defaults
        from backtests.sweep.build import build_sweep
        from backtests.sweep.cluster import executor
        from backtests.sweep.grid import load_grid, parse_grid

        if isinstance(grid, str | Path):
            parsed = load_grid(Path(grid), strategy)
        else:
            raw = dict(grid) if "grid" in grid else {"grid": dict(grid)}
            parsed = parse_grid(self._with_market_regime(raw), strategy, "grid")
        chosen = checks.episodes(episodes, self.episodes, "episodes",
                                 sweep_defaults(self.episodes, walk_forward))
        checks.blocks(blocks)
        checks.metric(metric)
        cost = checks.costs(costs)
        with executor(self.loaded, self.store.root, scheduler, workers) as ex:
            summary = build_sweep(self.loaded, parsed, chosen, cost, metric, Path(out), blocks,
                                  executor=ex, walk_forward=walk_forward)
        return SweepResults(summary, metric, summary.walk_forward)

    def _with_market_regime(self, raw: dict[str, Any]) -> dict[str, Any]:
        """The market's own regime thresholds join the grid's [fixed] values (a grid's own
        regime.* keys win), so a sweep runs on the thresholds the market was loaded with."""
        from strategies.regimes import RegimeParams

        default = RegimeParams().model_dump()
        mine = {f"{checks.REGIME}{k}": v for k, v in self.regime_params.model_dump().items()
                if v != default[k]}
        if not mine:
            return raw
        return {**raw, "fixed": {**mine, **dict(raw.get("fixed") or {})}}

    def now(self) -> NowView:
        """Where we are now: triggers vs thresholds, the regime, what each rule holds."""
        from backtests.now import where_are_we

        return NowView(where_are_we(self.store, events=list(self.events),
                                    regime_params=self.regime_params))

    def replay(self, analogue: str | None = None, *, no_qe: bool = False,
               months: int | None = None, window: tuple[str, str] | None = None) -> ReplayView:
        """HYPOTHETICAL: every rule if `analogue` (2000_dotcom, 2008_gfc, 2020_covid, 2022)
        or a `window` (first day, last day) of history started today, as `playbook replay`."""
        from backtests.scenarios import analogue as an
        from backtests.scenarios.replay import prepare, replay

        if window is not None and (analogue is not None or months is not None):
            raise ConfigError("replay: use either analogue=NAME [months=N] or "
                              "window=(FIRST_DAY, LAST_DAY)")
        if window is not None:
            chosen = an.user_window(window[0], window[1], self.store)
        elif analogue is not None:
            chosen = an.resolve(analogue, self.store, self.episodes,
                                24 if months is None else months)
        else:
            raise ConfigError(f"replay: name a crisis with analogue= ({', '.join(an.ANALOGUES)}) "
                              "or a window with window=(FIRST_DAY, LAST_DAY)")
        return ReplayView(replay(prepare(self.store, chosen), not no_qe, self.episodes))


def _validated(model: Any, values: dict[str, Any], where: str) -> Any:
    from pydantic import ValidationError

    from strategies.params import explain

    try:
        return model.model_validate(values)
    except ValidationError as e:
        raise ConfigError("\n".join(explain(e, model, where))) from None
