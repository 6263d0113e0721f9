"""Walk-forward parameter choice: would picking parameters on past crises have helped?

The crises (design and hold-out episodes) are taken in date order. For each, the grid's
combinations are ranked by their mean metric over the crises that had ENDED before it starts
(so neither its own days nor any later crisis can inform the choice), and the winner is scored
on it, next to the strategy's default parameters and the benchmark. A crisis with no earlier
finished crisis gets no choice and is left out of the track record.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from backtests.engine import Costs
from backtests.episodes import Episode
from backtests.results import atomic_write
from backtests.runner import Market, run_matrix
from backtests.sweep.grid import REGIME
from backtests.sweep.run import CORE, SweepResult
from strategies.regimes import DEFAULT_REGIME
from strategies.registry import make_params

CRISES = ("design", "holdout")


@dataclass(frozen=True)
class WalkForward:
    table: pd.DataFrame  # one row per crisis, in date order
    summary: dict[str, Any]


def choices(table: pd.DataFrame, windows: Mapping[str, tuple[pd.Timestamp, pd.Timestamp]],
            metric: str, defaults: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Per crisis (date order): the episodes it may learn from and the combination chosen on
    them (-1 when none had ended), its parameters and its metrics on the crisis (chosen_<m>).

    `table` is SweepResult.table (one row per combination and episode); `windows` maps each
    crisis to its (start, end). When several combinations tie for the best mean (earlier crises
    that cannot tell them apart), the one closest to `defaults` wins (fewest parameters
    changed), then the first in grid order: with no evidence, keep the defaults.
    """
    wide = table.pivot_table(index="combo", columns="episode", values=metric)
    params = [c for c in table.columns if c not in ("combo", "episode", *CORE)]
    combos = table.drop_duplicates("combo").set_index("combo").loc[wide.index, params]
    changed = np.zeros(len(combos))  # parameters that differ from the defaults
    for k, v in (defaults or {}).items():
        if k in params:
            changed += (combos[k] != v).to_numpy()
    order = sorted(windows, key=lambda e: (windows[e][0], windows[e][1], e))
    rows = []
    for crisis in order:
        start = windows[crisis][0]
        train = [e for e in order if windows[e][1] < start]  # ended before it starts
        row: dict[str, Any] = {"episode": crisis, "start": start.date(),
                               "end": windows[crisis][1].date(),
                               "trained_on": ",".join(train), "chosen_combo": -1, "tied": 0}
        if train:
            score = wide[train].mean(axis=1).to_numpy()
            best = np.isclose(score, np.nanmax(score), rtol=1e-12, atol=1e-12)
            pick = np.lexsort((np.arange(len(score)), np.where(best, changed, np.inf)))[0]
            row["chosen_combo"], row["tied"] = int(wide.index[pick]), int(best.sum())
        rows.append(row)
    out = pd.DataFrame(rows)
    picked = table.set_index(["combo", "episode"])
    for col in [*params, *CORE]:
        name = col if col in params else f"chosen_{col}"
        out[name] = [picked.loc[(c, e), col] if c >= 0 else np.nan
                     for c, e in zip(out["chosen_combo"], out["episode"], strict=True)]
    return out


