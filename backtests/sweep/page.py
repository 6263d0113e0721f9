"""`playbook sweep`: run a grid, judge it for overfitting, write reports/sweeps/<id>/."""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from plotly.offline import get_plotlyjs
from scipy import stats

from backtests.engine import Costs
from backtests.episodes import Episode
from backtests.errors import ConfigError
from backtests.report.page import TEMPLATES
from backtests.results import atomic_folder, new_run_id
from backtests.runner import Market, run_one
from backtests.sweep import guards
from backtests.sweep.grid import Grid
from backtests.sweep.run import CORE, Executor, SweepResult, run_sweep

HOLISTIC = ("full_history", "latest")  # not crises: excluded from leave-one-episode-out


@dataclass(frozen=True)
class SweepSummary:
    folder: Path
    index: Path
    verdict: str
    result: SweepResult
    best: dict[str, Any]
    loeo: pd.DataFrame
    dsr: float | None
    pbo: float | None


def build_sweep(market: Market, grid: Grid, episodes: dict[str, Episode], costs: Costs,
                metric: str, out_root: Path, blocks: int = 10,
                on_combo: Callable[[int, int], None] | None = None,
                executor: Executor | None = None) -> SweepSummary:
    if metric not in CORE:
        raise ConfigError(f"--metric '{metric}' is not one of {', '.join(CORE)}")
    res = run_sweep(market, grid, episodes, costs, blocks, on_combo, executor)
    table = res.table
    agg = table.groupby("combo")[metric].mean()
    best_combo = int(agg.index[int(np.argmax(agg.to_numpy()))])
    crises = [e for e in episodes if e not in HOLISTIC]
    loeo = guards.leave_one_out(table, metric, crises) if len(crises) >= 2 else pd.DataFrame()
    dsr, pbo = _dsr(market, grid, res, best_combo, episodes, costs), _pbo(res)
    verdict = _verdict(loeo, dsr, pbo, metric)
    digest = hashlib.sha256(json.dumps([grid.strategy, grid.axes, list(episodes), metric,
                                        market.data_hash], default=str).encode()).hexdigest()
    sweep_id = new_run_id(out_root, f"{grid.strategy}-{digest[:8]}")
    with atomic_folder(out_root, sweep_id) as tmp:
        table.to_csv(tmp / "results.csv", index=False, float_format="%.10g")
        pd.DataFrame([{**c, "reason": why} for c, why in grid.invalid]).to_csv(
            tmp / "invalid.csv", index=False)
        summary = {"strategy": grid.strategy, "axes": grid.axes, "metric": metric,
                   "episodes": list(episodes), "combinations": len(grid.params),
                   "invalid": len(grid.invalid), "unique_paths": res.unique_paths,
                   "seconds": round(res.seconds, 2), "best_combo": best_combo,
                   "best_params": grid.combos[best_combo], "deflated_sharpe": dsr,
                   "pbo": pbo, "verdict": verdict, "data_hash": market.data_hash,
                   "costs": vars(costs)}
        (tmp / "summary.json").write_text(json.dumps(summary, indent=1, default=str))
        (tmp / "index.html").write_text(_html(grid, res, metric, agg, best_combo, loeo, dsr,
                                              pbo, verdict, summary))
    folder = out_root / sweep_id
    return SweepSummary(folder, folder / "index.html", verdict, res,
                        grid.combos[best_combo], loeo, dsr, pbo)


def _dsr(market: Market, grid: Grid, res: SweepResult, best: int,
         episodes: dict[str, Episode], costs: Costs) -> float | None:
    """Deflated Sharpe of the selected combination over full history; N = every combination."""
    if "full_history" not in episodes or len(grid.params) < 2:
        return None
    run = run_one(market, grid.strategy, grid.params[best], "full_history",
                  episodes["full_history"], costs)
    ex = (run.result.returns - market.cash_returns.reindex(run.result.returns.index)
          .fillna(0.0)).to_numpy()
    sr = float(ex.mean() / ex.std(ddof=1))
    fh = res.table[res.table.episode == "full_history"]["sharpe"].to_numpy() / math.sqrt(252)
    return guards.deflated_sharpe(sr, len(ex), float(stats.skew(ex)),
                                  float(stats.kurtosis(ex, fisher=False)), len(fh),
                                  float(np.var(fh, ddof=1)))


def _pbo(res: SweepResult) -> float | None:
    """PBO over full history's distinct paths (identical paths would only tie in ranks)."""
    if "full_history" not in res.blocks:
        return None
    blocks = np.unique(res.blocks["full_history"], axis=0)
    return guards.pbo_cscv(blocks).pbo if len(blocks) >= 2 else None


