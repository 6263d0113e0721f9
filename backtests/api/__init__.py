"""The notebook API: a quant's loop in five lines, results that render themselves.

    from backtests import load
    market = load()
    base = market.backtest("contrarian_qe", episode="2008_gfc")
    fast = market.backtest("contrarian_qe", episode="2008_gfc", scale_in_days=10)
    fast.compare(base).plot()

    market.py   load() and Market: backtest, run, sweep, now, replay
    results.py  Backtest (one rule, one episode, beside its benchmark) and Comparison
    runs.py     RunResults: a run configuration as tidy frames; .report(path)
    sweeps.py   SweepResults: the grid's results, guards and verdict; .heatmap()
    views.py    NowView and ReplayView
    figures.py  the committee report's own plotly figures (Figures)
    checks.py   argument checks shared with the CLI (same messages, "did you mean")
    render.py   HTML and text tables (user text escaped)

Importing this package loads pandas and pydantic only; vectorbt, numba and plotly load when
a method needs them.
"""

from backtests.api.figures import Figures
from backtests.api.market import Market, load
from backtests.api.results import Backtest, Comparison
from backtests.api.runs import RunResults
from backtests.api.sweeps import SweepResults
from backtests.api.views import NowView, ReplayView

__all__ = ["Backtest", "Comparison", "Figures", "Market", "NowView", "ReplayView",
           "RunResults", "SweepResults", "load"]