def score(chosen: pd.DataFrame, reference: pd.DataFrame, metric: str) -> WalkForward:
    """Put the chosen combination beside the defaults and the benchmark on each crisis.

    `reference` has one row per crisis (index: episode) and columns default_<m>,
    benchmark_<m> for m in (metric, total_return).
    """
    keys = list(dict.fromkeys((metric, "total_return")))
    t = chosen.copy()
    for m in keys:
        t[f"default_{m}"] = t["episode"].map(reference[f"default_{m}"])
        t[f"benchmark_{m}"] = t["episode"].map(reference[f"benchmark_{m}"])
    # the kernel and the engine agree to ~1e-12, not bit for bit: equal within 1e-9 is a tie
    for a, b in (("chosen", "default"), ("chosen", "benchmark"), ("default", "benchmark")):
        x, y = t[f"{a}_{metric}"], t[f"{b}_{metric}"]
        tie = np.isclose(x, y, rtol=1e-9, atol=1e-12)
        t[f"{a}_beats_{b}"] = (x > y) & ~tie
        if a == "chosen" and b == "default":
            t["chosen_ties_default"] = tie
    done = t[t["chosen_combo"] >= 0]
    summary: dict[str, Any] = {
        "metric": metric, "crises": len(t), "scored": len(done),
        "skipped": t.loc[t["chosen_combo"] < 0, "episode"].tolist(),
        "distinct_choices": int(done["chosen_combo"].nunique()),
        "chosen_beats_default": int(done["chosen_beats_default"].sum()),
        "chosen_ties_default": int(done["chosen_ties_default"].sum()),
        "chosen_beats_benchmark": int(done["chosen_beats_benchmark"].sum()),
        "default_beats_benchmark": int(done["default_beats_benchmark"].sum()),
    }
    for m in keys:
        for who in ("chosen", "default", "benchmark"):
            col = done[f"{who}_{m}"]
            summary[f"median_{who}_{m}"] = float(col.median()) if len(col) else None
    return WalkForward(t, summary)


def sentence(wf: WalkForward) -> str:
    s, m = wf.summary, wf.summary["metric"]
    if not s["scored"]:
        return "No crisis had an earlier finished crisis to choose parameters on."
    lost = s["scored"] - s["chosen_beats_default"] - s["chosen_ties_default"]
    return (f"Chosen only on crises that had ended before each one started, the parameters beat "
            f"the defaults on {m} in {s['chosen_beats_default']} of {s['scored']} crises (tied "
            f"in {s['chosen_ties_default']}, lost in {lost}) and the benchmark in "
            f"{s['chosen_beats_benchmark']} (the defaults beat the benchmark "
            f"in {s['default_beats_benchmark']}); median {m}: chosen "
            f"{s[f'median_chosen_{m}']:.3f}, defaults {s[f'median_default_{m}']:.3f}, "
            f"benchmark {s[f'median_benchmark_{m}']:.3f}.")


def run_walk_forward(market: Market, res: SweepResult, episodes: dict[str, Episode],
                     costs: Costs, metric: str, benchmark: str = "sixty_forty") -> WalkForward:
    """choices() on the sweep's table, scored against single runs of the defaults and the
    benchmark over the same crises."""
    crises = {n: e for n, e in episodes.items()
              if e.role in CRISES and n in set(res.table["episode"])}
    windows = {n: e.window(market.data_end) for n, e in crises.items()}
    runs = run_matrix(market, {"default": make_params(res.grid.strategy, {}),
                               "benchmark": make_params(benchmark, {})}, crises, costs,
                      {"default": res.grid.strategy, "benchmark": benchmark})
    keys = list(dict.fromkeys((metric, "total_return")))
    reference = pd.DataFrame([{"episode": r.episode, **{f"{r.strategy}_{m}": r.metrics[m]
                                                         for m in keys}} for r in runs])
    reference = reference.groupby("episode").first()
    defaults = {**make_params(res.grid.strategy, {}).model_dump(),  # and the regime machine's
                **{f"{REGIME}{k}": v for k, v in DEFAULT_REGIME.model_dump().items()}}
    wf = score(choices(res.table, windows, metric, defaults), reference, metric)
    wf.table.insert(1, "role", wf.table["episode"].map({n: e.role for n, e in crises.items()}))
    wf.summary.update({"strategy": res.grid.strategy, "benchmark": benchmark,
                       "defaults": {k: defaults[k] for k in res.grid.axes}})
    return wf


def write_walk_forward(wf: WalkForward, folder: Path) -> list[Path]:
    """walkforward.csv, and the summary under "walk_forward" in the sweep's summary.json."""
    csv, js = folder / "walkforward.csv", folder / "summary.json"
    atomic_write(csv, lambda p: wf.table.to_csv(p, index=False, float_format="%.10g"))
    summary = json.loads(js.read_text()) if js.exists() else {}
    summary["walk_forward"] = {**wf.summary, "sentence": sentence(wf)}
    text = json.dumps(summary, indent=1, default=str)

    def write(path: Path) -> None:
        path.write_text(text)

    atomic_write(js, write)
    return [csv, js]

