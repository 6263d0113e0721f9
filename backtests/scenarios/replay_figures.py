"""Plotly figures and the report's HTML fragment for "If it started today" (hypothetical).

The synthetic days are a shaded band labelled "hypothetical" in every figure. The fragment
holds figure divs only: the page that includes it embeds plotly.js once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from plotly.subplots import make_subplots

from backtests.scenarios.batch import AnalogueResults
from backtests.scenarios.replay import Replay
from backtests.scenarios.summary import pct

TEMPLATES = Path(__file__).parent / "templates"
CONTEXT_MONTHS = 6  # real history shown before the start
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf"]
SLEEVE_COLOURS = {"us_equity": "#1f77b4", "us_growth": "#9467bd", "em_equity": "#ff7f0e",
                  "china_hk_equity": "#e377c2", "intermediate_treasury": "#2ca02c",
                  "long_treasury": "#17becf", "gold": "#bcbd22", "commodities": "#8c564b",
                  "cash": "#c7c7c7"}
BAND = "rgba(108,117,125,0.12)"


def _shown(r: Replay, index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    first = r.scenario.start.day - pd.DateOffset(months=CONTEXT_MONTHS)
    return index[index >= first]


def _band(fig: go.Figure, r: Replay, rows: list[int]) -> None:
    syn = r.scenario.synthetic
    for row in rows:
        fig.add_vrect(x0=r.scenario.start.day, x1=syn[-1], fillcolor=BAND, line_width=0,
                      layer="below", row=row, col=1)
    fig.add_annotation(x=syn[len(syn) // 2], y=1.0, yref="paper", showarrow=False,
                       text=f"HYPOTHETICAL: {r.scenario.analogue.name} replayed",
                       font={"color": "#495057"}, yanchor="bottom")


def path_figure(r: Replay, benchmark: str) -> go.Figure:
    """Each strategy's value (1.0 at the start) and drawdown from the start."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.65, 0.35],
                        vertical_spacing=0.05,
                        subplot_titles=("Growth of 1 from the start", "Drawdown from the start"))
    for i, (label, res) in enumerate(r.runs.items()):
        value = res.value / float(res.value[r.scenario.start.day])
        value = value.loc[_shown(r, pd.DatetimeIndex(value.index))]
        after = value[value.index >= r.scenario.start.day]
        dd = after / after.cummax() - 1.0
        style = {"color": PALETTE[i % len(PALETTE)], "width": 3 if label == benchmark else 2,
                 "dash": "dot" if label == benchmark else None}
        fig.add_trace(go.Scatter(x=_days(value.index), y=value.to_numpy(), name=label,
                                 legendgroup=label, line=style), row=1, col=1)
        fig.add_trace(go.Scatter(x=_days(dd.index), y=dd.to_numpy(), name=label,
                                 legendgroup=label, showlegend=False,
                                 line={**style, "width": 1.5}), row=2, col=1)
    _band(fig, r, [1, 2])
    for e in r.scenario.events(r.with_qe):
        if e.date > r.scenario.start.day:
            fig.add_vline(x=e.date, line_width=1, line_dash="dot", line_color="#6c757d",
                          row=1, col=1)
    marks = [e for e in r.scenario.events(r.with_qe) if e.date > r.scenario.start.day]
    if marks:
        fig.add_trace(go.Scatter(
            x=[e.date for e in marks], y=[1.0] * len(marks), mode="markers", name="Fed events",
            marker={"symbol": "triangle-down", "size": 9, "color": "#495057"},
            hovertext=[f"{e.date.date()} {e.type}: {e.description[:200]}" for e in marks],
            hoverinfo="text"), row=1, col=1)
    fig.update_yaxes(tickformat=".0%", row=2, col=1)
    fig.update_layout(title=f"{r.label}: each strategy's path (HYPOTHETICAL after "
                            f"{r.scenario.start.day.date()})", height=560, hovermode="x unified",
                      template="plotly_white", legend={"orientation": "h", "y": -0.1},
                      margin={"l": 50, "r": 20, "t": 70, "b": 40})
    return fig


