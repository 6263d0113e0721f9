"""The engine stage: target weights -> a simulated portfolio, through one compiled core.

core (the compiled simulation), execution (decisions -> orders), rebalance (the band), costs,
and portfolio (the pandas front end: `simulate`, `BacktestResult`). Import from the modules.
"""
