"""Render a sweep's page (rendering only; sweep/orchestrate.py runs the sweep and judges it).

Heatmaps of one episode share one colour scale across every parameter pair, and the scale is
marked relative with its range: a map spanning 0.345 to 0.350 says so in its title, so a
difference of a few thousandths is never mistaken for a large one.
"""

from __future__ import annotations

import html
import itertools
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from backtests.report.html import TEMPLATES, figure_div
from backtests.sweep.grid import Grid
from backtests.sweep.verdict import Verdict, describe

if TYPE_CHECKING:
    from backtests.sweep.walkforward import WalkForward

MEAN = "mean over episodes"


def stability(grid: Grid, table: pd.DataFrame, metric: str) -> list[dict[str, str]]:
    """Typical change of the episode-mean metric for a one-step move of each parameter."""
    wide = table.groupby("combo")[metric].mean()
    combos = pd.DataFrame(grid.combos)
    spread = float(wide.quantile(0.75) - wide.quantile(0.25)) or float("nan")
    rows = []
    for axis, values in grid.axes.items():
        if len(values) < 2:
            continue
        step = {str(v): values[i + 1] for i, v in enumerate(values[:-1])}
        others = [a for a in grid.axes if a != axis]
        key = combos[others].astype(str).agg("|".join, axis=1) if others else pd.Series(
            "", index=combos.index)
        col = [str(v) for v in combos[axis]]
        lookup = {(k, col[c]): c for c, k in enumerate(key)}
        deltas = [abs(wide.iloc[lookup[(k, str(step[col[c]]))]] - wide.iloc[c])
                  for c, k in enumerate(key)
                  if col[c] in step and (k, str(step[col[c]])) in lookup]
        d = np.array(deltas) if deltas else np.array([np.nan])
        rows.append({"parameter": axis, "values": ", ".join(map(str, values)),
                     "median": f"{np.median(d):.4f}", "p90": f"{np.quantile(d, 0.9):.4f}",
                     "of_iqr": f"{np.median(d) / spread:.0%}" if spread == spread else "–"})
    return rows


def heatmaps(grid: Grid, table: pd.DataFrame, metric: str
             ) -> tuple[list[str], list[tuple[str, float]]]:
    """Per episode (and the mean), one map per pair of swept parameters on a shared scale;
    episodes where every combination scores the same get no map (returned apart)."""
    axes = [a for a, v in grid.axes.items() if len(v) >= 2]
    divs: list[str] = []
    flat: list[tuple[str, float]] = []
    for ep in [*table["episode"].unique(), None]:
        rows = table if ep is None else table[table.episode == ep]
        vals = rows.groupby("combo")[metric].mean().to_numpy()
        lo, hi = float(np.nanmin(vals)), float(np.nanmax(vals))
        if hi - lo <= 1e-9 * max(1.0, abs(hi)):
            flat.append((str(ep or MEAN), lo))
            continue
        for x, y in itertools.combinations(axes, 2):
            fig = heatmap_figure(table, grid.combos, x, y, ep, metric, (lo, hi))
            divs.append(figure_div(fig, f"hm-{len(divs)}"))
    return divs, flat


