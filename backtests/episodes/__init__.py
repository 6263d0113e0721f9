"""The episodes stage: strategies x episodes, from the data to metrics tables.

definitions (episodes.toml, validated), windows (an episode on the data it runs on), dates
(where the dates come from), pipeline (data -> signals -> regimes in one call), runconfig (a
run configuration, validated) and resolve (made concrete: parameters, episodes, costs, run
identity), runner (warm-up, simulate, metrics), attribution (where each run's edge came from),
outputs (machine-readable results files). Import from the modules.
"""
