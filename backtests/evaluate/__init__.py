"""The evaluate stage: metrics on a result's daily returns, their uncertainty, the scorecard.

metrics_core (compiled, shared with sweeps), metrics, uncertainty (block bootstrap), scorecard.
Import from the modules.
"""
