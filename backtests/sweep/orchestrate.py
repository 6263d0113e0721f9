"""`playbook sweep`: run a grid, judge it for overfitting, write reports/sweeps/<id>/.

Orchestration only (as committee/job.py is for the committee report): the sweep, the guards
and the verdict are computed here; sweep/sweep_page.py renders them.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from backtests.engine.portfolio import Costs
from backtests.episodes.definitions import Episode
from backtests.episodes.outputs import atomic_folder, new_run_id
from backtests.episodes.runner import MarketData, run_one
from backtests.errors import ConfigError
from backtests.sweep import guards, verdict
from backtests.sweep.grid import Grid
from backtests.sweep.run import CORE, Executor, SweepResult, run_sweep
from backtests.sweep.sweep_page import render_sweep
from backtests.sweep.walkforward import WalkForward, run_walk_forward, write_walk_forward

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
    walk_forward: WalkForward | None = None  # with --walk-forward: the choice made in time


def build_sweep(market: MarketData, grid: Grid, episodes: dict[str, Episode], costs: Costs,
                metric: str, out_root: Path, blocks: int = 10,
                on_combo: Callable[[int, int], None] | None = None,
                executor: Executor | None = None, walk_forward: bool = False) -> SweepSummary:
    """Run, judge and write the sweep; `walk_forward`: also choose parameters on the crises
    that ended before each crisis and score the choice on it (walkforward.csv, and a table on
    the page)."""
    if metric not in CORE:
        raise ConfigError(f"--metric '{metric}' is not one of {', '.join(CORE)}")
    res = run_sweep(market, grid, episodes, costs, blocks, on_combo, executor)
    agg = res.table.groupby("combo")[metric].mean()
    best_combo = int(agg.index[int(np.argmax(agg.to_numpy()))])
    crises = [e for e in episodes if e not in HOLISTIC]
    loeo = guards.leave_one_out(res.table, metric, crises) if len(crises) >= 2 else pd.DataFrame()
    if not loeo.empty:
        loeo["chosen"] = [verdict.describe(grid.combos[c]) for c in loeo["chosen_combo"]]
    dsr, pbo = _dsr(market, grid, res, best_combo, episodes, costs), _pbo(res)
    tied = [grid.combos[c] for c in verdict.tied_best(agg)]
    warnings = [*verdict.edge_of_grid(tied, grid.axes),
                *filter(None, [verdict.margin(agg)])]
    judged = verdict.judge(loeo, dsr, pbo, metric, warnings)
    digest = hashlib.sha256(json.dumps([grid.strategy, grid.axes, list(episodes), metric,
                                        market.data_hash], default=str).encode()).hexdigest()
    sweep_id = new_run_id(out_root, f"{grid.strategy}-{digest[:8]}")
    wf = run_walk_forward(market, res, episodes, costs, metric) if walk_forward else None
    summary = {"strategy": grid.strategy, "axes": grid.axes, "metric": metric,
               "episodes": list(episodes), "combinations": len(grid.params),
               "invalid": len(grid.invalid), "unique_paths": res.unique_paths,
               "seconds": round(res.seconds, 2), "best_combo": best_combo,
               "best_params": grid.combos[best_combo], "deflated_sharpe": dsr, "pbo": pbo,
               "verdict": judged.text, "verdict_word": judged.word, "warnings": warnings,
               "data_hash": market.data_hash, "costs": vars(costs)}
    with atomic_folder(out_root, sweep_id) as tmp:
        res.table.to_csv(tmp / "results.csv", index=False, float_format="%.10g")
        pd.DataFrame([{**c, "reason": why} for c, why in grid.invalid]).to_csv(
            tmp / "invalid.csv", index=False)
        (tmp / "summary.json").write_text(json.dumps(summary, indent=1, default=str))
        if wf is not None:
            write_walk_forward(wf, tmp)
        (tmp / "index.html").write_text(render_sweep(grid, res.table, metric, agg, loeo,
                                                     judged, summary, wf))
    folder = out_root / sweep_id
    return SweepSummary(folder, folder / "index.html", judged.text, res,
                        grid.combos[best_combo], loeo, dsr, pbo, wf)


def _dsr(market: MarketData, grid: Grid, res: SweepResult, best: int,
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
