"""Tear sheets reused across runs when nothing that shapes them changed.

A sheet is a pure function of its inputs: the strategy's and the benchmark's daily returns
(values and dates), the T-bill rate, the title and names, whether the window ends at the data's
end, and the code that draws it (quantstats, matplotlib, backtests/report/tearsheets.py). The
cache key hashes all of them, so a sheet is reused only when it would come out the same: a
historical window keeps its sheet across runs until its data, parameters or the code change.
Entries live in <reports>/.cache/tearsheets/; the least recently used beyond MAX are removed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from backtests.report import tearsheets
from backtests.report.tearsheets import SheetJob

MAX = 300  # entries kept (~1 MB each)


def _series(h: Any, s: pd.Series) -> None:
    h.update(pd.DatetimeIndex(s.index).asi8.tobytes())
    h.update(s.to_numpy(dtype="float64").tobytes())


def key(job: SheetJob) -> str:
    h = hashlib.sha256()
    _series(h, job.returns)
    _series(h, job.benchmark.reindex(job.returns.index))
    h.update(repr((job.rf_annual, job.title, job.strategy, job.benchmark_name,
                   job.ends_at_data_end, metadata.version("quantstats"),
                   metadata.version("matplotlib"))).encode())
    h.update(Path(tearsheets.__file__).read_bytes())
    return h.hexdigest()[:32]


class SheetCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def fetch(self, job: SheetJob) -> bool:
        """Copy a cached sheet to the job's output; False when there is none."""
        cached = self.folder / f"{key(job)}.html"
        if not cached.is_file():
            return False
        shutil.copyfile(cached, job.output)
        os.utime(cached)  # recently used
        return True

    def keep(self, job: SheetJob) -> None:
        """Store a freshly built sheet (written whole, then renamed), then prune."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{key(job)}.html"
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        shutil.copyfile(job.output, tmp)
        os.replace(tmp, target)
        entries = sorted(self.folder.glob("*.html"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-MAX]:
            old.unlink(missing_ok=True)
