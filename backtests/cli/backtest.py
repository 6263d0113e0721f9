"""`playbook backtest`: one rule (or your own weights) over one episode beside a benchmark;
`--compare` puts the rule's defaults beside the tweaked run from one data load."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from backtests.cli.app import EpisodesFileOpt, RulesOpt, StoreOpt, app, console, use_rules
from backtests.cli.metricview import compare_table, print_metrics
from backtests.engine.costs import DEFAULT as COSTS
from backtests.engine.costs import Costs
from backtests.errors import ConfigError
from strategies.regimes import DEFAULT_REGIME
from strategies.registry import parse_set

if TYPE_CHECKING:
    from backtests.api.market import Market
    from backtests.api.specs import BacktestSpec

SET_HELP = ("Override a parameter: --set scale_in_days=10, or a regime threshold: "
            "--set regime.crisis_drawdown=0.18 (repeatable). Values are TOML: 10, 0.18, true, "
            "'either' (or a bare word), ['crisis', 'correction'], {us_equity = 0.5, cash = 0.5}.")


@app.command("backtest")
def backtest(
    strategy: Annotated[str | None, typer.Option(help="Strategy name (see `strategies`).")] = None,
    episode: Annotated[str, typer.Option(help="Episode from data/episodes.toml.")] = "2008_gfc",
    set_: Annotated[list[str] | None, typer.Option("--set", help=SET_HELP)] = None,
    preset: Annotated[Path | None, typer.Option(help="A preset TOML file (the run is "
                                                "labelled with its file name).")] = None,
    weights: Annotated[Path | None, typer.Option(
        help="Your own target weights instead of a rule: CSV or parquet, a date column and "
        "one column per sleeve; each row is traded the next trading day.")] = None,
    compare: Annotated[bool, typer.Option(
        "--compare", help="Also run the rule with its default parameters and thresholds and "
        "show both side by side (one data load).")] = False,
    benchmark: Annotated[str, typer.Option(help="Compared against.")] = "sixty_forty",
    fee_bps: Annotated[float, typer.Option(help="Fee per trade, basis points.")] = COSTS.fee_bps,
    slippage_bps: Annotated[float, typer.Option(
        help="Slippage, basis points.")] = COSTS.slippage_bps,
    band: Annotated[float, typer.Option(help="Rebalance band (weight drift).")] = COSTS.band,
    out: Annotated[Path | None, typer.Option(help="Write metrics.csv, parquet and "
                                             "params.json (the parameters used) here.")] = None,
    store: StoreOpt = None,
    episodes_file: EpisodesFileOpt = None,
    rules: RulesOpt = None,
) -> None:
    """One strategy (or --weights FILE) over one episode: its metrics next to the benchmark's."""
    from backtests.api import checks, load

    use_rules(rules)
    costs = Costs(fee_bps=fee_bps, slippage_bps=slippage_bps, band=band)
    if out is not None:
        checks.out_folder(out, "--out")
    if weights is not None:
        _weights_run(weights, strategy, preset, set_, compare, episode, benchmark, costs, out,
                     store, episodes_file)
        return
    spec = _spec(strategy, episode, set_, preset, benchmark, costs, episodes_file, compare)
    market = load(store, episodes=episodes_file)
    result = market.run_backtest(spec)
    console.print(parameters_line(spec), highlight=False)
    if compare:
        plain = market.run_backtest(defaults_of(spec))
        console.print(compare_table(result, plain))
    else:
        print_metrics(result.run.metrics, result.benchmark_run.metrics, result.label,
                       result.benchmark, result.episode, result.episode_def)
    for note in result.notes:
        console.print(f"  note: {note}")
    if out is not None:
        for path in [*result.write(out), write_params(out, params_record(spec))]:
            console.print(f"  wrote {path}")


def _spec(strategy: str | None, episode: str, set_: list[str] | None, preset: Path | None,
          benchmark: str, costs: Costs, episodes_file: Path | None,
          compare: bool = False) -> BacktestSpec:
    from backtests.api import checks, episodechecks
    from backtests.api.specs import backtest_spec

    spec = backtest_spec(strategy, episode, parse_set(set_ or []), preset=preset,
                         benchmark=benchmark, costs=costs,
                         known=episodechecks.catalog(episodes_file), base=DEFAULT_REGIME,
                         names=checks.CLI)
    # A command's run is named after the rule (or the preset file), so its metrics.csv reads
    # like the committee run's; only a tweaked rule against its own plain self needs the
    # tag with what changed, or both columns would be one run. Compared with its defaults,
    # the tweaked run always carries that tag.
    if compare:
        return spec
    label = preset.stem if preset is not None else spec.strategy
    if label == spec.benchmark and spec.label != spec.strategy:
        label = spec.label
    return dataclasses.replace(spec, label=label)


