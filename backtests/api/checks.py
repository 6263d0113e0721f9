"""Argument checks, written once for the notebook API and the CLI.

Each turns a user's value into a validated object or raises one clean line (ConfigError or
StrategyError) naming the argument, the value and the fix, with a "did you mean" where a name
was mistyped. `where` is the argument's name as the user wrote it: "episode" in Python,
"--episode" on the command line; `Names` spells every argument for one of the two (PYTHON,
CLI). Parameters go through the rules' own validators (strategies.registry.make_params,
strategies.settings.regime_params).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backtests.costs import Costs
from backtests.errors import ConfigError, quote
from backtests.files import writable_folder

if TYPE_CHECKING:
    from backtests.episodes import Episode
    from strategies.params import Params
    from strategies.regimes import RegimeParams

REGIME = "regime."  # a regime-machine threshold among rule parameters: regime.crisis_drawdown
COSTS = ("fee_bps", "slippage_bps", "band")
SHEETS = ("highlight", "all", "none")


@dataclass(frozen=True)
class Names:
    """How the user spelled the arguments: as Python keywords (`episode`, `window=(A, B)`) or
    as command-line options (`--episode`, `--from A --to B`). A check takes its argument's
    spelling from here, so both doors get the same message in their own words."""

    cli: bool = False

    def __call__(self, arg: str) -> str:
        """The argument: `episode` / `--episode`; rule parameters are `parameters` / `--set`."""
        if self.cli:
            return "--" + {"params": "set"}.get(arg, arg).replace("_", "-")
        return {"params": "parameters"}.get(arg, arg)

    def given(self, arg: str, value: str) -> str:
        """The argument with a value: `months=N` / `--months N`."""
        if self.cli:
            return {"window": "--from DATE --to DATE"}.get(arg, f"{self(arg)} {value}")
        return f"{arg}={value}"

    def command(self, name: str) -> str:
        """A message's prefix: Python names the method (`replay: `), a command needs none."""
        return "" if self.cli else f"{name}: "


PYTHON, CLI = Names(cli=False), Names(cli=True)


def hint(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" — did you mean '{close[0]}'?" if close else ""


def one_of(where: str, value: str, choices: Sequence[str]) -> ConfigError:
    """The error for a name that is not among `choices` (the CLI's wording, plus a hint)."""
    return ConfigError(f"{where}: {quote(value)} is not one of {', '.join(choices)}"
                       + hint(value, choices))


def split_overrides(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(rule parameters, regime thresholds without their 'regime.' prefix)."""
    rule = {k: v for k, v in values.items() if not k.startswith(REGIME)}
    regime = {k[len(REGIME):]: v for k, v in values.items() if k.startswith(REGIME)}
    return rule, regime


def rule_params(strategy: str, values: Mapping[str, Any], where: str,
                base: Mapping[str, Any] | None = None) -> Params:
    """Validated parameters of a rule; a regime threshold given without its prefix is named."""
    from strategies.regimes import RegimeParams
    from strategies.registry import StrategyError, get, make_params

    fields = get(strategy).params.model_fields
    for key in values:
        if key not in fields and key in RegimeParams.model_fields:
            raise StrategyError(f"{where} of {strategy}: '{key}' is a threshold of the regime "
                                f"machine, not of the rule; write it as '{REGIME}{key}'")
    return make_params(strategy, {**(base or {}), **values}, where)


def regime(base: RegimeParams, values: Mapping[str, Any] | RegimeParams | None,
           where: str) -> RegimeParams:
    """`base` with `values` applied (keys with or without the 'regime.' prefix)."""
    from strategies.regimes import RegimeParams
    from strategies.settings import regime_params

    if values is None:
        return base
    if isinstance(values, RegimeParams):
        return values
    plain = {k.removeprefix(REGIME): v for k, v in values.items()}
    return regime_params({**base.model_dump(), **plain}, where) if plain else base


def preset(path: str | Path, strategy: str | None, where: str) -> tuple[str, dict[str, Any]]:
    """A preset file's rule and values; it must be for `strategy` when that is given."""
    from strategies.registry import StrategyError, load_preset

    name, base = load_preset(Path(path))
    if strategy not in (None, name):
        raise StrategyError(f"{where} {path} is for {name}, not {strategy}")
    return name, base.model_dump()


def costs(value: Costs | Mapping[str, Any] | None, where: str = "costs") -> Costs:
    """Costs from a Costs, a mapping of fee_bps / slippage_bps / band (the others keep their
    defaults), or None (the defaults); values are checked by Costs itself, as on the CLI."""
    if value is None:
        return Costs()
    if isinstance(value, Costs):
        return value
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} = {quote(value)}: give Costs(...) or a mapping such as "
                          "{'fee_bps': 5, 'slippage_bps': 5, 'band': 0.02}")
    for key in value:
        if key not in COSTS:
            fix = hint(str(key), COSTS) or f"; allowed: {', '.join(COSTS)}"
            raise ConfigError(f"{where}: unknown key {quote(key)}{fix}")
    return Costs(**dict(value))


