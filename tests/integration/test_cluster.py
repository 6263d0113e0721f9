"""A sweep on a Dask LocalCluster (two worker processes) equals the in-process sweep."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.engine.portfolio import Costs
from backtests.episodes.definitions import load_episodes
from backtests.episodes.runner import load_market
from backtests.errors import ConfigError
from backtests.sweep.cluster import executor
from backtests.sweep.grid import parse_grid
from backtests.sweep.run import run_sweep

pytestmark = pytest.mark.integration


def test_two_worker_processes_give_the_in_process_results(real_store: Store,
                                                          universe: Universe) -> None:
    market = load_market(real_store, universe)
    grid = parse_grid({"grid": {"scale_in_days": [5, 20, 40], "hold_months": [3, 12],
                                "regime.vix_relief": [0.25, 0.3]}}, "playbook", "test")
    episodes = {e: load_episodes()[e] for e in ("2008_gfc", "2020_covid")}
    local = run_sweep(market, grid, episodes, Costs(), blocks=4)
    with executor(market, real_store.root, workers=2) as ex:
        remote = run_sweep(market, grid, episodes, Costs(), blocks=4, executor=ex)
    pd.testing.assert_frame_equal(local.table, remote.table)
    for name in episodes:
        assert np.array_equal(local.blocks[name], remote.blocks[name])
    assert local.unique_paths == remote.unique_paths


def test_scheduler_and_workers_together_are_refused(real_store: Store, universe: Universe) -> None:
    market = load_market(real_store, universe)
    with pytest.raises(ConfigError, match="not both"), executor(market, real_store.root,
                                                                "tcp://x:1", 2):
        pass
