"""Golden metrics: every metric of every committee run over every episode (design, hold-out
and overall), bootstrap intervals included, pinned at rtol 1e-8 in tests/golden/metrics.csv.

A change that moves any number fails here with one line per metric (strategy / episode /
metric, expected vs got). If the change is meant to move them, regenerate the file with
`make golden`, review its diff and commit it with the change.
"""

from __future__ import annotations

import os

import pandas as pd
import pytest

from backtests.episodes.definitions import load_episodes
from backtests.episodes.outputs import atomic_write
from backtests.episodes.resolve import resolve
from backtests.episodes.runconfig import load_config
from backtests.episodes.runner import MarketData, metrics_table, run_matrix
from backtests.evaluate.uncertainty import run_intervals
from tests.golden import ENV, GOLDEN, differences, message

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def got(real_market: MarketData) -> pd.DataFrame:
    config = load_config()
    params, rules, _, costs = resolve(config)
    runs = run_matrix(real_market, params, load_episodes(), costs, rules)
    intervals = run_intervals(runs, config.benchmark, real_market.cash_returns)
    return metrics_table(runs, config.benchmark, intervals)


def test_every_metric_matches_the_golden_file(got: pd.DataFrame) -> None:
    if os.environ.get(ENV) == "1":
        atomic_write(GOLDEN, lambda p: got.to_csv(p, index=False))  # repr: exact floats
        pytest.skip(f"regenerated {GOLDEN} ({len(got)} rows): review `git diff` and commit it")
    assert GOLDEN.exists(), f"{GOLDEN} is missing; create it with `make golden`"
    expected = pd.read_csv(GOLDEN)
    problems = differences(expected, got)
    assert not problems, message(problems)
    assert len(expected) == len(got)


def test_the_golden_file_covers_every_strategy_episode_and_the_intervals() -> None:
    expected = pd.read_csv(GOLDEN)
    config = load_config()
    assert set(expected["strategy"]) == {r.key for r in config.runs}
    assert set(expected["episode"]) == set(load_episodes())
    assert {"total_return", "sharpe", "max_drawdown", "cagr_vs_sixty_forty_lo",
            "sharpe_vs_sixty_forty_excludes_zero"} <= set(expected["metric"])
