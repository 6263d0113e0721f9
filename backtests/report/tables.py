"""Tables and plain-language text for the committee report, all computed from the runs."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from backtests.episodes.runner import MarketData, Run
from backtests.report import fmt
from strategies.regimes import Transition
from strategies.registry import STRATEGIES
from strategies.triggers import TRIGGERS

# Rules that hold a fixed mix are benchmarks: they have no timing value.
BENCHMARKS = {name for name, s in STRATEGIES.items() if s.scenario == "benchmark"}

# The headline's colour rule (stated on the page): by the difference in annualised return.
NEUTRAL_PP = 0.005  # within ±0.5 pp a year of the benchmark: no colour
FULL_PP = 0.05  # the colour is at full strength from ±5 pp a year
BETTER, WORSE = (0, 114, 178), (230, 159, 0)  # blue / orange (Okabe-Ito): colour-blind safe


@dataclass(frozen=True)
class Cell:
    total: float
    cagr: float
    max_dd: float
    d_total: float  # vs benchmark, fractions (shown in pp)
    d_cagr: float
    d_dd: float  # > 0: shallower than the benchmark's
    timing: float = math.nan  # annualised return vs the timing benchmark (NaN: not shown)
    sure: bool = False  # the 90% bootstrap interval of d_cagr excludes zero

    @property
    def dd_words(self) -> str:
        return fmt.dd_gap(self.max_dd, self.max_dd - self.d_dd)


def grid(runs: list[Run], benchmark: str, timing: str | None = None,
         sure: set[tuple[str, str]] | frozenset[tuple[str, str]] = frozenset()
         ) -> dict[str, dict[str, Cell]]:
    """strategy -> episode -> headline cell; `timing` names the timing benchmark (its
    difference is given to the rules, not to the benchmarks), `sure` the (strategy, episode)
    whose annualised difference has a bootstrap interval excluding zero."""
    base = {r.episode: r.metrics for r in runs if r.strategy == benchmark}
    static = {r.episode: r.metrics for r in runs if r.strategy == timing}
    out: dict[str, dict[str, Cell]] = {}
    for r in runs:
        m, b = r.metrics, base[r.episode]
        t = static.get(r.episode) if r.rule not in BENCHMARKS else None
        out.setdefault(r.strategy, {})[r.episode] = Cell(
            m["total_return"], m["cagr"], m["max_drawdown"],
            m["total_return"] - b["total_return"], m["cagr"] - b["cagr"],
            m["max_drawdown"] - b["max_drawdown"],
            m["cagr"] - t["cagr"] if t is not None else math.nan,
            (r.strategy, r.episode) in sure)
    return out


def sure_of(intervals: pd.DataFrame | None, stat: str = "cagr") -> set[tuple[str, str]]:
    """(strategy, episode) whose bootstrap interval of `stat`'s difference excludes zero."""
    if intervals is None or intervals.empty:
        return set()
    hit = intervals[intervals[f"{stat}_excludes_zero"].astype(bool)]
    return set(zip(hit["strategy"], hit["episode"], strict=True))


def colour(d_cagr: float) -> str:
    """Blue when better than the benchmark by more than 0.5 pp a year, orange when worse;
    the strength grows with the gap and is full from 5 pp a year."""
    if math.isnan(d_cagr) or abs(d_cagr) < NEUTRAL_PP:
        return "transparent"
    a = 0.12 + min(abs(d_cagr) / FULL_PP, 1.0) * 0.43
    r, g, b = BETTER if d_cagr > 0 else WORSE
    return f"rgba({r},{g},{b},{a:.2f})"


def phase_rows(runs: list[Run], episode: str) -> list[dict[str, str]]:
    rows = []
    for r in runs:
        if r.episode != episode:
            continue
        m = r.metrics
        rows.append({"strategy": r.strategy,
                     "peak_to_trough": fmt.pct(m.get("peak_to_trough", math.nan)),
                     "trough_plus_12m": fmt.pct(m.get("trough_plus_12m", math.nan)),
                     "max_drawdown": fmt.pct(m["max_drawdown"]),
                     "recovery": fmt.days(m["time_to_recover_days"]),
                     "sharpe": fmt.num(m["sharpe"]),
                     "turnover": fmt.pct(m["annual_turnover"], False, 0),
                     "cost_drag": fmt.bp(m["cost_drag_bp"]),
                     "costs_total": fmt.pct(m["costs_total"], False, 2)})
    return rows


