"""Shared fixtures: tiny synthetic snapshots for units, the real snapshot for integration."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from backtests.data.importer import import_folder
from backtests.data.store import Store
from backtests.data.universe import Universe, load_universe
from backtests.episodes.runner import MarketData, load_market
from backtests.paths import PROJECT_ROOT

SNAPSHOT = Path(os.environ.get("PLAYBOOK_SNAPSHOT", PROJECT_ROOT.parent / "shared" / "data"
                               / "snapshot"))

SPY_ROWS = [  # date, close, adj_close: ten business days of plausible prices
    ("2020-03-02", 309.09, 300.0), ("2020-03-03", 300.24, 291.4),
    ("2020-03-04", 312.86, 303.7), ("2020-03-05", 302.46, 293.6),
    ("2020-03-06", 297.46, 288.7), ("2020-03-09", 274.23, 266.2),
    ("2020-03-10", 288.42, 280.0), ("2020-03-11", 274.36, 266.3),
    ("2020-03-12", 248.11, 240.8), ("2020-03-13", 269.32, 261.4),
]


def price_csv(rows: list[tuple[str, float, float]] = SPY_ROWS) -> str:
    lines = ["date,open,high,low,close,adj_close,volume"]
    lines += [f"{d},{c},{c},{c},{c},{a},1000" for d, c, a in rows]
    return "\n".join(lines) + "\n"


def fred_csv(values: list[tuple[str, str]] | None = None) -> str:
    values = values or [("2020-03-02", "1.10"), ("2020-03-03", "1.00"), ("2020-03-04", ""),
                        ("2020-03-05", "0.92")]
    return "date,value\n" + "".join(f"{d},{v}\n" for d, v in values)


def write_snapshot(root: Path, spy: str | None = None, dgs10: str | None = None) -> Path:
    """A two-file snapshot folder in the documented layout (no manifest)."""
    (root / "prices").mkdir(parents=True, exist_ok=True)
    (root / "fred").mkdir(parents=True, exist_ok=True)
    (root / "prices" / "SPY.csv").write_text(price_csv() if spy is None else spy)
    (root / "fred" / "DGS10.csv").write_text(fred_csv() if dgs10 is None else dgs10)
    return root


@pytest.fixture(scope="session")
def universe() -> Universe:
    return load_universe()


@pytest.fixture()
def store(tmp_path: Path, universe: Universe) -> Store:
    """A store already holding one valid import (so 'unchanged' can be checked)."""
    st = Store(tmp_path / "store")
    import_folder(write_snapshot(tmp_path / "good"), st, universe)
    return st


@pytest.fixture(scope="session")
def real_store(tmp_path_factory: pytest.TempPathFactory, universe: Universe) -> Store:
    """The real snapshot imported once per test session into a private store."""
    if not (SNAPSHOT / "manifest.csv").exists():
        pytest.fail(f"real snapshot not found at {SNAPSHOT}; set PLAYBOOK_SNAPSHOT to its folder")
    st = Store(tmp_path_factory.mktemp("real") / "store")
    import_folder(SNAPSHOT, st, universe)
    return st


@pytest.fixture(scope="session")
def real_market(real_store: Store, universe: Universe) -> MarketData:
    """The real snapshot's market (context, sleeves), loaded once per test session."""
    return load_market(real_store, universe)


@pytest.fixture(autouse=True)
def _jit_setting_does_not_leak() -> Iterator[None]:
    """`playbook now` and `regimes` set PLAYBOOK_JIT=0 for their own short process. Run
    in-process by a test, that setting would outlive the test and reach every process the
    suite starts later (a notebook's kernel, Dask workers), which would then import the rule
    kernels uncompiled beside the always-compiled sweep and fail to type it."""
    before = os.environ.get("PLAYBOOK_JIT")
    yield
    if before is None:
        os.environ.pop("PLAYBOOK_JIT", None)
    else:
        os.environ["PLAYBOOK_JIT"] = before
