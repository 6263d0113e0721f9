"""What a backtest, a sweep or a committee run asks for, checked in full before any data is
read: the one place where the notebook API's arguments and the CLI's options become validated
objects.

`Market.backtest(...)` builds a BacktestSpec from Python arguments and runs it with
`Market.run_backtest(spec)`; `playbook backtest` builds the same spec from its options (names
spelled `checks.CLI`), then loads the market and calls the same `run_backtest`. A typo costs
nothing on either door, and both get the same message in their own words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backtests.api import checks, episodechecks, paramchecks
from backtests.api.checks import PYTHON, Names
from backtests.errors import ConfigError

if TYPE_CHECKING:
    from backtests.engine.costs import Costs
    from backtests.episodes.definitions import Episode
    from backtests.episodes.runconfig import RunConfig
    from backtests.sweep.grid import Grid
    from strategies.params import Params
    from strategies.regimes import RegimeParams

Progress = Callable[[int, int], None]  # (combinations done, total)


@dataclass(frozen=True)
class BacktestSpec:
    """One rule over one episode beside a benchmark, every value validated."""

    strategy: str  # the rule's registry name
    label: str  # what the run is called in tables and metrics.csv
    params: Params
    regime: RegimeParams  # the regime machine's thresholds for this run
    benchmark: str
    benchmark_params: Params
    episode: str
    episode_def: Episode
    costs: Costs


def backtest_spec(strategy: str | None, episode: Any, values: Mapping[str, Any], *,
                  known: Mapping[str, Episode], base: RegimeParams,
                  preset: str | Path | None = None, benchmark: str = "sixty_forty",
                  costs: Costs | Mapping[str, Any] | None = None,
                  regime: Mapping[str, Any] | None = None, label: str | None = None,
                  names: Names = PYTHON) -> BacktestSpec:
    """Validate a backtest. `values`: rule parameters and 'regime.'-prefixed thresholds (as
    --set); `known`: the episodes by name; `base`: the thresholds the market was loaded with;
    `label` defaults to the rule and what differs from its defaults."""
    from backtests.api.labels import label_for
    from strategies.registry import STRATEGIES, StrategyError, make_params

    start: dict[str, Any] = {}
    if preset is not None:
        strategy, start = paramchecks.preset(preset, strategy, names("preset"))
    if strategy is None:
        raise StrategyError(f"{names.command('backtest')}{names('strategy')} (or "
                            f"{names('preset')}) is required; one of {', '.join(STRATEGIES)}")
    rule_values, regime_values = paramchecks.split_overrides(values)
    thresholds = paramchecks.regime(base, {**regime_values, **(regime or {})}, names("params"))
    params = paramchecks.rule_params(strategy, rule_values, names("params"), start)
    bench = make_params(benchmark, {}, names("benchmark"))
    name, ep = episodechecks.episode(episode, known, names("episode"))
    cost = paramchecks.costs(costs)
    tag = label or label_for(strategy, params, thresholds, cost, base)
    return BacktestSpec(strategy, tag, params, thresholds, benchmark, bench, name, ep, cost)


@dataclass(frozen=True)
class SweepSpec:
    """A parameter grid over episodes, where it runs and where its page goes."""

    grid: Grid
    episodes: dict[str, Episode]
    metric: str
    blocks: int
    costs: Costs
    out: Path  # checked writable (and created)
    walk_forward: bool = False
    scheduler: str | None = None  # an existing Dask cluster
    workers: int | None = None  # a local Dask cluster of N processes


def sweep_spec(grid: str | Path | Mapping[str, Any], strategy: str | None = None,
               episodes: Any = None, *, known: Mapping[str, Episode], base: RegimeParams,
               metric: str = "calmar", blocks: int = 10,
               costs: Costs | Mapping[str, Any] | None = None,
               out: str | Path = "reports/sweeps", walk_forward: bool = False,
               scheduler: str | None = None, workers: int | None = None,
               names: Names = PYTHON) -> SweepSpec:
    """Validate a sweep. `grid`: a grid TOML file, its content as a mapping, or just the axes;
    a mapping runs on `base` (the market's thresholds) unless it sets regime.* itself."""
    from backtests.episodes.definitions import sweep_defaults
    from backtests.sweep.grid import load_grid, parse_grid

    cost = paramchecks.costs(costs)
    if isinstance(grid, str | Path):
        parsed = load_grid(Path(grid), strategy)
    else:
        raw = dict(grid) if "grid" in grid else {"grid": dict(grid)}
        parsed = parse_grid(_with_regime(raw, base), strategy, names("grid"))
    chosen = episodechecks.episodes(episodes, known, names("episodes"),
                             sweep_defaults(dict(known), walk_forward))
    checks.blocks(blocks, names("blocks"))
    checks.metric(metric, names("metric"))
    checks.cluster(scheduler, workers, names)
    folder = checks.out_folder(out, names("out"))
    return SweepSpec(parsed, chosen, metric, blocks, cost, folder, walk_forward, scheduler,
                     workers)


def _with_regime(raw: dict[str, Any], base: RegimeParams) -> dict[str, Any]:
    """The market's own thresholds join the grid's [fixed] values (the grid's regime.* keys
    win), so a sweep runs on the thresholds the market was loaded with."""
    from strategies.regimes import DEFAULT_REGIME

    default = DEFAULT_REGIME.model_dump()
    mine = {f"{paramchecks.REGIME}{k}": v for k, v in base.model_dump().items() if v != default[k]}
    if not mine:
        return raw
    return {**raw, "fixed": {**mine, **dict(raw.get("fixed") or {})}}


def run_config(config: str | Path | None = None,
               strategies: str | Sequence[str | Mapping[str, Any]] | None = None,
               episodes: str | Sequence[str] | None = None, *,
               episodes_file: Path | None = None, base: RegimeParams | None = None,
               costs: Costs | Mapping[str, Any] | None = None,
               regime: Mapping[str, Any] | None = None, rules: Sequence[str | Path] = (),
               names: Names = PYTHON) -> RunConfig:
    """The run configuration a committee run executes: `config` (default
    backtests/runs/committee.toml) narrowed to `strategies` (labels to keep, plus extra runs as
    [[runs]] tables) and `episodes` (default: the configuration's, or every episode of
    `episodes_file`), with `costs` and thresholds (`regime` over `base` and the file's own);
    `rules`: rule files already registered (--rules), recorded beside the file's own."""
    from pydantic import ValidationError

    from backtests.episodes.definitions import load_episodes
    from backtests.episodes.resolve import episodes_path, narrow
    from backtests.episodes.runconfig import RunConfig, load_config
    from backtests.slug import check_name
    from strategies.params import explain
    from strategies.regimes import DEFAULT_REGIME
    from strategies.registry import STRATEGIES

    cfg = load_config(Path(config) if config is not None else None)
    explicit = cfg.regime.model_dump(include=cfg.regime.model_fields_set)
    thresholds = paramchecks.regime(DEFAULT_REGIME if base is None else base,
                               {**explicit, **(regime or {})}, "run")
    items = [strategies] if isinstance(strategies, str) else list(strategies or [])
    asked_runs = [s.strip() for item in items if isinstance(item, str)
                  for s in item.split(",") if s.strip()]
    keys = [r.key for r in cfg.runs]
    # a registered rule the configuration does not run (your own, from --rules) joins it
    # under its own name, beside the configuration's benchmarks
    added = [{"name": s} for s in asked_runs if s not in keys and s in STRATEGIES]
    keep = checks.labels([s for s in asked_runs if s in keys or s not in STRATEGIES],
                         keys + [s for s in STRATEGIES if s not in keys], names("strategies"))
    extra = [*added, *(dict(item) for item in items if isinstance(item, Mapping))]
    if added and not keep:  # only new rules asked: the configuration's benchmarks stay
        keep = [k for k in (cfg.benchmark, cfg.highlight, cfg.timing_benchmark) if k]
    asked = [e.strip() for e in episodes.split(",") if e.strip()] \
        if isinstance(episodes, str) else episodes
    chosen = None  # the configuration's episodes, or every episode of episodes_file
    if asked is not None:
        for name in asked:  # episode names become file names: the slug rule comes first
            check_name(name, f"{names('episodes')}: episode")
        known = load_episodes(episodes_file if episodes_file is not None
                              else episodes_path(cfg))
        chosen = list(episodechecks.episodes(asked, known, names("episodes")))
    cfg = narrow(cfg, keep or None, chosen, episodes_file)
    update: dict[str, Any] = {"regime": thresholds.model_dump(),
                              "rules": [*cfg.rules, *(str(Path(r).resolve()) for r in rules)]}
    if extra:
        update["runs"] = [*cfg.model_dump()["runs"], *extra]
    if costs is not None:
        update["costs"] = vars(paramchecks.costs(costs))
    try:
        return RunConfig.model_validate({**cfg.model_dump(), **update})
    except ValidationError as e:
        raise ConfigError("\n".join(explain(e, RunConfig, "run"))) from None
