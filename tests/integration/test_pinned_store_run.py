"""A run reads one store version from start to end and names exactly that version and its
hash, even when an import lands in the middle of it (the real snapshot, one small run)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from backtests.committee.job import build_report
from backtests.data.importer import import_folder
from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.episodes.resolve import narrow
from backtests.episodes.runconfig import load_config
from tests.conftest import fred_csv
from tests.unit.harness import write_files

pytestmark = pytest.mark.integration


def test_an_import_landing_mid_run_changes_nothing_the_run_reads_or_names(
        real_store: Store, universe: Universe, tmp_path: Path) -> None:
    shutil.copytree(real_store.root, tmp_path / "store")
    store = Store(tmp_path / "store")
    started = store.manifest()
    update = write_files(tmp_path / "upd", {"fred/DGS10.csv": fred_csv()})
    landed: list[str] = []

    def progress(stage: str, done: int, total: int) -> None:
        if not landed:  # the first backtest: the data is loaded, the report not yet written
            landed.append(import_folder(update, store, universe, replace=True).version)

    config = narrow(load_config(), ["playbook"], ["2008_gfc"]).model_copy(
        update={"tear_sheets": False})
    summary = build_report(config, store, tmp_path / "reports", progress)
    run = json.loads((summary.folder / "run.json").read_text())
    assert landed and store.current_version() == landed[0] != started["version"]
    assert store.manifest()["data_hash"] != started["data_hash"]
    assert (run["store_version"], run["data_hash"]) == (started["version"],
                                                        started["data_hash"])


def test_a_market_keeps_reading_the_version_it_loaded(
        real_store: Store, universe: Universe, tmp_path: Path) -> None:
    from backtests import load

    shutil.copytree(real_store.root, tmp_path / "store")
    store = Store(tmp_path / "store")
    started = store.manifest()
    market = load(store)
    update = write_files(tmp_path / "upd", {"fred/DGS10.csv": fred_csv()})
    landed = import_folder(update, store, universe, replace=True).version
    assert store.current_version() == landed != started["version"]
    # its report (RunResults.report) and its now panel read and name the loaded version
    assert market.store.manifest()["version"] == started["version"]
    assert market.store.manifest()["data_hash"] == market.loaded.data_hash
