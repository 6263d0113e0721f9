"""qe-playbook framework: data store, point-in-time panel, engine, episodes, reports, CLI.

The notebook API (backtests.api) is reachable from here, loaded on first use so that
`import backtests` and the CLI stay instant:

    import backtests as pb
    market = pb.load()
    market.backtest("contrarian_qe", episode="2008_gfc", scale_in_days=10)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backtests.paths import PROJECT_ROOT

# The public facade, resolved lazily by __getattr__ (PEP 562): nothing heavy at import time.
API = ("load", "Market", "Backtest", "Comparison", "RunResults", "SweepResults", "NowView",
       "ReplayView", "Figures")

__all__ = ["PROJECT_ROOT", "load", "Market", "Backtest", "Comparison", "RunResults",
           "SweepResults", "NowView", "ReplayView", "Figures"]

if TYPE_CHECKING:
    from backtests.api import (
        Backtest,
        Comparison,
        Figures,
        Market,
        NowView,
        ReplayView,
        RunResults,
        SweepResults,
        load,
    )


def __getattr__(name: str) -> Any:
    if name in API:
        from backtests import api

        return getattr(api, name)
    raise AttributeError(f"module 'backtests' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted({*globals(), *API})
