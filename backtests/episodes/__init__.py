"""The episodes stage: strategies x episodes, from the data to metrics tables.

definitions (episodes.toml, validated), windows (an episode on the data it runs on), dates
(where the dates come from), pipeline (data -> signals -> regimes in one call), runner (warm-up,
simulate, metrics), outputs (machine-readable results files). Import from the modules.
"""
