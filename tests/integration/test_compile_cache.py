"""The compile cache cannot go stale: edit a rule kernel, then a shared execution step, in a
copy of the package, and the next sweep (a fresh process, cache kept) follows each edit.

numba's own cache=True keyed the sweep's compiled loop on its own file only, so after such
edits `playbook sweep` kept returning the old numbers while `playbook backtest` moved.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backtests.data.store import Store
from backtests.paths import PROJECT_ROOT

pytestmark = pytest.mark.integration

SCRIPT = """
import json
from backtests.engine.costs import Costs
from backtests.data.store import Store
from backtests.episodes.definitions import load_episodes
from backtests.episodes.runner import load_market, run_one
from backtests.sweep.grid import parse_grid
from backtests.sweep.run import run_sweep
from strategies.registry import make_params

market = load_market(Store.resolve())
episode = load_episodes()["2020_covid"]
grid = parse_grid({"grid": {"equity_weight": [0.6]}}, "sixty_forty", "cache test")
swept = run_sweep(market, grid, {"2020_covid": episode}, Costs())
one = run_one(market, "sixty_forty", make_params("sixty_forty", {"equity_weight": 0.6}),
              "2020_covid", episode, Costs())
print(json.dumps({"sweep": float(swept.table["total_return"].iloc[0]),
                  "engine": one.metrics["total_return"]}))
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{path.name}: the text to edit moved: {old!r}"
    path.write_text(text.replace(old, new))


def _run(root: Path, store: Store, cache: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(root), "PLAYBOOK_STORE": str(store.root),
           "PLAYBOOK_CACHE_DIR": str(cache), "NUMBA_NUM_THREADS": "2"}
    env.pop("PLAYBOOK_JIT", None)
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=root, env=env, check=True,
                         capture_output=True, text=True, timeout=900)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def test_a_sweep_follows_edits_to_a_rule_and_to_an_execution_step(
        tmp_path: Path, real_store: Store) -> None:
    root = tmp_path / "copy"
    for part in ("backtests", "strategies", "data"):
        shutil.copytree(PROJECT_ROOT / part, root / part, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__", "store"))
    cache = tmp_path / "jit"

    before = _run(root, real_store, cache)
    # The rule (strategies.kernels.rules.periodic): 60/40 holds half its mix, the rest cash.
    _edit(root / "strategies" / "kernels" / "rules.py",
          "month_start] > 0):\n            out[i, 0] = 1.0\n",
          "month_start] > 0):\n            out[i, 0] = 0.5\n")
    rule_edit = _run(root, real_store, cache)
    # The band step (another file than the sweep's loop): trade on any drift at all.
    _edit(root / "backtests" / "engine" / "rebalance.py", "limit = band * total\n",
          "limit = 0.0 * total\n")
    band_edit = _run(root, real_store, cache)

    for got in (before, rule_edit, band_edit):  # the sweep agrees with the engine every time
        assert got["sweep"] == pytest.approx(got["engine"], abs=1e-12)
    assert abs(rule_edit["sweep"] - before["sweep"]) > 1e-3
    assert abs(band_edit["sweep"] - rule_edit["sweep"]) > 1e-6
    assert any(cache.iterdir()), "the compiled code was not kept in PLAYBOOK_CACHE_DIR"


def test_a_sweep_compiles_rules_left_as_python_for_a_quick_read(real_store: Store) -> None:
    """PLAYBOOK_JIT=0 (set by `now` for a quick read) leaves the rule kernels as Python; a
    sweep later in the same process still runs compiled, with the engine's numbers."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "PLAYBOOK_STORE": str(real_store.root),
           "PLAYBOOK_JIT": "0"}
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=PROJECT_ROOT, env=env, check=True,
                         capture_output=True, text=True, timeout=900)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["sweep"] == pytest.approx(got["engine"], abs=1e-12)
