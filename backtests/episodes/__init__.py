"""The episodes stage: strategies x episodes, from the data to metrics tables.

definitions (episodes.toml, validated), dates (where the dates come from), pipeline
(data -> signals -> regimes in one call), runner (warm-up, simulate, metrics), outputs
(machine-readable results files). Import from the modules.
"""
