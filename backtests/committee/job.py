"""`playbook run` and `RunResults.report`: the committee report, written atomically.

reports/<run-id>/ is built in a hidden temporary folder and renamed into place at the end;
reports/latest is a symlink swapped with os.replace (outputs.atomic_folder). A failure at any
point removes the temporary folder and leaves earlier reports and `latest` as they were.

`build_report` runs the configuration, then writes its report; `write_report` writes the
report of runs already made (the Python API's RunResults) without running them again. Both
go through `_produce`, so the two reports of one configuration are the same report.

Tear sheets are built by worker processes started first, so they overlap everything else;
each step's CPU and wall time is measured and kept in run.json (`timings`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from backtests.committee import stages
from backtests.committee.provenance import provenance
from backtests.committee.stages import Progress
from backtests.committee.timing import Timings, children_cpu
from backtests.data.events import FedEvent
from backtests.data.store import Store
from backtests.episodes.attribution import attribute
from backtests.episodes.definitions import Episode
from backtests.episodes.outputs import atomic_folder, atomic_write, new_run_id, write_results
from backtests.episodes.resolve import config_hash, resolve, run_universe
from backtests.episodes.runconfig import RunConfig
from backtests.episodes.runner import MarketData, Run, load_market, metrics_table
from backtests.errors import ConfigError
from backtests.evaluate.uncertainty import run_intervals
from backtests.report import sheets
from backtests.report.model import ReportData
from backtests.report.plan import for_report as plan_for
from backtests.report.sheetcache import SheetCache
from backtests.report.sheetpool import SheetPool
from strategies.params import Params

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
    started, timings = time.perf_counter(), Timings()
    report = progress or (lambda stage, done, total: None)
    # model_copy(update=...) skips validation: validate again (e.g. tear_sheets=False -> none)
    config = RunConfig.model_validate(config.model_dump())
    with _sheet_pool(config) as pool:  # workers start first: they overlap the loading too
        with timings.step("load market"):
            store = store.pinned()  # the version read is the version named in run.json
            report("load market: the store, the sleeves and the point-in-time panel", 0, 1)
            market = load_market(store, run_universe(config), config.regime, events)
        return _produce(config, store, market, None, out_root, report, catalog, timings,
                        started, pool)


def write_report(config: RunConfig, store: Store, market: MarketData, runs: list[Run],
                 out_root: Path, progress: Progress | None = None,
                 catalog: dict[str, Episode] | None = None) -> ReportSummary:
    """The report of `runs` (every run of `config` over `market`, made already): the same
    report `build_report` writes for this configuration, nothing run again."""
    started, timings = time.perf_counter(), Timings()
    config = RunConfig.model_validate(config.model_dump())
    with _sheet_pool(config) as pool:
        return _produce(config, store.pinned(), market, runs, out_root,
                        progress or (lambda stage, done, total: None), catalog, timings,
                        started, pool)


@contextmanager
def _sheet_pool(config: RunConfig) -> Iterator[SheetPool | None]:
    """The tear-sheet workers (none when no sheet is built), stopped however the run ends."""
    pool = SheetPool(SHEET_WORKERS) if config.tear_sheets != "none" else None
    try:
        yield pool
    finally:
        if pool is not None:
            pool.close()


def _produce(config: RunConfig, store: Store, market: MarketData, made: list[Run] | None,
             out_root: Path, report: Progress, catalog: dict[str, Episode] | None,
             timings: Timings, started: float, pool: SheetPool | None) -> ReportSummary:
    """Runs (unless `made`) and every step after them, into an atomic report folder."""
    params, rules, episodes, costs = resolve(config, catalog)
    if made is not None:
        _check_made(made, params, episodes)
    run_id = new_run_id(out_root, config_hash(config, params, market.data_hash, episodes))
    with atomic_folder(out_root, run_id) as tmp:
        plan = sheets.SheetPlan(config, market, tmp, run_id,
                                SheetCache(out_root / ".cache" / "tearsheets"))
        submit = (lambda ready: pool.submit(plan.jobs(ready))) if pool else (lambda _: None)
        if made is None:
            report("backtests: compiling the rules on first use", 0,
                   len(params) * len(episodes))
            with timings.step("backtests", f"{len(params)} strategies x {len(episodes)} "
                              "episodes"):
                runs = stages.run_all(config, market, params, rules, episodes, costs,
                                     report, submit)
        else:
            runs = made
            submit(runs)
        sheets_started, kids = time.perf_counter(), children_cpu()
        step = stages.counter(report)
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
        data = stages.now_and_alerts(data, store, params, rules, tmp, timings)
        step("if it started today (replays, or the cache)")
        data = stages.replays(data, store, params, rules, costs, catalog, out_root, tmp,
                             timings)
        step("charts, index.html and report.pdf")
        stages.render(tmp, data, timings)
        if pool is not None:
            stages.finish_sheets(pool, plan, report)
            timings.add("tear sheets", children_cpu() - kids,
                        time.perf_counter() - sheets_started,
                        f"{len(plan.built) - len(plan.reused)} built in "
                        f"{SHEET_WORKERS} worker processes (in parallel with the steps "
                        f"above), {len(plan.reused)} reused unchanged from the cache")
        made_plan = plan_for(data)
        if made_plan is not None:  # `playbook now` shows these beside its own reading
            prov["plan"] = {"run_id": run_id, "evidence": made_plan.evidence,
                            "qe": made_plan.qe}
        prov["timings"] = timings.as_dict()
        prov["run_seconds"] = round(time.perf_counter() - started, 1)
        meta = json.dumps(prov, indent=1, default=str)
        atomic_write(tmp / "run.json", lambda p: stages.write_text(p, meta))
    final = out_root / run_id
    size = sum(f.stat().st_size for f in final.rglob("*") if f.is_file())
    return ReportSummary(run_id, final, final / "index.html", runs,
                         time.perf_counter() - started, size, prov["timings"],
                         final / "report.pdf")


def _check_made(runs: list[Run], params: dict[str, Params], episodes: dict[str, Episode]
                ) -> None:
    """Runs handed in must be exactly the configuration's strategies x episodes."""
    have = {(r.strategy, r.episode) for r in runs}
    want = {(s, e) for s in params for e in episodes}
    if have != want:
        missing = sorted(f"{s}/{e}" for s, e in want - have)
        extra = sorted(f"{s}/{e}" for s, e in have - want)
        raise ConfigError(f"report: the runs do not match their configuration (missing "
                          f"{', '.join(missing) or 'none'}; not in it {', '.join(extra) or 'none'})"
                          "; run the configuration again (Market.run) and report that")
