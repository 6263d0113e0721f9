"""Your own sleeve from a NAV-only file, through --universe, the store and the engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from backtests.data.importer import import_folder
from backtests.data.store import Store
from backtests.data.universe import load_universe
from backtests.engine.costs import Costs
from backtests.episodes.definitions import load_episodes
from backtests.episodes.runner import load_market, run_one
from strategies.registry import get
from tests.unit.harness import cli, write_files

pytestmark = pytest.mark.integration
MINE = """
[sleeves.my_fund]
description = "A fund known only by its NAV (date,close)"
fallback = "us_equity"  # after its last NAV the weight goes to US equity, with a run note
sources = [{ symbol = "MYFUND" }]

[series."MYFUND"]
kind = "price"
description = "My fund's NAV"
"""


def nav_csv() -> str:
    days = pd.bdate_range("2018-01-02", "2021-06-30")
    nav = 100.0 * 1.0002 ** np.arange(len(days))  # +0.02% every business day
    return "date,close\n" + "".join(f"{d.date()},{v:.6f}\n" for d, v in zip(days, nav,
                                                                            strict=True))


def test_a_universe_file_adds_a_sleeve_a_weights_frame_can_hold(
        real_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(real_store.root, tmp_path / "store")
    store = Store(tmp_path / "store")
    universe_file = write_files(tmp_path, {"mine.toml": MINE}) / "mine.toml"
    universe = load_universe(extra=[universe_file])
    src = write_files(tmp_path / "nav", {"prices/MYFUND.csv": nav_csv()})
    summary = import_folder(src, store, universe)
    assert summary.flagged["MYFUND"] == [
        "NAV-only file: its single column is read as the total-return level"]
    market = load_market(store, universe)
    assert str(market.data_end.date()) == "2025-09-26"  # stood in for by us_equity after 2021
    episode = load_episodes()["2020_covid"]
    weights = pd.DataFrame({"my_fund": 1.0}, index=market.prices.index)
    run = run_one(market, "mine", get("sixty_forty").params(), "2020_covid", episode,
                  Costs(fee_bps=0, slippage_bps=0), weights)
    held = run.result.weights["my_fund"]
    assert held.iloc[5:].min() > 0.999
    # US trading days only: a NAV on a US holiday compounds into the next trading day.
    daily = run.result.returns.iloc[5:]
    assert np.allclose(daily[daily.abs() < 0.0003], 0.0002, atol=1e-7)  # NAV to 6 decimals
    assert (daily.abs() < 0.0003).sum() >= len(daily) - 20  # the rest: US holidays (2 days)
    assert run.result.fallbacks == ()  # the window ends 2021-06-30, with the NAV
    monkeypatch.setenv("PLAYBOOK_UNIVERSE", "")
    result = cli("--universe", universe_file, "data", "status", "--store", store.root)
    assert result.exit_code == 0
    assert any(line.startswith("│ my_fund ") and "MYFUND 2018-01-03..2021-06-30" in line
               for line in result.output.splitlines())