def narrative(runs: list[Run], episode: str, benchmark: str, highlight: str) -> str:
    """A short paragraph from the numbers: worst fall, recovery, total, phases."""
    by = {r.strategy: r.metrics for r in runs if r.episode == episode}
    h, b = by[highlight], by[benchmark]
    best = max(by, key=lambda s: by[s]["calmar"])
    text = (f"In {episode}, {highlight} fell {abs(h['max_drawdown']):.1%} at worst versus "
            f"{abs(b['max_drawdown']):.1%} for {benchmark}, and returned "
            f"{fmt.pct(h['total_return'])} ({fmt.pct(h['cagr'])} a year) against "
            f"{fmt.pct(b['total_return'])} ({fmt.pct(b['cagr'])} a year). ")
    hr, br = h["time_to_recover_days"], b["time_to_recover_days"]
    if not math.isnan(hr) and not math.isnan(br):
        text += (f"Its worst drawdown lasted {fmt.days(hr)} from peak to recovery, against "
                 f"{fmt.days(br)} for {benchmark}. ")
    elif math.isnan(br) and not math.isnan(hr):
        text += (f"Its worst drawdown lasted {fmt.days(hr)} from peak to recovery; "
                 f"{benchmark}'s had not recovered by the episode's end. ")
    elif math.isnan(hr):
        text += "Its worst drawdown had not recovered by the episode's end. "
    if "peak_to_trough" in h and not math.isnan(h["peak_to_trough"]):
        text += (f"From the market peak to the trough it returned "
                 f"{fmt.pct(h['peak_to_trough'])} ({benchmark} {fmt.pct(b['peak_to_trough'])}); "
                 f"in the 12 months after the trough {fmt.pct(h['trough_plus_12m'])} "
                 f"({benchmark} {fmt.pct(b['trough_plus_12m'])}). ")
    text += (f"The best return per unit of drawdown (Calmar) was {best}'s "
             f"({by[best]['calmar']:.2f}).")
    return text


def audit_rows(transitions: list[Transition], run: Run) -> list[dict[str, str]]:
    """Each regime change: date, trigger and values, weights decided before/after, and the
    triggers that could not be read that day (a decision taken blind to them is flagged)."""
    targets = run.result.targets
    rows = []
    for t in transitions:
        if t.date not in targets.index:
            continue
        pos = int(targets.index.searchsorted(t.date))
        before = targets.iloc[max(pos - 1, 0)]
        rows.append({**_change(t), "before": _mix(before), "after": _mix(targets.iloc[pos])})
    return rows


def untraded_rows(transitions: list[Transition], prices_end: pd.Timestamp
                  ) -> list[dict[str, str]]:
    """Regime changes after the last day every sleeve has prices: decided on the signals,
    never traded (no weights to show)."""
    note = f"not traded: no prices after {prices_end:%Y-%m-%d}"
    return [{**_change(t), "before": note, "after": note} for t in transitions
            if t.date > prices_end]


def _change(t: Transition) -> dict[str, str]:
    blind = [TRIGGERS[k].label if k in TRIGGERS else k for k in t.unknown.split(",") if k]
    return {"date": str(t.date.date()), "change": f"{t.before} → {t.after}",
            "trigger": t.reason, "unknown": ", ".join(blind)}


def _mix(row: pd.Series) -> str:
    live = row[row > 0.005].sort_values(ascending=False)
    return ", ".join(f"{k} {v:.0%}" for k, v in live.items()) or "no order"


def index_facts(panel: pd.DataFrame, prices: pd.DataFrame, start: pd.Timestamp,
                end: pd.Timestamp) -> list[str]:
    """Worst fall inside the window of the price indexes news quotes, beside the sleeves the
    rules hold (total return), so the two kinds of figure are never confused."""
    pairs = [("^GSPC", "S&P 500 price index", "us_equity", "S&P 500 total return"),
             ("^IXIC", "Nasdaq Composite price index", "us_growth", "Nasdaq-100 total return")]
    out = []
    for col, name, sleeve, what in pairs:
        if col not in panel or sleeve not in prices:
            continue
        idx, tr = panel[col].loc[start:end].dropna(), prices[sleeve].loc[start:end].dropna()
        if len(idx) < 2 or len(tr) < 2:
            continue
        out.append(f"{name} {fmt.pct(_worst_fall(idx))} (the {sleeve} sleeve, {what}: "
                   f"{fmt.pct(_worst_fall(tr))})")
    return out


def _worst_fall(level: pd.Series) -> float:
    return float((level / level.cummax() - 1.0).min())


def late_sleeves(market: MarketData, start: pd.Timestamp,
                 end: pd.Timestamp | None = None) -> list[str]:
    """Sleeves whose data starts after `start` or ends before `end`, and where their weight
    went meanwhile (the run notes of a ragged start or end)."""
    out = [f"{k} has data only from {s.returns.index[0]:%Y-%m-%d} (its weight went to "
           f"{market.fallback.get(k) or 'nowhere'} until then)"
           for k, s in market.sleeves.items() if s.returns.index[0] > start]
    return out + [f"{k} has no data after {s.returns.index[-1]:%Y-%m-%d} (its weight went to "
                  f"{market.fallback.get(k) or 'nowhere'} from then)"
                  for k, s in market.sleeves.items()
                  if end is not None and s.returns.index[-1] < end]
