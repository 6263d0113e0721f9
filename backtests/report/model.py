"""What one committee report is made of: the runs and everything computed from them once.

index.html (page.py) and report.pdf (pdf.py) both render a ReportData, so they agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from backtests.episodes import Episode
from backtests.report import attribution
from backtests.report.config import RunConfig
from backtests.report.rules import RuleText, describe_all
from backtests.report.style import strategy_styles
from backtests.runner import Market, Run
from strategies.regimes import STATES


@dataclass(frozen=True)
class Sheet:
    href: str  # relative to the report folder
    built: bool  # False: a placeholder page that says how to build it


@dataclass(frozen=True)
class ReportData:
    config: RunConfig
    runs: list[Run]
    market: Market
    episodes: dict[str, Episode]
    run_id: str
    provenance: dict[str, Any]
    sheets: dict[tuple[str, str], Sheet] = field(default_factory=dict)
    attribution: dict[str, attribution.EpisodeAttribution] = field(default_factory=dict)

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
        return describe_all(self.runs, self.labels, self.market)

    def window(self, episode: str) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The dates actually simulated (first and last close) for an episode."""
        value = next(r for r in self.runs if r.episode == episode).result.value
        return value.index[0], value.index[-1]

    def of(self, episode: str) -> list[Run]:
        return [r for r in self.runs if r.episode == episode]


def attribute(runs: list[Run], market: Market, benchmark: str,
              episodes: list[str]) -> dict[str, attribution.EpisodeAttribution]:
    """Every episode's attribution against the benchmark (sleeve returns computed once)."""
    sleeve_returns = market.prices.pct_change(fill_method=None)
    return {e: attribution.episode([r for r in runs if r.episode == e], market, benchmark,
                                   list(STATES), sleeve_returns) for e in episodes}
