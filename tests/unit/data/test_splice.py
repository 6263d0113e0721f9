"""Splicing imports: a newer file continues a stored series, or nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtests.data.importer import import_folder
from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.errors import DataValidationError
from tests.conftest import SPY_ROWS, fred_csv, price_csv
from tests.unit.harness import cli, fingerprint, write_files

# SPY_ROWS' last four days re-based (another download's adjustment basis: x 0.95), plus two
# later days with returns +1% and -2%.
REBASED = [(d, c, round(a * 0.95, 6)) for d, c, a in SPY_ROWS[6:]]
LATER = [("2020-03-16", 270.0, round(261.4 * 0.95 * 1.01, 6)),
         ("2020-03-17", 265.0, round(261.4 * 0.95 * 1.01 * 0.98, 6))]


def _update(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_files(tmp_path / "upd", files)


def test_a_newer_price_file_continues_the_stored_history_by_its_returns(
        store: Store, tmp_path: Path, universe: Universe) -> None:
    summary = import_folder(_update(tmp_path, {"prices/SPY.csv": price_csv(REBASED + LATER)}),
                            store, universe)
    level = store.level("SPY")
    assert len(level) == 12  # ten stored days kept, two appended
    assert level.iloc[:10].tolist() == [a for _, _, a in SPY_ROWS]  # stored history untouched
    # The stored basis continues: 261.4 x 1.01 x 0.98, not the file's rebased level.
    assert level.iloc[-2] == pytest.approx(261.4 * 1.01, rel=1e-9)
    assert level.iloc[-1] == pytest.approx(261.4 * 1.01 * 0.98, rel=1e-9)
    assert store.load("SPY")["close"].iloc[-1] == 265.0  # raw columns appended as they are
    [note] = summary.spliced
    assert (note.symbol, note.appended, note.first_new, note.last, note.overlap, note.common) \
        == ("SPY", 2, "2020-03-16", "2020-03-17", "2020-03-10..2020-03-13", 4)
    rec = store.records()["SPY"]
    assert (rec.rows, rec.first, rec.last) == (12, "2020-03-02", "2020-03-17")
    assert rec.origin.endswith("good/prices/SPY.csv")  # the first source stays recorded
    assert [(s["origin"].endswith("upd/prices/SPY.csv"), s["from"], s["appended"])
            for s in rec.splices] == [(True, "2020-03-16", 2)]


def test_reimporting_the_same_overlap_is_a_no_op(store: Store, tmp_path: Path,
                                                 universe: Universe) -> None:
    upd = _update(tmp_path, {"prices/SPY.csv": price_csv(REBASED + LATER),
                             "fred/DGS10.csv": fred_csv()})
    import_folder(upd, store, universe)
    before = fingerprint(store.root)
    again = import_folder(upd, store, universe)
    assert (again.series, sorted(again.unchanged)) == (0, ["DGS10", "SPY"])
    assert fingerprint(store.root) == before  # no new version written


def test_a_price_overlap_that_disagrees_is_refused_with_a_table(
        store: Store, tmp_path: Path, universe: Universe) -> None:
    wrong = [*REBASED[:3], (REBASED[3][0], 269.32, round(REBASED[3][2] * 1.001, 6)), *LATER]
    before = fingerprint(store.root)
    with pytest.raises(DataValidationError) as info:
        import_folder(_update(tmp_path, {"prices/SPY.csv": price_csv(wrong)}), store, universe)
    [problem] = info.value.problems
    lines = problem.splitlines()
    assert lines[0] == (f"{tmp_path}/upd/prices/SPY.csv: the overlap with the stored series "
                        "disagrees on 1 of 3 day(s) (daily return of adj_close, tolerance 1e-05); "
                        "check that both files are the same security and both are "
                        "dividend-adjusted; nothing was written:")
    assert lines[2].split() == ["2020-03-13", "0.085548173", "0.086633721", "+0.00109"]
    assert fingerprint(store.root) == before


def test_a_gap_between_stored_and_new_data_is_refused(store: Store, tmp_path: Path,
                                                      universe: Universe) -> None:
    before = fingerprint(store.root)
    result = cli("data", "import", _update(tmp_path, {"prices/SPY.csv": price_csv(LATER)}),
                 "--store", store.root)
    assert result.exit_code == 2
    assert result.output == (
        "error: 1 problem(s) in the input data; nothing was written:\n"
        f"  - {tmp_path}/upd/prices/SPY.csv: starts 2020-03-16, after the stored series ends "
        "2020-03-13 (a gap of 3 days, no overlap to check); import a file that starts on or "
        "before 2020-03-13, or replace the whole series with --replace; nothing was written\n")
    assert fingerprint(store.root) == before


def test_a_revised_economic_value_is_refused_unless_accepted(
        store: Store, tmp_path: Path, universe: Universe) -> None:
    revised = fred_csv([("2020-03-03", "1.0"), ("2020-03-05", "0.95"), ("2020-03-06", "0.8")])
    upd = _update(tmp_path, {"fred/DGS10.csv": revised})
    before = fingerprint(store.root)
    with pytest.raises(DataValidationError) as info:
        import_folder(upd, store, universe)
    lines = info.value.problems[0].splitlines()
    assert "disagrees on 1 of 2 day(s) (value, values must be identical)" in lines[0]
    assert "import again with --accept-revisions to keep the new ones" in lines[0]
    assert lines[2].split() == ["2020-03-05", "0.92", "0.95", "+0.03"]
    assert fingerprint(store.root) == before
    summary = import_folder(upd, store, universe, accept_revisions=True)
    assert summary.spliced[0].revised == ["2020-03-05: 0.92 -> 0.95"]
    assert store.level("DGS10").tolist() == [1.10, 1.00, 0.95, 0.8]  # "4.20"-style equal
    assert store.records()["DGS10"].splices[0]["revised"] == ["2020-03-05: 0.92 -> 0.95"]


def test_a_nav_only_price_file_imports_as_a_total_return_level(
        store: Store, tmp_path: Path, universe: Universe) -> None:
    nav = "date,close\n2020-03-02,10.0\n2020-03-03,10.5\n2020-03-04,10.29\n"
    summary = import_folder(_update(tmp_path, {"prices/MYFUND.csv": nav}), store, universe)
    assert store.level("MYFUND").tolist() == [10.0, 10.5, 10.29]
    assert summary.flagged["MYFUND"] == [
        "NAV-only file: its single column is read as the total-return level"]


def test_a_damaged_spliced_series_says_how_to_rebuild_it(store: Store, tmp_path: Path,
                                                         universe: Universe) -> None:
    import_folder(_update(tmp_path, {"prices/SPY.csv": price_csv(REBASED + LATER)}), store,
                  universe)
    (store.version_dir() / "prices" / "SPY.parquet").unlink()
    result = cli("data", "check", "--store", store.root)
    assert result.exit_code == 1
    assert result.output.splitlines()[2] == (
        "  DAMAGED prices/SPY.parquet (SPY): missing; it was spliced from several files: run "
        f"`playbook data import --replace` of the folder holding {tmp_path}/good/prices/SPY.csv, "
        f"then `playbook data import` of {tmp_path}/upd, in that order")
