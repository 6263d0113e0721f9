"""Render "If it started today" from the replay tables (backtests.scenarios), HYPOTHETICAL.

Every figure on it is a row of AnalogueResults.outcomes (what analogues.csv holds) or a plotly
figure of backtests.scenarios.replay_figures, recoloured with the report's strategy colours.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from backtests.report.html import NARROW, WIDE, chunks, environment, figure_div
from backtests.report.style import REGIME_LABEL, SLEEVE_COLOURS
from backtests.scenarios.batch import AnalogueResults
from backtests.scenarios.replay import Replay
from backtests.scenarios.replay_figures import allocation_figure, path_figure
from backtests.scenarios.summary import HORIZONS
from strategies.signals import QE_TYPES

Styles = dict[str, tuple[str, str | None]]
DEFAULT_HORIZON = 12


def variant(r: Replay, alone: bool) -> str:
    """The column label of a replay: with / without QE, or one path when there is no QE."""
    if alone and not any(e.type in QE_TYPES for e in r.scenario.crisis_events):
        return "one path (no QE in its window)"
    return "with its QE" if r.with_qe else "without its QE"


def _restyle(fig: Any, styles: Styles, title: str) -> Any:
    """The report's colours (strategies' lines, sleeves' areas), the report's label in the
    title, and the HYPOTHETICAL mark inside the synthetic band (not on the subplot title)."""
    for trace in fig.data:
        name = trace.name or ""
        if name in styles and getattr(trace, "line", None) is not None:
            trace.line.color, trace.line.dash = styles[name]
        elif name in SLEEVE_COLOURS:
            trace.line.color = trace.fillcolor = SLEEVE_COLOURS[name]
    for note in fig.layout.annotations:
        if str(note.text).startswith("HYPOTHETICAL"):
            note.update(y=0.995, yanchor="top", xanchor="left", x=fig.layout.shapes[0].x0,
                        font={"color": "#495057", "size": 11}, bgcolor="rgba(255,255,255,0.7)")
        elif note.text in ("Growth of 1 from the start", "Drawdown from the start"):
            note.update(x=0, xanchor="left", font={"size": 12})
    fig.update_layout(title={"text": title, "font": {"size": 14}})
    return fig


def _focus(fig: Any, label: str, title: str) -> Any:
    """The allocation figure opening on `label` (its menu still switches strategy)."""
    groups = list(dict.fromkeys(t.stackgroup for t in fig.data))
    if label in groups:
        for trace in fig.data:
            trace.visible = trace.stackgroup == label
        fig.layout.updatemenus[0].active = groups.index(label)
    fig.update_layout(title={"text": title.format(label=label), "font": {"size": 14}})
    for button in fig.layout.updatemenus[0].buttons:
        button.args[1]["title"] = title.format(label=button.label)
    return fig


MONTH_DAYS = 365.25 / 12


def qe_arrivals(results: AnalogueResults) -> dict[str, tuple[str, float]]:
    """Analogue -> (date, months after the start) of its first replayed QE announcement: the
    with/without-QE columns are one path until then."""
    out = {}
    for r in results.replays:
        qe = [e for e in r.scenario.crisis_events if e.type in QE_TYPES]
        if qe and r.scenario.analogue.name not in out:
            first = min(e.date for e in qe)
            out[r.scenario.analogue.name] = (
                f"{first:%Y-%m-%d}", (first - r.scenario.start.day).days / MONTH_DAYS)
    return out


def horizon_notes(arrivals: dict[str, tuple[str, float]], horizons: list[int]
                  ) -> tuple[dict[int, str], int]:
    """Per horizon, which analogues' QE has not arrived yet (their two columns are still one
    path); and the default tab: the first horizon by which every QE has arrived."""
    notes = {}
    for h in horizons:
        late = [f"{a} ({m:.1f} months)" for a, (_, m) in arrivals.items() if m > h]
        notes[h] = ("At {h} months the QE of {late} has not arrived yet: with and without "
                    "its QE are still the same path.").format(h=h, late=", ".join(late)) \
            if late else ""
    latest = max((m for _, m in arrivals.values()), default=None)
    if latest is None or not horizons:  # no QE to wait for
        return notes, DEFAULT_HORIZON if DEFAULT_HORIZON in horizons or not horizons \
            else horizons[-1]
    default = next((h for h in horizons if h >= latest), horizons[-1])
    return notes, default


def render(results: AnalogueResults, styles: Styles, highlight: str) -> str:
    names = list(dict.fromkeys(r.scenario.analogue.name for r in results.replays))
    by_name = {n: [r for r in results.replays if r.scenario.analogue.name == n] for n in names}
    columns = [(r.scenario.analogue.name, r.with_qe, variant(r, len(by_name[n]) == 1))
               for n in names for r in by_name[n]]
    out = results.outcomes
    bench = results.benchmark
    start_day = results.replays[0].scenario.start.day
    grids, shown = [], []
    for h in HORIZONS:
        at = out[out["horizon_months"] == h]
        if at.empty:
            continue
        shown.append(h)
        cells = {(rec["strategy"], rec["analogue"], bool(rec["qe"])): rec
                 for rec in at.to_dict("records")}
        by_strategy = [(s, [cells.get((s, a, q)) for a, q, _ in columns])
                       for s in dict.fromkeys(at["strategy"])]
        grids.append({"months": h, "end": f"{start_day + pd.DateOffset(months=h):%Y-%m-%d}",
                      "layouts": [
            (layout, [[(columns[i], {s: cs[i] for s, cs in by_strategy}) for i in part]
                      for part in chunks(list(range(len(columns))), most)])
            for layout, most in (("wide", WIDE), ("narrow", NARROW))]})
    blocks = []
    for n in names:
        first = by_name[n][0]
        variants = []
        for r in by_name[n]:
            slug = f"{n}-{'qe' if r.with_qe else 'no_qe'}"
            regimes = results.regimes
            mine = regimes[(regimes["analogue"] == n) & (regimes["qe"] == r.with_qe)] \
                if not regimes.empty else regimes
            label = variant(r, len(by_name[n]) == 1)
            after = f"HYPOTHETICAL after {r.scenario.start.day:%Y-%m-%d}"
            path = _restyle(path_figure(r, bench), styles,
                            f"{n}, {label}: each strategy's path ({after})")
            weights = _focus(_restyle(allocation_figure(r), styles, ""), highlight,
                             f"Weights held by {{label}} ({after})")
            variants.append({
                "label": label, "notes": results.notes[r.label],
                "path": figure_div(path, f"an-path-{slug}"),
                "allocation": figure_div(weights, f"an-alloc-{slug}"),
                "regimes": [{"date": f"{t['date']:%Y-%m-%d}",
                             "change": f"{REGIME_LABEL.get(t['before'], t['before'])} → "
                                       f"{REGIME_LABEL.get(t['after'], t['after'])}",
                             "reason": t["reason"]} for t in mine.to_dict("records")]})
        blocks.append({"name": n, "anchor": f"{first.scenario.analogue.anchor:%Y-%m-%d}",
                       "source": first.scenario.analogue.anchor_source,
                       "one_path": len(by_name[n]) == 1, "variants": variants})
    start = results.replays[0].scenario.start
    arrivals = qe_arrivals(results)
    notes, default = horizon_notes(arrivals, shown)
    return environment().get_template("analogues_body.html.j2").render(
        benchmark=bench, columns=columns, grids=grids, blocks=blocks, notes=notes,
        arrivals=arrivals, default=default, start=start.describe(),
        start_day=f"{start.day:%Y-%m-%d}",
        strategies=[s for s in dict.fromkeys(out["strategy"])])
