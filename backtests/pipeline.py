"""data -> signals -> regimes in one call, shared by the CLI, the runner and the tests."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from backtests.data.events import FedEvent, load_events
from backtests.data.panel import build_panel
from backtests.data.store import Store
from backtests.data.universe import Universe, load_universe
from strategies.regimes import DEFAULT_REGIME, RegimeParams, classify
from strategies.signals import compute_signals


@dataclass(frozen=True)
class Context:
    """Everything a strategy may read, point-in-time, on the trading calendar."""

    panel: pd.DataFrame
    signals: pd.DataFrame
    regimes: pd.DataFrame
    regime_params: RegimeParams


def build_context(store: Store, universe: Universe | None = None,
                  events: list[FedEvent] | None = None,
                  regime_params: RegimeParams | None = None,
                  cutoff: pd.Timestamp | None = None) -> Context:
    """Panel (publication lags applied), signals and regimes; `cutoff` = data known then."""
    params = DEFAULT_REGIME if regime_params is None else regime_params
    panel = build_panel(store, universe or load_universe(),
                        load_events() if events is None else events, cutoff)
    signals = compute_signals(panel, params.vix_window)
    return Context(panel, signals, classify(signals, params), params)


def reclassify(ctx: Context, params: RegimeParams) -> Context:
    """The same panel under other regime parameters (signals recomputed only if a window
    they read changed)."""
    if params == ctx.regime_params:
        return ctx
    signals = (ctx.signals if params.vix_window == ctx.regime_params.vix_window
               else compute_signals(ctx.panel, params.vix_window))
    return Context(ctx.panel, signals, classify(signals, params), params)