def heatmap_figure(table: pd.DataFrame, combos: list[dict[str, Any]], x: str, y: str,
                   episode: str | None, metric: str,
                   scale: tuple[float, float] | None = None) -> Any:
    """`metric` over parameters x and y for one episode (None: the mean over episodes), each
    cell the mean over the other parameters. `scale` (low, high) is shared by every map of
    the episode; by default this map's own range. Either way it is marked relative."""
    import plotly.graph_objects as go

    rows = table if episode is None else table[table.episode == episode]
    vals = rows.groupby("combo")[metric].mean()
    frame = pd.DataFrame(combos).astype(str)
    frame = frame.assign(v=vals.reindex(frame.index).to_numpy())
    cells = frame.pivot_table(index=y, columns=x, values="v", aggfunc="mean", sort=False)
    lo, hi = scale or (float(np.nanmin(cells.to_numpy())), float(np.nanmax(cells.to_numpy())))
    note = f"colours relative to this episode: {lo:.4g} (red) to {hi:.4g} (green)"
    title = (f"{html.escape(f'{episode or MEAN}: {metric}')}<br><sub>{html.escape(note)}"
             "</sub>")
    fig = go.Figure(go.Heatmap(z=cells.to_numpy(), x=[html.escape(c) for c in cells.columns],
                               y=[html.escape(i) for i in cells.index], colorscale="RdYlGn",
                               zmin=lo, zmax=hi, colorbar={"title": "relative",
                                                           "tickformat": ".3g"}))
    fig.update_layout(title={"text": title, "font": {"size": 13}}, xaxis_title=html.escape(x),
                      yaxis_title=html.escape(y), height=380, width=560,
                      margin={"l": 70, "r": 20, "t": 70, "b": 50})
    return fig


def walk_forward_rows(wf: WalkForward, axes: list[str]) -> list[dict[str, Any]]:
    """One row per crisis in date order: what it was chosen on, the choice (values that differ
    from the defaults marked), and the choice, the defaults and the benchmark scored on it."""
    m, defaults = wf.summary["metric"], wf.summary["defaults"]
    rows = []
    for r in wf.table.to_dict("records"):
        train = [e for e in str(r["trained_on"] or "").split(",") if e]
        chosen = r["chosen_combo"] >= 0
        rows.append({
            "episode": r["episode"], "role": r["role"], "dates": f"{r['start']} → {r['end']}",
            "trained": f"{len(train)}, to {train[-1]}" if train else "none had ended",
            "trained_all": ", ".join(train),
            "chosen": [(a, describe({a: r[a]}).split(" = ", 1)[1], r[a] != defaults.get(a))
                       for a in axes if a in r] if chosen else [],
            "tied": int(r["tied"]) if chosen else 0,
            "values": [_num(r[f"{who}_{m}"]) for who in ("chosen", "default", "benchmark")],
            "returns": [_pct(r[f"{who}_total_return"])
                        for who in ("chosen", "default", "benchmark")],
            "beats": ("–" if not chosen else "tie" if r["chosen_ties_default"]
                      else "yes" if r["chosen_beats_default"] else "no")})
    return rows


def _num(v: float) -> str:
    return "–" if v != v else f"{v:.3f}".replace("-", "\u2212")


def _pct(v: float) -> str:
    return "–" if v != v else f"{v:+.1%}".replace("-", "\u2212")


def render_sweep(grid: Grid, table: pd.DataFrame, metric: str, agg: pd.Series,
                 loeo: pd.DataFrame, judged: Verdict, summary: dict[str, Any],
                 walk_forward: WalkForward | None = None) -> str:
    from plotly.offline import get_plotlyjs

    wf = None
    if walk_forward is not None:
        from backtests.sweep.walkforward import sentence

        wf = {"rows": walk_forward_rows(walk_forward, list(grid.axes)),
              "sentence": sentence(walk_forward), "summary": walk_forward.summary,
              "defaults": describe({a: walk_forward.summary["defaults"].get(a)
                                    for a in grid.axes})}

    top = agg.sort_values(ascending=False).head(15)
    top_rows = [{**grid.combos[int(c)], metric: f"{v:.4f}"}  # type: ignore[call-overload]
                for c, v in top.items()]
    records = loeo.to_dict("records") if not loeo.empty else []
    maps, flat = heatmaps(grid, table, metric)
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined)
    return env.get_template("sweep.html.j2").render(
        s=summary, verdict=judged, metric=metric, top=top_rows,
        best=describe(grid.combos[int(summary["best_combo"])]), axes=list(grid.axes),
        folds=[r for r in records if r["discriminates"]],
        ties=[r for r in records if not r["discriminates"]],
        stability=stability(grid, table, metric), heatmaps=maps, flat=flat,
        plotly_js=get_plotlyjs(), invalid=[(describe(c), why) for c, why in grid.invalid[:20]],
        wf=wf)
