"""The sweep page with --walk-forward: the table of choices made in time, from walkforward.csv."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from backtests.engine.portfolio import Costs
from backtests.episodes.definitions import load_episodes
from backtests.episodes.runner import MarketData
from backtests.sweep.grid import parse_grid
from backtests.sweep.orchestrate import build_sweep
from backtests.sweep.walkforward import sentence

pytestmark = pytest.mark.integration


def test_walk_forward_is_on_the_sweep_page(real_market: MarketData, tmp_path: Path) -> None:
    g = parse_grid({"grid": {"scale_in_days": [10, 20], "hold_months": [6, 12]}},
                   "contrarian_qe", "test")
    names = ("2000_dotcom", "2008_gfc", "2011_euro_downgrade", "2022_hiking_qt")
    episodes = {e: load_episodes()[e] for e in names}
    summary = build_sweep(real_market, g, episodes, Costs(), "calmar", tmp_path, blocks=4,
                          walk_forward=True)
    wf = summary.walk_forward
    assert wf is not None
    table = pd.read_csv(summary.folder / "walkforward.csv")
    assert table["episode"].tolist() == list(names)  # date order
    meta = json.loads((summary.folder / "summary.json").read_text())
    assert meta["walk_forward"]["sentence"] == sentence(wf)
    page = summary.index.read_text()
    section = page[page.index('id="walk-forward"'):page.index("Best combinations")]
    assert sentence(wf) in section and section.count("<tr><td class=\"l\"><b>") == len(names)
    assert "none had ended" in section  # 2000_dotcom: nothing to choose on
    for rec in table.to_dict("records")[1:]:
        assert f"{rec['chosen_calmar']:.3f}".replace("-", "\u2212") in section
    assert f"{len(rec['trained_on'].split(','))}, to 2011_euro_downgrade" in section
    without = build_sweep(real_market, g, episodes, Costs(), "calmar", tmp_path, blocks=4)
    assert without.walk_forward is None and 'id="walk-forward"' not in without.index.read_text()
    assert not (without.folder / "walkforward.csv").exists()
