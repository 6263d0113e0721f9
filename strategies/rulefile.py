"""A rule in a TOML file, no code: its words, its mixes and a mix per regime.

    name = "regime_mix"
    scenario = "custom"                      # optional
    description = "One line: what the rule does."
    reasoning = "The article's words, and how the rule reads them."
    [mixes]                                  # named mixes: sleeve = weight (the rest is cash)
    strategic = {us_equity = 0.6, intermediate_treasury = 0.4}
    defensive = {us_equity = 0.2, short_treasury = 0.5, gold = 0.1}
    [regimes]                                # the mix held in each regime (all five named)
    calm = "strategic"
    correction = "defensive"
    crisis = "defensive"
    qe_launched = "strategic"
    recovery = "strategic"

Every mix is a parameter of the rule (so `--set defensive.gold=0.2` and sweep axes reach it).
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, create_model

from strategies.kernels import rules as kernels
from strategies.mixes import Mix
from strategies.params import Params, explain
from strategies.schema import REGIMES
from strategies.strategy import Strategy, compiled

KEYS = ("name", "scenario", "description", "reasoning", "mixes", "regimes")


class RuleFileError(ValueError):
    """A rule file is invalid; the message names the file, the key and the fix."""


def load_toml_rule(path: Path) -> Strategy:
    """The rule declared in `path` (not registered: strategies.registry.load_rules does)."""
    try:
        raw = tomllib.loads(Path(path).read_text())
    except OSError as e:
        raise RuleFileError(f"{path}: cannot read it ({e})") from None
    except tomllib.TOMLDecodeError as e:
        raise RuleFileError(f"{path}: not valid TOML ({e}); values are TOML: strings in "
                            "quotes, tables as {us_equity = 0.6, gold = 0.1}") from None
    return rule_from_dict(raw, str(Path(path).resolve()))


def rule_from_dict(raw: dict[str, Any], where: str) -> Strategy:
    for key in raw:
        if key not in KEYS:
            hint = difflib.get_close_matches(key, KEYS, n=1)
            raise RuleFileError(f"{where}: unknown key '{key}' — " + (
                f"did you mean '{hint[0]}'?" if hint else f"a rule file has {', '.join(KEYS)}"))
    for key in ("name", "description", "mixes", "regimes"):
        if key not in raw:
            raise RuleFileError(f"{where}: '{key}' is missing; see strategies/rulefile.py "
                                "for the layout of a rule file")
    name, mixes, regimes = raw["name"], raw["mixes"], raw["regimes"]
    if not isinstance(name, str) or not name.isidentifier():
        raise RuleFileError(f"{where}: name = {name!r}: use letters, digits and underscores")
    if not isinstance(mixes, dict) or not mixes or not all(
            isinstance(m, dict) for m in mixes.values()):
        raise RuleFileError(f"{where}: [mixes] holds named tables, e.g. "
                            "strategic = {us_equity = 0.6, intermediate_treasury = 0.4}")
    bad = [m for m in mixes if not m.isidentifier() or m.startswith(("model_", "_"))]
    if bad:
        raise RuleFileError(f"{where}: mix name '{bad[0]}': use letters, digits and "
                            "underscores (it becomes a parameter: --set name.sleeve=0.1)")
    params = _params_class(name, mixes, where)
    order = list(mixes)
    slots = _regime_slots(regimes, order, where)
    return compiled(name, params, kernels.by_regime, scenario=str(raw.get("scenario", "custom")),
                    description=str(raw["description"]), reasoning=str(raw.get("reasoning", "")),
                    pack=lambda p: [*slots, float(len(order))], source=where)


def _regime_slots(regimes: Any, mixes: list[str], where: str) -> list[float]:
    """Per regime (in REGIMES order), the index of its mix."""
    if not isinstance(regimes, dict):
        raise RuleFileError(f"{where}: [regimes] maps each regime to a mix name, e.g. "
                            'calm = "strategic"')
    for key in regimes:
        if key not in REGIMES:
            hint = difflib.get_close_matches(key, REGIMES, n=1)
            raise RuleFileError(f"{where}: [regimes] '{key}' is not a regime" + (
                f" — did you mean '{hint[0]}'?" if hint else "") + f"; regimes: "
                f"{', '.join(REGIMES)}")
    missing = [r for r in REGIMES if r not in regimes]
    if missing:
        raise RuleFileError(f"{where}: [regimes] names no mix for {', '.join(missing)}; "
                            "every regime needs one (e.g. " f'{missing[0]} = "{mixes[0]}")')
    out = []
    for r in REGIMES:
        mix = regimes[r]
        if mix not in mixes:
            hint = difflib.get_close_matches(str(mix), mixes, n=1)
            raise RuleFileError(f"{where}: [regimes] {r} = {mix!r} is not a mix of [mixes]" + (
                f" — did you mean '{hint[0]}'?" if hint else "") + f"; mixes: {', '.join(mixes)}")
        out.append(float(mixes.index(mix)))
    return out


def _params_class(name: str, mixes: dict[str, Any], where: str) -> type[Params]:
    """The rule's parameters: one Mix per named mix, its default the file's weights."""
    fields: dict[str, Any] = {
        m: (Mix, Field(default_factory=lambda w=w: dict(w), description=f"the '{m}' mix"))
        for m, w in mixes.items()}
    cls = create_model(f"{name}_params", __base__=Params, **fields)
    try:
        cls()
    except ValidationError as e:
        raise RuleFileError("\n".join(explain(e, cls, f"{where} [mixes]"))) from None
    return cls
