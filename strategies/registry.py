"""Strategy names -> (rule, params class); presets in TOML that a quant copies and edits."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError

from strategies.base import Inputs
from strategies.benchmarks import (
    BuyAndHoldParams,
    SixtyFortyParams,
    StrategicStaticParams,
    buy_and_hold,
    sixty_forty,
    strategic_static,
)
from strategies.contrarian import ContrarianParams, contrarian_qe
from strategies.defensive import DefensiveParams, defensive_correction
from strategies.params import Params, explain
from strategies.playbook import PlaybookParams, playbook
from strategies.soft_landing import SoftLandingParams, soft_landing_tilt

PRESETS = Path(__file__).parent / "presets"


class StrategyError(ValueError):
    """A strategy name, preset or parameter is invalid; the message says how to fix it."""


@dataclass(frozen=True)
class Strategy:
    name: str
    rule: Callable[[Inputs, Any], pd.DataFrame]
    params: type[Params]
    scenario: str = ""  # which scenario of the article the rule encodes (or "benchmark")

    @property
    def summary(self) -> str:
        return (self.rule.__doc__ or "").strip().splitlines()[0]


STRATEGIES = {s.name: s for s in [
    Strategy("buy_and_hold", buy_and_hold, BuyAndHoldParams, "benchmark"),
    Strategy("sixty_forty", sixty_forty, SixtyFortyParams, "benchmark"),
    Strategy("strategic_static", strategic_static, StrategicStaticParams, "benchmark"),
    Strategy("defensive_correction", defensive_correction, DefensiveParams, "scenario 2"),
    Strategy("contrarian_qe", contrarian_qe, ContrarianParams, "scenario 3"),
    Strategy("soft_landing_tilt", soft_landing_tilt, SoftLandingParams, "scenario 1"),
    Strategy("playbook", playbook, PlaybookParams, "scenarios 1-3"),
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