def allocation_figure(r: Replay) -> go.Figure:
    """Weights held, weekly, one strategy at a time (the menu switches strategy)."""
    fig = go.Figure()
    labels = list(r.runs)
    counts = []
    for k, label in enumerate(labels):
        w = r.runs[label].weights
        w = w.loc[_shown(r, pd.DatetimeIndex(w.index))].resample("W-FRI").last().dropna(how="all")
        used = [s for s in w.columns if w[s].abs().max() >= 1e-4]
        for sleeve in used:
            colour = SLEEVE_COLOURS.get(sleeve)
            fig.add_trace(go.Scatter(x=_days(w.index), y=w[sleeve].clip(lower=0).to_numpy(),
                                     name=sleeve,
                                     stackgroup=label, mode="lines", line={"width": 0.5},
                                     fillcolor=colour, line_color=colour, visible=k == 0))
        counts.append(len(used))
    buttons = []
    for k, label in enumerate(labels):
        visible = [j == k for j, n in enumerate(counts) for _ in range(n)]
        buttons.append({"label": label, "method": "update",
                        "args": [{"visible": visible},
                                 {"title": f"{r.label}: weights held by {label} (HYPOTHETICAL "
                                           f"after {r.scenario.start.day.date()})"}]})
    _band_single(fig, r)
    fig.update_layout(title=f"{r.label}: weights held by {labels[0]} (HYPOTHETICAL after "
                            f"{r.scenario.start.day.date()})", height=340,
                      yaxis={"tickformat": ".0%", "range": [0, 1]}, template="plotly_white",
                      updatemenus=[{"buttons": buttons, "direction": "down", "x": 1.0,
                                    "xanchor": "right", "y": 1.22}],
                      margin={"l": 50, "r": 20, "t": 70, "b": 30},
                      legend={"orientation": "h", "y": -0.15})
    return fig


def _band_single(fig: go.Figure, r: Replay) -> None:
    syn = r.scenario.synthetic
    fig.add_vrect(x0=r.scenario.start.day, x1=syn[-1], fillcolor=BAND, line_width=0,
                  layer="below", annotation_text="hypothetical", annotation_position="top left")


def figures(results: AnalogueResults) -> dict[str, go.Figure]:
    """'path:<analogue>:<qe|no_qe>' and 'allocation:<...>' for every replay."""
    out = {}
    for r in results.replays:
        key = f"{r.scenario.analogue.name}:{'qe' if r.with_qe else 'no_qe'}"
        out[f"path:{key}"] = path_figure(r, results.benchmark)
        out[f"allocation:{key}"] = allocation_figure(r)
    return out


def _days(index: pd.Index) -> list[str]:
    """Dates as YYYY-MM-DD: a third of the size of plotly's default timestamps."""
    return [str(d) for d in pd.DatetimeIndex(index).strftime("%Y-%m-%d")]


def _div(fig: go.Figure, div_id: str) -> str:
    return str(fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                           config={"displaylogo": False, "responsive": True}))


def render_section(results: AnalogueResults, months: int = 12) -> str:
    """The report section "If it started today" as an HTML fragment (needs plotly.js)."""
    figs = figures(results)
    sections: list[dict[str, Any]] = []
    for r in results.replays:
        key = f"{r.scenario.analogue.name}:{'qe' if r.with_qe else 'no_qe'}"
        slug = key.replace(":", "-")
        mine = results.outcomes[(results.outcomes["analogue"] == r.scenario.analogue.name)
                                & (results.outcomes["qe"] == r.with_qe)]
        regimes = results.regimes
        same = not r.with_qe and len(r.scenario.events(True)) == len(r.scenario.events(False))
        sections.append({"same": same,
            "id": f"analogue-{slug}", "label": r.label, "notes": results.notes[r.label],
            "outcomes": mine.to_dict("records"),
            "regimes": regimes[(regimes["analogue"] == r.scenario.analogue.name)
                               & (regimes["qe"] == r.with_qe)].to_dict("records")
            if not regimes.empty else [],
            "path": "" if same else _div(figs[f"path:{key}"], f"path-{slug}"),
            "allocation": "" if same else _div(figs[f"allocation:{key}"], f"alloc-{slug}")})
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined)
    return env.get_template("analogues.html.j2").render(
        sections=sections, benchmark=results.benchmark, months=months,
        grid=_grid(results, months), pct=pct)


def _grid(results: AnalogueResults, months: int) -> dict[str, Any]:
    """Strategy rows x (analogue, variant) columns at one horizon."""
    at = results.at(months)
    columns = list(dict.fromkeys(zip(at["analogue"], at["qe"], strict=True)))
    rows: dict[str, dict[tuple[str, bool], Any]] = {}
    for rec in at.to_dict("records"):
        rows.setdefault(rec["strategy"], {})[(rec["analogue"], rec["qe"])] = rec
    return {"columns": columns, "rows": rows}
