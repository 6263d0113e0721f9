"""Plotly figures for the committee report (rendered as HTML divs; plotly.js embedded once).

Shapes (regime shading, event lines) are built as one list and set once per figure: plotly
re-validates the whole layout on every add_vrect/add_vline, which made long histories slow.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from backtests.data.events import FedEvent
from backtests.episodes.runner import Run
from backtests.report.markers import EventDay, event_days, regime_spans
from backtests.report.style import (
    EVENT_CLASSES,
    REGIME_FILL,
    REGIME_LABEL,
    REGIME_SOLID,
    SLEEVE_COLOURS,
)

LOG_AFTER_YEARS = 5  # longer windows open on a log scale (a toggle switches it)
Styles = dict[str, tuple[str, str | None]]


def _shapes(regimes: pd.Series, days: list[EventDay], bottom: float) -> list[dict]:
    """Shading and event lines over both panels (paper y from `bottom` to the top)."""
    shapes = [{"type": "rect", "xref": "x", "yref": "paper", "x0": a, "x1": b, "y0": bottom,
               "y1": 1, "fillcolor": REGIME_FILL[name], "line": {"width": 0}, "layer": "below"}
              for a, b, name in regime_spans(regimes) if name in REGIME_FILL]
    for d in days:
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": d.date,
                       "x1": d.date, "y0": bottom, "y1": 1, "layer": "below",
                       "line": {"width": 1, "dash": "dot", "color": EVENT_CLASSES[d.kind][1]}})
    return shapes


def _event_traces(fig: go.Figure, days: list[EventDay], y: float) -> None:
    for kind, (_, colour, symbol) in EVENT_CLASSES.items():
        mine = [d for d in days if d.kind == kind]
        if mine:
            fig.add_trace(go.Scatter(
                x=[d.date for d in mine], y=[y] * len(mine), mode="markers",
                name=f"Fed: {kind}", legendgroup="events",
                marker={"symbol": symbol, "size": 11, "color": colour,
                        "line": {"width": 1, "color": "#FFFFFF"}},
                hovertext=[d.hover() for d in mine], hoverinfo="text",
                hoverlabel={"align": "left"}), row=1, col=1)


def _ribbon(fig: go.Figure, regimes: pd.Series) -> None:
    """The regime timeline as a one-row strip under the drawdowns (hover names the regime)."""
    names = list(REGIME_SOLID)
    codes = regimes.map({k: float(i) for i, k in enumerate(names)}).dropna()
    r = thin(codes, how="first")
    label = r.map(lambda v: REGIME_LABEL[names[int(v)]])
    n = len(names) - 1
    scale = [[i / n, REGIME_SOLID[k]] for i, k in enumerate(names)]
    fig.add_trace(go.Heatmap(x=r.index, y=["regime"], z=[r.to_numpy()], zmin=0, zmax=n,
                             name="regime", legendgroup="regimes",
                             colorscale=scale, showscale=False, text=[label.to_numpy()],
                             hovertemplate="%{x|%Y-%m-%d}: %{text}<extra></extra>"),
                  row=3, col=1)


def episode_figure(runs: list[Run], benchmark: str, regimes: pd.Series,
                   events: tuple[FedEvent, ...], styles: Styles, highlight: str) -> go.Figure:
    """Growth of 1 (top), drawdowns, the regime strip; shading and Fed events marked."""
    value0 = runs[0].result.value
    start, end = value0.index[0], value0.index[-1]
    weekly = len(value0) > 1500
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, row_heights=[0.62, 0.3, 0.08],
                        vertical_spacing=0.045, subplot_titles=(
                            "Growth of 1" + (" (weekly points; tables use daily data)"
                                             if weekly else ""),
                            "Drawdown from the running peak", ""))
    top = 1.0
    for run in runs:
        full = run.result.value
        v, dd = thin(full), thin(full / full.cummax().clip(lower=1.0) - 1.0)
        colour, dash = styles[run.strategy]
        width = 3.2 if run.strategy == highlight else 2.4 if run.strategy == benchmark else 1.6
        name = html.escape(run.strategy)
        fig.add_trace(go.Scatter(x=v.index, y=v, name=name, legendgroup=name,
                                 line={"color": colour, "width": width, "dash": dash}),
                      row=1, col=1)
        fig.add_trace(go.Scatter(x=dd.index, y=dd, name=name, showlegend=False,
                                 legendgroup=name,
                                 line={"color": colour, "width": 1.3, "dash": dash}),
                      row=2, col=1)
        top = max(top, float(full.max()))
    window = regimes.loc[start:end]
    days = event_days(events, start, end)
    log = (end - start).days > 365.25 * LOG_AFTER_YEARS
    _event_traces(fig, days, top * 1.04)
    _ribbon(fig, window)
    _axes(fig, start, end, log)
    fig.update_layout(
        height=640, margin={"l": 55, "r": 15, "t": 55, "b": 30}, hovermode="closest",
        legend={"orientation": "h", "y": -0.04, "yanchor": "top"}, template="plotly_white",
        shapes=_shapes(window, days, fig.layout.yaxis2.domain[0]),
        updatemenus=[_scale_toggle(log)])
    return fig


def _axes(fig: go.Figure, start: pd.Timestamp, end: pd.Timestamp, log: bool) -> None:
    fig.update_yaxes(type="log" if log else "linear", row=1, col=1)
    fig.update_yaxes(tickformat=".0%", row=2, col=1)
    fig.update_yaxes(tickfont={"size": 10}, row=3, col=1)
    fig.update_xaxes(range=[start, end])


def _scale_toggle(log: bool) -> dict:
    buttons = [{"label": "log scale", "method": "relayout", "args": [{"yaxis.type": "log"}]},
               {"label": "linear scale", "method": "relayout",
                "args": [{"yaxis.type": "linear"}]}]
    return {"type": "buttons", "direction": "right", "buttons": buttons, "x": 0.0,
            "xanchor": "left", "y": 1.0, "yanchor": "bottom", "active": 0 if log else 1,
            "pad": {"t": 0, "b": 6}, "font": {"size": 11}, "showactive": True}


def thin(frame: pd.DataFrame | pd.Series, max_points: int = 1500,
         how: str = "last") -> pd.DataFrame | pd.Series:
    """Long histories are drawn at weekly points to keep the page light (tables stay daily)."""
    if len(frame) <= max_points:
        return frame
    weekly = frame.resample("W-FRI")
    return (weekly.first() if how == "first" else weekly.last()).dropna(how="all")


def allocation_figure(run: Run) -> go.Figure:
    """Stacked area of the weights the highlighted strategy actually held."""
    w = thin(run.result.weights)
    fig = go.Figure()
    for sleeve in w.columns:
        if w[sleeve].abs().max() < 1e-4:
            continue
        colour = SLEEVE_COLOURS.get(sleeve)
        fig.add_trace(go.Scatter(x=w.index, y=w[sleeve].clip(lower=0), name=sleeve,
                                 stackgroup="w", mode="lines", line={"width": 0.5},
                                 fillcolor=colour, line_color=colour))
    fig.update_layout(title={"text": f"Weights held by {html.escape(run.strategy)}",
                             "font": {"size": 14}}, height=300,
                      yaxis={"tickformat": ".0%", "range": [0, 1]}, template="plotly_white",
                      margin={"l": 55, "r": 15, "t": 45, "b": 30},
                      legend={"orientation": "h", "y": -0.12, "yanchor": "top"})
    return fig
