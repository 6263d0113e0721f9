"""The CLI is a shell over the notebook API: for the same request, the same files byte for byte
and the same report (`playbook run` vs `market.run().report()` and `backtest --out` with
--set, regime thresholds and costs are in test_api.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backtests import PROJECT_ROOT, load
from backtests.api import Market, now
from backtests.data.store import Store
from tests.cliutil import run_ok as cli

pytestmark = pytest.mark.integration
PRESET = PROJECT_ROOT / "strategies" / "presets" / "contrarian_fast.toml"
CRISES = ["2000_dotcom", "2008_gfc", "2020_covid"]


@pytest.fixture(scope="module")
def market(real_store: Store) -> Market:
    return load(real_store.root)



def test_backtest_with_a_preset_writes_what_the_api_writes(
        market: Market, real_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = cli(["backtest", "--preset", PRESET, "--episode", "2008_gfc", "--set", "hold_months=3",
               "--out", tmp_path / "cli", "--store", real_store.root], monkeypatch, capsys)
    mine = market.backtest(preset=PRESET, episode="2008_gfc", hold_months=3,
                           label="contrarian_fast")
    mine.write(tmp_path / "api")
    for name in ("metrics.csv", "weights.parquet", "returns.parquet"):
        assert (tmp_path / "api" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes()
    assert "contrarian_fast vs sixty_forty, 2008_gfc: " in out  # a preset runs under its name
    assert f"{mine.metrics['total_return']:+.1%}" in out


def test_sweep_and_walk_forward_files_are_the_apis(
        market: Market, real_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    grid = tmp_path / "grid.toml"
    grid.write_text('strategy = "contrarian_qe"\n[grid]\nscale_in_days = [5, 20]\n'
                    'hold_months = [6, 12]\n')
    out = cli(["sweep", "--grid", grid, "--episodes", ",".join(CRISES), "--walk-forward",
               "--out", tmp_path / "cli", "--store", real_store.root], monkeypatch, capsys)
    from_file = market.sweep(grid, episodes=CRISES, walk_forward=True, out=tmp_path / "api")
    axes = {"scale_in_days": [5, 20], "hold_months": [6, 12]}
    from_axes = market.sweep(axes, "contrarian_qe", CRISES, walk_forward=True,
                             out=tmp_path / "axes")
    for name in ("results.csv", "invalid.csv", "walkforward.csv"):
        written = (tmp_path / "cli" / "latest" / name).read_bytes()
        assert written == (from_file.page.parent / name).read_bytes(), name
        assert written == (from_axes.page.parent / name).read_bytes(), name
    assert f"best by mean calmar: {from_file.best}" in out
    assert from_file.verdict.split(":")[0] in out
    summary = json.loads((tmp_path / "cli" / "latest" / "summary.json").read_text())
    assert (summary["best_params"], summary["pbo"]) == (from_file.best, from_file.pbo)
    assert summary["walk_forward"]["sentence"] in out.replace("\n", " ")


def test_now_json_is_the_apis_now(market: Market, real_store: Store,
                                  monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = cli(["now", "--json", "--store", real_store.root], monkeypatch, capsys)
    assert out == json.dumps(market.now().to_dict(), indent=1) + "\n"
    assert now(real_store.root).to_dict() == market.now().to_dict()
