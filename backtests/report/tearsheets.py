"""quantstats tear sheets (the only module that imports quantstats), built in worker processes.

Pitfalls handled explicitly: periods_per_year=252; the benchmark is passed on exactly the
strategy's dates (match_dates would otherwise trim to the first non-zero return); the
risk-free rate is the episode's average T-bill accrual (quantstats takes one annual constant,
our metrics.csv subtracts the daily cash return, so Sharpe can differ in the second decimal);
and quantstats asks matplotlib for "Arial" by name, which this machine lacks, so matplotlib's
bundled DejaVu Sans is registered under that name (no findfont warnings, no system font).

quantstats pastes the title and the benchmark's name into its HTML unescaped, names every
benchmark "BENCHMARK", prints trailing-period rows (MTD, YTD, 10Y …) that mean nothing for a
historical window and labels CAGR with a glyph no font here has: `finish` mends each of these
on the written file. Workers exit when the run that started them dies (kill -9 included).
"""

from __future__ import annotations

import html
import logging
import os
import re
import signal
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

log = logging.getLogger(__name__)
TITLE_TOKEN = "QSTITLEPLACEHOLDER"  # letters only: survives quantstats untouched
TRAILING = ("MTD", "3M", "6M", "YTD", "1Y", "3Y (ann.)", "5Y (ann.)", "10Y (ann.)",
            "All-time (ann.)")
TRAILING_YEARS = {"MTD": 0.0, "3M": 0.25, "6M": 0.5, "YTD": 1.0, "1Y": 1.0, "3Y (ann.)": 3.0,
                  "5Y (ann.)": 5.0, "10Y (ann.)": 10.0}


@dataclass(frozen=True)
class SheetJob:
    returns: pd.Series
    benchmark: pd.Series
    rf_annual: float
    title: str
    strategy: str
    benchmark_name: str
    output: Path
    ends_at_data_end: bool  # trailing rows (MTD, 1Y …) mean something only then


@dataclass(frozen=True)
class SheetDone:
    output: Path
    cpu_seconds: float


def _die_with_parent(run_pid: int) -> None:
    """Exit as soon as the run process is gone, however it died."""
    try:  # Linux: the kernel kills us when our parent exits
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass

    def watch() -> None:  # everywhere (and when our parent is a forkserver): poll the run
        while True:
            try:
                os.kill(run_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass
            time.sleep(0.5)

    threading.Thread(target=watch, name="watch-run", daemon=True).start()


def setup(run_pid: int | None = None) -> None:
    """Per process: headless backend, 'Arial' -> DejaVu Sans, quiet third-party warnings."""
    if run_pid is not None:
        _die_with_parent(run_pid)
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
    import quantstats  # noqa: F401  (imported once per worker, before the first sheet)


def build_sheet(job: SheetJob) -> SheetDone:
    import quantstats as qs

    started = time.process_time()
    returns = job.returns.rename(job.strategy)
    bench = job.benchmark.reindex(returns.index).rename(job.benchmark_name)
    tmp = job.output.with_name(f".{job.output.name}.tmp")
    qs.reports.html(returns, benchmark=bench, rf=job.rf_annual, periods_per_year=252,
                    output=str(tmp), title=TITLE_TOKEN, compounded=True, match_dates=False,
                    download_filename=job.output.name, strategy_title=job.strategy,
                    benchmark_title=job.benchmark_name)
    tmp.write_text(finish(tmp.read_text(encoding="utf-8"), job), encoding="utf-8")
    os.replace(tmp, job.output)
    return SheetDone(job.output, time.process_time() - started)


def finish(page: str, job: SheetJob) -> str:
    """Mend quantstats' page: escaped title and names, no meaningless rows, no network."""
    title = html.escape(job.title)
    page = re.sub(r"<title>.*?</title>", f"<title>{title}</title>", page, count=1, flags=re.S)
    page = page.replace(TITLE_TOKEN, title)
    page = page.replace(f"Benchmark: {job.benchmark_name.upper()}",
                        f"Benchmark: {html.escape(job.benchmark_name)}")
    page = re.sub(r'\s*<link rel="shortcut icon"[^>]*>', "", page)  # the only network fetch
    page = page.replace("CAGR\ufe6a", "CAGR").replace("\ufe6a", "%")
    years = len(job.returns) / 252
    drop = [r for r in TRAILING if not job.ends_at_data_end
            or TRAILING_YEARS.get(r, years + 1) > years]
    for row in drop:
        page = re.sub(rf"<tr><td>{re.escape(row)}</td>(<td>[^<]*</td>)*</tr>\s*", "", page)
    note = ("<p style='color:grey'>Built by qe-playbook. "
            + ("Trailing-period rows (MTD, 3M, YTD, 1Y … 10Y) are left out: this is a "
               "historical window. " if not job.ends_at_data_end else "Trailing-period "
               "rows longer than the window are left out. ")
            + "quantstats annualises over every day of the window; the committee report "
            "over N − 1 days (day one is the entry cost), so CAGR can differ slightly.</p>")
    return page.replace("<hr>", note + "<hr>", 1)


def placeholder(job: SheetJob, command: str) -> None:
    """A page in place of a sheet not built in this run, saying how to build it."""
    text = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>"
            f"{html.escape(job.title)}</title></head><body style='font-family:sans-serif;"
            f"margin:40px'><h1>{html.escape(job.title)}</h1><p>This tear sheet was not built "
            f"in this run: the report builds only the highlighted strategy's by default "
            f"(tear sheets cost 2–5 s each). To build it run:</p><pre>"
            f"{html.escape(command)}</pre></body></html>")
    job.output.write_text(text, encoding="utf-8")
