"""Render index.html: the committee summary, one self-contained file (no network needed).

Every piece of user text (titles, labels, descriptions, event texts) reaches the page through
Jinja's autoescape or html.escape in the plotly figures; figure JSON is embedded with '<', '>'
and '&' escaped so no label can close the script tag it sits in.
"""

from __future__ import annotations

import json

from backtests.report import (
    alertpanel,
    charts,
    compact,
    evidence,
    glossary,
    nowpanel,
    plan,
    sections,
)
from backtests.report.html import (  # re-exported: their home is html.py
    PRINT_AUDIT_ROWS as PRINT_AUDIT_ROWS,
)
from backtests.report.html import (
    TEMPLATES as TEMPLATES,
)
from backtests.report.html import (
    environment as environment,
)
from backtests.report.html import (
    figure_div as figure_div,
)
from backtests.report.model import ReportData
from backtests.report.sections import Section


def default_sections(report: ReportData, figures: dict[str, str]) -> list[Section]:
    """The page in reading order; insert a Section to add a part (see sections.py)."""
    roles = {r: [n for n, e in report.episodes.items() if getattr(e, "role", "") == r]
             for r in ("design", "holdout")}
    out = []
    made = plan.for_report(report)
    if made is not None:
        out.append(Section("plan", "plan", "plan.html.j2", {"plan": made, "steps": [
            {"when": s.when, "note": s.note, "parts": nowpanel.mix_parts(s.mix),
             "text": nowpanel.mix_text(s.mix)} for s in made.steps]}))
    if report.now is not None:
        windows = {e: report.window(e) for e in report.episodes}
        out.append(Section("now", "now", "now.html.j2", {
            "panel": nowpanel.panel(report.now, report.labels),
            "banner": nowpanel.banner(report.market, windows)}))
    out += [Section("intro", "", "intro.html.j2", {**roles, "sentence": evidence.sentence(
        report)}), sections.headline(report)]
    if report.metrics is not None:
        out.append(sections.scorecard(report))
    out.append(sections.rules(report))
    et = sections.event_time(report, figures.get("event-time", ""))
    if et:
        out.append(et)
    episodes = []
    for e in report.episodes:
        block = sections.episode(report, e, figures[f"fig-{e}"], figures[f"alloc-{e}"])
        if e in report.alerts:
            block["beside"].append(alertpanel.panel(report, e, report.alerts[e]))
        episodes.append(block)
    out.append(Section("episodes", "", "episodes.html.j2", {"episodes": episodes}))
    if report.analogues:
        out.append(Section("if-it-started-today", "if it started today",
                           "analogues.html.j2", {"html": report.analogues}))
    out += [Section("assumptions", "assumptions", "assumptions.html.j2", {
        "coverage": _coverage(report)}), Section("glossary", "glossary", "glossary.html.j2",
                                                 {"terms": glossary.TERMS,
                                                  "entry": glossary.ENTRY})]
    return out


def build_figures(report: ReportData) -> dict[str, str]:
    """Every chart as an HTML div, by id."""
    regimes = report.market.context.regimes["regime"]
    out = {}
    for e in report.episodes:
        runs = report.of(e)
        hl = next(r for r in runs if r.strategy == report.config.highlight)
        out[f"fig-{e}"] = figure_div(charts.episode_figure(
            runs, report.benchmark, regimes, report.market.events, report.styles,
            report.config.highlight), f"fig-{e}")
        out[f"alloc-{e}"] = figure_div(charts.allocation_figure(hl), f"alloc-{e}")
    et = sections.event_time_figure(report)
    if et is not None:
        out["event-time"] = figure_div(et, "event-time-fig")
    return out


def render_index(report: ReportData, figures: dict[str, str],
                 parts: list[Section] | None = None) -> str:
    parts = parts if parts is not None else default_sections(report, figures)
    prov = report.provenance
    return environment().get_template("index.html.j2").render(
        title=report.config.title, run_id=report.run_id, provenance=prov,
        data_end=str(report.market.data_end.date()), data_hash=report.market.data_hash,
        benchmark=report.benchmark, highlight=report.config.highlight,
        costs=report.config.costs, sections=parts,
        plotly_gz=compact.plotly_gzip_base64(),
        episodes=list(report.episodes), styles=report.styles,
        params={k: json.dumps(v, indent=1) for k, v in prov["params"].items()},
        regime_params=json.dumps(prov["regime_params"], indent=1),
        provenance_json=json.dumps({k: v for k, v in prov.items()
                                    if k not in ("params", "run_notes")}, indent=1,
                                   default=str))


def _coverage(report: ReportData) -> list[dict[str, str]]:
    rows = []
    for name, s in report.market.sleeves.items():
        rows.append({
            "sleeve": name, "tracks": report.market.sleeve_descriptions.get(name, ""),
            "segments": "; ".join(f"{g.symbol} {g.first.date()}..{g.last.date()}"
                                  for g in s.segments),
            "fits": "; ".join(f"{f.proxy}: corr {f.correlation:.3f}, TE "
                              f"{f.tracking_error:.1%}/yr over {f.days} days" for f in s.fits)
                    or "–"})
    return rows
