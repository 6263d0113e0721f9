"""`ReplayView`: one forward analogue (if a past crisis started today, HYPOTHETICAL) as frames,
tables and figures for a notebook; backtests.api.views.replay() makes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from backtests.api import render
from backtests.api.figures import Figures

if TYPE_CHECKING:
    from backtests.scenarios.replay import Replay


@dataclass(frozen=True, repr=False, eq=False)
class ReplayView:
    """One forward analogue (HYPOTHETICAL): `.outcomes`, `.allocations`, `.regime_changes`,
    `.paths`, `.description`, `.plot()`."""

    replay: Replay
    benchmark: str = "sixty_forty"

    @property
    def outcomes(self) -> pd.DataFrame:
        """Return and worst drawdown from the start at 6/12/24 months, and vs the benchmark."""
        from backtests.scenarios import summary

        return summary.outcomes(self.replay, self.benchmark)

    @property
    def allocations(self) -> pd.DataFrame:
        from backtests.scenarios import summary

        return summary.allocations(self.replay)

    @property
    def regime_changes(self) -> pd.DataFrame:
        from backtests.scenarios import summary

        return summary.regime_changes(self.replay)

    @property
    def paths(self) -> pd.DataFrame:
        from backtests.scenarios import summary

        return summary.paths(self.replay)

    @property
    def description(self) -> list[str]:
        """The replay's assumptions in plain words (as `playbook replay` prints them)."""
        from backtests.scenarios import summary

        return summary.describe(self.replay)

    def plot(self) -> Figures:
        """The report's figures of this replay: each strategy's path and the weights held."""
        from backtests.scenarios.replay_figures import allocation_figure, path_figure

        return Figures(path_figure(self.replay, self.benchmark), allocation_figure(self.replay))

    def _parts(self) -> tuple[list[str], list[list[str]], str, list[str]]:
        from backtests.scenarios.summary import pct

        out = self.outcomes
        horizons = list(dict.fromkeys(out["horizon_months"]))
        rows = []
        for name, mine in out.groupby("strategy", sort=False):
            by = mine.set_index("horizon_months")
            rows.append([str(name), *(f"{pct(by.loc[h, 'total_return'])} / "
                                      f"{pct(by.loc[h, 'max_drawdown'])}" for h in horizons)])
        r = self.replay
        caption = (f"HYPOTHETICAL: {r.label} from {r.scenario.start.day.date()}: return / worst "
                   "drawdown from the start")
        return ["strategy", *(f"{h}m" for h in horizons)], rows, caption, [
            "Not a forecast: one past crisis's moves applied to today's data."]

    def _repr_html_(self) -> str:
        return render.html_table(*self._parts())

    def __repr__(self) -> str:
        return render.text_table(*self._parts())
