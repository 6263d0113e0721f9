"""The committee run from Python: a run configuration's strategies x episodes as tidy frames,
and the committee report, written by `committee_report` for `RunResults.report` and for
`playbook run` alike."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from backtests.api import checks, render
from backtests.api.checks import PYTHON, Names

if TYPE_CHECKING:
    from backtests.committee.job import ReportSummary
    from backtests.data.events import FedEvent
    from backtests.data.store import Store
    from backtests.episodes.runconfig import RunConfig
    from backtests.episodes.runner import MarketData, Run
    from strategies.regimes import RegimeParams

TearSheets = bool | str | None  # True/"all", False/"none", "highlight"; None: the configuration's


def committee_report(config: RunConfig, store: Store, out: str | Path = "reports",
                     progress: Callable[[str, int, int], None] | None = None,
                     tear_sheets: TearSheets = None, names: Names = PYTHON) -> ReportSummary:
    """Run `config` (see specs.run_config) and write its committee report to
    `out`/<run-id>/ and `out`/latest, the folder checked writable before any work.
    `progress(stage, done, total)` follows the steps; `names` spells `out` in errors."""
    from backtests.committee.job import build_report

    folder = checks.out_folder(out, names("out"))
    return build_report(_sheets(config, tear_sheets, names), store, folder, progress)


def _sheets(config: RunConfig, tear_sheets: TearSheets, names: Names) -> RunConfig:
    """`config` with the tear sheets asked for (None: as the configuration says)."""
    if tear_sheets is None:
        return config
    mode = checks.tear_sheets(tear_sheets, names("tear_sheets"))
    return config.model_copy(update={"tear_sheets": mode})


def run_configuration(config: RunConfig, store: Store,
                      classified: Callable[[RegimeParams], MarketData],
                      events: tuple[FedEvent, ...]) -> RunResults:
    """Every run of `config` (Market.run): on the market's data classified under its
    thresholds (`classified`), or on its own universe loaded as `playbook run` loads it."""
    from backtests.episodes.resolve import resolve, run_universe
    from backtests.episodes.runner import load_market, run_matrix

    params, rules, chosen, cost = resolve(config)
    universe = run_universe(config)
    market = (classified(config.regime) if universe is None else
              load_market(store, universe, config.regime, list(events)))
    return RunResults(config, run_matrix(market, params, chosen, cost, rules), store, market)


@dataclass(frozen=True, repr=False, eq=False)
class RunResults:
    """Every run of a configuration. `.metrics` is the long metrics.csv layout (strategy,
    episode, metric, value, with `<metric>_vs_<benchmark>` rows); `.report(path)` writes the
    committee report of this configuration."""

    config: RunConfig
    runs: list[Run]
    store: Store
    market: MarketData  # the data the runs were made on (the report renders it with them)
    intervals: pd.DataFrame = field(init=False)  # bootstrap intervals of the differences
    metrics: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        from backtests.episodes.runner import metrics_table
        from backtests.evaluate.uncertainty import run_intervals

        # as committee.job: the intervals are computed on the runs, then become metric rows
        intervals = run_intervals(self.runs, self.benchmark, self.market.cash_returns)
        object.__setattr__(self, "intervals", intervals)
        object.__setattr__(self, "metrics", metrics_table(self.runs, self.benchmark, intervals))

    @property
    def benchmark(self) -> str:
        return self.config.benchmark

    @property
    def strategies(self) -> list[str]:
        return list(dict.fromkeys(r.strategy for r in self.runs))

    @property
    def episodes(self) -> list[str]:
        return list(dict.fromkeys(r.episode for r in self.runs))

    def wide(self, metric: str = "total_return") -> pd.DataFrame:
        """One metric as a strategy x episode table (in run order)."""
        rows = self.metrics[self.metrics["metric"] == metric]
        if rows.empty:
            from backtests.api.checks import one_of

            raise one_of("metric", metric, list(dict.fromkeys(self.metrics["metric"])))
        table = rows.pivot_table(index="strategy", columns="episode", values="value",
                                 aggfunc="first")
        return table.reindex(index=self.strategies, columns=self.episodes)

    def scorecard(self) -> pd.DataFrame:
        """Design vs hold-out crises: episodes beaten and median differences vs the
        benchmark (as `playbook run` prints it)."""
        from backtests.evaluate.scorecard import scorecard

        return scorecard(self.metrics, {r.episode: r.role for r in self.runs}, self.benchmark)

    def returns(self) -> pd.DataFrame:
        """Daily returns, one column per 'strategy|episode' (as returns.parquet)."""
        return pd.DataFrame({f"{r.strategy}|{r.episode}": r.result.returns for r in self.runs})

    def write(self, folder: str | Path) -> list[Path]:
        """metrics.csv, returns.parquet and weights.parquet only (no report)."""
        from backtests.episodes.outputs import write_results

        return write_results(self.runs, checks.out_folder(folder, "folder"), self.benchmark,
                             self.intervals)

    def report(self, out: str | Path = "reports", tear_sheets: TearSheets = None) -> Path:
        """Write the committee report of these runs to `out`/<run-id>/ (and `out`/latest):
        the report `playbook run --out OUT` writes for this configuration, rendered from the
        runs held here (nothing is run again); returns its index.html (absolute).

        `tear_sheets=False` skips the quantstats tear sheets (as --no-tear-sheets); "all" or
        "highlight" as --tear-sheets."""
        from backtests.committee.job import write_report

        folder = checks.out_folder(out, "out")
        config = _sheets(self.config, tear_sheets, PYTHON)
        return write_report(config, self.store, self.market, self.runs, folder).index.resolve()

    def _parts(self) -> tuple[list[str], list[list[str]], str, list[str]]:
        total = self.wide("total_return").to_numpy(dtype=float)
        dd = self.wide("max_drawdown").to_numpy(dtype=float)
        rows = [[s, *(_cell(total[i, j], dd[i, j]) for j in range(len(self.episodes)))]
                for i, s in enumerate(self.strategies)]
        caption = f"{self.config.title}: total return / max drawdown (benchmark {self.benchmark})"
        notes = [f"{len(self.metrics)} metric rows in .metrics (the metrics.csv layout); "
                 ".report(path) writes the committee report"]
        return ["strategy", *self.episodes], rows, caption, notes

    def _repr_html_(self) -> str:
        return render.html_table(*self._parts())

    def __repr__(self) -> str:
        return render.text_table(*self._parts())


def _cell(total: float, dd: float) -> str:
    if math.isnan(total):
        return "–"
    return f"{total:+.1%} / {dd:+.1%}"
