"""One door per setting: every rule parameter and every regime threshold is validated here,
whether it comes from `--set`, a run config, a sweep grid, a preset or the Python API.

Values are TOML everywhere (`--set defensive={us_equity = 0.2, cash = 0.8}`, strings in
quotes or bare, lists in brackets). Two spellings are added for the command line:
- a weight inside a mix, `qe_launched.us_equity=0.3`: that sleeve gets the weight and the
  mix's other sleeves are rescaled in proportion so the mix keeps its total (what it left in
  cash stays in cash);
- a set of regimes as text, `defend_in=crisis,correction`.
"""

from __future__ import annotations

import json
import tomllib
from typing import Any, get_origin

from pydantic import ValidationError

from strategies.params import Params, explain

SYNTAX = ("values are TOML: a number 0.25, true/false, text 'crisis' (or bare), a list "
          "['crisis', 'correction'] (or crisis,correction), a table {us_growth = 0.5}; a weight "
          "inside a mix as mix.sleeve=0.3 (the mix's other weights are rescaled to keep its "
          "total)")


# The value syntax, said in the refusal of a value of the wrong kind.
SPELLING = {
    "dict_type": "values are TOML: write a mix as a table, e.g. {us_growth = 0.5, gold = 0.1}",
    "tuple_type": "write a set of regimes as crisis,correction or ['crisis', 'correction']",
    "float_parsing": "write a number, e.g. 0.25", "int_parsing": "write a whole number, e.g. 20",
    "float_type": "write a number, e.g. 0.25", "int_type": "write a whole number, e.g. 20",
    "bool_parsing": "write true or false", "bool_type": "write true or false",
    "string_type": "write text in quotes, e.g. 'us_equity'",
}


class StrategyError(ValueError):
    """A strategy, rule file, parameter or threshold is invalid; the message says the fix."""


SettingError = StrategyError


def toml_value(text: str, key: str = "value") -> Any:
    """A value written as TOML; JSON tables are refused with their TOML spelling."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        pass
    try:
        parsed = json.loads(text)
    except ValueError:
        return text  # a bare word: a string
    if isinstance(parsed, dict | list):
        raise SettingError(f"{key}={text}: values are TOML, not JSON: write "
                           f"{key}={as_toml(parsed)}") from None
    return text


def as_toml(value: Any) -> str:
    """A value in TOML's inline spelling ({us_growth = 0.5}, ['a', 'b'], 'x', 0.5, true)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {as_toml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(as_toml(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    return repr(value)


def parse_set(pairs: list[str]) -> dict[str, Any]:
    """--set key=value pairs, values read as TOML."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep or not key.strip():
            raise SettingError(f"--set '{pair}': expected key=value, e.g. --set "
                               f"scale_in_days=10; {SYNTAX}")
        out[key.strip()] = toml_value(text.strip(), key.strip())
    return out


def mix_fields(cls: type[Params]) -> list[str]:
    return [n for n, f in cls.model_fields.items() if get_origin(f.annotation) is dict]


def is_key(cls: type[Params], key: str) -> bool:
    """A parameter of `cls`, or a weight inside one of its mixes (mix.sleeve)."""
    mix, dot, _ = key.partition(".")
    return key in cls.model_fields or (bool(dot) and mix in mix_fields(cls))


def set_weight(mix: dict[str, float], sleeve: str, weight: Any, key: str) -> dict[str, float]:
    """`sleeve` at `weight`; the other sleeves rescaled in proportion so the total stays."""
    if isinstance(weight, bool) or not isinstance(weight, int | float):
        raise SettingError(f"{key} = {as_toml(weight)}: a weight is a number between 0 and 1")
    total = sum(mix.values())
    rest = total - mix.get(sleeve, 0.0)
    if weight > total + 1e-12 or weight < 0:
        raise SettingError(f"{key} = {weight}: must be between 0 and the mix's total "
                           f"{total:g} (the other sleeves are rescaled to keep that total); "
                           "to change the total, give the whole mix as a table")
    if rest <= 0 and weight < total - 1e-12:
        raise SettingError(f"{key} = {weight}: the mix holds nothing else to rescale; give "
                           "the whole mix as a table")
    scale = (total - weight) / rest if rest > 0 else 0.0
    out = {k: v * scale for k, v in mix.items() if k != sleeve}
    out[sleeve] = float(weight)
    return out


def expand(cls: type[Params], values: dict[str, Any]) -> dict[str, Any]:
    """Dotted mix weights (mix.sleeve) folded into their mixes."""
    out = {k: v for k, v in values.items() if "." not in k}
    for key, value in values.items():
        if "." not in key:
            continue
        mix, _, sleeve = key.partition(".")
        if mix not in mix_fields(cls):
            out[key] = value  # not a mix: left for the validator's "unknown key" message
            continue
        base = out.get(mix)
        if base is None:
            field = cls.model_fields[mix]
            base = field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]
        if not isinstance(base, dict):
            continue  # the table itself is wrong: the validator says so
        out[mix] = set_weight(dict(base), sleeve, value, key)
    return out


def validate(cls: type[Params], values: dict[str, Any], where: str) -> Any:
    """`cls` from `values` (the one validator every door calls); errors name the key, the
    value, the fix and the value syntax."""
    try:
        return cls.model_validate(expand(cls, values))
    except ValidationError as e:
        lines = explain(e, cls, where)
        fixes = {SPELLING[err["type"]] for err in e.errors() if err["type"] in SPELLING}
        raise SettingError("\n".join(lines) + "".join(f" ({f})" for f in sorted(fixes))) from None


def regime_params(values: dict[str, Any], where: str) -> Any:
    """Validated regime-machine thresholds ('did you mean' on typos, checked against each
    other); the one door for `--set regime.X`, [regime] tables, grids and the Python API."""
    from strategies.regimes import RegimeParams

    return validate(RegimeParams, values, f"{where} (regime)")
