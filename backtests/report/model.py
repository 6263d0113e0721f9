"""What one committee report is made of: the runs and everything computed from them once
(backtests.committee computes it; report/ only renders it).

index.html (page.py) and report.pdf (pdf.py) both render a ReportData, so they agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from backtests.episodes import attribution
from backtests.episodes.definitions import Episode
from backtests.episodes.runconfig import RunConfig
from backtests.episodes.runner import MarketData, Run
from backtests.evaluate.scorecard import scorecard
from backtests.now.answer import Now
from backtests.report.ruletext import RuleText, describe_all
from backtests.report.style import strategy_styles


@dataclass(frozen=True)
class Analogues:
    html: str  # the section (figure divs only: the page embeds plotly.js once)
    outcomes: pd.DataFrame  # analogue, qe, strategy, horizon_months, ... (analogues.csv)
    reused: bool  # read from the cache
    start: str = ""  # the replays' first day (where the backtests stop)
    # analogue -> (date, months after the start) of its first replayed QE announcement
    arrivals: dict[str, tuple[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Sheet:
    href: str  # relative to the report folder
    built: bool  # False: a placeholder page that says how to build it


@dataclass(frozen=True)
class ReportData:
    config: RunConfig
    runs: list[Run]
    market: MarketData
    episodes: dict[str, Episode]
    run_id: str
    provenance: dict[str, Any]
    sheets: dict[tuple[str, str], Sheet] = field(default_factory=dict)
    attribution: dict[str, attribution.EpisodeAttribution] = field(default_factory=dict)
    metrics: pd.DataFrame | None = None  # metrics.csv's table (runner.metrics_table)
    intervals: pd.DataFrame | None = None  # uncertainty.run_intervals vs the benchmark
    now: Now | None = None  # the "now" panel on the signals' last day
    analogues: str = ""  # "If it started today": an HTML fragment (HYPOTHETICAL)
    forward: Analogues | None = None  # the same replays' outcomes, for report.pdf
    alerts: dict[str, pd.DataFrame] = field(default_factory=dict)  # episode -> alert stream

    @property
    def benchmark(self) -> str:
        return self.config.benchmark

    @property
    def labels(self) -> list[str]:
        return list(dict.fromkeys(r.strategy for r in self.runs))

    @property
    def styles(self) -> dict[str, tuple[str, str | None]]:
        return strategy_styles(self.labels, self.benchmark)

    @cached_property
    def rules(self) -> list[RuleText]:
        from backtests.report.runnotes import run_notes

        return describe_all(self.runs, self.labels, self.market, run_notes(self.config))

    @property
    def timing(self) -> str | None:
        """The timing benchmark, when it was run."""
        t = self.config.timing_benchmark
        return t if t in self.labels else None

    @property
    def roles(self) -> dict[str, str]:
        return {name: ep.role for name, ep in self.episodes.items()}

    @cached_property
    def scorecards(self) -> dict[str, pd.DataFrame]:
        """benchmark (and timing benchmark) -> scorecard() of the run's metrics against it."""
        if self.metrics is None:
            return {}
        against = [b for b in (self.benchmark, self.timing) if b is not None]
        return {b: scorecard(self.metrics, self.roles, b) for b in against}

    def window(self, episode: str) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The dates actually simulated (first and last close) for an episode."""
        value = next(r for r in self.runs if r.episode == episode).result.value
        return value.index[0], value.index[-1]

    def signal_window(self, episode: str) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The dates whose signals an episode's alerts and audit trail show: its window, run
        on to the signals' last day when the episode is defined to the end of the data."""
        start, end = self.window(episode)
        if self.episodes[episode].end == "latest":
            end = max(end, self.market.context.signals.index[-1])
        return start, end

    def of(self, episode: str) -> list[Run]:
        return [r for r in self.runs if r.episode == episode]
