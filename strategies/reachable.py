"""Which regimes, and which of the article's scenarios, the machine can still reach with the
data at hand.

A transition can only happen if the triggers it reads can be read: with the Nasdaq's prices
stale nothing can change; with every stress input AND VIX stale no crisis can be declared, so
the QE trade (scenario 3) is out of reach. This reads the last day's readings against the
machine's transition graph (strategies.kernels.regime_machine.machine) and says, for each
regime, how it is reached or what stands in the way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from strategies.schema import REGIMES, TRANSITIONS

if TYPE_CHECKING:
    from strategies.triggers import Reading

# A requirement is a tuple of alternatives: readable if ANY of its triggers can be read.
STRESS_ANY = ("credit", "funding", "unemployment", "market_stress")
# What each of the machine's transitions (strategies.schema.TRANSITIONS, the one graph) needs
# to be read before it can happen.
_NEEDS: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {
    ("calm", "crisis"): (("crisis_depth",), STRESS_ANY),
    ("correction", "crisis"): (("crisis_depth",), STRESS_ANY),
    ("calm", "correction"): (("correction",),),
    ("correction", "calm"): (("healed",),),
    ("recovery", "calm"): (("healed",),),
    ("crisis", "qe_launched"): (("qe",),),
    ("recovery", "qe_launched"): (("qe",),),
    ("qe_launched", "recovery"): (("panic_relief",),),
    ("crisis", "recovery"): (("panic_relief",), ("crisis_depth",)),
    ("recovery", "crisis"): (("crisis_depth",), STRESS_ANY),
    ("recovery", "correction"): (("correction",),),
}
EDGES: tuple[tuple[str, str, tuple[tuple[str, ...], ...]], ...] = tuple(
    (a, b, _NEEDS[(a, b)]) for a, b in TRANSITIONS)
SCENARIOS = {"calm": "scenario 1 (soft landing)",
             "correction": "scenario 2 (correction without QE)",
             "qe_launched": "scenario 3 (QE restarted: the contrarian trade)"}
ORDER = REGIMES


@dataclass(frozen=True)
class Reach:
    regime: str
    scenario: str  # the article's scenario this regime is, '' for crisis and recovery
    reachable: bool
    path: tuple[str, ...]  # the regimes passed through from today's, today's first
    reason: str  # why it cannot be reached ('' when it can)
    note: str = ""  # e.g. a crisis reachable only through the market's stand-in stress reading


def readable(readings: dict[str, Reading], qe_trigger: str, i: int) -> dict[str, bool]:
    """Per trigger key (and 'qe'), whether it can be read on day i."""
    out = {key: not bool(r.unknown[i]) for key, r in readings.items()}
    # The calendar is never stale; the balance sheet can be.
    out["qe"] = {"announcement": out["qe_announced"], "balance_sheet": out["balance_sheet"],
                 "either": out["qe_announced"] or out["balance_sheet"]}[qe_trigger]
    return out


def reachable(regime: str, can_read: dict[str, bool]) -> list[Reach]:
    """Every regime: reachable from `regime` through transitions whose triggers can be read."""
    paths: dict[str, tuple[str, ...]] = {regime: (regime,)}
    frontier = [regime]
    while frontier:  # breadth first: the shortest path to each regime
        nxt = []
        for src in frontier:
            for a, b, needs in EDGES:
                if a == src and b not in paths and _ok(needs, can_read):
                    paths[b] = (*paths[src], b)
                    nxt.append(b)
        frontier = nxt
    return [Reach(r, SCENARIOS.get(r, ""), r in paths, paths.get(r, ()),
                  "" if r in paths else _blocked(r, paths, can_read),
                  _note(r, can_read) if r in paths else "") for r in ORDER]


def _note(regime: str, can_read: dict[str, bool]) -> str:
    if regime != "crisis":
        return ""
    blind = [k for k in STRESS_ANY[:-1] if not can_read.get(k, False)]
    if not blind:
        return ""
    if len(blind) == len(STRESS_ANY) - 1:
        return ("only through VIX at the stand-in level: " + ", ".join(blind)
                + " cannot be read")
    return "VIX stands in for " + ", ".join(blind) + " (cannot be read)"


def _ok(needs: tuple[tuple[str, ...], ...], can_read: dict[str, bool]) -> bool:
    return all(any(can_read.get(k, False) for k in alt) for alt in needs)


def _blocked(target: str, paths: dict[str, tuple[str, ...]], can_read: dict[str, bool]) -> str:
    """What stands in the way: the unreadable triggers of each way in from a reached regime,
    or the regime the way in starts from when that regime itself cannot be reached."""
    reasons = []
    for a, b, needs in EDGES:
        if b != target:
            continue
        if a not in paths:
            continue  # a way in from a regime that cannot be reached either
        missing = [" or ".join(alt) for alt in needs
                   if not any(can_read.get(k, False) for k in alt)]
        reasons.append(f"from {a}: cannot read " + " and ".join(missing))
    if not reasons:
        sources = sorted({a for a, b, _ in EDGES if b == target})
        return "only reached from " + ", ".join(sources) + ", which cannot be reached"
    return "; ".join(dict.fromkeys(reasons))
