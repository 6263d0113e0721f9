"""If it started today: forward analogues (hypothetical continuations built from past crises).

From the last day on which every sleeve has data (the start), every series continues with a
historical crisis's daily moves, the crisis's Fed events are shifted by the same whole-week
offset, and the unchanged pipeline (publication lags, signals, regimes, rules, engine) runs on
the extended data. Everything after the start is synthetic and marked so in every output.

    analogue.py        which crisis, its anchor (market peak) and window; a user-named window
    methods.py         how each series continues (returns, changes with a floor, ratios)
    crisis.py          the crisis days replayed, and each sleeve's returns on them
    continuation.py    one series continued (by returns or observations), the whole-week shift
    extend.py          the continuation of every series, and what was continued how
    scenario_store.py  a read-only store over real history (cut at the start) + the continuation
    replay.py          the unchanged pipeline and engine on a scenario store
    summary.py         tidy tables: outcomes at 6/12/24 months, allocations, paths
    replay_figures.py  plotly figures and the report's HTML fragment
"""
