"""A parameter sweep from Python: the results frame, the overfitting guards and the verdict,
as `playbook sweep` computes them (backtests.sweep.orchestrate.build_sweep), and its heatmaps."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from backtests.api import render
from backtests.api.figures import sweep_heatmap
from backtests.errors import ConfigError

if TYPE_CHECKING:
    from backtests.sweep.orchestrate import SweepSummary
    from backtests.sweep.walkforward import WalkForward


@dataclass(frozen=True, repr=False, eq=False)
class SweepResults:
    """`.results` (one row per combination x episode), `.loeo`, `.deflated_sharpe`, `.pbo`,
    `.verdict`, `.best`, `.page` (the sweep page written like `playbook sweep`'s), and
    `.walk_forward` when asked for."""

    summary: SweepSummary
    metric: str
    walk_forward: WalkForward | None = None

    @property
    def results(self) -> pd.DataFrame:
        return self.summary.result.table

    @property
    def strategy(self) -> str:
        return self.summary.result.grid.strategy

    @property
    def axes(self) -> dict[str, list[Any]]:
        return self.summary.result.grid.axes

    @property
    def invalid(self) -> pd.DataFrame:
        """Combinations refused by the rule's validation, with the reason."""
        rows = [{**combo, "reason": why} for combo, why in self.summary.result.grid.invalid]
        return pd.DataFrame(rows, columns=[*self.axes, "reason"])

    @property
    def loeo(self) -> pd.DataFrame:
        """Leave-one-episode-out: chosen on the other crises, scored on the held-out one."""
        return self.summary.loeo

    @property
    def deflated_sharpe(self) -> float | None:
        return self.summary.dsr

    @property
    def pbo(self) -> float | None:
        return self.summary.pbo

    @property
    def verdict(self) -> str:
        return self.summary.verdict

    @property
    def best(self) -> dict[str, Any]:
        """The combination with the best mean `metric` over the episodes."""
        return self.summary.best

    @property
    def page(self) -> Path:
        return self.summary.index.resolve()

    def ranking(self, top: int = 10) -> pd.DataFrame:
        """Combinations by their mean `metric` over the episodes, best first."""
        mean = self.results.groupby("combo")[self.metric].mean().sort_values(ascending=False)
        combos = pd.DataFrame(self.summary.result.grid.combos)
        out = combos.loc[mean.index[:top]].assign(**{f"mean_{self.metric}": mean.iloc[:top]})
        return out.rename_axis("combo")

    def heatmap(self, x: str | None = None, y: str | None = None,
                episode: str | None = None) -> Any:
        """The sweep page's heatmap of the metric over two swept parameters (default: the
        first two), for one episode or (None) the mean over episodes."""
        from backtests.api.checks import one_of

        swept = [a for a, v in self.axes.items() if len(v) >= 2]
        if x is None and y is None:
            if len(swept) < 2:
                raise ConfigError(f"heatmap: the grid sweeps {len(swept)} parameter(s) with "
                                  "two or more values; a heatmap needs two")
            x, y = swept[0], swept[1]
        elif x is None or y is None:
            raise ConfigError("heatmap: give both x and y, or neither (the first two swept "
                              "parameters)")
        for name in (x, y):
            if name not in swept:
                raise one_of("heatmap", name, swept)
        episodes = list(dict.fromkeys(self.results["episode"]))
        if episode is not None and episode not in episodes:
            raise one_of("heatmap episode", episode, episodes)
        return sweep_heatmap(self.results, self.summary.result.grid.combos, x, y, episode,
                             self.metric)

    def _parts(self) -> tuple[list[str], list[list[str]], str, list[str]]:
        res = self.summary.result
        rank = self.ranking(5)
        header = ["combo", *self.axes, f"mean {self.metric}"]
        combos = res.grid.combos
        means = rank[f"mean_{self.metric}"]
        rows = [[str(c), *(str(combos[c][a]) for a in self.axes), _num(v)]
                for c, v in zip(means.index.tolist(), means.tolist(), strict=True)]
        caption = (f"{self.strategy}: {len(res.grid.params)} combinations x "
                   f"{len(set(self.results['episode']))} episodes, best by mean {self.metric}")
        guards = (f"deflated Sharpe {_num(self.deflated_sharpe)}, PBO "
                  f"{_pct(self.pbo)}, {len(res.grid.invalid)} invalid combination(s)")
        notes = [guards, self.verdict]
        if self.walk_forward is not None:
            from backtests.sweep.walkforward import sentence

            notes.append(sentence(self.walk_forward))
        return header, rows, caption, [*notes, f"page: {self.page}"]

    def _repr_html_(self) -> str:
        return render.html_table(*self._parts())

    def __repr__(self) -> str:
        return render.text_table(*self._parts())


def _num(v: float | None) -> str:
    return "–" if v is None or math.isnan(v) else f"{v:.3f}"


def _pct(v: float | None) -> str:
    return "–" if v is None or math.isnan(v) else f"{v:.0%}"
