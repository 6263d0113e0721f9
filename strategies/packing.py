"""How a rule's validated parameters are packed for its kernel: the Layout generated from its
params class (the named constants it packs against are in strategies.schema).
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from strategies.schema import REGIMES


@dataclass(frozen=True)
class Layout:
    """A rule's packed parameter vector and its mixes, generated from its params class.

    Fields are packed in declaration order: numbers as themselves, booleans as 0/1, a choice
    (Literal) as its position among the choices, a set of regimes as one 0/1 flag per regime
    (the slot named after the field is the flag of REGIMES[0]; add a regime code to reach the
    others). Mix fields (sleeve -> weight tables) are the rule's mixes, in the same order.
    Strings (sleeve names) are not packed.
    """

    slots: Any  # named tuple: field -> first slot
    mixes: Any  # named tuple: mix field -> its row in the mix matrix
    size: int
    encoders: tuple[tuple[str, Callable[[Any], list[float]]], ...]

    def pack(self, params: Any) -> list[float]:
        out: list[float] = []
        for name, encode in self.encoders:
            out.extend(encode(getattr(params, name)))
        return out


def _encoder(annotation: Any) -> tuple[int, Callable[[Any], list[float]]] | None:
    """(slots, encode) for a field type; None when the field is not packed."""
    from typing import Literal, get_args, get_origin

    if annotation is bool:
        return 1, lambda v: [1.0 if v else 0.0]
    if annotation in (int, float):
        return 1, lambda v: [float(v)]
    if get_origin(annotation) is Literal:
        choices = get_args(annotation)
        return 1, lambda v: [float(choices.index(v))]
    if get_origin(annotation) is tuple:  # a set of regimes (the only tuple parameter)
        return len(REGIMES), lambda v: [1.0 if r in v else 0.0 for r in REGIMES]
    return None


def layout(params: Any) -> Layout:
    """The packed layout of a params class (a pydantic model), generated from its fields."""
    from typing import get_origin

    slots: dict[str, int] = {}
    mixes: list[str] = []
    encoders = []
    size = 0
    for name, field in params.model_fields.items():
        if get_origin(field.annotation) is dict:  # a Mix: sleeve -> weight
            mixes.append(name)
            continue
        enc = _encoder(field.annotation)
        if enc is None:
            continue
        slots[name] = size
        size += enc[0]
        encoders.append((name, enc[1]))
    return Layout(namedtuple("Slots", list(slots))(**slots),
                  namedtuple("Mixes", mixes)(*range(len(mixes))),
                  size, tuple(encoders))


# Names a rule file may import from where they were before (issue 18 split strategies.schema).
MOVED = {("strategies.schema", "layout"): "strategies.packing",
         ("strategies.schema", "Layout"): "strategies.packing"}


def moved_hint(error: Exception) -> str:
    """The fix for a rule file importing a name from its old module ('' when not that)."""
    found = re.search(r"cannot import name '(\w+)' from '([\w.]+)'", str(error))
    new = MOVED.get((found[2], found[1])) if found else None
    return f"; {found[1]} is now in {new}: write `from {new} import {found[1]}`" if (
        found and new) else ""
