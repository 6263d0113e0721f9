"""The sweep's verdict, computed from its numbers (never a fixed sentence).

Words are earned: "holds up out of sample" needs the parameters chosen on the other crises to
land in the top quarter of the held-out one; a held-out percentile near the middle says the
choice did no better than picking at random. Folds where every combination ties say nothing
and are set apart; a winner on the grid's edge or within a hair of the runner-up is flagged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

HOLDS_UP = 0.75  # median held-out percentile needed to say the choice carries over
COIN_FLIP = 0.5


@dataclass(frozen=True)
class Verdict:
    word: str  # FRAGILE | INCONCLUSIVE | ROBUST ON THESE TESTS
    reasons: list[str]
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return (f"{self.word}: " + "; ".join(self.reasons) + "."
                + "".join(f" Warning: {w}." for w in self.warnings)
                + " (The deflated Sharpe asks whether the Sharpe ratio is real after counting "
                "every trial, not whether the rule beats the benchmark.)")


def edge_of_grid(best: list[dict[str, Any]], axes: dict[str, list[Any]]) -> list[str]:
    """Swept parameters whose best value is the first or last of the grid. `best` holds every
    combination tied for the best score: a parameter on which they differ does not matter."""
    out = []
    for name, values in axes.items():
        chosen = {str(b.get(name)) for b in best}
        if len(chosen) > 1:
            continue
        value = best[0].get(name)
        if len(values) >= 3 and value in (values[0], values[-1]):
            side = "lowest" if value == values[0] else "highest"
            out.append(f"the best {name} = {value} is the grid's {side} value: the optimum "
                       "may lie outside the grid, widen it")
        elif len(values) == 2:
            out.append(f"{name} has only two values: a grid cannot show an optimum between them")
    return out


def tied_best(agg: pd.Series) -> list[int]:
    """Combinations whose score equals the best (to rounding)."""
    best = float(agg.max())
    return [int(c) for c in agg.index[(best - agg).abs() <= 1e-12 * max(1.0, abs(best))]]


def margin(agg: pd.Series) -> str | None:
    """A warning when the winner ties or beats the runner-up by a hair (vs the spread)."""
    top = agg.sort_values(ascending=False)
    if len(top) < 2:
        return None
    ties = len(tied_best(agg))
    if ties > 1:
        return (f"{ties} combinations share the best score: the grid cannot tell them apart, "
                "and the one named best is only the first of them")
    gap = float(top.iloc[0] - top.iloc[1])
    spread = float(agg.quantile(0.75) - agg.quantile(0.25))
    if spread > 0 and gap < 0.05 * spread:
        return (f"the best combination beats the next by {gap:.4f}, {gap / spread:.0%} of the "
                "spread between combinations: effectively a tie")
    return None


def judge(loeo: pd.DataFrame, dsr: float | None, pbo: float | None, metric: str,
          warnings: list[str]) -> Verdict:
    reasons: list[str] = []
    fragile = weak = False
    if pbo is not None:
        fragile |= pbo >= COIN_FLIP
        reasons.append(f"the probability of backtest overfitting is {pbo:.0%} "
                       f"({'at or above' if pbo >= COIN_FLIP else 'below'} the 50% of a coin flip)")
    if dsr is not None:
        fragile |= dsr < 0.95
        reasons.append(f"the deflated Sharpe ratio of the selected combination is {dsr:.2f} "
                       f"({'below' if dsr < 0.95 else 'above'} 0.95 once every trial counts)")
    folds = loeo[loeo["discriminates"]] if not loeo.empty else loeo
    if not folds.empty:
        pct = float(folds["held_out_percentile"].median())
        fragile |= pct < COIN_FLIP
        weak |= pct < HOLDS_UP
        where = ("worse than a random pick" if pct < COIN_FLIP else "no better than a random "
                 "pick would be expected to do" if pct < HOLDS_UP else "in the top quarter")
        reasons.append(f"chosen on the other crises, the parameters land at a median "
                       f"{pct:.0%} percentile of {metric} on the held-out crisis: {where}")
    idle = len(loeo) - len(folds)
    if idle:
        reasons.append(f"{idle} held-out crisis(es) cannot discriminate (every combination "
                       "scores the same there) and are left out")
    if len(folds) < 3:
        weak = True
        reasons.append(f"only {len(folds)} crisis fold(s) separate the combinations at all")
    weak |= bool(warnings)
    word = "FRAGILE" if fragile else "INCONCLUSIVE" if weak else "ROBUST ON THESE TESTS"
    closing = {"FRAGILE": "treat the best parameters as curve-fitted to these episodes",
               "INCONCLUSIVE": "these tests cannot tell the best parameters from luck",
               "ROBUST ON THESE TESTS": "the best parameters hold up out of sample on these "
                                        "tests"}[word]
    return Verdict(word, [*reasons, closing], warnings)


def describe(params: dict[str, Any]) -> str:
    """Parameter values in place of a combination number."""
    return ", ".join(f"{k} = {_v(v)}" for k, v in params.items())


def _v(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:g}" if math.isfinite(v) else str(v)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(map(str, v)) + "]"
    return str(v)
