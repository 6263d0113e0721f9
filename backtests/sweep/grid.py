"""Parameter grids (TOML): lists or ranges per parameter, expanded and validated up front.

    strategy = "contrarian_qe"            # optional; must match --strategy if both are given
    [grid]
    vix_relief = [0.15, 0.20, 0.25, 0.30]
    scale_in_days = { start = 5, stop = 40, step = 5 }   # inclusive of stop
    [fixed]                               # optional: the same for every combination
    hold_months = 12
"""

from __future__ import annotations

import difflib
import itertools
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backtests.errors import ConfigError, clip, quote
from backtests.files import read_toml
from strategies.params import Params
from strategies.regimes import RegimeParams
from strategies.registry import StrategyError, get, make_params
from strategies.settings import is_key, regime_params

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


def _number(name: str, key: str, value: Any, where: str) -> int | float:
    """A range bound or step: a finite int or float (not a bool, not a string)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where}: grid.{name}.{key} = {quote(value)} is not a number; write "
                          f"e.g. {{ start = 5, stop = 40, step = 5 }}")
    if not math.isfinite(value):
        raise ConfigError(f"{where}: grid.{name}.{key} = {value}: must be a finite number; "
                          "write e.g. { start = 5, stop = 40, step = 5 }")
    return value


def _range(name: str, spec: dict[str, Any], where: str) -> tuple[int | float, int | float, int]:
    """(start, step, count) of a range, checked and counted without building it."""
    extra = set(spec) - {"start", "stop", "step"}
    if extra or not {"start", "stop", "step"} <= set(spec):
        raise ConfigError(f"{where}: grid.{name} = {quote(spec)}: a range needs exactly start, "
                          "stop and step, e.g. { start = 5, stop = 40, step = 5 }")
    start, stop, step = (_number(name, k, spec[k], where) for k in ("start", "stop", "step"))
    if step == 0 or abs(step) < sys.float_info.min:  # zero, or subnormal: no usable step
        raise ConfigError(f"{where}: grid.{name}.step = {step!r}: must be a non-zero, normal "
                          f"number; e.g. step = {1 if isinstance(start, int) else 0.05}")
    if (stop - start) / step < 0:
        raise ConfigError(f"{where}: grid.{name}: step {step} never reaches {stop} from {start}")
    if all(isinstance(v, int) for v in (start, stop, step)):
        return start, step, (int(stop) - int(start)) // int(step) + 1  # exact, any size
    ratio = (stop - start) / step
    if not math.isfinite(ratio):
        raise ConfigError(f"{where}: grid.{name}: the range from {start} to {stop} by {step} "
                          f"has more than {MAX_COMBINATIONS:,} values; use a larger step")
    return start, step, math.floor(ratio + 1e-9) + 1


def _count(name: str, spec: Any, where: str) -> int:
    """How many values an axis has; checks it before anything is built."""
    if isinstance(spec, list):
        if not spec:
            raise ConfigError(f"{where}: grid.{name} is an empty list; give at least one value")
        for i, v in enumerate(spec):
            if isinstance(v, float) and not math.isfinite(v):
                raise ConfigError(f"{where}: grid.{name}[{i}] = {v}: must be a finite number")
        return len(spec)
    if isinstance(spec, dict):
        return _range(name, spec, where)[2]
    return 1  # a single value sweeps nothing but is allowed


def _values(name: str, spec: Any, where: str) -> list[Any]:
    if isinstance(spec, list):
        return spec
    if isinstance(spec, dict):
        start, step, count = _range(name, spec, where)
        values = [start + i * step for i in range(count)]
        if isinstance(start, int) and isinstance(step, int):
            return values
        return [round(v, 12) for v in values]
    return [spec]


def parse_grid(raw: dict[str, Any], strategy: str | None, where: str) -> Grid:
    extra = set(raw) - {"strategy", "grid", "fixed", "description"}
    if extra:
        raise ConfigError(f"{where}: unknown top-level key(s) "
                          f"{', '.join(clip(k) for k in sorted(extra))}; "
                          "allowed: strategy, description, [grid], [fixed]")
    name = strategy or raw.get("strategy")
    if name is None:
        raise ConfigError(f"{where}: no strategy; pass --strategy or set strategy = \"...\"")
    if not isinstance(name, str):
        raise ConfigError(f"{where}: strategy = {quote(name)} is not a name; write e.g. "
                          "strategy = \"contrarian_qe\"")
    if strategy and raw.get("strategy") not in (None, strategy):
        raise ConfigError(f"{where}: grid is for {quote(raw['strategy'])}, not --strategy "
                          f"{strategy}")
    try:
        fields = get(name).params.model_fields
    except StrategyError as e:
        raise ConfigError(str(e)) from None
    grid = raw.get("grid") or {}
    if not isinstance(grid, dict) or not isinstance(raw.get("fixed") or {}, dict):
        raise ConfigError(f"{where}: [grid] and [fixed] must be tables, e.g. [grid] then "
                          "vix_relief = [0.1, 0.2]")
    if not grid:
        raise ConfigError(f"{where}: [grid] is empty; name at least one parameter to sweep")
    for key in [*grid, *(raw.get("fixed") or {})]:
        if key.startswith(REGIME) and key[len(REGIME):] in RegimeParams.model_fields:
            continue
        if not is_key(get(name).params, key):
            hint = difflib.get_close_matches(key, fields, n=1)
            raise ConfigError(f"{where}: {quote(key)} is not a parameter of {name}"
                              + (f" — did you mean '{hint[0]}'?" if hint else "")
                              + f"; parameters: {', '.join(fields)}")
    # Count first, with Python integers (no overflow), before any axis is materialised.
    counts = {k: _count(k, v, where) for k, v in grid.items()}
    total = math.prod(counts.values())
    if total > MAX_COMBINATIONS:
        sizes = " x ".join(f"{k} {n:,}" for k, n in counts.items())
        raise ConfigError(f"{where}: {total:,} combinations ({sizes}) exceed the limit of "
                          f"{MAX_COMBINATIONS:,}; coarsen the grid")
    axes = {k: _values(k, v, where) for k, v in grid.items()}
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
                          f"{quote(invalid[0][0], 120)}: {invalid[0][1]}")
    return Grid(name, axes, combos, params, invalid, regimes)


def load_grid(path: Path, strategy: str | None = None) -> Grid:
    return parse_grid(read_toml(Path(path), "grid file"), strategy, str(path))
