"""Assemble index.html: the committee summary, one self-contained file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from plotly.offline import get_plotlyjs

from backtests.data.events import load_events
from backtests.episodes import Episode
from backtests.report import charts, tables
from backtests.report.config import RunConfig
from backtests.runner import Market, Run
from strategies.regimes import transitions

TEMPLATES = Path(__file__).parent / "templates"


def _div(fig: Any, div_id: str) -> str:
    return str(fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                           config={"displaylogo": False, "responsive": True}))


def render_index(config: RunConfig, runs: list[Run], market: Market,
                 episodes: dict[str, Episode], sheets: dict[tuple[str, str], str],
                 provenance: dict[str, Any], run_id: str) -> str:
    events = load_events()
    regimes = market.context.regimes
    bench, highlight = config.benchmark, config.highlight
    sections = []
    for name, ep in episodes.items():
        mine = [r for r in runs if r.episode == name]
        start, end = ep.window(market.data_end)
        hl = next(r for r in mine if r.strategy == highlight)
        sections.append({
            "name": name, "description": ep.description,
            "start": str(start.date()), "end": str(end.date()),
            "narrative": tables.narrative(runs, name, bench, highlight),
            "figure": _div(charts.episode_figure(mine, bench, regimes["regime"], events,
                                                 f"{name}: growth of 1 and drawdown"),
                           f"fig-{name}"),
            "allocation": _div(charts.allocation_figure(hl), f"alloc-{name}"),
            "phases": tables.phase_rows(runs, name),
            "phase_dates": ", ".join(f"{k} {v}" for k, v in ep.phases.items()),
            "audit": tables.audit_rows(transitions(regimes.loc[start:end]), hl),
            "sheets": [(r.strategy, sheets[(r.strategy, name)]) for r in mine
                       if (r.strategy, name) in sheets],
        })
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined)
    return env.get_template("index.html.j2").render(
        title=config.title, run_id=run_id, data_end=str(market.data_end.date()),
        data_hash=market.data_hash, provenance=provenance, benchmark=bench,
        highlight=highlight, costs=config.costs, episodes=sections,
        grid=tables.grid(runs, bench), colour=tables.colour, pct=tables.pct,
        event_time=_div(_event_time(runs, episodes, bench), "event-time-fig"),
        coverage=_coverage(market), plotly_js=get_plotlyjs(),
        params={k: json.dumps(v, indent=1) for k, v in provenance["params"].items()},
        regime_params=json.dumps(provenance["regime_params"], indent=1),
        provenance_json=json.dumps({k: v for k, v in provenance.items()
                                    if k not in ("params", "run_notes")}, indent=1,
                                   default=str))


def _event_time(runs: list[Run], episodes: dict[str, Episode], benchmark: str) -> Any:
    """T0 = the QE announcement where there was one, else the market peak."""
    anchors: dict[str, str] = {}
    dates: dict[str, pd.Timestamp] = {}
    for name, ep in episodes.items():
        for key in ("qe_announce", "nasdaq_peak", "sp500_peak"):
            if key in ep.phases:
                anchors[name], dates[name] = key, pd.Timestamp(ep.phases[key])
                break
    curves: dict[str, dict[str, pd.Series]] = {}
    for r in runs:
        if r.episode in dates:
            curves.setdefault(r.strategy, {})[r.episode] = charts.rebase_at(
                r.result.value, dates[r.episode])
    return charts.event_time_figure(curves, benchmark, anchors)


def _coverage(market: Market) -> list[dict[str, str]]:
    rows = []
    for name, s in market.sleeves.items():
        rows.append({
            "sleeve": name,
            "segments": "; ".join(f"{g.symbol} {g.first.date()}..{g.last.date()}"
                                  for g in s.segments),
            "fits": "; ".join(f"{f.proxy}: corr {f.correlation:.3f}, TE "
                              f"{f.tracking_error:.1%}/yr over {f.days} days" for f in s.fits)
                    or "–"})
    return rows
