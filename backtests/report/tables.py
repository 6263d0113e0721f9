"""Tables and plain-language text for the committee report, all computed from the runs."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from backtests.runner import Run
from strategies.regimes import Transition

TRADING_MONTH = 21


@dataclass(frozen=True)
class Cell:
    total: float
    max_dd: float
    d_total: float  # vs benchmark
    d_dd: float


def grid(runs: list[Run], benchmark: str) -> dict[str, dict[str, Cell]]:
    """strategy -> episode -> headline cell."""
    base = {r.episode: r.metrics for r in runs if r.strategy == benchmark}
    out: dict[str, dict[str, Cell]] = {}
    for r in runs:
        b = base[r.episode]
        out.setdefault(r.strategy, {})[r.episode] = Cell(
            r.metrics["total_return"], r.metrics["max_drawdown"],
            r.metrics["total_return"] - b["total_return"],
            r.metrics["max_drawdown"] - b["max_drawdown"])
    return out


def colour(delta: float, scale: float = 0.25) -> str:
    """Green for better than the benchmark, red for worse, intensity by size."""
    if math.isnan(delta):
        return "transparent"
    a = min(abs(delta) / scale, 1.0) * 0.55
    return f"rgba(25,135,84,{a:.2f})" if delta > 0 else f"rgba(220,53,69,{a:.2f})"


def pct(x: float, signed: bool = True) -> str:
    if math.isnan(x):
        return "–"
    return f"{x:+.1%}" if signed else f"{x:.1%}"


def months(days: float) -> str:
    return "not recovered" if math.isnan(days) else f"{days / TRADING_MONTH:.1f} months"


def phase_rows(runs: list[Run], episode: str) -> list[dict[str, str]]:
    rows = []
    for r in runs:
        if r.episode != episode:
            continue
        m = r.metrics
        rows.append({"strategy": r.strategy,
                     "peak_to_trough": pct(m.get("peak_to_trough", math.nan)),
                     "trough_plus_12m": pct(m.get("trough_plus_12m", math.nan)),
                     "max_drawdown": pct(m["max_drawdown"]),
                     "recovery": months(m["recovery_days"]),
                     "sharpe": f"{m['sharpe']:.2f}", "turnover": pct(m["annual_turnover"], False),
                     "costs": pct(r.result.costs_paid, False)})
    return rows


def narrative(runs: list[Run], episode: str, benchmark: str, highlight: str) -> str:
    """A short paragraph from the numbers: worst fall, recovery, total, phases."""
    by = {r.strategy: r.metrics for r in runs if r.episode == episode}
    h, b = by[highlight], by[benchmark]
    best = max(by, key=lambda s: by[s]["calmar"])
    text = (f"In {episode}, {highlight} fell {abs(h['max_drawdown']):.1%} at worst versus "
            f"{abs(b['max_drawdown']):.1%} for {benchmark}, and returned {h['total_return']:+.1%} "
            f"against {b['total_return']:+.1%}. ")
    hr, br = h["recovery_days"], b["recovery_days"]
    if not math.isnan(hr) and not math.isnan(br):
        gap = (br - hr) / TRADING_MONTH
        text += (f"It regained its previous peak {abs(gap):.0f} months "
                 f"{'earlier' if gap > 0 else 'later'} than {benchmark} "
                 f"({months(hr)} vs {months(br)}). ")
    elif math.isnan(br) and not math.isnan(hr):
        text += (f"It regained its previous peak after {months(hr)}; {benchmark} had not by "
                 "the episode's end. ")
    elif math.isnan(hr):
        text += "It had not regained its previous peak by the episode's end. "
    if "peak_to_trough" in h and not math.isnan(h["peak_to_trough"]):
        text += (f"From the market peak to the trough it returned {h['peak_to_trough']:+.1%} "
                 f"({benchmark} {b['peak_to_trough']:+.1%}); in the 12 months after the trough "
                 f"{h['trough_plus_12m']:+.1%} ({benchmark} {b['trough_plus_12m']:+.1%}). ")
    text += (f"The best return per unit of drawdown (Calmar) was {best}'s "
             f"({by[best]['calmar']:.2f}).")
    return text


def audit_rows(transitions: list[Transition], run: Run) -> list[dict[str, str]]:
    """Each regime change: date, trigger and values, weights decided before/after."""
    targets = run.result.targets
    rows = []
    for t in transitions:
        if t.date not in targets.index:
            continue
        pos = int(targets.index.searchsorted(t.date))
        before = targets.iloc[max(pos - 1, 0)]
        rows.append({"date": str(t.date.date()), "change": f"{t.before} → {t.after}",
                     "trigger": t.reason, "before": _mix(before), "after": _mix(targets.iloc[pos])})
    return rows


def _mix(row: pd.Series) -> str:
    live = row[row > 0.005].sort_values(ascending=False)
    return ", ".join(f"{k} {v:.0%}" for k, v in live.items()) or "no order"
