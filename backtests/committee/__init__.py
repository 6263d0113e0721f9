"""The committee run: every run of a configuration, what is computed from the runs (now panel,
alerts, attribution, "If it started today"), then the report rendered by backtests.report,
written atomically. job (the two entries: run and report, or report runs already made),
stages (each step after the backtests), analogues (the replays and their cache), provenance
(run.json), timing (CPU and wall per step). Import from the modules.
"""