def defaults_of(spec: BacktestSpec) -> BacktestSpec:
    """The same rule, episode, benchmark and costs with default parameters and thresholds."""
    params = type(spec.params)()
    label = spec.strategy if spec.label != spec.strategy else f"{spec.strategy} (defaults)"
    if label == spec.benchmark:  # the benchmark's column already holds the plain rule
        label = f"{spec.strategy} (defaults)"
    return dataclasses.replace(spec, params=params, regime=DEFAULT_REGIME, label=label)


def changes(spec: BacktestSpec) -> list[tuple[str, Any, Any]]:
    """(name, value used, default) of every parameter and threshold that differs."""
    out = [(k, v, d) for (k, v), d in zip(spec.params.model_dump().items(),
                                          type(spec.params)().model_dump().values(), strict=True)
           if v != d]
    defaults = DEFAULT_REGIME.model_dump()
    out += [(f"regime.{k}", v, defaults[k]) for k, v in spec.regime.model_dump().items()
            if v != defaults[k]]
    return out


def parameters_line(spec: BacktestSpec) -> str:
    """What ran: every changed value with its default beside it, then the unchanged ones."""
    from backtests.api.labels import short

    changed = changes(spec)
    moved = {k for k, _, _ in changed}
    # a mix is a table: named, not spelled out (`playbook strategies` shows it)
    same = [f"{k}=" + ("<mix>" if isinstance(v, dict) else str(v))
            for k, v in spec.params.model_dump().items() if k not in moved]
    head = ", ".join(f"{k}={short(v)} (default {short(d)})" for k, v, d in changed) \
        or "all defaults"
    return f"{spec.label}: {head}" + (f"; unchanged: {', '.join(same)}" if same else "")


def params_record(spec: BacktestSpec) -> dict[str, Any]:
    """What params.json records: enough to rerun exactly this backtest."""
    return {"strategy": spec.strategy, "label": spec.label, "episode": spec.episode,
            "benchmark": spec.benchmark, "params": spec.params.model_dump(mode="json"),
            "regime": spec.regime.model_dump(mode="json"), "costs": vars(spec.costs),
            "changed": {k: {"value": v, "default": d} for k, v, d in changes(spec)}}


def write_params(out: Path, record: dict[str, Any]) -> Path:
    from backtests.episodes.outputs import atomic_write

    path = out / "params.json"
    text = json.dumps(record, indent=2, default=str) + "\n"
    def write(p: Path) -> None:
        p.write_text(text)

    atomic_write(path, write)
    return path


def _weights_run(file: Path, strategy: str | None, preset: Path | None,
                 set_: list[str] | None, compare: bool, episode: str, benchmark: str,
                 costs: Costs, out: Path | None, store: Path | None,
                 episodes_file: Path | None) -> None:
    from backtests.api import load
    from backtests.api.checks import CLI
    from backtests.api.weightruns import run_weights

    given = [o for o, v in (("--strategy", strategy), ("--preset", preset), ("--set", set_),
                            ("--compare", compare)) if v]
    if given:
        raise ConfigError(f"--weights {file}: {given[0]} applies to a rule, not to your own "
                          "weights; leave it out, or drop --weights to run a rule")
    market: Market = load(store, episodes=episodes_file)
    result = run_weights(market, file, episode, benchmark=benchmark, costs=costs,
                         label=file.stem, names=CLI)
    print_metrics(result.run.metrics, result.benchmark_run.metrics, result.label,
                   result.benchmark, result.episode, result.episode_def)
    for note in result.notes:
        console.print(f"  note: {note}")
    if out is not None:
        record = {"weights": str(file.resolve()), "label": result.label, "episode":
                  result.episode, "benchmark": benchmark, "costs": vars(costs)}
        for path in [*result.write(out), write_params(out, record)]:
            console.print(f"  wrote {path}")
