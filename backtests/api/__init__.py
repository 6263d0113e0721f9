"""The notebook API: a quant's loop in five lines, results that render themselves.

    from backtests import load
    market = load()
    base = market.backtest("contrarian_qe", episode="2008_gfc")
    fast = market.backtest("contrarian_qe", episode="2008_gfc", scale_in_days=10)
    fast.compare(base).plot()

    loader.py        load(): the store read once into a Market
    market.py        Market: backtest, run, sweep, now, replay
    specs.py         a backtest, sweep or run configuration checked in full before any data
                     is read
    backtestview.py  Backtest (one rule, one episode, beside its benchmark)
    comparison.py    Comparison (several backtests of one episode side by side)
    labels.py        run labels: the rule's name and what differs from its defaults
    runs.py          RunResults: a run configuration as tidy frames; .report(path);
                     committee_report
    sweeps.py        SweepResults: the grid's results, guards and verdict; .heatmap()
    views.py         now() and replay() (no market to load)
    nowreport.py     NowView, what now() returns
    replayreport.py  ReplayView, what replay() returns
    figures.py       the committee report's own plotly figures (Figures)
    checks.py        argument checks shared with the CLI (same messages, "did you mean"): how
                     arguments are spelled, run options
    paramchecks.py   ... rule parameters, regime thresholds, presets, costs
    episodechecks.py ... episodes
    render.py        HTML and text tables (user text escaped)

The `playbook` commands are a shell over these: they check their options with specs and
checks (spelled as options), then call Market.run_backtest / run_sweep, committee_report,
now and replay, and print what those return.

Importing this package loads pandas and pydantic only; vectorbt, numba and plotly load when
a method needs them.
"""

from backtests.api.backtestview import Backtest
from backtests.api.comparison import Comparison
from backtests.api.figures import Figures
from backtests.api.loader import load
from backtests.api.market import Market
from backtests.api.nowreport import NowView
from backtests.api.replayreport import ReplayView
from backtests.api.runs import RunResults
from backtests.api.sweeps import SweepResults
from backtests.api.views import now, replay

__all__ = ["Backtest", "Comparison", "Figures", "Market", "NowView", "ReplayView",
           "RunResults", "SweepResults", "load", "now", "replay"]