def _verdict(loeo: pd.DataFrame, dsr: float | None, pbo: float | None, metric: str) -> str:
    reasons, fragile = [], 0
    if pbo is not None:
        fragile += pbo >= 0.5
        reasons.append(f"the probability of backtest overfitting is {pbo:.0%} "
                       f"({'above' if pbo >= 0.5 else 'below'} the 50% of a coin flip)")
    if dsr is not None:
        fragile += dsr < 0.95
        reasons.append(f"the deflated Sharpe ratio of the selected combination is {dsr:.2f} "
                       f"({'below' if dsr < 0.95 else 'above'} 0.95 once every trial counts)")
    folds = loeo[loeo["discriminates"]] if not loeo.empty else loeo
    if not folds.empty:
        pct = float(folds["held_out_percentile"].median())
        fragile += pct < 0.5
        idle = len(loeo) - len(folds)
        reasons.append(f"chosen on the other crises, the parameters land at a median "
                       f"{pct:.0%} percentile of {metric} on the held-out one"
                       + (f" ({idle} held-out episode(s) where every combination behaves the "
                          "same are left out)" if idle else ""))
    word = "FRAGILE" if fragile else "ROBUST"
    if not fragile and len(folds) < 3:
        word = "ROBUST ON THESE TESTS, BUT WEAK EVIDENCE"
        reasons.append(f"only {len(folds)} crisis fold(s) separate the combinations at all")
    return (f"{word}: " + "; ".join(reasons) + ". " +
            ("Treat the best parameters as curve-fitted to these episodes." if fragile else
             "The best parameters hold up out of sample on these tests.") +
            " (The deflated Sharpe asks whether the Sharpe ratio is real after counting every "
            "trial, not whether the rule beats the benchmark.)")


def _stability(res: SweepResult, metric: str) -> list[dict[str, str]]:
    """Typical change of the episode-mean metric for a one-step move of each parameter."""
    wide = res.table.groupby("combo")[metric].mean()
    combos = pd.DataFrame(res.grid.combos)
    spread = float(wide.quantile(0.75) - wide.quantile(0.25)) or float("nan")
    rows = []
    for axis, values in res.grid.axes.items():
        if len(values) < 2:
            continue
        step = {v: values[i + 1] for i, v in enumerate(values[:-1])}
        others = [a for a in res.grid.axes if a != axis]
        key = combos[others].astype(str).agg("|".join, axis=1) if others else pd.Series(
            "", index=combos.index)
        col = combos[axis].to_list()
        lookup = {(k, col[c]): c for c, k in enumerate(key)}
        deltas = [abs(wide.iloc[lookup[(k, step[col[c]])]] - wide.iloc[c])
                  for c, k in enumerate(key)
                  if col[c] in step and (k, step[col[c]]) in lookup]
        d = np.array(deltas)
        rows.append({"parameter": axis, "values": ", ".join(map(str, values)),
                     "median": f"{np.median(d):.4f}", "p90": f"{np.quantile(d, 0.9):.4f}",
                     "of_iqr": f"{np.median(d) / spread:.0%}" if spread == spread else "–"})
    return rows


def heatmap_figure(table: pd.DataFrame, combos: list[dict[str, Any]], x: str, y: str,
                   episode: str | None, metric: str) -> go.Figure:
    """`metric` over parameters x and y for one episode (None: the mean over episodes)."""
    rows = table if episode is None else table[table.episode == episode]
    vals = rows.groupby("combo")[metric].mean()
    frame = pd.DataFrame(combos)
    frame = frame.assign(v=vals.reindex(frame.index).to_numpy())
    grid = frame.pivot_table(index=y, columns=x, values="v", aggfunc="mean")
    fig = go.Figure(go.Heatmap(z=grid.to_numpy(), x=[str(c) for c in grid.columns],
                               y=[str(i) for i in grid.index], colorscale="RdYlGn",
                               colorbar={"title": metric}))
    fig.update_layout(title=f"{episode or 'mean over episodes'}",
                      xaxis_title=x, yaxis_title=y, height=360, width=560,
                      margin={"l": 60, "r": 20, "t": 50, "b": 50})
    return fig


def _heatmaps(res: SweepResult, metric: str) -> list[str]:
    axes = [a for a, v in res.grid.axes.items() if len(v) >= 2]
    divs = []
    for x, y in itertools.combinations(axes, 2):
        for ep in [*res.table["episode"].unique(), None]:
            fig = heatmap_figure(res.table, res.grid.combos, x, y, ep, metric)
            divs.append(fig.to_html(full_html=False, include_plotlyjs=False,
                                    config={"displayModeBar": False}))
    return divs


def _html(grid: Grid, res: SweepResult, metric: str, agg: pd.Series, best: int,
          loeo: pd.DataFrame, dsr: float | None, pbo: float | None, verdict: str,
          summary: dict[str, Any]) -> str:
    top = agg.sort_values(ascending=False).head(15)
    top_rows = [{**grid.combos[int(c)], metric: f"{v:.4f}"}  # type: ignore[call-overload]
                for c, v in top.items()]
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined)
    return env.get_template("sweep.html.j2").render(
        s=summary, verdict=verdict, metric=metric, top=top_rows, best=grid.combos[best],
        axes=list(grid.axes), loeo=loeo.to_dict("records"), dsr=dsr, pbo=pbo,
        stability=_stability(res, metric), heatmaps=_heatmaps(res, metric),
        plotly_js=get_plotlyjs(), invalid=grid.invalid[:20])
