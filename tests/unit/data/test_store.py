"""Store resolution, versioning and atomicity."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtests.data.importer import import_folder
from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.errors import StoreError
from tests.conftest import SPY_ROWS, price_csv, write_snapshot


def test_store_location_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_STORE", str(tmp_path / "env"))
    assert Store.resolve(tmp_path / "flag").root == tmp_path / "flag"
    assert Store.resolve().root == tmp_path / "env"
    monkeypatch.delenv("PLAYBOOK_STORE")
    assert Store.resolve().root.as_posix().endswith("data/store")


def test_empty_store_explains_how_to_fill_it(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"is empty; run `playbook data import "):
        Store(tmp_path / "none").manifest()


def test_reimport_with_replace_replaces_and_keeps_other_series(store: Store, tmp_path: Path,
                                                  universe: Universe) -> None:
    first = store.current_version()
    src = tmp_path / "upd" / "prices"
    src.mkdir(parents=True)
    (src / "SPY.csv").write_text(price_csv(SPY_ROWS[:5]))
    import_folder(tmp_path / "upd", store, universe, replace=True)
    assert store.current_version() != first
    assert store.records()["SPY"].rows == 5
    assert store.records()["DGS10"].rows == 4  # untouched series carried over
    assert store.level("DGS10").tolist() == [1.10, 1.00, 0.92]  # FRED '.'/empty dropped


def test_failed_write_leaves_previous_version_live(store: Store, tmp_path: Path,
                                                   universe: Universe,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    live = store.current_version()
    import pandas as pd

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", boom)
    with pytest.raises(OSError, match="disk full"):
        import_folder(write_snapshot(tmp_path / "again"), store, universe, replace=True)
    assert store.current_version() == live
    assert not [p for p in (store.root / "versions").iterdir() if p.name.startswith(".tmp")]
    assert store.level("SPY").iloc[-1] == 261.4


def test_manifest_records_provenance(store: Store) -> None:
    rec = store.records()["SPY"]
    assert (rec.source, rec.rows, rec.first, rec.last) == ("snapshot", 10, "2020-03-02",
                                                           "2020-03-13")
    assert len(rec.sha256) == 64
    assert len(store.manifest()["data_hash"]) == 64
