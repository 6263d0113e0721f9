"""`Comparison`: several backtests over one episode, side by side.

A view over the `Run` objects of `Backtest`s (backtests.api.backtestview): nothing is
recomputed here except differences of metrics for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import pandas as pd

from backtests.api import render
from backtests.api.figures import Figures, episode_figures
from backtests.errors import ConfigError

if TYPE_CHECKING:
    from backtests.data.events import FedEvent
    from backtests.episodes.definitions import Episode
    from backtests.episodes.runner import Run


class Compared(Protocol):
    """What a comparison reads of each backtest (backtestview.Backtest has it all); named
    here so the two modules do not import each other."""

    @property
    def run(self) -> Run: ...
    @property
    def benchmark_run(self) -> Run: ...
    @property
    def episode_def(self) -> Episode: ...
    @property
    def regime_frame(self) -> pd.DataFrame: ...
    @property
    def events(self) -> tuple[FedEvent, ...]: ...
    @property
    def label(self) -> str: ...
    @property
    def episode(self) -> str: ...
    @property
    def benchmark(self) -> str: ...
    @property
    def metrics(self) -> pd.Series: ...
    @property
    def benchmark_metrics(self) -> pd.Series: ...


@dataclass(frozen=True, repr=False, eq=False)
class Comparison:
    """Several backtests over one episode, side by side (the first's benchmark beside them)."""

    results: tuple[Compared, ...]

    def __post_init__(self) -> None:
        eps = {r.episode for r in self.results}
        if len(eps) > 1:
            runs = ", ".join(f"{r.label} over {r.episode}" for r in self.results)
            raise ConfigError(f"compare: runs of one episode only, got {runs}; backtest each "
                              "over the same episode")

    @property
    def labels(self) -> list[str]:
        """Unique labels (a repeated label gets ' #2', ' #3')."""
        out: list[str] = []
        for r in self.results:
            name, k = r.label, 2
            while name in out:
                name, k = f"{r.label} #{k}", k + 1
            out.append(name)
        return out

    @property
    def metrics(self) -> pd.DataFrame:
        """Metric rows; one column per run, then the benchmark."""
        first = self.results[0]
        cols = {lab: r.metrics for lab, r in zip(self.labels, self.results, strict=True)}
        frame = pd.DataFrame({**cols, first.benchmark: first.benchmark_metrics})
        return frame.reindex(first.metrics.index)

    def table(self) -> pd.DataFrame:
        """`metrics`, plus first - second when two runs are compared."""
        frame = self.metrics
        if len(self.results) == 2:
            a, b = self.labels
            frame[f"{a} - {b}"] = frame[a] - frame[b]
        return frame

    def plot(self) -> Figures:
        """Every run and the benchmark on the report's episode chart; the first run's weights."""
        first = self.results[0]
        runs = [_relabel(r.run, lab) for lab, r in zip(self.labels, self.results, strict=True)]
        return episode_figures([*runs, first.benchmark_run], first.benchmark, runs[0],
                               first.regime_frame["regime"], first.events,
                               f"{', '.join(self.labels)} vs {first.benchmark}, {first.episode}")

    def _parts(self) -> tuple[list[str], list[list[str]], str, list[str]]:
        first = self.results[0]
        runs = [r.run.metrics for r in self.results]
        two = len(self.results) == 2
        header = ["metric", *self.labels, first.benchmark]
        header += ["difference"] if two else []
        rows = render.metric_rows(list(first.run.metrics), [*runs, first.benchmark_run.metrics],
                                  (0, 1) if two else None)
        notes = [f"difference = {self.labels[0]} - {self.labels[1]}"] if two else []
        return header, rows, f"{first.episode}: {first.episode_def.description}", notes

    def _repr_html_(self) -> str:
        return render.html_table(*self._parts())

    def __repr__(self) -> str:
        return render.text_table(*self._parts())


def _relabel(run: Run, label: str) -> Run:
    import dataclasses

    return run if run.strategy == label else dataclasses.replace(run, strategy=label)
