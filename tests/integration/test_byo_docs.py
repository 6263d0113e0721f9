"""The README's "Write your own rule" blocks and notebooks/custom_rule.ipynb, run on the real
snapshot: the rules they define run, and the numbers they show are the library's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from backtests import PROJECT_ROOT, load
from backtests.api import Market
from backtests.data.store import Store
from strategies.registry import load_rules, names, unregister
from tests.notebooks import execute, html_of, outputs_stripped

pytestmark = pytest.mark.integration
NOTEBOOK = PROJECT_ROOT / "notebooks" / "custom_rule.ipynb"
EXAMPLE = PROJECT_ROOT / "examples" / "curve_rule.py"
MINE = ("regime_mix", "curve_guard")


def section() -> str:
    text = (PROJECT_ROOT / "README.md").read_text()
    return text.split("### Write your own rule\n", 1)[1].split("\n### ", 1)[0]


@pytest.fixture(scope="module")
def market(real_store: Store) -> Iterator[Market]:
    load_rules(PROJECT_ROOT / "examples" / "regime_mix.toml")
    load_rules(EXAMPLE)
    yield load(real_store.root)
    for name in MINE:
        unregister(name)


def test_the_readme_rules_are_the_examples_and_run(market: Market, tmp_path: Path) -> None:
    toml = re.findall(r"```toml\n(.*?)```", section(), flags=re.DOTALL)
    python = re.findall(r"```python\n(.*?)```", section(), flags=re.DOTALL)
    assert len(toml) == 1 and len(python) == 1
    assert len(toml[0].splitlines()) <= 13 and len(python[0].splitlines()) <= 13
    (tmp_path / "readme_rule.toml").write_text(toml[0])
    imports = EXAMPLE.read_text().split("CURVE =", 1)[0]  # the example's imports, then the block
    (tmp_path / "readme_rule.py").write_text(imports + python[0])
    ref = {n: market.backtest(n, "2008_gfc").metrics for n in MINE}
    for name in MINE:  # a rule of the same name from another file is refused: make room
        unregister(name)
    assert load_rules(tmp_path / "readme_rule.toml") == ["regime_mix"]
    assert load_rules(tmp_path / "readme_rule.py") == ["curve_guard"]
    for name in MINE:  # the README's ten lines are the example files' rules, same numbers
        again = market.backtest(name, "2008_gfc").metrics
        assert again.to_dict() == pytest.approx(ref[name].to_dict(), abs=1e-12, nan_ok=True)
        unregister(name)
    load_rules(PROJECT_ROOT / "examples" / "regime_mix.toml")  # the module's rules again
    load_rules(EXAMPLE)


def test_the_notebook_is_committed_without_outputs() -> None:
    assert outputs_stripped(NOTEBOOK)


def test_the_notebook_runs_end_to_end(market: Market, real_store: Store, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    code = execute(NOTEBOOK, real_store.root, tmp_path, monkeypatch)
    assert "['regime_mix', 'curve_guard']" in code["from backtests import PROJECT_ROOT, load"
                                                   ].outputs[0]["data"]["text/plain"]
    mix = market.backtest("regime_mix", "2008_gfc").metrics
    assert (f"<td>total_return</td><td>{mix['total_return']:+.1%}</td>"
            in html_of(code['mix = market.backtest("regime_mix", episode="2008_gfc")']))
    guard = market.backtest("curve_guard", "2008_gfc").metrics
    early = market.backtest("curve_guard", "2008_gfc", inversion=0.5).metrics
    assert (f"<td>total_return</td><td>{early['total_return']:+.1%}</td>"
            f"<td>{guard['total_return']:+.1%}</td>") in html_of(
        code['guard = market.backtest("curve_guard", episode="2008_gfc")'])
    assert early["total_return"] != guard["total_return"]
    swept = pd.read_csv(next((tmp_path / "sweeps").glob("*/results.csv")))
    row = swept[(swept.inversion == 0.5) & (swept.episode == "2008_gfc")].iloc[0]
    # results.csv keeps 10 significant digits (equality at 1e-12: test_byo_rules.py)
    assert row["total_return"] == pytest.approx(early["total_return"], rel=1e-9)
    weights = pd.read_csv(PROJECT_ROOT / "examples" / "weights.csv", index_col="date",
                          parse_dates=True)
    own = market.backtest_weights(weights, "2008_gfc").metrics
    assert (f"<td>total_return</td><td>{own['total_return']:+.1%}</td>"
            in html_of(code["import pandas as pd"]))
    assert set(MINE) <= set(names())  # this process's registry is untouched by the kernel
