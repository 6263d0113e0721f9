"""`Backtest`: one rule over one episode beside its benchmark.

A view over the runner's `Run` objects (the engine's results): nothing is recomputed here
except differences of metrics for display; `.compare()` makes a `Comparison`
(backtests.api.comparison).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from backtests.api import render
from backtests.api.comparison import Comparison
from backtests.api.figures import Figures, episode_figures

if TYPE_CHECKING:
    from backtests.data.events import FedEvent
    from backtests.engine.costs import Costs
    from backtests.episodes.definitions import Episode
    from backtests.episodes.runner import Run
    from strategies.params import Params
    from strategies.regimes import RegimeParams


@dataclass(frozen=True, repr=False, eq=False)
class Backtest:
    """`label` over `episode`, with the benchmark's run over the same window.

    `.metrics` (a Series), `.returns`, `.weights`, `.regimes`, `.audit`, `.compare(other)`,
    `.plot()`; shows itself as a metrics table beside the benchmark's.
    """

    run: Run
    benchmark_run: Run
    episode_def: Episode
    regime_frame: pd.DataFrame  # the regime machine's output over the whole history
    regime_params: RegimeParams
    costs: Costs
    events: tuple[FedEvent, ...]

    @property
    def label(self) -> str:
        return self.run.strategy

    @property
    def strategy(self) -> str:
        return self.run.rule or self.run.strategy

    @property
    def episode(self) -> str:
        return self.run.episode

    @property
    def benchmark(self) -> str:
        return self.benchmark_run.strategy

    @property
    def params(self) -> Params:
        return self.run.params

    @property
    def window(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        index = self.run.result.returns.index
        return pd.Timestamp(index[0]), pd.Timestamp(index[-1])

    @property
    def metrics(self) -> pd.Series:
        return pd.Series(self.run.metrics, name=self.label, dtype="float64")

    @property
    def benchmark_metrics(self) -> pd.Series:
        return pd.Series(self.benchmark_run.metrics, name=self.benchmark, dtype="float64")

    @property
    def returns(self) -> pd.Series:
        """Daily returns after costs (the first day's is the cost of getting in)."""
        return self.run.result.returns

    @property
    def value(self) -> pd.Series:
        return self.run.result.value

    @property
    def weights(self) -> pd.DataFrame:
        """Weights actually held at each close."""
        return self.run.result.weights

    @property
    def targets(self) -> pd.DataFrame:
        """Targets the rule decided at each close (traded the next day; NaN = no order)."""
        return self.run.result.targets

    @property
    def orders(self) -> pd.DataFrame:
        return self.run.result.orders

    @property
    def notes(self) -> tuple[str, ...]:
        return self.run.result.notes

    @property
    def regimes(self) -> pd.DataFrame:
        """The regime machine's state each day of the window, with the reason it holds."""
        start, end = self.window
        return self.regime_frame.loc[start:end]

    @property
    def audit(self) -> pd.DataFrame:
        """Each regime change in the window: trigger (value vs threshold), inputs that could
        not be read, and the targets decided just before and on the day (as in the report)."""
        from backtests.report.tables import audit_rows
        from strategies.regimes import transitions

        changes = transitions(self.regimes)
        rows = {r["date"]: r for r in audit_rows(changes, self.run)}
        records = [{"date": t.date, "from": t.before, "to": t.after, "trigger": t.reason,
                    "unknown": t.unknown, "before": rows.get(str(t.date.date()), {}).get(
                        "before", ""), "after": rows.get(str(t.date.date()), {}).get("after", "")}
                   for t in changes]
        columns = ["date", "from", "to", "trigger", "unknown", "before", "after"]
        return pd.DataFrame(records, columns=columns).set_index("date")

    def table(self) -> pd.DataFrame:
        """Metrics of this run, of the benchmark, and the difference (metric rows)."""
        mine, base = self.metrics, self.benchmark_metrics.reindex(self.metrics.index)
        return pd.DataFrame({self.label: mine, self.benchmark: base, "difference": mine - base})

    def compare(self, *others: Backtest) -> Comparison:
        """This run beside others over the same episode (e.g. the same rule, one parameter
        changed); `.plot()` draws them on one chart."""
        return Comparison((self, *others))

    def plot(self) -> Figures:
        """The report's figures for this run: growth and drawdown beside the benchmark with
        regimes shaded and Fed events marked, and the weights held."""
        return episode_figures([self.run, self.benchmark_run], self.benchmark, self.run,
                               self.regime_frame["regime"], self.events, self._title())

    def write(self, folder: str | Path) -> list[Path]:
        """metrics.csv, returns.parquet and weights.parquet, as `playbook backtest --out`."""
        from backtests.api.checks import out_folder
        from backtests.episodes.outputs import write_results

        return write_results([self.run, self.benchmark_run], out_folder(folder, "folder"),
                             self.benchmark)

    def _title(self) -> str:
        start, end = self.window
        return f"{self.label} vs {self.benchmark}, {self.episode} ({start.date()}..{end.date()})"

    def _parts(self) -> tuple[list[str], list[list[str]], str, list[str]]:
        header = ["metric", self.label, self.benchmark, "difference"]
        rows = render.metric_rows(list(self.run.metrics), [self.run.metrics,
                                                           self.benchmark_run.metrics], (0, 1))
        notes = [f"{self.episode_def.description}", *self.notes]
        return header, rows, self._title(), notes

    def _repr_html_(self) -> str:
        return render.html_table(*self._parts())

    def __repr__(self) -> str:
        return render.text_table(*self._parts())
