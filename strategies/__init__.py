"""The article's playbook as pure rules: signals -> regimes -> target weights.

This package never imports `backtests`: it takes DataFrames and returns DataFrames.
"""
