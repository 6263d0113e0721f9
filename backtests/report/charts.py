"""Plotly figures for the committee report (rendered as HTML divs; plotly.js embedded once)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from backtests.data.events import FedEvent
from backtests.runner import Run

REGIME_COLOURS = {"calm": None, "correction": "rgba(255,193,7,0.16)",
                  "crisis": "rgba(220,53,69,0.16)", "qe_launched": "rgba(13,110,253,0.18)",
                  "recovery": "rgba(25,135,84,0.12)"}
MARKED_EVENTS = {"qe_announce": "#0d6efd", "qe_expand": "#6610f2", "emergency_cut": "#dc3545",
                 "repo_intervention": "#fd7e14", "bill_purchases": "#20c997"}
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf"]
SLEEVE_COLOURS = {"us_equity": "#1f77b4", "us_growth": "#9467bd", "em_equity": "#ff7f0e",
                  "china_hk_equity": "#e377c2", "intermediate_treasury": "#2ca02c",
                  "long_treasury": "#17becf", "gold": "#bcbd22", "commodities": "#8c564b",
                  "cash": "#c7c7c7"}


def regime_spans(regimes: pd.Series) -> list[tuple[pd.Timestamp, pd.Timestamp, str]]:
    """(start, end, regime) for each run of equal regimes."""
    change = regimes.ne(regimes.shift(1))
    starts = list(regimes.index[change])
    ends = [*starts[1:], regimes.index[-1]]
    return [(a, b, str(regimes[a])) for a, b in zip(starts, ends, strict=True)]


def _shade(fig: go.Figure, regimes: pd.Series, rows: list[int]) -> None:
    for a, b, name in regime_spans(regimes):
        colour = REGIME_COLOURS.get(name)
        if colour:
            for row in rows:
                fig.add_vrect(x0=a, x1=b, fillcolor=colour, line_width=0, layer="below",
                              row=row, col=1)


def _events(fig: go.Figure, events: list[FedEvent], start: pd.Timestamp, end: pd.Timestamp,
            y_top: float) -> None:
    shown = [e for e in events if e.type in MARKED_EVENTS and start <= e.date <= end]
    for kind, colour in MARKED_EVENTS.items():
        mine = [e for e in shown if e.type == kind]
        if not mine:
            continue
        for e in mine:
            fig.add_vline(x=e.date, line_width=1, line_dash="dot", line_color=colour, row=1, col=1)
        fig.add_trace(go.Scatter(
            x=[e.date for e in mine], y=[y_top] * len(mine), mode="markers", name=kind,
            marker={"symbol": "triangle-down", "size": 10, "color": colour},
            hovertext=[f"{e.date.date()} {kind}: {e.description[:160]}" for e in mine],
            hoverinfo="text", legendgroup="events"), row=1, col=1)


def episode_figure(runs: list[Run], benchmark: str, regimes: pd.Series,
                   events: list[FedEvent], title: str) -> go.Figure:
    """Equity curves (top) and drawdowns (bottom), regime shading, Fed event markers."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.65, 0.35],
                        vertical_spacing=0.04, subplot_titles=("Growth of 1", "Drawdown"))
    top = 1.0
    weekly = len(runs[0].result.value) > 1500
    for i, run in enumerate(runs):
        full = run.result.value
        v, dd = thin(full), thin(full / full.cummax().clip(lower=1.0) - 1.0)
        width, dash = (3, "dot") if run.strategy == benchmark else (2, None)
        colour = PALETTE[i % len(PALETTE)]
        fig.add_trace(go.Scatter(x=v.index, y=v, name=run.strategy, legendgroup=run.strategy,
                                 line={"color": colour, "width": width, "dash": dash}),
                      row=1, col=1)
        fig.add_trace(go.Scatter(x=dd.index, y=dd, name=run.strategy, showlegend=False,
                                 legendgroup=run.strategy,
                                 line={"color": colour, "width": 1.5, "dash": dash}),
                      row=2, col=1)
        top = max(top, float(full.max()))
    start, end = runs[0].result.value.index[0], runs[0].result.value.index[-1]
    _shade(fig, regimes.loc[start:end], [1, 2])
    _events(fig, events, start, end, top * 1.02)
    fig.update_yaxes(tickformat=".0%", row=2, col=1)
    fig.update_layout(title=title + (" (weekly points; tables use daily data)" if weekly else ""),
                      height=620, margin={"l": 50, "r": 20, "t": 60, "b": 40},
                      hovermode="x unified", legend={"orientation": "h", "y": -0.08},
                      template="plotly_white")
    return fig


