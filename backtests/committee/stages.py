"""The committee run's steps, each timed: the backtests, the now panel and alerts, the
"If it started today" replays, the rendering, the tear sheets' completion.

Everything here computes or schedules; backtests.report only renders what it is given.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd

from backtests.committee import analogues
from backtests.committee.timing import Timings, children_cpu
from backtests.data.store import Store
from backtests.engine.costs import Costs
from backtests.episodes.definitions import Episode, load_episodes
from backtests.episodes.outputs import atomic_write
from backtests.episodes.resolve import episodes_path
from backtests.episodes.runconfig import RunConfig
from backtests.episodes.runner import MarketData, Run, run_matrix
from backtests.report import pdf, pdf_pages, sheets
from backtests.report.model import ReportData
from backtests.report.page import build_figures, render_index
from backtests.report.sheetpool import SheetPool
from backtests.report.tearsheets import SheetDone
from strategies.alerts import alert_stream
from strategies.params import Params

Progress = Callable[[str, int, int], None]  # (stage, done, total)
REPORT_STEPS = 5  # the steps after the backtests, as `counter` counts them


def counter(report: Progress) -> Callable[[str], None]:
    """Reports each step after the backtests as it starts ("report 2/5 attribution")."""
    count = iter(range(1, REPORT_STEPS + 1))
    return lambda name: report(f"report: {name}", next(count), REPORT_STEPS)


def run_all(config: RunConfig, market: MarketData, params: dict[str, Params],
            rules: dict[str, str], episodes: dict[str, Episode], costs: Costs,
            report: Progress, ready: Callable[[list[Run]], object]) -> list[Run]:
    """Every run, the benchmark's and the highlight's first so their tear sheets can start
    while the others run; returned in the configuration's order."""
    order = list(dict.fromkeys([config.benchmark, config.highlight, *params]))
    total, count, runs = len(params) * len(episodes), iter(range(1, 10**9)), []
    for label in order:
        mine = run_matrix(market, {label: params[label]}, episodes, costs, rules,
                          on_run=lambda s, e: report(f"backtests: {s} / {e}", next(count),
                                                     total))
        runs += mine
        ready(runs)
    rank = {label: i for i, label in enumerate(params)}
    return sorted(runs, key=lambda r: rank[r.strategy])


def alert_streams(data: ReportData) -> dict[str, pd.DataFrame]:
    """Each episode's alert stream over its signal window (to the signals' last day when the
    episode runs to the end of the data)."""
    ctx = data.market.context
    return {e: alert_stream(ctx.signals, ctx.regime_params, *data.signal_window(e))
            for e in data.episodes}


def alerts_table(data: ReportData, streams: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every episode's alerts in one long table (alerts.csv): the value and the threshold it
    is compared with (op), the state, its severity and the day the state began."""
    parts = [s.assign(episode=name, traded=s["date"] <= data.market.data_end)
             for name, s in streams.items() if not s.empty]
    cols = ["episode", "date", "trigger", "label", "state", "severity", "value", "op",
            "threshold", "since", "detail", "traded"]
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)
    for col in ("date", "since"):
        out[col] = pd.to_datetime(out[col]).dt.strftime("%Y-%m-%d")
    return out[cols]


def now_and_alerts(data: ReportData, store: Store, params: dict[str, Params],
                   rules: dict[str, str], folder: Path, timings: Timings) -> ReportData:
    """The "now" panel from the run's own context, and every episode's alert stream
    (alerts.csv)."""
    from backtests.now.read import where_are_we

    market = data.market
    with timings.step("now panel", f"as of {market.context.signals.index[-1]:%Y-%m-%d}"):
        now = where_are_we(store, events=list(market.events), ctx=market.context,
                           strategies=params, rules=rules)  # labelled runs too
    with timings.step("alerts"):
        streams = alert_streams(data)
        found = alerts_table(data, streams)
        atomic_write(folder / "alerts.csv",
                     lambda p: found.to_csv(p, index=False))
    return replace(data, now=now, alerts=streams)


def replays(data: ReportData, store: Store, params: dict[str, Params],
            rules: dict[str, str], costs: Costs, catalog: dict[str, Episode] | None,
            out_root: Path, folder: Path, timings: Timings) -> ReportData:
    """"If it started today" (HYPOTHETICAL): replayed, or reused from the cache."""
    if not data.config.analogues or "latest" not in data.episodes:
        return data  # the replays continue the `latest` window: without it, nothing to show
    started = (time.process_time(), children_cpu(), time.perf_counter())
    inputs = analogues.AnalogueInputs(store, data.market.data_hash, list(data.market.events),
                                      catalog if catalog is not None
                                      else load_episodes(episodes_path(data.config)),
                                      {k: (rules[k], p) for k, p in params.items()}, costs,
                                      data.benchmark, data.config.highlight)
    made = analogues.build(inputs, out_root / ".cache" / "analogues")
    atomic_write(folder / "analogues.csv",
                 lambda p: made.outcomes.to_csv(p, index=False, float_format="%.10g"))
    cpu, kids, wall = started
    timings.add("analogues", time.process_time() - cpu + children_cpu() - kids,
                time.perf_counter() - wall, "reused from the cache (inputs unchanged)"
                if made.reused else f"{made.outcomes.groupby(['analogue', 'qe']).ngroups} "
                "replays, then cached")
    return replace(data, analogues=made.html, forward=made)


def render(folder: Path, data: ReportData, timings: Timings) -> None:
    """index.html and report.pdf, each step timed."""
    with timings.step("charts"):
        figures = build_figures(data)
    with timings.step("index.html"):
        page = render_index(data, figures)
        atomic_write(folder / "index.html", lambda p: write_text(p, page))
    extra = pdf_pages.hooks(data)
    with timings.step("report.pdf", f"{pdf.page_count(data, **extra)} pages"):
        pdf.write(data, folder / "report.pdf", **extra)


def finish_sheets(pool: SheetPool, plan: sheets.SheetPlan, report: Progress) -> None:
    count = len(plan.built) - len(plan.reused)
    done = iter(range(1, count + 1))

    def one(sheet: SheetDone) -> None:
        plan.done(sheet)
        report(f"tear sheets: {sheet.output.stem}", next(done), count)

    pool.finish(one)


def write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
