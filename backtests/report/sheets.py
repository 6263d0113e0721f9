"""Which tear sheets a run builds, their jobs, and placeholders for the rest.

Measured: a quantstats sheet costs 2-5 s of CPU (about 15 matplotlib figures and 80 metrics),
so 6 strategies x 10 episodes would take 2-4 minutes of CPU alone. By default the run builds
the highlighted strategy's sheet for every episode (the ones the report's text discusses) and
writes, for every other strategy, a small page naming the command that builds it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backtests.episodes.runconfig import RunConfig
from backtests.episodes.runner import MarketData, Run
from backtests.report.model import Sheet
from backtests.report.sheetcache import SheetCache
from backtests.report.tearsheets import SheetDone, SheetJob, placeholder

FOLDER = "tearsheets"


class SheetPlan:
    def __init__(self, config: RunConfig, market: MarketData, folder: Path, run_id: str,
                 cache: SheetCache | None = None) -> None:
        self.config, self.market, self.folder, self.run_id = config, market, folder, run_id
        self.cache = cache
        self.submitted: set[tuple[str, str]] = set()  # every sheet of this report
        self.reused: set[tuple[str, str]] = set()  # ... of which copied from the cache
        self.pending: dict[Path, SheetJob] = {}  # built by the workers, to be cached
        if config.tear_sheets != "none":
            (folder / FOLDER).mkdir(exist_ok=True)

    @property
    def built(self) -> set[tuple[str, str]]:
        return self.submitted

    def done(self, sheet: SheetDone) -> None:
        """A worker finished a sheet: keep it for later runs."""
        job = self.pending.pop(sheet.output, None)
        if job is not None and self.cache is not None:
            self.cache.keep(job)

    def wanted(self, strategy: str) -> bool:
        mode = self.config.tear_sheets
        return strategy != self.config.benchmark and (
            mode == "all" or (mode == "highlight" and strategy == self.config.highlight))

    def href(self, strategy: str, episode: str) -> str:
        return f"{FOLDER}/{strategy}__{episode}.html"

    def job(self, run: Run, bench: Run) -> SheetJob:
        returns = run.result.returns
        cash = self.market.cash_returns.reindex(returns.index).fillna(0.0)
        rf = float((1 + cash.mean()) ** 252 - 1)
        return SheetJob(returns, bench.result.returns, rf,
                        f"{run.strategy} vs {self.config.benchmark}: {run.episode}",
                        run.strategy, self.config.benchmark,
                        self.folder / self.href(run.strategy, run.episode),
                        bool(returns.index[-1] >= self.market.data_end))

    def jobs(self, runs: list[Run]) -> list[SheetJob]:
        """Jobs not yet submitted whose run and benchmark run both exist (a sheet found in the
        cache is copied at once instead)."""
        bench = {r.episode: r for r in runs if r.strategy == self.config.benchmark}
        out = []
        for r in runs:
            key = (r.strategy, r.episode)
            if self.wanted(r.strategy) and r.episode in bench and key not in self.submitted:
                self.submitted.add(key)
                job = self.job(r, bench[r.episode])
                if self.cache is not None and self.cache.fetch(job):
                    self.reused.add(key)
                    continue
                self.pending[job.output] = job
                out.append(job)
        return out

    def placeholders(self, runs: list[Run]) -> dict[tuple[str, str], Sheet]:
        """Every non-benchmark run's link; a placeholder page where no sheet is built."""
        if self.config.tear_sheets == "none":
            return {}
        bench = {r.episode: r for r in runs if r.strategy == self.config.benchmark}
        refs = {}
        for r in runs:
            if r.strategy == self.config.benchmark:
                continue
            key = (r.strategy, r.episode)
            if key not in self.submitted:
                command = (f"playbook tearsheets reports/{self.run_id} --strategies "
                           f"{r.strategy} --episodes {r.episode}")
                placeholder(self.job(r, bench[r.episode]), command)
            refs[key] = Sheet(self.href(*key), key in self.submitted)
        return refs

    def record(self, runs: list[Run]) -> dict[str, Any]:
        """What `playbook tearsheets` needs later to build any sheet of this report."""
        bench = {r.episode: r for r in runs if r.strategy == self.config.benchmark}
        first = {r.episode: self.job(r, bench[r.episode]) for r in runs
                 if r.strategy != self.config.benchmark}
        return {"benchmark": self.config.benchmark,
                "rf_annual": {e: j.rf_annual for e, j in first.items()},
                "ends_at_data_end": {e: j.ends_at_data_end for e, j in first.items()},
                "built": sorted(f"{s}__{e}" for s, e in self.submitted),
                "reused_from_cache": sorted(f"{s}__{e}" for s, e in self.reused)}
