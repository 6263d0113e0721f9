"""`playbook run`: every run of the configuration, then the committee report, atomically.

reports/<run-id>/ is built in a hidden temporary folder and renamed into place at the end;
reports/latest is a symlink swapped with os.replace (results.atomic_folder). A failure at any
point removes the temporary folder and leaves earlier reports and `latest` as they were.
"""

from __future__ import annotations

import json
import platform
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from backtests import PROJECT_ROOT
from backtests.data.store import Store
from backtests.report.config import RunConfig, config_hash, resolve
from backtests.report.page import render_index
from backtests.report.tearsheets import SheetJob, build_all
from backtests.results import atomic_folder, new_run_id, write_results
from backtests.runner import Market, Run, load_market, run_matrix
from backtests.uncertainty import run_intervals

PACKAGES = ("pandas", "numpy", "vectorbt", "quantstats", "plotly", "pydantic", "pyarrow",
            "yfinance", "jinja2")
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class ReportSummary:
    run_id: str
    folder: Path
    index: Path
    runs: list[Run]
    seconds: float
    size_bytes: int


def build_report(config: RunConfig, store: Store, out_root: Path,
                 progress: Progress | None = None) -> ReportSummary:
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    store = store.pinned()  # the version read is the version named in run.json
    market = load_market(store, regime_params=config.regime)
    params, rules, episodes, costs = resolve(config)
    total = len(params) * len(episodes)
    count = iter(range(1, total + 1))
    runs = run_matrix(market, params, episodes, costs, rules,
                      on_run=lambda s, e: report(f"backtest {s} / {e}", next(count), total))
    run_id = new_run_id(out_root, config_hash(config, params, market.data_hash, episodes))
    with atomic_folder(out_root, run_id) as tmp:
        write_results(runs, tmp, config.benchmark,
                      run_intervals(runs, config.benchmark, market.cash_returns))
        sheets = _tear_sheets(config, runs, market, tmp, report) if config.tear_sheets else {}
        provenance = _provenance(config, params, market, store, started)
        provenance["run_notes"] = {f"{r.strategy}|{r.episode}": list(r.result.notes)
                                   for r in runs}
        provenance["episodes"] = {k: e.model_dump(mode="json") for k, e in episodes.items()}
        index = render_index(config, runs, market, episodes, sheets, provenance, run_id)
        (tmp / "index.html").write_text(index)
        (tmp / "run.json").write_text(json.dumps(provenance, indent=1, default=str))
    final = out_root / run_id
    size = sum(f.stat().st_size for f in final.rglob("*") if f.is_file())
    return ReportSummary(run_id, final, final / "index.html", runs,
                         time.perf_counter() - started, size)


def _tear_sheets(config: RunConfig, runs: list[Run], market: Market, folder: Path,
                 report: Progress) -> dict[tuple[str, str], str]:
    bench = {r.episode: r.result.returns for r in runs if r.strategy == config.benchmark}
    cash = market.cash_returns
    jobs, hrefs = [], {}
    for r in runs:
        if r.strategy == config.benchmark:
            continue
        rel = f"tearsheets/{r.strategy}__{r.episode}.html"
        rf = float((1 + cash.reindex(r.result.returns.index).fillna(0).mean()) ** 252 - 1)
        jobs.append(SheetJob(r.result.returns, bench[r.episode], rf,
                             f"{r.strategy} vs {config.benchmark}: {r.episode}", folder / rel))
        hrefs[(r.strategy, r.episode)] = rel
    (folder / "tearsheets").mkdir()
    done = iter(range(1, len(jobs) + 1))
    build_all(jobs, on_done=lambda p: report(f"tear sheet {p.stem}", next(done), len(jobs)))
    return hrefs


def code_version() -> str:
    """git commit of the code (with '+dirty' if the work tree has changes), else 'unknown'."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=PROJECT_ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=PROJECT_ROOT, capture_output=True, text=True,
                               check=True).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _provenance(config: RunConfig, params: dict[str, Any], market: Market, store: Store,
                started: float) -> dict[str, Any]:
    manifest = store.manifest()
    return {
        "config": config.model_dump(),
        "params": {k: p.model_dump() for k, p in params.items()},
        "regime_params": market.context.regime_params.model_dump(),
        "data_hash": market.data_hash, "data_end": str(market.data_end.date()),
        "store_version": manifest["version"], "last_import": manifest.get("last_import"),
        "code_version": code_version(), "python": platform.python_version(),
        "packages": {p: metadata.version(p) for p in PACKAGES},
        "finished_at": f"{datetime.now(UTC):%Y-%m-%d %H:%M UTC}",
        "run_seconds": round(time.perf_counter() - started, 1),
        "sleeve_coverage": {k: [[g.symbol, str(g.first.date()), str(g.last.date())]
                                for g in s.segments] for k, s in market.sleeves.items()},
    }


