"""'The rules' in plain words: each run's rule, the article's scenario, its mixes and parameters.

Everything is read from the strategy registry and the run's validated parameters (the rule's
docstring, its module's one-line scenario, the fields of type Mix), so the page describes the
code that ran and cannot drift from it.
"""

from __future__ import annotations

import math
import typing
from dataclasses import dataclass
from typing import Any

from backtests.episodes.runner import MarketData, Run
from strategies import mixes as mix_module
from strategies.base import Inputs
from strategies.mixes import Mix
from strategies.params import Params
from strategies.registry import STRATEGIES

MIX_MARKERS = typing.get_args(Mix)[1:]  # the validator every Mix field carries
CASH = "cash"


@dataclass(frozen=True)
class RuleText:
    label: str  # the run's label
    rule: str  # the registry name
    scenario: str  # "scenario 2", "benchmark", ...
    headline: str  # the rule module's one-line summary (the article's scenario in brief)
    paragraphs: list[str]  # the rule's docstring
    mix_names: list[str]
    mix_aliases: list[str]  # the default mix each one is ('' when it has no other name)
    mix_rows: list[tuple[str, list[str]]]  # sleeve -> weight per mix ('' where absent)
    mixes: dict[str, dict[str, float]]  # field name -> the mix
    params: list[tuple[str, str, str]]  # name, value, description


def is_mix(params: type[Params], name: str) -> bool:
    field = params.model_fields[name]
    return any(m in MIX_MARKERS for m in field.metadata) or field.annotation == dict[str, float]


def describe(label: str, rule: str, params: Params, market: MarketData | None = None,
             note: str = "") -> RuleText:
    """The plain-words card of one run; with `market`, a rule without Mix fields that always
    decides the same weights (the benchmarks) shows them as the mix it holds. `note` (what
    makes a labelled run differ from its rule: a preset's description, the values changed)
    comes first, so a labelled run is never shown as just its parent rule."""
    strategy = STRATEGIES[rule]
    cls = type(params)
    mixes = {n: getattr(params, n) for n in cls.model_fields if is_mix(cls, n)}
    # mixes the rule computes from other parameters (60/40's equity_weight): shown as held
    computed = [m for m in strategy.mixes(params) if m not in mixes.values()]
    if len(computed) == 1 and not mixes:
        mixes = {"holds": computed[0]}
    else:
        mixes.update({f"computed mix {i}": m for i, m in enumerate(computed, 1)})
    if not mixes and market is not None:
        constant = _constant_target(rule, params, market)
        if constant:
            mixes = {"holds": constant}
    others = [(n, _value(getattr(params, n)), cls.model_fields[n].description or "")
              for n in cls.model_fields if n not in mixes]
    doc = strategy.doc
    if note:
        doc = f"{note}\n\n{doc}" if doc else note
    return RuleText(label, rule, strategy.scenario or "", strategy.headline,
                    [p.replace("\n", " ") for p in doc.split("\n\n")],
                    list(mixes), [_alias(m, n, label) for n, m in mixes.items()],
                    _mix_rows(mixes), mixes, others)


def _alias(mix: dict[str, float], field_name: str, label: str) -> str:
    name = mix_name(mix, field_name, label)
    return "" if name in (field_name, f"{field_name} of {label}") else name


def _constant_target(rule: str, params: Params, market: MarketData) -> dict[str, float] | None:
    inputs = Inputs(market.context.signals, market.context.regimes, market.context.panel)
    t = STRATEGIES[rule].rule(inputs, params).dropna(how="all").fillna(0.0)
    if t.empty or (t.max() - t.min()).abs().max() > 1e-12:
        return None
    return {str(k): float(v) for k, v in t.iloc[0].items() if v > 1e-12}


def known_mixes() -> dict[str, dict[str, float]]:
    """The named default mixes of strategies/mixes.py (STRATEGIC -> 'strategic', ...)."""
    return {k.lower(): v for k, v in vars(mix_module).items()
            if k.isupper() and isinstance(v, dict)}


def mix_name(mix: dict[str, float], field_name: str, label: str) -> str:
    """A default mix by its name in strategies/mixes.py, else '<field> of <label>'."""
    clean = {k: v for k, v in mix.items() if v > 1e-12}
    for name, known in known_mixes().items():
        if clean == {k: v for k, v in known.items() if v > 1e-12}:
            return name
    return f"{field_name} of {label}"


def _mix_rows(mixes: dict[str, dict[str, float]]) -> list[tuple[str, list[str]]]:
    sleeves = list(dict.fromkeys(k for m in mixes.values() for k in m if k != CASH))
    rows = [(s, [_w(m.get(s)) for m in mixes.values()]) for s in sleeves]
    rest = [1.0 - sum(v for k, v in m.items() if k != CASH) for m in mixes.values()]
    if any(r > 1e-9 for r in rest):
        rows.append(("cash (the rest)", [_w(r) if r > 1e-9 else "" for r in rest]))
    return rows


def _w(v: float | None) -> str:
    return "" if v is None or math.isclose(v, 0.0, abs_tol=1e-12) else f"{v:.0%}"


def _value(v: Any) -> str:
    if isinstance(v, tuple | list):
        return ", ".join(map(str, v))
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def describe_all(runs: list[Run], labels: list[str], market: MarketData | None = None,
                 notes: dict[str, str] | None = None) -> list[RuleText]:
    """One card per run label, in the configuration's order; `notes`: label -> what the run
    is (report.config.run_notes)."""
    first = {r.strategy: r for r in reversed(runs)}
    return [describe(label, first[label].rule or label, first[label].params, market,
                     (notes or {}).get(label, "")) for label in labels]
