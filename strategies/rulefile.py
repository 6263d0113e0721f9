"""A rule in a TOML file, no code: its words, its mixes, a mix per regime, named steps.

    name = "regime_mix"
    scenario = "custom"                      # optional
    description = "One line: what the rule does."
    reasoning = "The article's words, and how the rule reads them."
    [mixes]                                  # named mixes: sleeve = weight (the rest is cash)
    strategic = {us_equity = 0.6, intermediate_treasury = 0.4}
    defensive = {us_equity = 0.2, short_treasury = 0.5, gold = 0.1}
    [regimes]                                # the mix held in each regime (all five named;
    calm = "strategic"                       #  "hold" keeps what is held)
    correction = "defensive"
    crisis = "defensive"
    qe_launched = "hold"
    recovery = "strategic"
    [steps.defend]                           # optional building blocks: strategies.blocks
    mix = "defensive"
    regimes = ["correction", "crisis"]
    confirm_days = 5

Every mix and every step's setting is a parameter of the rule (`--set defensive.gold=0.2`,
`--set confirm_days=10`, sweep axes); [describe] rewords a parameter's description.
The built-in rules in strategies/rules/*.toml are written this way.
"""

from __future__ import annotations

import dataclasses
import difflib
import sys
import tomllib
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, create_model

from strategies.blocks import PARAMS, STEPS, Composition, field
from strategies.mixes import Mix
from strategies.params import Params, explain
from strategies.schema import REGIMES
from strategies.strategy import Strategy, compiled

COMPOSED = "strategies.kernels.composed:composed"
KEYS = ("name", "scenario", "headline", "description", "reasoning", "mixes", "regimes",
        "steps", "describe")


class RuleFileError(ValueError):
    """A rule file is invalid; the message names the file, the key and the fix."""


def load_toml_rule(path: Path, source: str = "") -> Strategy:
    """The rule declared in `path` (not registered: strategies.registry.load_rules does);
    `source` labels where it came from (default: the file)."""
    try:
        raw = tomllib.loads(Path(path).read_text())
    except OSError as e:
        raise RuleFileError(f"{path}: cannot read it ({e})") from None
    except tomllib.TOMLDecodeError as e:
        raise RuleFileError(f"{path}: not valid TOML ({e}); values are TOML: strings in "
                            "quotes, tables as {us_equity = 0.6, gold = 0.1}") from None
    where = str(Path(path).resolve())
    strategy = rule_from_dict(raw, where)
    return dataclasses.replace(strategy, source=source) if source else strategy


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
    steps = _steps(raw.get("steps", {}), list(mixes), where)
    describe = raw.get("describe", {})
    if not isinstance(describe, dict) or not all(isinstance(v, str) for v in describe.values()):
        raise RuleFileError(f"{where}: [describe] maps a parameter to its description, e.g. "
                            'confirm_days = "days of calm before re-risking"')
    params = _params_class(name, mixes, steps, describe, where)
    _check_regimes(regimes, list(mixes), where)
    plan = Composition(tuple(mixes), dict(regimes), steps)
    return compiled(name, params, COMPOSED, scenario=str(raw.get("scenario", "custom")),
                    headline=str(raw.get("headline", "")), description=str(raw["description"]),
                    reasoning=str(raw.get("reasoning", "")), pack=plan.pack, source=where,
                    pack_reads_mixes=False)  # Composition.pack: the steps' parameters only


