"""`import backtests` (and reaching the API's names) loads nothing heavy: the CLI and notebooks
start instantly; vectorbt, numba, plotly, quantstats and dask load only when a result needs
them."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("vectorbt", "numba", "plotly", "quantstats", "dask", "distributed", "matplotlib",
         "scipy")


def loaded_after(code: str) -> list[str]:
    probe = (f"import sys\n{code}\n"
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.strip()
    return [m for m in out.split(",") if m]


@pytest.mark.parametrize("code", [
    "import backtests",
    "import backtests; backtests.load; backtests.Market; backtests.Backtest",
    "from backtests import load, RunResults, SweepResults, NowView, ReplayView, Figures",
    "import backtests.api",
])
def test_nothing_heavy_is_imported(code: str) -> None:
    assert loaded_after(code) == []


def test_import_backtests_does_not_load_the_api() -> None:
    out = subprocess.run([sys.executable, "-c", "import sys, backtests; print("
                          "'backtests.api' in sys.modules, 'pandas' in sys.modules)"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_unknown_names_raise_attribute_error() -> None:
    import backtests

    with pytest.raises(AttributeError, match="module 'backtests' has no attribute 'lod'"):
        backtests.lod  # noqa: B018
    assert {"load", "Market", "PROJECT_ROOT"} <= set(dir(backtests))
