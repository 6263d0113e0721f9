"""Your own weights run: through the engine beside a benchmark (`backtest --weights`), or
registered as a rule named after the file (`run --weights`), so every report section a rule
gets is theirs too. Reading and checking the file: backtests.api.weights."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from backtests.api.checks import PYTHON, Names
from backtests.api.weights import (
    LABEL,
    WeightsParams,
    align,
    check_weights,
    from_frame,
    read_weights,
)
from backtests.errors import ConfigError

if TYPE_CHECKING:
    from backtests.api.backtestview import Backtest
    from backtests.data.events import FedEvent
    from backtests.engine.costs import Costs
    from backtests.episodes.definitions import Episode
    from backtests.episodes.runner import MarketData
    from strategies.thresholds import RegimeParams


class LoadedMarket(Protocol):
    """What a weights run reads of the API's Market, declared here so this module does not
    import backtests.api.market, which calls it (the two would import each other)."""

    loaded: MarketData
    episodes: dict[str, Episode]
    events: tuple[FedEvent, ...]

    @property
    def regime_params(self) -> RegimeParams: ...


def run_weights(market: LoadedMarket, weights: str | Path | pd.DataFrame, episode: Any, *,
                benchmark: str, costs: Costs | Mapping[str, Any] | None, label: str,
                names: Names = PYTHON) -> Backtest:
    """Check and align `weights`, then run them and `benchmark` over `episode`."""
    import dataclasses

    from backtests.api import episodechecks, paramchecks
    from backtests.api.backtestview import Backtest
    from backtests.episodes.runner import run_one
    from backtests.episodes.windows import check_window
    from strategies.registry import make_params

    if isinstance(weights, str | Path):
        source, frame = str(weights), read_weights(weights)
    else:
        source, frame = "weights", from_frame(weights)
    loaded = market.loaded
    name, ep = episodechecks.episode(episode, market.episodes, names("episode"))
    cost = paramchecks.costs(costs)
    bench = make_params(benchmark, {}, names("benchmark"))
    live = check_weights(frame, list(loaded.prices.columns), source)
    calendar = pd.DatetimeIndex(loaded.prices.index)
    aligned, notes = align(live, calendar, source)
    start, _ = check_window(name, ep, calendar, loaded.data_end)
    eve = calendar[max(0, int(calendar.searchsorted(start)) - 1)]
    if live.index[0] > eve:
        raise ConfigError(f"{source}: the first row is {live.index[0].date()}, but {name} "
                          f"starts {start.date()}; add a row on or before {eve.date()} (the "
                          "weights held on the first day are decided the day before)")
    run = run_one(loaded, LABEL, WeightsParams(source=source), name, ep, cost, aligned, label)
    result = dataclasses.replace(run.result, notes=(*notes, *run.result.notes))
    run = dataclasses.replace(run, result=result)
    base = run_one(loaded, benchmark, bench, name, ep, cost)
    return Backtest(run, base, ep, loaded.context.regimes, market.regime_params, cost,
                    market.events)


def register_weights(path: str | Path, label: str | None = None) -> str:
    """Your weights file as a rule named after it (or `label`), so `playbook run` puts it in
    every report section a rule gets: headline, scorecard, rules, now, attribution, tear
    sheets. Checked now against the universe's sleeves; aligned to the calendar it runs on."""
    from backtests.data.universe import load_universe
    from backtests.slug import check_name
    from strategies.registry import register
    from strategies.schema import Inputs
    from strategies.strategy import pandas_rule

    file = Path(path).resolve()
    name = label or file.stem
    check_name(name, f"--weights {path}: run label (the file's name)")
    live = check_weights(read_weights(file), list(load_universe().sleeves), str(path))

    def targets(inputs: Inputs, params: WeightsParams) -> pd.DataFrame:
        return align(live, inputs.index, str(path))[0]

    register(pandas_rule(name, WeightsParams, targets, scenario="your weights",
                         description=f"Target weights read from {file.name}: each row decided "
                                     "at that date's close, traded the next trading day.",
                         source=str(file)), replace=True)
    return name
