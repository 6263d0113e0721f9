"""A damaged store: damaged pointers and files, `data check`, `data repair`,
re-imports that repair, a run pinned to one version, leftovers of killed writes.

CLI cases run in-process and assert the exact text the user sees."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from backtests.data.importer import import_folder
from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.errors import StoreError
from tests.conftest import SPY_ROWS, fred_csv, price_csv, write_snapshot
from tests.unit.harness import cli, fingerprint, write_files

REPAIR = ("; run `playbook data repair` to point it at the newest intact version, or "
          "re-import\n")
CHECK = "; run `playbook data check` to see what is damaged and `playbook data repair` to fix it"


def _version(store: Store) -> str:
    v = store.current_version()
    assert v is not None
    return v


def _version_names(store: Store) -> list[str]:
    return sorted(p.name for p in (store.root / "versions").iterdir())


# ---------------------------------------------------------------- the CURRENT pointer
POINTERS = [
    ("dangling", "20991231T000000-abcdef",
     "has a CURRENT pointer naming version 20991231T000000-abcdef, which does not exist"),
    ("empty", "", "has an empty CURRENT pointer"),
    ("path escape", "../../etc", "has a CURRENT pointer holding '../../etc', not a version name"),
    ("garbage bytes", b"\xff\xfe\x00\x1b[2J", "has a CURRENT pointer holding "
                                              "'\ufffd\ufffd\\x00\\x1b[2J', not a version name"),
    ("deleted", None, "has no CURRENT pointer"),
]


@pytest.mark.parametrize(("content", "problem"), [p[1:] for p in POINTERS],
                         ids=[p[0] for p in POINTERS])
def test_damaged_pointer_is_named_not_called_empty_and_repair_fixes_it(
        store: Store, content: str | bytes | None, problem: str) -> None:
    live = _version(store)
    pointer = store.root / "CURRENT"
    if content is None:
        pointer.unlink()
    elif isinstance(content, bytes):
        pointer.write_bytes(content)
    else:
        pointer.write_text(content)
    before = fingerprint(store.root)
    result = cli("data", "status", "--store", store.root)
    assert (result.exit_code, result.output) == (2, (
        f"error: the data store at {store.root} {problem} (the newest complete version is "
        f"{live}){REPAIR}"))
    assert fingerprint(store.root) == before
    result = cli("data", "repair", "--store", store.root)
    new = _version(store)
    assert (result.exit_code, result.output) == (0, (
        f"repaired store {store.root}: version {new} is live\n"
        f"  note: the store {problem}; the new version builds on {live}, the newest intact "
        "version\n"))
    assert store.level("SPY").iloc[-1] == 261.4


def test_if_empty_import_does_not_mistake_a_damaged_pointer_for_an_empty_store(
        store: Store, tmp_path: Path) -> None:
    (store.root / "CURRENT").write_text("")
    before = fingerprint(store.root)
    result = cli("data", "import", "--if-empty", write_snapshot(tmp_path / "s"), "--store",
                 store.root)
    assert (result.exit_code, result.output) == (2, (
        f"error: the data store at {store.root} has an empty CURRENT pointer, so it is not "
        "empty; run `playbook data repair`, or import without --if-empty\n"))
    assert fingerprint(store.root) == before


def test_a_store_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    for args in (["data", "status"], ["data", "import", tmp_path], ["data", "check"]):
        result = cli(*args, "--store", tmp_path / "f")
        assert (result.exit_code, result.output) == (2, (
            f"error: store {tmp_path / 'f'} (--store) is a file, not a folder; give a folder "
            "(the first import creates it)\n"))
    assert (tmp_path / "f").read_text() == "x"


# ---------------------------------------------------------------- damaged files
def test_deleted_and_truncated_files_are_named_when_read_and_by_check(store: Store) -> None:
    v = _version(store)
    folder = store.root / "versions" / v
    spy = folder / "prices" / "SPY.parquet"
    spy.write_bytes(spy.read_bytes()[:100])
    (folder / "fred" / "DGS10.parquet").unlink()
    sha = store.records()["SPY"].stored_sha256
    before = fingerprint(store.root)
    with pytest.raises(StoreError) as info:
        store.level("DGS10")
    assert str(info.value) == (f"store {store.root}, version {v}: fred/DGS10.parquet (DGS10) is "
                               f"damaged (missing){CHECK}")
    result = cli("data", "check", "--store", store.root)
    lines = result.output.splitlines()
    assert result.exit_code == 1 and fingerprint(store.root) == before
    assert lines[0].startswith(f"store {store.root}: version {v}, 2 series, data sha256 ")
    assert lines[1:] == [
        "  ok: 0 of 2 files match the manifest (sha256, rows)",
        f"  DAMAGED fred/DGS10.parquet (DGS10): missing; repair rebuilds it from "
        f"{store.records()['DGS10'].origin}",
        f"  DAMAGED prices/SPY.parquet (SPY): sha256 {lines[3].split('sha256 ')[1][:12]}… "
        f"differs from the manifest's {sha[:12]}… (changed or truncated); repair rebuilds it "
        f"from {store.records()['SPY'].origin}",
        "run `playbook data repair` to fix what it can"]
    with pytest.raises(StoreError) as info:
        store.level("SPY")
    assert str(info.value) == lines[3].replace(
        "  DAMAGED prices/SPY.parquet (SPY): ", f"store {store.root}, version {v}: "
        "prices/SPY.parquet (SPY) is damaged (").split("; repair rebuilds")[0] + ")" + CHECK


def test_repair_rebuilds_from_the_imported_files(store: Store) -> None:
    folder = store.root / "versions" / _version(store)
    spy = folder / "prices" / "SPY.parquet"
    spy.write_bytes(spy.read_bytes()[:-10])
    result = cli("data", "repair", "--store", store.root)
    new = _version(store)
    assert (result.exit_code, result.output) == (0, (
        f"repaired store {store.root}: version {new} is live\n"
        f"  note: rebuilt SPY (prices/SPY.parquet was sha256 "
        f"{result.output.split('was sha256 ')[1][:12]}… differs from the manifest's "
        f"{store.records()['SPY'].stored_sha256[:12]}… (changed or truncated)) from "
        f"{store.records()['SPY'].origin}\n"))
    assert cli("data", "check", "--store", store.root).exit_code == 0
    assert store.level("SPY").tolist() == [a for _, _, a in SPY_ROWS]


def test_repair_uses_an_older_version_when_the_source_is_gone(
        store: Store, tmp_path: Path, universe: Universe) -> None:
    import_folder(write_files(tmp_path / "upd", {"fred/DGS10.csv": fred_csv()}), store, universe,
        replace=True)
    (tmp_path / "store").parent.joinpath("good", "prices", "SPY.csv").unlink()  # source gone
    older = _version_names(store)[0]
    (store.root / "versions" / _version(store) / "prices" / "SPY.parquet").unlink()
    result = cli("data", "repair", "--store", store.root)
    assert result.exit_code == 0
    assert result.output.splitlines()[1] == (
        f"  note: rebuilt SPY (prices/SPY.parquet was missing) from version {older} (same source "
        "data)")
    assert store.level("SPY").iloc[-1] == 261.4


def test_no_intact_copy_left_refuses_and_says_what_to_run(store: Store, tmp_path: Path) -> None:
    origin = Path(store.records()["SPY"].origin)
    origin.write_text(price_csv(SPY_ROWS[:3]))  # the source changed since the import
    (store.root / "versions" / _version(store) / "prices" / "SPY.parquet").unlink()
    before = fingerprint(store.root)
    result = cli("data", "repair", "--store", store.root)
    assert (result.exit_code, result.output) == (2, (
        f"error: store {store.root}, version {_version(store)}: prices/SPY.parquet (SPY) is "
        f"damaged (missing) and no intact copy is left: its source {origin} changed since the "
        "import; import a folder that holds SPY (`playbook data import FOLDER`) (or `playbook "
        "data repair --drop-damaged` leaves it out); nothing was written\n"))
    assert fingerprint(store.root) == before
    result = cli("data", "repair", "--drop-damaged", "--store", store.root)
    assert result.exit_code == 0 and result.output.splitlines()[1] == (
        f"  note: left out SPY (prices/SPY.parquet is missing); its source {origin} changed "
        "since the import; import a folder that holds SPY (`playbook data import FOLDER`) to "
        "bring it back")
    assert sorted(store.records()) == ["DGS10"]


def test_a_damaged_store_does_not_block_the_import_that_repairs_it(
        store: Store, tmp_path: Path, universe: Universe) -> None:
    (store.root / "versions" / _version(store) / "prices" / "SPY.parquet").unlink()
    (store.root / "CURRENT").write_text("nonsense-version")
    old = _version_names(store)[0]
    summary = import_folder(write_snapshot(tmp_path / "again"), store, universe, replace=True)
    assert summary.notes == [
        "the store has a CURRENT pointer naming version nonsense-version, which does not exist; "
        f"the new version builds on {old}, the newest intact version"]
    assert cli("data", "check", "--store", store.root).exit_code == 0


def test_a_partial_import_rebuilds_damaged_series_on_the_way(
        store: Store, tmp_path: Path, universe: Universe) -> None:
    (store.root / "versions" / _version(store) / "prices" / "SPY.parquet").unlink()
    summary = import_folder(write_files(tmp_path / "upd", {"fred/DGS10.csv": fred_csv()}),
                            store, universe, replace=True)
    assert summary.notes == [f"rebuilt SPY (prices/SPY.parquet was missing) from "
                             f"{store.records()['SPY'].origin}"]
    assert store.level("SPY").iloc[-1] == 261.4


def test_a_damaged_fetched_series_says_to_fetch_it(store: Store) -> None:
    manifest_path = store.root / "versions" / _version(store) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["series"]["DGS10"].update(source="fred", origin="https://fred/DGS10")
    manifest_path.write_text(json.dumps(manifest))
    (manifest_path.parent / "fred" / "DGS10.parquet").unlink()
    result = cli("data", "check", "--store", store.root)
    assert result.output.splitlines()[2] == (
        "  DAMAGED fred/DGS10.parquet (DGS10): missing; run `playbook data fetch --only DGS10`")


@pytest.mark.parametrize(("manifest", "problem"), [
    ("{not json", "Expecting property name enclosed in double quotes"),
    ('{"version": "x"}', "no 'series' table"),
    ('{"series": {"SPY": {"symbol": "SPY"}}}', "no version, data_hash"),
    ('{"version": "x", "data_hash": "y", "series": {"SPY": {"symbol": "SPY"}}}',
     "is damaged (a series entry: TypeError: SeriesRecord.__init__() missing 8 required"),
])
def test_a_damaged_manifest_is_named_and_repair_goes_back_to_an_intact_version(
        store: Store, tmp_path: Path, universe: Universe, manifest: str, problem: str) -> None:
    import_folder(write_files(tmp_path / "upd", {"fred/DGS10.csv": fred_csv()}), store, universe,
        replace=True)
    live, older = _version(store), _version_names(store)[0]
    path = store.root / "versions" / live / "manifest.json"
    path.write_text(manifest)
    result = cli("data", "status", "--store", store.root)
    last = result.output.splitlines()[-1]
    assert result.exit_code == 2 and last.startswith(f"error: {path} is ")
    assert last.endswith(CHECK) and problem in last
    result = cli("data", "repair", "--store", store.root)
    assert result.exit_code == 0
    assert f"the new version builds on {older}, the newest intact version" in result.output
    assert store.level("SPY").iloc[-1] == 261.4


def test_an_edited_data_hash_is_found(store: Store) -> None:
    path = store.root / "versions" / _version(store) / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["data_hash"] = "0" * 64
    path.write_text(json.dumps(manifest))
    result = cli("data", "check", "--store", store.root)
    assert result.exit_code == 1
    assert (f"  PROBLEM manifest.json of {_version(store)}: data_hash 000000000000… does not "
            "match its series (") in result.output


def test_parquet_checksums_are_recorded_for_stores_written_before_them(
        store: Store, tmp_path: Path, universe: Universe) -> None:
    path = store.root / "versions" / _version(store) / "manifest.json"
    manifest = json.loads(path.read_text())
    for rec in manifest["series"].values():
        del rec["stored_sha256"]  # as written by the first version of the store
    path.write_text(json.dumps(manifest))
    assert cli("data", "check", "--store", store.root).exit_code == 0  # rows and readability
    import_folder(write_files(tmp_path / "upd", {"fred/DGS10.csv": fred_csv()}), store, universe,
        replace=True)
    assert all(len(r.stored_sha256) == 64 for r in store.records().values())


def test_two_symbols_never_share_a_stored_file(store: Store, tmp_path: Path,
                                               universe: Universe) -> None:
    src = write_files(tmp_path / "s", {"prices/X.csv": price_csv(),
                                       "manifest.csv": "file,symbol,sha256\nprices/X.csv,SPY=,\n"})
    import_folder(src, store, universe, replace=True)  # SPY= is stored as prices/SPY_.parquet
    before = fingerprint(store.root)
    src = write_files(tmp_path / "t", {"prices/Y.csv": price_csv(),
                                       "manifest.csv": "file,symbol,sha256\nprices/Y.csv,SPY-,\n"})
    with pytest.raises(StoreError) as info:
        import_folder(src, store, universe, replace=True)
    assert str(info.value) == ("series SPY= and SPY- would both be stored as "
                               "prices/SPY_.parquet; keep one of them (rename the symbol)")
    assert fingerprint(store.root) == before


# ---------------------------------------------------------------- one version per run
def test_a_pinned_store_reads_and_names_its_version_whatever_lands_meanwhile(
        store: Store, tmp_path: Path, universe: Universe) -> None:
    pinned = store.pinned()
    version, data_hash = pinned.manifest()["version"], pinned.manifest()["data_hash"]
    import_folder(write_snapshot(tmp_path / "new", spy=price_csv(SPY_ROWS[:4])), store, universe,
        replace=True)
    assert store.current_version() != version  # the import landed
    assert pinned.manifest()["version"] == version == pinned.current_version()
    assert pinned.manifest()["data_hash"] == data_hash != store.manifest()["data_hash"]
    assert len(pinned.level("SPY")) == 10 and len(store.level("SPY")) == 4


def test_a_pinned_version_removed_meanwhile_is_said_plainly(
        store: Store, tmp_path: Path, universe: Universe) -> None:
    pinned = store.pinned()
    for i in range(2):  # only the newest two versions are kept
        import_folder(write_snapshot(tmp_path / f"n{i}"), store, universe, replace=True)
    with pytest.raises(StoreError) as info:
        pinned.level("SPY")
    assert str(info.value) == (f"store {store.root}: version {pinned.pinned_version}, which this "
                               "run started with, was removed by newer imports (the newest 2 are "
                               "kept); run again")


# ---------------------------------------------------------------- leftovers of killed writes
def test_stale_leftovers_are_removed_by_the_next_import_with_one_line(
        store: Store, tmp_path: Path) -> None:
    old = [store.root / "versions" / ".tmp-20200101T000000-dead01", store.root / ".CURRENT-x"]
    old[0].mkdir()
    (old[0] / "SPY.parquet").write_text("half")
    old[1].write_text("x")
    fresh = store.root / "versions" / ".tmp-in-progress"
    fresh.mkdir()
    day_ago = time.time() - 86_401
    for p in old:
        os.utime(p, (day_ago, day_ago))
    result = cli("data", "import", write_snapshot(tmp_path / "s"), "--store", store.root)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        f"removed 2 leftover(s) of interrupted writes older than a day: {old[1]}, {old[0]}")
    assert not old[0].exists() and not old[1].exists() and fresh.exists()


def test_views_of_a_store_keep_their_own_reads_and_refusals(store: Store) -> None:
    class View(Store):  # like the scenario stores: reads through its own source, read-only
        def commit(self, incoming: dict, meta: dict) -> str:
            raise StoreError("a view is read-only")

    view = View(store.root)
    assert view.pinned() is view
    before = fingerprint(store.root)
    with pytest.raises(StoreError, match="a view is read-only"):
        view.commit_noted({}, {}, [])
    assert fingerprint(store.root) == before
