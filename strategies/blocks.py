"""The building blocks a TOML rule names, their parameters and how they pack.

    [steps.defend]          mix = "defensive", regimes = [...]       -> defend_in, (confirm_days)
    [steps.duration_swap]   short = {defensive = "defensive_short"}  -> shorten_duration
    [steps.hold]            first_day = "calm", reswap = false        (no parameters)
    [steps.qe_trade]        after = "qe_regime" | "qe_signals", mix, back
                            -> scale_in_days, hold_months (+ with qe_signals: qe_trigger,
                               qe_within, balance_sheet_growth, crisis_memory, vix_relief,
                               require_healing)

Each parameter is declared once here (type, bounds, default description); a rule file sets
its default value and may reword its description under [describe].
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal, get_args

from pydantic import Field

from strategies.params import Regimes
from strategies.schema import (
    HOLD,
    M_SIZE,
    NO_TRADE,
    REGIMES,
    TRADE_AFTER_QE_REGIME,
    TRADE_ON_QE_SIGNALS,
    M,
)

SHORTEN = ("when inflation is high or the 10-year yield is at 4.5% and rising, hold the "
           "short-duration defensive mix: long bonds fall with stocks then (2022)")
QE_TRIGGER = Literal["announcement", "balance_sheet", "either"]

# name -> (type, field keywords, default value, default description)
PARAMS: dict[str, tuple[Any, dict[str, Any], Any, str]] = {
    "defend_in": (Regimes, {}, ("correction", "crisis"),
                  "regimes in which to hold the defensive mix"),
    "confirm_days": (int, {"ge": 0, "le": 120}, 0,
                     "hysteresis: re-risk only after this many consecutive non-defensive days"),
    "shorten_duration": (bool, {}, True, SHORTEN),
    "qe_trigger": (QE_TRIGGER, {}, "announcement",
                   "'once the Fed truly launches QE': calendar or data"),
    "qe_within": (int, {"ge": 1, "le": 260}, 60,
                  "a QE announcement arms the trade for this many trading days"),
    "balance_sheet_growth": (float, {"gt": 0}, 0.10,
                             "Fed assets up this much over 13 weeks count as QE detected"),
    "crisis_memory": (int, {"ge": 1, "le": 1000}, 250,
                      "QE counts only within this many trading days of a crisis day"),
    "vix_relief": (float, {"ge": 0, "lt": 1}, 0.30,
                   "'once the panic subsides': VIX this far below its trailing peak"),
    "require_healing": (bool, {}, True,
                        "also require the Nasdaq drawdown to stop deepening"),
    "scale_in_days": (int, {"ge": 1, "le": 250}, 20,
                      "build the position over N trading days rather than in one go"),
    "hold_months": (int, {"ge": 0, "le": 60}, 12,
                    "then drift back to the `back` mix after M months"),
}
STEPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # step -> (its keys, its params)
    "defend": (("mix", "regimes", "confirm_days"), ("defend_in", "confirm_days")),
    "duration_swap": (("short", "shorten_duration"), ("shorten_duration",)),
    "hold": (("first_day", "reswap"), ()),
    "qe_trade": (("after", "mix", "back", "scale_in_days", "hold_months", "qe_trigger",
                  "qe_within", "balance_sheet_growth", "crisis_memory", "vix_relief",
                  "require_healing"),
                 ("qe_trigger", "qe_within", "balance_sheet_growth", "crisis_memory",
                  "vix_relief", "require_healing", "scale_in_days", "hold_months")),
}
SIGNAL_PARAMS = STEPS["qe_trade"][1][:6]
AFTER = {"qe_regime": TRADE_AFTER_QE_REGIME, "qe_signals": TRADE_ON_QE_SIGNALS}


def field(name: str, value: Any, description: str | None) -> tuple[Any, Any]:
    """A pydantic field for parameter `name` with the rule's default `value`."""
    kind, bounds, _, doc = PARAMS[name]
    if isinstance(value, list):
        value = tuple(value)
    return kind, Field(value, description=description or doc, **bounds)


@dataclass(frozen=True)
class Composition:
    """What a rule file composes: its mixes, a mix (or HOLD) per regime, its steps."""

    mixes: tuple[str, ...]
    regimes: dict[str, str]  # regime -> mix name or "hold"
    steps: dict[str, dict[str, Any]]
    # defend_in -> the rest of the vector but the steps' numbers (see _regime_slots)
    _known: dict[tuple[str, ...], tuple[float, ...]] = dataclasses.field(
        default_factory=dict, compare=False, repr=False)

    def pack(self, p: Any) -> list[float]:
        """The composed machine's vector for validated params `p` (layout schema.M)."""
        defend = self.steps.get("defend")
        v = list(self._regime_slots(tuple(p.defend_in) if defend is not None else ()))
        if defend is not None:
            v[M.confirm_days] = float(getattr(p, "confirm_days", 0))
        v[M.shorten_duration] = 1.0 if getattr(p, "shorten_duration", False) else 0.0
        if self.steps.get("qe_trade") is not None:
            v[M.scale_in_days], v[M.hold_months] = float(p.scale_in_days), float(p.hold_months)
        for name in SIGNAL_PARAMS:
            if hasattr(p, name):
                value = getattr(p, name)
                v[getattr(M, name)] = float(
                    get_args(QE_TRIGGER).index(value) if name == "qe_trigger" else value)
        return v

    def _regime_slots(self, defend_in: tuple[str, ...]) -> tuple[float, ...]:
        """Everything in the vector but the steps' numbers: a function of the plan and of
        the regimes it defends in only, so computed once per plan and `defend_in` (a sweep
        packs thousands of combinations)."""
        if defend_in not in self._known:
            self._known[defend_in] = tuple(self._slots(defend_in))
        return self._known[defend_in]

    def _slots(self, defend_in: tuple[str, ...]) -> list[float]:
        v = [0.0] * M_SIZE
        ix = {m: k for k, m in enumerate(self.mixes)}
        mix_of = {r: HOLD if m == "hold" else ix[m] for r, m in self.regimes.items()}
        defend = self.steps.get("defend")
        if defend is not None:
            for r in defend_in:
                mix_of[r] = ix[defend["mix"]]
                v[M.defend + REGIMES.index(r)] = 1.0
        short = self.steps.get("duration_swap", {}).get("short", {})
        names = {k: m for m, k in ix.items()}
        for k, r in enumerate(REGIMES):
            v[M.mix_of + k] = float(mix_of[r])
            twin = short.get(names.get(mix_of[r], ""))
            v[M.short_of + k] = float(ix[twin]) if twin else -1.0
        v[M.n_mixes] = float(len(self.mixes))
        hold = self.steps.get("hold", {})
        v[M.hold_first_day] = float(REGIMES.index(hold.get("first_day", "calm")))
        v[M.hold_reswaps] = 1.0 if hold.get("reswap", False) else 0.0
        trade = self.steps.get("qe_trade")
        v[M.trade] = float(NO_TRADE if trade is None else AFTER[trade["after"]])
        v[M.scale_in_days] = 1.0
        if trade is not None:
            v[M.target], v[M.back] = float(ix[trade["mix"]]), float(ix[trade["back"]])
        return v