def episode_value(name: str, value: Episode | Mapping[str, Any], where: str) -> Episode:
    """An Episode object, or a mapping in the schema of data/episodes.toml, validated by the
    episodes file's own checks (backtests.episodes.parse_episodes)."""
    from backtests.episodes import Episode, parse_episodes

    if isinstance(value, Episode):
        return value
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} {quote(name)} = {quote(value)}: give an Episode or a "
                          "mapping with the keys of data/episodes.toml (role, description, "
                          "start, end, warmup_days)")
    return parse_episodes({"episodes": {name: dict(value)}}, where)[name]


def catalog(value: str | Path | Mapping[str, Any] | None) -> dict[str, Episode]:
    """The episodes a market knows: data/episodes.toml, a file in its schema, or a mapping."""
    from backtests.episodes import load_episodes

    if value is None or isinstance(value, str | Path):
        return load_episodes(Path(value) if value is not None else None)
    return {str(k): episode_value(str(k), v, "episodes") for k, v in value.items()}


def episode(choice: Any, known: Mapping[str, Episode],
            where: str = "episode") -> tuple[str, Episode]:
    """One episode: a name from `known`, an Episode (named 'custom') or {name: Episode}."""
    from backtests.episodes import Episode

    if isinstance(choice, str):
        if choice not in known:
            raise one_of(where, choice, list(known))
        return choice, known[choice]
    if isinstance(choice, Episode):
        return "custom", choice
    if isinstance(choice, Mapping) and len(choice) == 1:
        name, value = next(iter(choice.items()))
        return str(name), episode_value(str(name), value, where)
    raise ConfigError(f"{where} = {quote(choice)}: give an episode name (one of "
                      f"{', '.join(known)}), an Episode, or {{name: Episode}}")


def episodes(choice: Any, known: Mapping[str, Episode], where: str = "episodes",
             default: Sequence[str] | None = None) -> dict[str, Episode]:
    """Several episodes: names (a list or 'a,b'), or {name: Episode | mapping}; None = default."""
    if choice is None:
        choice = list(default if default is not None else known)
    if isinstance(choice, str):
        choice = [c.strip() for c in choice.split(",") if c.strip()]
    if isinstance(choice, Mapping):
        return {str(k): episode_value(str(k), v, where) for k, v in choice.items()}
    out: dict[str, Episode] = {}
    for item in choice:
        name, ep = episode(item, known, where)
        out[name] = ep
    if not out:
        raise ConfigError(f"{where}: no episode given; name at least one of {', '.join(known)}")
    return out


def metric(value: str, where: str = "metric") -> str:
    """A sweep's ranking metric: one of the metrics every combination is scored on."""
    from backtests.sweep.run import CORE

    if value not in CORE:
        raise one_of(where, value, list(CORE))
    return value


def blocks(value: int, where: str = "blocks") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 2 or value % 2:
        raise ConfigError(f"{where} {value}: must be an even number >= 2")
    return value


def out_folder(path: str | Path, where: str = "out") -> Path:
    """An output folder that can be written, checked (and created) before any work."""
    return writable_folder(Path(path), where)


def tear_sheets(value: bool | str, where: str = "tear_sheets") -> str:
    """Which quantstats tear sheets a report builds: True = "all", False = "none"."""
    mode = ({True: "all", False: "none"}[value] if isinstance(value, bool) else value)
    if mode not in SHEETS:
        raise one_of(where, str(mode), SHEETS)
    return str(mode)


def labels(chosen: Sequence[str], known: Sequence[str], where: str = "strategies") -> list[str]:
    """Run labels of a configuration to keep."""
    for label in chosen:
        if label not in known:
            raise one_of(where, label, known)
    return list(chosen)


def cluster(scheduler: str | None, workers: int | None, names: Names = PYTHON) -> None:
    """Where a sweep runs: an existing Dask cluster, a local one of N workers, or in-process."""
    if scheduler and workers:
        raise ConfigError(f"give {names.given('scheduler', 'ADDRESS')} (an existing cluster) or "
                          f"{names.given('workers', 'N')} (a local one), not both")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int)
                                or workers < 1):
        raise ConfigError(f"{names('workers')} {workers}: must be at least 1")


def replay_choice(analogue: str | None, months: int | None, window: Sequence[str] | None,
                  names: Names = PYTHON) -> None:
    """A replay names a crisis (and how many months of it) or a window of history, not both."""
    from backtests.scenarios.analogue import ANALOGUES

    say = names.command("replay")
    if window is not None and (analogue is not None or months is not None):
        raise ConfigError(f"{say}use either {names.given('analogue', 'NAME')} "
                          f"[{names.given('months', 'N')}] or "
                          f"{names.given('window', '(FIRST_DAY, LAST_DAY)')}")
    if window is None and analogue is None:
        raise ConfigError(f"{say}name a crisis with {names.given('analogue', '').rstrip()} "
                          f"({', '.join(ANALOGUES)}) or a window with "
                          f"{names.given('window', '(FIRST_DAY, LAST_DAY)')}")
    if window is not None and (isinstance(window, str) or len(window) != 2):
        raise ConfigError(f"{say}{names('window')} = {quote(window)}: give (FIRST_DAY, "
                          "LAST_DAY), e.g. ('2007-10-09', '2009-03-09')")
