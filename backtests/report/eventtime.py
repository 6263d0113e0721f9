"""The event-time figure: every crisis aligned at its trigger date T0 (plotly, an HTML div).

Each strategy's value is rebased to 1 at T0 and indexed by trading days from T0, beside the
benchmark's, so crises of different dates and lengths read on one axis.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go


def event_time_figure(curves: dict[str, dict[str, pd.Series]], benchmark: str,
                      anchors: dict[str, str], episode_colours: dict[str, str]) -> go.Figure:
    """Every crisis aligned at its trigger date T0: value / value at T0 vs days from T0.

    `curves[strategy][episode]` holds the rebased series; buttons switch the strategy.
    """
    fig = go.Figure()
    strategies = [s for s in curves if s != benchmark]
    shown = strategies[-1]
    episodes = list(curves[benchmark])
    for s in strategies:
        for episode in episodes:
            colour = episode_colours[episode]
            series, bench = curves[s][episode], curves[benchmark][episode]
            fig.add_trace(go.Scatter(x=series.index, y=series, legendgroup=episode,
                                     name=html.escape(f"{episode} ({anchors[episode]})"),
                                     line={"color": colour, "width": 2.5}, visible=s == shown))
            # one legend entry per crisis (its benchmark line toggles with it): with two
            # entries each, nine crises made a legend taller than the chart, which plotly
            # scrolls on screen and cuts in print (two crises lost)
            fig.add_trace(go.Scatter(x=bench.index, y=bench, legendgroup=episode,
                                     name=html.escape(f"{episode}: {benchmark}"),
                                     line={"color": colour, "width": 1.2, "dash": "dot"},
                                     visible=s == shown, showlegend=False))
    n_per = 2 * len(episodes)
    buttons = [{"label": html.escape(s), "method": "update",
                "args": [{"visible": [k // n_per == i for k in range(n_per * len(strategies))]},
                         {"title.text": _et_title(s, benchmark)}]}
               for i, s in enumerate(strategies)]
    fig.update_layout(
        title={"text": _et_title(shown, benchmark), "font": {"size": 15}, "y": 0.97},
        height=480, xaxis_title="trading days from T0",
        yaxis={"title": "value / value at T0", "tickformat": ".2f"},
        shapes=[{"type": "line", "xref": "x", "yref": "paper", "x0": 0, "x1": 0, "y0": 0,
                 "y1": 1, "line": {"width": 1, "color": "black"}},
                {"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": 1,
                 "y1": 1, "line": {"width": 1, "color": "#999"}}],
        updatemenus=[{"buttons": buttons, "direction": "down", "x": 0.0, "xanchor": "left",
                      "y": 1.0, "yanchor": "bottom", "active": len(buttons) - 1,
                      "pad": {"b": 6}}],
        template="plotly_white", margin={"l": 60, "r": 15, "t": 95, "b": 40})
    return fig


def _et_title(strategy: str, benchmark: str) -> str:
    return html.escape(f"Event time: {strategy} (solid) vs {benchmark} (dotted)")


def rebase_at(value: pd.Series, t0: pd.Timestamp, before: int = 120,
              after: int = 500) -> pd.Series:
    """Value / value at T0 indexed by trading days from T0 (window clipped to the data)."""
    pos = int(value.index.searchsorted(t0))
    lo, hi = max(0, pos - before), min(len(value), pos + after + 1)
    part = value.iloc[lo:hi] / value.iloc[pos]
    return pd.Series(part.to_numpy(), index=range(lo - pos, hi - pos))
