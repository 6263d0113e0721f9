"""A rule the fused sweep cannot run (a pandas rule) is swept through the single-run path: its
parameter matters in the sweep exactly as in single backtests, and the sweep says so."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from backtests.cli import main
from backtests.data.store import Store
from backtests.engine.costs import Costs
from backtests.episodes.definitions import load_episodes
from backtests.episodes.runner import MarketData, run_one
from backtests.sweep.chunks import CORE
from backtests.sweep.grid import parse_grid
from backtests.sweep.run import run_sweep
from strategies import registry
from strategies.rules.benchmarks import SixtyFortyParams
from strategies.schema import Inputs
from strategies.strategy import pandas_rule

pytestmark = pytest.mark.integration


def tilt(inputs: Inputs, p: SixtyFortyParams) -> pd.DataFrame:
    """Equity weight on every day, the rest in long Treasuries (plain pandas)."""
    return pd.DataFrame({p.equity: p.equity_weight, p.bonds: 1 - p.equity_weight},
                        index=inputs.index)


@pytest.fixture()
def pandas_tilt() -> Iterator[str]:
    """pandas_tilt: sixty_forty's parameters, no compiled kernel, `tilt` as its rule."""
    registry.register(pandas_rule("pandas_tilt", SixtyFortyParams, tilt))
    yield "pandas_tilt"
    registry.unregister("pandas_tilt")


def test_a_pandas_rule_sweeps_like_its_single_backtests(real_market: MarketData,
                                                        pandas_tilt: str) -> None:
    episodes = {"2020_covid": load_episodes()["2020_covid"]}
    grid = parse_grid({"grid": {"equity_weight": [0.2, 0.9]}}, "pandas_tilt", "test")
    res = run_sweep(real_market, grid, episodes, Costs())
    assert res.notes and "pandas_tilt has no kernel the fused sweep runs" in res.notes[0]
    table = res.table.set_index("combo")
    got = table[list(CORE)].to_numpy(dtype=float)
    assert abs(got[0, 0] - got[1, 0]) > 1e-3  # total return: the parameter matters
    for c, params in enumerate(grid.params):
        one = run_one(real_market, "pandas_tilt", params, "2020_covid",
                      episodes["2020_covid"], Costs())
        for m, metric in enumerate(CORE):
            assert got[c, m] == pytest.approx(one.metrics[metric], rel=0, abs=1e-12), metric
    assert res.unique_paths == {"2020_covid": 2}


def test_the_cli_says_a_pandas_rule_was_swept_run_by_run(
        real_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], pandas_tilt: str) -> None:
    grid = tmp_path / "grid.toml"
    grid.write_text('strategy = "pandas_tilt"\n[grid]\nequity_weight = [0.2, 0.9]\n')
    monkeypatch.setattr(sys, "argv", ["playbook", "sweep", "--grid", str(grid), "--episodes",
                                      "2020_covid", "--out", str(tmp_path / "out"), "--store",
                                      str(real_store.root)])
    try:
        main()
    except SystemExit as e:
        assert e.code in (0, None), capsys.readouterr().err
    out = capsys.readouterr().out.replace("\n", " ")
    assert ("note: pandas_tilt has no kernel the fused sweep runs: swept through the single-run "
            "path, one backtest per combination and episode (2 runs)") in out
