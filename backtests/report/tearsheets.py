"""quantstats tear sheets (the only module that imports quantstats), built in parallel.

Pitfalls handled explicitly: periods_per_year=252; the benchmark is passed on exactly the
strategy's dates (match_dates would otherwise trim to the first non-zero return); the
risk-free rate is the episode's average T-bill accrual (quantstats takes one annual constant,
our metrics.csv subtracts the daily cash return, so Sharpe can differ in the second decimal);
and quantstats asks matplotlib for "Arial" by name, which this machine lacks, so matplotlib's
bundled DejaVu Sans is registered under that name (no findfont warnings, no system font).
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SheetJob:
    returns: pd.Series
    benchmark: pd.Series
    rf_annual: float
    title: str
    output: Path


def _setup() -> None:
    """Per process: headless backend, 'Arial' -> DejaVu Sans, quiet third-party warnings."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for fname, weight in (("DejaVuSans.ttf", 400), ("DejaVuSans-Bold.ttf", 700)):
        font_manager.fontManager.ttflist.append(font_manager.FontEntry(
            fname=str(ttf / fname), name="Arial", style="normal", variant="normal",
            weight=weight, stretch="normal", size="scalable"))
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module="quantstats")
    warnings.filterwarnings("ignore", category=UserWarning, module="matplotlib")


def build_sheet(job: SheetJob) -> Path:
    import quantstats as qs

    returns = job.returns.rename("Strategy")
    bench = job.benchmark.reindex(returns.index).rename("Benchmark")
    qs.reports.html(returns, benchmark=bench, rf=job.rf_annual, periods_per_year=252,
                    output=str(job.output), title=job.title, compounded=True,
                    match_dates=False, download_filename=job.output.name)
    return job.output


def build_all(jobs: list[SheetJob], workers: int | None = None,
              on_done: Callable[[Path], None] | None = None) -> list[Path]:
    """Build every tear sheet; processes in parallel (tear sheets dominate the run time)."""
    workers = workers or min(len(jobs), os.cpu_count() or 1) or 1
    done: list[Path] = []
    if workers <= 1:
        _setup()
        for job in jobs:
            done.append(build_sheet(job))
            if on_done:
                on_done(job.output)
        return done
    with ProcessPoolExecutor(max_workers=workers, initializer=_setup) as pool:
        futures = [pool.submit(build_sheet, job) for job in jobs]
        for fut in as_completed(futures):
            done.append(fut.result())
            if on_done:
                on_done(done[-1])
    return done
