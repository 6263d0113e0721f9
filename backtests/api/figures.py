"""The report's own plotly figures for API results (no chart is drawn twice).

`Figures` holds the figures of one result and shows each of them in a notebook. plotly is
imported only when a figure is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import pandas as pd

    from backtests.data.events import FedEvent
    from backtests.episodes.runner import Run


class Figures(NamedTuple):
    """A result's charts, as in the committee report: `growth` (growth of 1, drawdown,
    regimes shaded, Fed events marked) and `allocation` (the weights held)."""

    growth: Any  # plotly.graph_objects.Figure
    allocation: Any

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for fig in self:
            display(fig)

    def show(self) -> None:
        """Open each figure with plotly's default renderer (a browser outside notebooks)."""
        for fig in self:
            fig.show()

    def __repr__(self) -> str:
        titles = [str(f.layout.title.text or "") for f in self]
        return f"Figures(growth={titles[0]!r}, allocation={titles[1]!r})"


def episode_figures(runs: Sequence[Run], benchmark: str, highlight: Run, regimes: pd.Series,
                    events: Sequence[FedEvent], title: str) -> Figures:
    """charts.episode_figure over `runs` and charts.allocation_figure of `highlight`."""
    from backtests.report import charts
    from backtests.report.style import strategy_styles

    styles = strategy_styles([r.strategy for r in runs], benchmark)
    growth = charts.episode_figure(list(runs), benchmark, regimes, tuple(events), styles,
                                   highlight.strategy)
    growth.update_layout(title=title, margin={"t": 80})
    return Figures(growth, charts.allocation_figure(highlight))


def sweep_heatmap(table: pd.DataFrame, combos: list[dict[str, Any]], x: str, y: str,
                  episode: str | None, metric: str) -> Any:
    """The sweep page's heatmap of `metric` over two swept parameters (None: the mean)."""
    from backtests.sweep.sweep_page import heatmap_figure

    return heatmap_figure(table, combos, x, y, episode, metric)