def thin(frame: pd.DataFrame | pd.Series, max_points: int = 1500) -> pd.DataFrame | pd.Series:
    """Long histories are drawn at weekly closes to keep the page light (tables stay daily)."""
    if len(frame) <= max_points:
        return frame
    return frame.resample("W-FRI").last().dropna(how="all")


def allocation_figure(run: Run) -> go.Figure:
    """Stacked area of the weights the highlighted strategy actually held."""
    w = thin(run.result.weights)
    fig = go.Figure()
    for sleeve in w.columns:
        if w[sleeve].abs().max() < 1e-4:
            continue
        fig.add_trace(go.Scatter(x=w.index, y=w[sleeve].clip(lower=0), name=sleeve,
                                 stackgroup="w", mode="lines", line={"width": 0.5},
                                 fillcolor=SLEEVE_COLOURS.get(sleeve),
                                 line_color=SLEEVE_COLOURS.get(sleeve)))
    fig.update_layout(title=f"Weights held by {run.strategy}", height=300,
                      yaxis={"tickformat": ".0%", "range": [0, 1]}, template="plotly_white",
                      margin={"l": 50, "r": 20, "t": 50, "b": 30},
                      legend={"orientation": "h", "y": -0.15})
    return fig


def event_time_figure(curves: dict[str, dict[str, pd.Series]], benchmark: str,
                      anchors: dict[str, str]) -> go.Figure:
    """Every crisis aligned at its trigger date T0: value / value at T0 vs days from T0.

    `curves[strategy][episode]` holds the rebased series; buttons switch the strategy.
    """
    fig = go.Figure()
    strategies = [s for s in curves if s != benchmark]
    visible_sets = []
    for s in strategies:
        for j, (episode, series) in enumerate(curves[s].items()):
            colour = PALETTE[j % len(PALETTE)]
            fig.add_trace(go.Scatter(x=series.index, y=series,
                                     name=f"{episode} ({anchors[episode]})",
                                     line={"color": colour, "width": 2.5},
                                     visible=s == strategies[-1], legendgroup=episode))
            bench = curves[benchmark][episode]
            fig.add_trace(go.Scatter(x=bench.index, y=bench, name=f"{episode}: {benchmark}",
                                     line={"color": colour, "width": 1.2, "dash": "dot"},
                                     visible=s == strategies[-1], legendgroup=episode,
                                     showlegend=True))
        visible_sets.append(s)
    n_per = 2 * len(next(iter(curves.values())))
    buttons = [{"label": s, "method": "update",
                "args": [{"visible": [k // n_per == i for k in range(n_per * len(strategies))]},
                         {"title": f"Event time: {s} (solid) vs {benchmark} (dotted)"}]}
               for i, s in enumerate(visible_sets)]
    fig.add_vline(x=0, line_width=1, line_color="black")
    fig.add_hline(y=1.0, line_width=1, line_color="#999")
    fig.update_layout(
        title=f"Event time: {strategies[-1]} (solid) vs {benchmark} (dotted)", height=460,
        xaxis_title="trading days from T0", yaxis={"title": "value / value at T0",
                                                   "tickformat": ".2f"},
        updatemenus=[{"buttons": buttons, "direction": "down", "x": 1.0, "xanchor": "right",
                      "y": 1.15, "active": len(buttons) - 1}],
        template="plotly_white", margin={"l": 60, "r": 20, "t": 80, "b": 40})
    return fig


def rebase_at(value: pd.Series, t0: pd.Timestamp, before: int = 120,
              after: int = 500) -> pd.Series:
    """Value / value at T0 indexed by trading days from T0 (window clipped to the data)."""
    pos = int(value.index.searchsorted(t0))
    lo, hi = max(0, pos - before), min(len(value), pos + after + 1)
    part = value.iloc[lo:hi] / value.iloc[pos]
    return pd.Series(part.to_numpy(), index=range(lo - pos, hi - pos))
