"""`playbook run`: every run of the configuration, then the committee report, atomically.

reports/<run-id>/ is built in a hidden temporary folder and renamed into place at the end;
reports/latest is a symlink swapped with os.replace (results.atomic_folder). A failure at any
point removes the temporary folder and leaves earlier reports and `latest` as they were.

Tear sheets are built by worker processes started first, so they overlap everything else;
each step's CPU and wall time is measured and kept in run.json (`timings`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from backtests.data.events import FedEvent
from backtests.data.store import Store
from backtests.engine.portfolio import Costs
from backtests.episodes.definitions import Episode, load_episodes
from backtests.episodes.outputs import atomic_folder, atomic_write, new_run_id, write_results
from backtests.episodes.runner import MarketData, Run, load_market, metrics_table, run_matrix
from backtests.evaluate.uncertainty import run_intervals
from backtests.report import alerts, analogues, pdf, pdf_pages, sheets
from backtests.report.config import (
    RunConfig,
    config_hash,
    episodes_path,
    resolve,
    run_universe,
)
from backtests.report.model import ReportData, attribute
from backtests.report.page import build_figures, render_index
from backtests.report.plan import for_report as plan_for
from backtests.report.provenance import provenance
from backtests.report.sheetcache import SheetCache
from backtests.report.sheetpool import SheetPool
from backtests.report.tearsheets import SheetDone
from backtests.report.timing import Timings, children_cpu
from strategies.params import Params

Progress = Callable[[str, int, int], None]  # (stage, done, total)
SHEET_WORKERS = 2


@dataclass(frozen=True)
class ReportSummary:
    run_id: str
    folder: Path
    index: Path
    runs: list[Run]
    seconds: float
    size_bytes: int
    timings: dict[str, dict[str, float | str]]
    pdf: Path


def build_report(config: RunConfig, store: Store, out_root: Path,
                 progress: Progress | None = None, events: list[FedEvent] | None = None,
                 catalog: dict[str, Episode] | None = None) -> ReportSummary:
    """Run the configuration and write reports/<run-id>/; `events` and `catalog` (the Fed
    calendar and the episode definitions) default to the files under data/."""
    started = time.perf_counter()
    timings = Timings()
    report = progress or (lambda stage, done, total: None)
    # model_copy(update=...) skips validation: validate again (e.g. tear_sheets=False -> none)
    config = RunConfig.model_validate(config.model_dump())
    pool = SheetPool(SHEET_WORKERS) if config.tear_sheets != "none" else None
    try:
        with timings.step("load market"):
            store = store.pinned()  # the version read is the version named in run.json
            report("load market: the store, the sleeves and the point-in-time panel", 0, 1)
            market = load_market(store, run_universe(config), config.regime, events)
            params, rules, episodes, costs = resolve(config, catalog)
        run_id = new_run_id(out_root, config_hash(config, params, market.data_hash, episodes))
        with atomic_folder(out_root, run_id) as tmp:
            plan = sheets.SheetPlan(config, market, tmp, run_id,
                               SheetCache(out_root / ".cache" / "tearsheets"))
            report("backtests: compiling the rules on first use", 0, len(params) * len(episodes))
            with timings.step("backtests", f"{len(params)} strategies x {len(episodes)} "
                              "episodes"):
                runs = _run_all(config, market, params, rules, episodes, costs, report,
                                lambda ready: pool.submit(plan.jobs(ready)) if pool else None)
            sheets_started, kids = time.perf_counter(), children_cpu()
            step = _steps(report)
            step("results files and bootstrap intervals")
            with timings.step("results files", "with bootstrap intervals"):
                intervals = run_intervals(runs, config.benchmark, market.cash_returns)
                write_results(runs, tmp, config.benchmark, intervals)
                table = metrics_table(runs, config.benchmark, intervals)
                refs = plan.placeholders(runs)
            step("attribution")
            with timings.step("attribution"):
                att = attribute(runs, market, config.benchmark, list(episodes))
            prov = provenance(config, params, market, store, runs, plan)
            prov["episodes"] = {k: e.model_dump(mode="json") for k, e in episodes.items()}
            data = ReportData(config, runs, market, episodes, run_id, prov, refs, att, table,
                              intervals)
            step("the now panel and the alerts")
            data = _now_and_alerts(data, store, params, rules, tmp, timings)
            step("if it started today (replays, or the cache)")
            data = _analogues(data, store, params, rules, costs, catalog, out_root, tmp,
                              timings)
            step("charts, index.html and report.pdf")
            _render(tmp, data, timings)
            if pool is not None:
                _finish_sheets(pool, plan, report)
                pool = None
                timings.add("tear sheets", children_cpu() - kids,
                            time.perf_counter() - sheets_started,
                            f"{len(plan.built) - len(plan.reused)} built in "
                            f"{SHEET_WORKERS} worker processes (in parallel with the steps "
                            f"above), {len(plan.reused)} reused unchanged from the cache")
            made = plan_for(data)
            if made is not None:  # `playbook now` shows these beside its own reading
                prov["plan"] = {"run_id": run_id, "evidence": made.evidence, "qe": made.qe}
            prov["timings"] = timings.as_dict()
            prov["run_seconds"] = round(time.perf_counter() - started, 1)
            meta = json.dumps(prov, indent=1, default=str)
            atomic_write(tmp / "run.json", lambda p: _write(p, meta))
    finally:
        if pool is not None:
            pool.close()
    final = out_root / run_id
    size = sum(f.stat().st_size for f in final.rglob("*") if f.is_file())
    return ReportSummary(run_id, final, final / "index.html", runs,
                         time.perf_counter() - started, size, prov["timings"],
                         final / "report.pdf")


REPORT_STEPS = 5  # the steps after the backtests, as _steps counts them


def _steps(report: Progress) -> Callable[[str], None]:
    """Reports each step after the backtests as it starts ("report 2/5 attribution")."""
    count = iter(range(1, REPORT_STEPS + 1))
    return lambda name: report(f"report: {name}", next(count), REPORT_STEPS)


def _run_all(config: RunConfig, market: MarketData, params: dict[str, Params],
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


def _now_and_alerts(data: ReportData, store: Store, params: dict[str, Params],
                    rules: dict[str, str], folder: Path, timings: Timings) -> ReportData:
    """The "now" panel from the run's own context, and every episode's alert stream
    (alerts.csv)."""
    from backtests.now.read import where_are_we

    market = data.market
    with timings.step("now panel", f"as of {market.context.signals.index[-1]:%Y-%m-%d}"):
        now = where_are_we(store, events=list(market.events), ctx=market.context,
                           strategies=params, rules=rules)  # labelled runs too
    with timings.step("alerts"):
        streams = {e: alerts.stream(data, e) for e in data.episodes}
        found = alerts.table(data, streams)
        atomic_write(folder / "alerts.csv",
                     lambda p: found.to_csv(p, index=False))
    return replace(data, now=now, alerts=streams)


def _analogues(data: ReportData, store: Store, params: dict[str, Params],
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


def _render(folder: Path, data: ReportData, timings: Timings) -> None:
    """index.html and report.pdf, each step timed."""
    with timings.step("charts"):
        figures = build_figures(data)
    with timings.step("index.html"):
        page = render_index(data, figures)
        atomic_write(folder / "index.html", lambda p: _write(p, page))
    extra = pdf_pages.hooks(data)
    with timings.step("report.pdf", f"{pdf.page_count(data, **extra)} pages"):
        pdf.write(data, folder / "report.pdf", **extra)


def _finish_sheets(pool: SheetPool, plan: sheets.SheetPlan, report: Progress) -> None:
    count = len(plan.built) - len(plan.reused)
    done = iter(range(1, count + 1))

    def one(sheet: SheetDone) -> None:
        plan.done(sheet)
        report(f"tear sheets: {sheet.output.stem}", next(done), count)

    pool.finish(one)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
