"""The README's Python examples and notebooks/quickstart.ipynb, run on the real snapshot: the
numbers they show are the library's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from backtests.data.store import Store
from backtests.engine.costs import Costs
from backtests.episodes.definitions import load_episodes
from backtests.episodes.runner import MarketData as Loaded
from backtests.episodes.runner import load_market, run_one
from backtests.paths import PROJECT_ROOT
from strategies.registry import make_params
from tests.notebooks import execute, html_of, outputs_stripped

pytestmark = pytest.mark.integration
NOTEBOOK = PROJECT_ROOT / "notebooks" / "quickstart.ipynb"
GFC = load_episodes()["2008_gfc"]


@pytest.fixture(scope="module")
def core(real_store: Store) -> Loaded:
    return load_market(real_store)


def contrarian(core: Loaded, **values: Any) -> dict[str, float]:
    params = make_params("contrarian_qe", values)
    return run_one(core, "contrarian_qe", params, "2008_gfc", GFC, Costs()).metrics


def readme_blocks() -> list[str]:
    text = (PROJECT_ROOT / "README.md").read_text()
    section = text.split("## From Python (notebooks)\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


def test_the_readme_examples_run_and_show_the_librarys_numbers(
        core: Loaded, real_store: Store, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = readme_blocks()
    assert len(blocks) == 2
    assert len(blocks[0].strip().splitlines()) == 5  # the five-line loop
    monkeypatch.setenv("PLAYBOOK_STORE", str(real_store.root))
    monkeypatch.chdir(tmp_path)
    ns: dict[str, Any] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), ns)  # noqa: S102
    assert ns["base"].metrics.to_dict() == pytest.approx(contrarian(core), nan_ok=True)
    assert ns["fast"].metrics.to_dict() == pytest.approx(contrarian(core, scale_in_days=10),
                                                         nan_ok=True)
    written = pd.read_csv(ns["index"].parent / "metrics.csv")
    pd.testing.assert_frame_equal(written, ns["committee"].metrics, rtol=1e-9)
    assert ns["index"].is_relative_to(tmp_path / "reports")
    assert ns["heatmap"].data[0].type == "heatmap"
    assert ns["strict"].label == "playbook[regime.crisis_drawdown=0.18, fee_bps=10]"
    assert ns["now"].as_of == str(core.context.panel.index[-1].date())
    assert set(ns["replay"].outcomes["horizon_months"]) == {6, 12}


def test_the_notebook_is_committed_without_outputs() -> None:
    assert outputs_stripped(NOTEBOOK)


def test_the_notebook_runs_end_to_end(core: Loaded, real_store: Store, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    by_source = execute(NOTEBOOK, real_store.root, tmp_path, monkeypatch)
    base, fast = contrarian(core), contrarian(core, scale_in_days=10)
    table = html_of(by_source['base = market.backtest("contrarian_qe", episode="2008_gfc")'])
    assert f"<td>total_return</td><td>{base['total_return']:+.1%}</td>" in table
    compared = html_of(by_source['fast = market.backtest("contrarian_qe", episode="2008_gfc", '
                                 "scale_in_days=10)"])
    assert (f"<td>total_return</td><td>{fast['total_return']:+.1%}</td>"
            f"<td>{base['total_return']:+.1%}</td>") in compared
    plots = [o for c in by_source.values() for o in c.outputs
             if "application/vnd.plotly.v1+json" in o.get("data", {})]
    kinds = [o["data"]["application/vnd.plotly.v1+json"]["data"][0]["type"] for o in plots]
    assert kinds.count("heatmap") == 1 and len(plots) >= 4
    assert "As of " in html_of(by_source["market.now()"])
    report = tmp_path / "reports" / "latest"
    written = pd.read_csv(report / "metrics.csv")
    row = written.query("strategy == 'contrarian_qe' and episode == '2008_gfc' and "
                        "metric == 'total_return'")
    assert row["value"].item() == pytest.approx(base["total_return"], rel=1e-9)
    assert (report / "index.html").exists() and not (report / "tearsheets").exists()