def _steps(steps: Any, mixes: list[str], where: str) -> dict[str, dict[str, Any]]:
    """The [steps.*] tables, checked: known steps, known keys, mixes that exist."""
    if not isinstance(steps, dict):
        raise RuleFileError(f"{where}: [steps] holds tables: [steps.defend], ...")
    for step, table in steps.items():
        if step not in STEPS:
            raise RuleFileError(f"{where}: unknown step '{step}'{_hint(step, list(STEPS))}; "
                                f"steps: {', '.join(STEPS)}")
        if not isinstance(table, dict):
            raise RuleFileError(f"{where}: [steps.{step}] must be a table")
        for key in table:
            if key not in STEPS[step][0]:
                raise RuleFileError(f"{where}: [steps.{step}] unknown key '{key}'"
                                    f"{_hint(key, list(STEPS[step][0]))}; keys: "
                                    f"{', '.join(STEPS[step][0])}")
        if not isinstance(table.get("short", {}), dict):
            raise RuleFileError(f"{where}: [steps.{step}] short maps a mix to its "
                                'short-duration twin, e.g. short = {defensive = "defensive_short"}')
        refs = [table.get("mix"), table.get("back"), *table.get("short", {}).keys(),
                *table.get("short", {}).values()]
        for ref in refs:
            if ref is not None and ref not in mixes:
                raise RuleFileError(f"{where}: [steps.{step}] names the mix '{ref}'"
                                    f"{_hint(str(ref), mixes)}; mixes: {', '.join(mixes)}")
    trade = steps.get("qe_trade")
    if trade is not None and (trade.get("after") not in ("qe_regime", "qe_signals") or
                              "mix" not in trade or "back" not in trade):
        raise RuleFileError(f"{where}: [steps.qe_trade] needs after = \"qe_regime\" or "
                            "\"qe_signals\", mix = \"<the mix to buy>\" and back = "
                            "\"<the mix to return to>\"")
    if "defend" in steps and "mix" not in steps["defend"]:
        raise RuleFileError(f"{where}: [steps.defend] needs mix = \"<the defensive mix>\"")
    return steps


def _hint(key: str, known: list[str]) -> str:
    hint = difflib.get_close_matches(key, known, n=1)
    return f" — did you mean '{hint[0]}'?" if hint else ""


def _check_regimes(regimes: Any, mixes: list[str], where: str) -> None:
    """Every regime mapped to a mix of [mixes] or to "hold"."""
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
    for r in REGIMES:
        mix = regimes[r]
        if mix != "hold" and mix not in mixes:
            raise RuleFileError(f"{where}: [regimes] {r} = {mix!r} is not a mix of [mixes]"
                                f"{_hint(str(mix), mixes)}; mixes: {', '.join(mixes)} (or "
                                "\"hold\": keep what is held)")


def _params_class(name: str, mixes: dict[str, Any], steps: dict[str, dict[str, Any]],
                  describe: dict[str, str], where: str) -> type[Params]:
    """The rule's parameters: one Mix per named mix (its default the file's weights), then
    each step's parameters (their defaults the file's values)."""
    fields: dict[str, Any] = {
        m: (Mix, Field(default_factory=lambda w=w: dict(w),
                       description=describe.get(m, f"the '{m}' mix")))
        for m, w in mixes.items()}
    for step, table in steps.items():
        for param in STEPS[step][1]:
            if step == "qe_trade" and table.get("after") != "qe_signals" and param not in (
                    "scale_in_days", "hold_months"):
                continue  # the QE-signal settings belong to a trade on the signals only
            if param == "confirm_days" and param not in table:
                continue  # no hysteresis unless the file asks for it
            key = "regimes" if param == "defend_in" else param
            fields[param] = field(param, table.get(key, PARAMS[param][2]), describe.get(param))
    unknown = [k for k in describe if k not in fields]
    if unknown:
        raise RuleFileError(f"{where}: [describe] '{unknown[0]}' is not a parameter of this "
                            f"rule{_hint(unknown[0], list(fields))}")
    title = "".join(part.title() for part in name.split("_")) + "Params"
    cls = create_model(title, __base__=Params, **fields)
    # Importable by name (pickle: process pools, dask workers): strategies.rules.<Title>.
    home = sys.modules.get("strategies.rules")
    if home is not None:
        cls.__module__ = home.__name__
        setattr(home, title, cls)
    try:
        cls()
    except ValidationError as e:
        raise RuleFileError("\n".join(explain(e, cls, f"{where} [mixes]"))) from None
    return cls
