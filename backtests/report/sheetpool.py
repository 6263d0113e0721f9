"""Tear sheets in worker processes, started early so they overlap the rest of the run.

The workers are forked at the start of `playbook run` (so they import quantstats while the
backtests run, on the other core) and take sheets as soon as their runs exist. Forking is safe
here because nothing else runs threads in the parent at that moment (the CLI's progress bar
does not auto-refresh); fork also keeps the workers' CPU visible to the parent's accounting.
Every worker exits when the run dies, kill -9 included (tearsheets._die_with_parent).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures import wait as wait_all

from backtests.report.tearsheets import SheetDone, SheetJob, build_sheet, setup


def _ready() -> int:
    return os.getpid()


class SheetPool:
    def __init__(self, workers: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.workers = max(1, workers)
        self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=setup,
                                         initargs=(os.getpid(),))
        self._futures: list[Future[SheetDone]] = []
        self._ready = [self._pool.submit(_ready) for _ in range(self.workers)]
        self.started = time.perf_counter()

    def worker_pids(self) -> list[int]:
        """The workers' process ids, once they are up (for tests and diagnostics)."""
        wait_all(self._ready)
        return sorted(self._pool._processes)

    def submit(self, jobs: list[SheetJob]) -> None:
        self._futures += [self._pool.submit(build_sheet, job) for job in jobs]

    def finish(self, on_done: Callable[[SheetDone], None] | None = None) -> list[SheetDone]:
        """Wait for every sheet, then stop the workers."""
        done: list[SheetDone] = []
        try:
            for fut in as_completed(self._futures):
                done.append(fut.result())
                if on_done:
                    on_done(done[-1])
        finally:
            self.close()
        return done

    def close(self) -> None:
        for fut in self._futures:
            fut.cancel()
        wait_all(self._ready)
        self._pool.shutdown(wait=True, cancel_futures=True)
