"""Progress of a long command (`playbook run`, `tearsheets`, `sweep`) on stderr: a bar on a
terminal, plain time-stamped lines in a log file or CI."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from backtests.cli.app import err_console

Report = Callable[[str, int, int], None]  # (stage, done, total)


@contextmanager
def progress_lines(started: float | None = None) -> Iterator[Report]:
    """A progress bar on a terminal; plain time-stamped lines in a log file or CI.

    The bar does not auto-refresh (no background thread): `playbook run` forks its tear-sheet
    workers, which must not inherit a lock held by another thread.
    """
    if err_console.is_terminal:
        with Progress(TextColumn("{task.description:<60}", markup=False), BarColumn(),
                      MofNCompleteColumn(), console=err_console, transient=True,
                      auto_refresh=False) as bar:
            tasks: dict[str, TaskID] = {}

            def update(stage: str, done: int, total: int) -> None:
                kind = stage.split(":")[0]
                if kind not in tasks:
                    tasks[kind] = bar.add_task(kind, total=total)
                bar.update(tasks[kind], completed=done, description=stage, refresh=True)

            yield update
        return
    started = time.perf_counter() if started is None else started
    shown = dict[str, int]()

    def line(stage: str, done: int, total: int) -> None:
        kind, _, what = stage.partition(": ")
        step = max(1, total // 10)  # about ten lines per stage
        # done == 0: a stage starting (a log shows what the run is doing before it counts)
        if done in (0, 1, total) or done - shown.get(kind, 0) >= step:
            shown[kind] = done
            err_console.print(f"[{time.perf_counter() - started:6.1f} s] {kind} {done}/{total}"
                              + (f" {what}" if what else ""), markup=False, highlight=False,
                              soft_wrap=True)

    yield line
