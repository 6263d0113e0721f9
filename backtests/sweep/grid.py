"""Parameter grids (TOML): lists or ranges per parameter, expanded and validated up front.

    strategy = "contrarian_qe"            # optional; must match --strategy if both are given
    [grid]
    vix_relief = [0.15, 0.20, 0.25, 0.30]
    scale_in_days = { start = 5, stop = 40, step = 5 }   # inclusive of stop
    [fixed]                               # optional: the same for every combination
    hold_months = 12
"""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from backtests.errors import ConfigError
from strategies.params import Params, explain
from strategies.regimes import RegimeParams
from strategies.registry import StrategyError, get, make_params

REGIME = "regime."  # prefix of a regime-machine parameter in a grid, e.g. regime.crisis_drawdown

MAX_COMBINATIONS = 200_000


@dataclass(frozen=True)
class Grid:
    strategy: str
    axes: dict[str, list[Any]]  # swept parameter -> its values, in order
    combos: list[dict[str, Any]]  # valid combinations (swept values only)
    params: list[Params]  # validated params per valid combination (fixed values included)
    invalid: list[tuple[dict[str, Any], str]]  # rejected combinations and why
    regime_params: list[RegimeParams]  # the regime machine's parameters per valid combination


def _values(name: str, spec: Any, where: str) -> list[Any]:
    if isinstance(spec, list):
        if not spec:
            raise ConfigError(f"{where}: grid.{name} is an empty list; give at least one value")
        return spec
    if isinstance(spec, dict):
        extra = set(spec) - {"start", "stop", "step"}
        if extra or not {"start", "stop", "step"} <= set(spec):
            raise ConfigError(f"{where}: grid.{name} = {spec}: a range needs exactly start, "
                              "stop and step, e.g. { start = 5, stop = 40, step = 5 }")
        start, stop, step = spec["start"], spec["stop"], spec["step"]
        if not step or (stop - start) / step < 0:
            raise ConfigError(f"{where}: grid.{name}: step {step} never reaches {stop} from "
                              f"{start}")
        count = int(np.floor((stop - start) / step + 1e-9)) + 1
        values = [start + i * step for i in range(count)]
        if all(isinstance(v, int) for v in (start, stop, step)):
            return values
        return [round(v, 12) for v in values]
    return [spec]  # a single value sweeps nothing but is allowed


def parse_grid(raw: dict[str, Any], strategy: str | None, where: str) -> Grid:
    extra = set(raw) - {"strategy", "grid", "fixed", "description"}
    if extra:
        raise ConfigError(f"{where}: unknown top-level key(s) {', '.join(sorted(extra))}; "
                          "allowed: strategy, description, [grid], [fixed]")
    name = strategy or raw.get("strategy")
    if name is None:
        raise ConfigError(f"{where}: no strategy; pass --strategy or set strategy = \"...\"")
    if strategy and raw.get("strategy") not in (None, strategy):
        raise ConfigError(f"{where}: grid is for {raw['strategy']}, not --strategy {strategy}")
    try:
        fields = get(name).params.model_fields
    except StrategyError as e:
        raise ConfigError(str(e)) from None
    grid = raw.get("grid") or {}
    if not grid:
        raise ConfigError(f"{where}: [grid] is empty; name at least one parameter to sweep")
    for key in [*grid, *(raw.get("fixed") or {})]:
        if key.startswith(REGIME) and key[len(REGIME):] in RegimeParams.model_fields:
            continue
        if key not in fields:
            import difflib

            hint = difflib.get_close_matches(key, fields, n=1)
            raise ConfigError(f"{where}: '{key}' is not a parameter of {name}"
                              + (f" — did you mean '{hint[0]}'?" if hint else "")
                              + f"; parameters: {', '.join(fields)}")
    axes = {k: _values(k, v, where) for k, v in grid.items()}
    total = int(np.prod([len(v) for v in axes.values()]))
    if total > MAX_COMBINATIONS:
        raise ConfigError(f"{where}: {total:,} combinations exceed the limit of "
                          f"{MAX_COMBINATIONS:,}; coarsen the grid")
    fixed = raw.get("fixed") or {}
    combos, params, invalid, regimes = [], [], [], []
    for values in itertools.product(*axes.values()):
        combo = dict(zip(axes, values, strict=True))
        merged = {**fixed, **combo}
        try:
            rule = make_params(name, {k: v for k, v in merged.items()
                                      if not k.startswith(REGIME)}, "grid")
            regime = regime_params({k[len(REGIME):]: v for k, v in merged.items()
                                    if k.startswith(REGIME)}, "grid")
        except StrategyError as e:
            invalid.append((combo, str(e).split(": ", 1)[-1]))
            continue
        params.append(rule)
        regimes.append(regime)
        combos.append(combo)
    if not combos:
        raise ConfigError(f"{where}: every one of the {total} combinations is invalid, e.g. "
                          f"{invalid[0][0]}: {invalid[0][1]}")
    return Grid(name, axes, combos, params, invalid, regimes)


def regime_params(values: dict[str, Any], where: str) -> RegimeParams:
    """Validated regime-machine parameters ('did you mean' on typos)."""
    try:
        return RegimeParams.model_validate(values)
    except ValidationError as e:
        raise StrategyError("\n".join(explain(e, RegimeParams, f"{where} (regime)"))) from None


def load_grid(path: Path, strategy: str | None = None) -> Grid:
    try:
        raw = tomllib.loads(Path(path).read_text())
    except FileNotFoundError:
        raise ConfigError(f"{path}: grid file not found") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e})") from None
    return parse_grid(raw, strategy, str(path))
