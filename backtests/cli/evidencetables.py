"""Terminal tables for the out-of-sample evidence: scorecard, bootstrap intervals, walk-forward."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd
from rich.table import Table

from backtests.evaluate import uncertainty
from backtests.evaluate.scorecard import CRITERIA, holdout_sentence, scorecard

if TYPE_CHECKING:
    from backtests.sweep.walkforward import WalkForward

PP = {"return", "drawdown"}  # shown in percentage points; Sharpe as a plain difference


def run_evidence(metrics: pd.DataFrame, roles: dict[str, str], benchmark: str,
                 highlight: str) -> list[Table | str]:
    """What `playbook run` prints after the headline: the scorecard, the highlighted strategy's
    hold-out sentence and, when full history was run, its bootstrap intervals."""
    card = scorecard(metrics, roles, benchmark)
    out: list[Table | str] = [scorecard_table(card, benchmark),
                              holdout_sentence(card, highlight, benchmark)]
    if "full_history" in set(metrics["episode"]):
        out.append(intervals_table(metrics, benchmark, "full_history"))
    return out


def scorecard_table(card: pd.DataFrame, benchmark: str) -> Table:
    table = Table(title=f"Scorecard vs {benchmark}: episodes beaten (median difference), "
                        "design crises | hold-out crises", title_justify="left")
    # full names however narrow the terminal: the other columns give way
    table.add_column("strategy", no_wrap=True,
                     min_width=max((len(str(s)) for s in card["strategy"]), default=8))
    roles = [r for r in ("design", "holdout") if r in set(card["role"])]
    for role in roles:
        for k in CRITERIA:
            table.add_column(f"{'hold-out' if role == 'holdout' else role} {k}",
                             justify="right")
    for strategy, rows in card.groupby("strategy", sort=False):
        cells = []
        for role in roles:
            row = rows[rows["role"] == role]
            for k in CRITERIA:
                cells.append(_cell(row.iloc[0], k) if len(row) else "-")
        table.add_row(str(strategy), *cells)
    return table


def _cell(row: pd.Series, k: str) -> str:
    d = float(row[f"{k}_median_diff"])
    diff = "-" if math.isnan(d) else (f"{d * 100:+.1f}pp" if k in PP else f"{d:+.2f}")
    return f"{int(row[f'{k}_beat'])}/{int(row['episodes'])} {diff}"


def intervals_table(metrics: pd.DataFrame, benchmark: str, episode: str) -> Table:
    """Observed CAGR and Sharpe differences with their 90% intervals (* excludes zero)."""
    rows = metrics[metrics["episode"] == episode]
    value = rows.set_index(["strategy", "metric"])["value"]
    table = Table(title=f"{episode} vs {benchmark}: {uncertainty.LEVEL:.0%} stationary-bootstrap "
                        f"intervals (mean block {uncertainty.BLOCK} days, "
                        f"{uncertainty.REPS:,} resamples; * = excludes zero)",
                  title_justify="left")
    table.add_column("strategy", no_wrap=True,
                     min_width=max((len(str(s)) for s in rows["strategy"]), default=8))
    for col in ("CAGR difference", "Sharpe difference"):
        table.add_column(col, justify="right")
    for strategy in dict.fromkeys(rows["strategy"]):
        if strategy == benchmark or (strategy, f"cagr_vs_{benchmark}_lo") not in value.index:
            continue
        cells = []
        for stat, scale, fmt in (("cagr", 100, "{:+.2f}pp"), ("sharpe", 1, "{:+.3f}")):
            v = {k: float(value[(strategy, f"{stat}_vs_{benchmark}{k}")])
                 for k in ("", "_lo", "_hi", "_excludes_zero")}
            cells.append(f"{fmt.format(v[''] * scale)} [{fmt.format(v['_lo'] * scale)}, "
                         f"{fmt.format(v['_hi'] * scale)}]{'*' if v['_excludes_zero'] else ' '}")
        table.add_row(strategy, *cells)
    return table


def walk_forward_table(wf: WalkForward) -> list[Table | str]:
    from backtests.sweep.walkforward import sentence  # imports the engine: only when used

    m = wf.summary["metric"]
    table = Table(title=f"Walk-forward {wf.summary['strategy']}: parameters chosen on the "
                        f"crises that ended before each one (by mean {m})",
                  title_justify="left")
    for col in ("crisis", "role", "crises before", "chosen parameters", f"{m} chosen",
                "defaults", wf.summary["benchmark"], "return chosen", "defaults",
                wf.summary["benchmark"]):
        table.add_column(col, overflow="fold")
    params = [c for c in wf.summary["defaults"] if c in wf.table.columns]
    for r in wf.table.to_dict("records"):
        chosen = r["chosen_combo"] >= 0
        train = r["trained_on"].split(",") if r["trained_on"] else []
        picked = ", ".join(f"{p}={_val(r[p])}" for p in params) if chosen else "(none)"
        if r["tied"] > 1:
            picked += f" ({r['tied']} tied)"
        table.add_row(r["episode"], r["role"],
                      f"{len(train)} (to {train[-1]})" if train else "-", picked,
                      _num(r[f"chosen_{m}"]), _num(r[f"default_{m}"]),
                      _num(r[f"benchmark_{m}"]), _pct(r["chosen_total_return"]),
                      _pct(r["default_total_return"]), _pct(r["benchmark_total_return"]))
    return [table, sentence(wf)]


def _val(v: object) -> str:
    return f"{v:g}" if isinstance(v, int | float) and not isinstance(v, bool) else str(v)


def _num(v: float) -> str:
    return "-" if v != v else f"{v:.3f}"


def _pct(v: float) -> str:
    return "-" if v != v else f"{v:+.1%}"
