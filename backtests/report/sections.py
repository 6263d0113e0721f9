"""The page's sections as data: each a template and the context it renders.

The page is an ordered list of Section. Adding a part later (a "now" panel on the first
screen, a design vs hold-out scorecard, "if it started today" analogues) is one Section with
its own sub-template, inserted where it belongs; an episode's `beside` list takes panels shown
next to its regime timeline (e.g. an alerts table).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from backtests.episodes.attribution import EpisodeAttribution
from backtests.episodes.runner import Run
from backtests.evaluate import uncertainty
from backtests.report import eventtime, evidence, fmt, tables
from backtests.report.html import NARROW, WIDE, chunks
from backtests.report.model import ReportData
from backtests.report.style import LINES, REGIME_LABEL
from strategies.regimes import transitions


@dataclass(frozen=True)
class Section:
    id: str
    title: str  # in the navigation ('' = not listed)
    template: str  # under templates/sections/
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Panel:
    """A small block placed beside an episode's chart (template under templates/panels/)."""

    template: str
    data: dict[str, Any] = field(default_factory=dict)


def headline(report: ReportData) -> Section:
    """Per role (design, hold-out, whole periods) its own tables, episodes as columns."""
    heads = {}
    for e in report.episodes:
        a, b = report.window(e)
        heads[e] = {"name": e, "start": f"{a:%Y-%m-%d}", "end": f"{b:%Y-%m-%d}",
                    "length": fmt.years(str(a.date()), str(b.date()))}
    groups = [{"role": role, "title": evidence.ROLE_TITLE[role],
               "note": evidence.ROLE_NOTE[role],
               "layouts": [("wide", [[heads[e] for e in c] for c in chunks(names, WIDE)]),
                           ("narrow", [[heads[e] for e in c] for c in chunks(names, NARROW)])]}
              for role, names in evidence.groups(report)]
    return Section("headline", "headline", "headline.html.j2", {
        "groups": groups, "timing": report.timing,
        "grid": tables.grid(report.runs, report.benchmark, report.timing,
                            tables.sure_of(report.intervals))})


def scorecard(report: ReportData) -> Section:
    """Design vs hold-out: wins and median differences, then the bootstrap intervals."""
    found = evidence.intervals(report)
    counts = evidence.role_counts(report)
    groups = [{"role": role, "title": evidence.ROLE_TITLE[role],
               "layouts": [("wide", chunks(names, WIDE)), ("narrow", chunks(names, NARROW))]}
              for role, names in evidence.groups(report)]
    return Section("scorecard", "design vs hold-out", "scorecard.html.j2", {
        "rows": evidence.scorecard_rows(report), "counts": counts,
        "present": [r for r in ("design", "holdout") if counts[r]],
        "level": f"{uncertainty.LEVEL:.0%}",
        "sentence": evidence.sentence(report), "timing": report.timing,
        "isolates": evidence.what_it_isolates(report.benchmark, report.timing),
        "criteria": evidence.CRITERION_LABEL, "roles": evidence.ROLE_TITLE,
        "intervals": found, "groups": groups, "method": evidence.method_note(),
        "strategies": [s for s in report.labels if s != report.benchmark]})


def rules(report: ReportData) -> Section:
    return Section("rules", "the rules", "rules.html.j2",
                   {"cards": report.rules, "timing": report.timing})


def event_time(report: ReportData, div: str) -> Section | None:
    return Section("event-time", "event time", "event_time.html.j2", {"figure": div}) \
        if div else None


def attribution_tables(att: EpisodeAttribution) -> dict[str, Any]:
    strategies = list(att.total.index)

    def rows(frame: pd.DataFrame, label: Any) -> list[dict[str, Any]]:
        return [{"label": label(k), "cells": [(frame.loc[k, s], _pp(frame.loc[k, s]))
                                              for s in strategies]} for k in frame.index]

    return {"strategies": strategies,
            "regime": rows(att.by_regime, lambda k: f"{REGIME_LABEL.get(k, k)} "
                           f"({att.regime_days.get(k, 0.0):.0%} of days)"),
            "sleeve": rows(att.by_sleeve, str),
            "total": [(att.total[s], _pp(att.total[s])) for s in strategies]}


def _pp(x: float) -> str:
    return fmt.pp(x).removesuffix(" pp")


def episode(report: ReportData, name: str, figure: str, allocation: str) -> dict[str, Any]:
    """Everything one episode's block shows."""
    ep, runs = report.episodes[name], report.of(name)
    start, end = report.window(name)
    highlight = next(r for r in runs if r.strategy == report.config.highlight)
    market = report.market
    late = tables.late_sleeves(market, start, end)
    return {
        "name": name, "description": ep.description, "start": f"{start:%Y-%m-%d}",
        "end": f"{end:%Y-%m-%d}", "length": fmt.years(str(start.date()), str(end.date())),
        "narrative": tables.narrative(report.runs, name, report.benchmark,
                                      report.config.highlight),
        "index_facts": tables.index_facts(market.context.panel, market.prices, start, end),
        "late_sleeves": late, "figure": figure, "allocation": allocation,
        "phases": tables.phase_rows(report.runs, name),
        "phase_dates": ", ".join(f"{k} {v}" for k, v in ep.phases.items()),
        "audit": audit(report, name, highlight),
        "attribution": attribution_tables(report.attribution[name])
        if name in report.attribution else None,
        "sheets": [(r.strategy, report.sheets[(r.strategy, name)]) for r in runs
                   if (r.strategy, name) in report.sheets],
        "beside": [],  # Panel(...) shown next to the regime timeline
    }


def audit(report: ReportData, name: str, highlight: Run) -> list[dict[str, str]]:
    """The highlight's regime changes in the window, then those decided on the signals after
    the prices end (episodes that run to the end of the data)."""
    start, end = report.signal_window(name)
    changes = transitions(report.market.context.regimes.loc[start:end])
    return (tables.audit_rows(changes, highlight)
            + tables.untraded_rows(changes, report.market.data_end))


def event_time_figure(report: ReportData) -> Any | None:
    """T0 = the QE announcement where there was one, else the market peak; None when no
    episode names either (e.g. `--episodes latest`)."""
    anchors: dict[str, str] = {}
    dates: dict[str, pd.Timestamp] = {}
    for name, ep in report.episodes.items():
        for key in ("qe_announce", "nasdaq_peak", "sp500_peak"):
            if key in ep.phases:
                anchors[name], dates[name] = key, pd.Timestamp(ep.phases[key])
                break
    if not dates:
        return None
    curves: dict[str, dict[str, pd.Series]] = {}
    for r in report.runs:
        if r.episode in dates:
            curves.setdefault(r.strategy, {})[r.episode] = eventtime.rebase_at(
                r.result.value, dates[r.episode])
    colours = {e: LINES[i % len(LINES)] for i, e in enumerate(dates)}
    return eventtime.event_time_figure(curves, report.benchmark, anchors, colours)
