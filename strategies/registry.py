"""Strategy names -> (rule, params class); presets in TOML that a quant copies and edits."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from strategies import benchmarks as bm
from strategies import contrarian, defensive, playbook, soft_landing
from strategies.base import Inputs
from strategies.params import Params, explain

if TYPE_CHECKING:
    import pandas as pd

PRESETS = Path(__file__).parent / "presets"


class StrategyError(ValueError):
    """A strategy name, preset or parameter is invalid; the message says how to fix it."""


@dataclass(frozen=True)
class Strategy:
    """A rule: its parameters, the compiled kernel it runs, and how its params feed it."""

    name: str
    rule: Callable[[Inputs, Any], pd.DataFrame]  # documented with the article's words
    params: type[Params]
    scenario: str  # which scenario of the article the rule encodes (or "benchmark")
    kernel: str  # the state machine in strategies.kernels.rules
    mixes: Callable[[Any], list[dict[str, float]]]  # the mixes its coefficients weigh, in order
    pack: Callable[[Any], list[float]]  # params -> the kernel's float vector

    @property
    def summary(self) -> str:
        return (self.rule.__doc__ or "").strip().splitlines()[0]


STRATEGIES = {s.name: s for s in [
    Strategy("buy_and_hold", bm.buy_and_hold, bm.BuyAndHoldParams, "benchmark", bm.KERNEL,
             bm.mixes_buy_and_hold, bm.pack_buy_and_hold),
    Strategy("sixty_forty", bm.sixty_forty, bm.SixtyFortyParams, "benchmark", bm.KERNEL,
             bm.mixes_sixty_forty, bm.pack_monthly),
    Strategy("strategic_static", bm.strategic_static, bm.StrategicStaticParams, "benchmark",
             bm.KERNEL, lambda p: [p.mix], bm.pack_monthly),
    Strategy("defensive_correction", defensive.defensive_correction, defensive.DefensiveParams,
             "scenario 2", defensive.KERNEL, defensive.mixes, defensive.pack),
    Strategy("contrarian_qe", contrarian.contrarian_qe, contrarian.ContrarianParams,
             "scenario 3", contrarian.KERNEL, contrarian.mixes, contrarian.pack),
    Strategy("soft_landing_tilt", soft_landing.soft_landing_tilt, soft_landing.SoftLandingParams,
             "scenario 1", soft_landing.KERNEL, soft_landing.mixes, soft_landing.pack),
    Strategy("playbook", playbook.playbook, playbook.PlaybookParams, "scenarios 1-3",
             playbook.KERNEL, playbook.mixes, playbook.pack),
]}


def get(name: str) -> Strategy:
    if name not in STRATEGIES:
        hint = difflib.get_close_matches(name, STRATEGIES, n=1)
        raise StrategyError(f"unknown strategy '{name}'" + (f" — did you mean '{hint[0]}'?"
                            if hint else "") + f"; known: {', '.join(STRATEGIES)}")
    return STRATEGIES[name]


def make_params(name: str, values: dict[str, Any], where: str = "parameters") -> Params:
    """Validated params for a strategy; unknown keys get a 'did you mean'."""
    cls = get(name).params
    try:
        return cls.model_validate(values)
    except ValidationError as e:
        raise StrategyError("\n".join(explain(e, cls, f"{where} of {name}"))) from None


def load_preset(path: Path) -> tuple[str, Params]:
    """A preset file: `strategy = "name"` and a [params] table."""
    try:
        raw = tomllib.loads(Path(path).read_text())
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise StrategyError(f"{path}: cannot read preset ({e})") from None
    extra = set(raw) - {"strategy", "description", "params"}
    if "strategy" not in raw or extra:
        raise StrategyError(f"{path}: a preset has keys strategy, description and [params]"
                            + (f"; unknown: {', '.join(sorted(extra))}" if extra else ""))
    return raw["strategy"], make_params(raw["strategy"], raw.get("params", {}), str(path))


def parse_set(pairs: list[str]) -> dict[str, Any]:
    """--set key=value pairs; values are read as TOML (numbers, booleans, strings, tables)."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep or not key.strip():
            raise StrategyError(f"--set '{pair}': expected key=value, e.g. --set scale_in_days=10")
        try:
            out[key.strip()] = tomllib.loads(f"v = {text}")["v"]
        except tomllib.TOMLDecodeError:
            out[key.strip()] = text  # a bare word: treat it as a string
    return out
