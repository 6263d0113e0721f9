"""`playbook tearsheets FOLDER`: build the tear sheets a run left as placeholders.

Everything needed is in the report folder: returns.parquet (every run's daily returns) and
run.json (the benchmark, each episode's T-bill rate, whether its window ends at the data's
end). A sheet replaces its placeholder atomically; run.json records it as built.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from backtests.episodes.outputs import atomic_write
from backtests.errors import ConfigError
from backtests.report.sheetpool import SheetPool
from backtests.report.sheets import FOLDER
from backtests.report.tearsheets import SheetJob


def build_missing(folder: Path, strategies: list[str] | None, episodes: list[str] | None,
                  progress: Callable[[str, int, int], None] | None = None) -> list[Path]:
    meta_path, returns_path = folder / "run.json", folder / "returns.parquet"
    if not meta_path.is_file() or not returns_path.is_file():
        raise ConfigError(f"{folder}: not a report folder (run.json and returns.parquet are "
                          "needed); pass reports/<run-id> or reports/latest")
    meta = json.loads(meta_path.read_text())
    record = meta.get("tear_sheets") or {}
    if "rf_annual" not in record:
        raise ConfigError(f"{meta_path}: no tear-sheet record (written by an older version); "
                          "rerun `playbook run --tear-sheets all`")
    returns = pd.read_parquet(returns_path)
    jobs = _jobs(folder, returns, record, strategies, episodes)
    if not jobs:
        return []
    pool = SheetPool(min(2, len(jobs)))
    pool.submit(jobs)
    count = iter(range(1, len(jobs) + 1))
    done = pool.finish(lambda d: progress and progress(f"tear sheets: {d.output.stem}",
                                                       next(count), len(jobs)))
    record["built"] = sorted({*record.get("built", []), *(d.output.stem for d in done)})
    text = json.dumps({**meta, "tear_sheets": record}, indent=1, default=str)
    atomic_write(meta_path, lambda p: _write(p, text))
    return [d.output for d in done]


def _jobs(folder: Path, returns: pd.DataFrame, record: dict, strategies: list[str] | None,
          episodes: list[str] | None) -> list[SheetJob]:
    bench = record["benchmark"]
    pairs = [tuple(c.split("|", 1)) for c in returns.columns]
    known_s, known_e = {s for s, _ in pairs}, {e for _, e in pairs}
    for given, known, what in ((strategies, known_s, "--strategies"),
                               (episodes, known_e, "--episodes")):
        bad = [x for x in given or [] if x not in known]
        if bad:
            raise ConfigError(f"{what}: '{bad[0]}' is not in this report; it has "
                              f"{', '.join(sorted(known))}")
    jobs = []
    for s, e in pairs:
        if s == bench or f"{s}__{e}" in record.get("built", []) \
                or (strategies and s not in strategies) or (episodes and e not in episodes):
            continue
        r = returns[f"{s}|{e}"].dropna()
        jobs.append(SheetJob(r, returns[f"{bench}|{e}"].reindex(r.index),
                             float(record["rf_annual"][e]), f"{s} vs {bench}: {e}", s, bench,
                             folder / FOLDER / f"{s}__{e}.html",
                             bool(record["ends_at_data_end"][e])))
    return jobs


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
