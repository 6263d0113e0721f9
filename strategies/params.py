"""Typed, validated parameter models shared by every rule (and by the framework's configs).

Unknown keys fail with a "did you mean" hint; bad values fail quoting the value.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Any, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    ValidationInfo,
)
from pydantic import field_validator as _field_validator

from strategies.schema import REGIMES as REGIME_STATES


class Params(BaseModel):
    """Frozen, strict-keyed base: typos are errors, never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    @_field_validator("*", mode="before")
    @classmethod
    def _no_bool_for_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        # pydantic would read true as 1: a boolean where a number belongs is a typo, refuse it.
        field = cls.model_fields.get(info.field_name or "")
        if isinstance(value, bool) and field is not None and field.annotation in (int, float):
            raise ValueError("expected a number, got a boolean")
        return value


def _regime_names(names: tuple[str, ...]) -> tuple[str, ...]:
    for name in names:
        if name not in REGIME_STATES:
            hint = difflib.get_close_matches(name, REGIME_STATES, n=1)
            raise ValueError(f"'{name}' is not a regime" + (f" (did you mean '{hint[0]}'?)"
                             if hint else "") + f"; regimes: {', '.join(REGIME_STATES)}")
    return names


def _comma_text(value: Any) -> Any:
    # --set defend_in=crisis,correction arrives as text: the accepted spelling of a set
    return tuple(p.strip() for p in value.split(",") if p.strip()) if isinstance(
        value, str) else value


Regimes = Annotated[tuple[str, ...], BeforeValidator(_comma_text),
                    AfterValidator(_regime_names)]


def explain(err: ValidationError, model: type[BaseModel], where: str) -> list[str]:
    """Turn a pydantic error into one plain line per problem: where, key, value, fix."""
    lines = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"])
        if not loc:  # a check across fields (e.g. crisis deeper than correction)
            lines.append(f"{where}: {e['msg'].removeprefix('Value error, ')}")
        elif e["type"] == "extra_forbidden":
            key = str(e["loc"][-1])
            allowed = _allowed_keys(model, e["loc"][:-1])
            hint = difflib.get_close_matches(key, allowed, n=1)
            fix = f"did you mean '{hint[0]}'?" if hint else f"allowed: {', '.join(sorted(allowed))}"
            lines.append(f"{where}: unknown key '{loc}' — {fix}")
        else:
            value = e.get("input")
            shown = repr(value) if not isinstance(value, dict) else "{...}"
            lines.append(f"{where}: '{loc}' = {shown}: {e['msg'].removeprefix('Value error, ')}")
    return lines


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the (possibly nested) model at `loc`, following dict/list value types."""
    t: Any = model
    for part in loc:
        if isinstance(t, type) and issubclass(t, BaseModel) and part in t.model_fields:
            t = t.model_fields[part].annotation
        elif get_origin(t) in (dict, list, tuple):
            t = get_args(t)[-1]
        else:
            return []
        if get_origin(t) is not None and get_origin(t) not in (dict, list, tuple):
            t = next((a for a in get_args(t) if a is not type(None)), t)  # Optional[X] -> X
    if isinstance(t, type) and issubclass(t, BaseModel):
        return list(t.model_fields)
    return []
