"""A corpus of malformed inputs: each is rejected with its own message and changes nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from backtests.data.importer import import_folder
from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.errors import DataValidationError
from tests.conftest import SPY_ROWS, fred_csv, price_csv, write_snapshot

HEADER = "date,open,high,low,close,adj_close,volume\n"
GOOD = price_csv()


def _swap(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


# (case id, SPY.csv text, DGS10.csv text or None for the good one, expected message)
CORPUS = [
    ("empty file", "", None, r"SPY\.csv: file is empty"),
    ("header only", HEADER, None, r"SPY\.csv: header only, no data rows"),
    ("missing column", GOOD.replace(",adj_close", ""), None,
     r"missing column\(s\) adj_close; the header must be"),
    ("bad date", _swap(GOOD, "2020-03-04", "2020-13-04"), None,
     r"row 4: date '2020-13-04' is not YYYY-MM-DD"),
    ("us date format", _swap(GOOD, "2020-03-04", "03/04/2020"), None,
     r"row 4: date '03/04/2020' is not YYYY-MM-DD"),
    ("bad number", _swap(GOOD, ",291.4,", ",29l.4,"), None,
     r"row 3 \(2020-03-03\): adj_close '29l.4' is not a number"),
    ("empty adj_close", _swap(GOOD, ",291.4,", ",,"), None,
     r"row 3 \(2020-03-03\): adj_close is empty"),
    ("duplicate date", GOOD + "2020-03-13,1,1,1,269.0,261.0,5\n", None,
     r"date 2020-03-13 appears more than once"),
    ("unsorted", HEADER + "".join(f"{d},{c},{c},{c},{c},{a},1\n"
                                  for d, c, a in [SPY_ROWS[1], SPY_ROWS[0], *SPY_ROWS[2:]]),
     None, r"row 3: date 2020-03-02 comes after 2020-03-03; sort the file"),
    ("zero price", _swap(GOOD, ",291.4,", ",0,"), None, r"\(2020-03-03\): price 0 is not positive"),
    ("negative price", _swap(GOOD, ",291.4,", ",-291.4,"), None, r"price -291.4 is not positive"),
    ("implausible jump", _swap(GOOD, ",293.6,", ",2936,"), None,
     r"\(2020-03-05\): adj_close daily return of \+8\.667 exceeds the plausibility bound ±0\.5"),
    ("future date", GOOD + "2099-01-05,1,1,1,270,262,1\n", None,
     r"date 2099-01-05 is in the future"),
    ("weekend row", _swap(GOOD, "2020-03-09", "2020-03-07"), None,
     r"date 2020-03-07 is a Saturday; daily prices have no weekend rows"),
    ("fred wrong header", None, "observation_date,DGS10\n2020-03-02,1.1\n",
     r"DGS10\.csv: missing column\(s\) date, value"),
    ("fred bad number", None, fred_csv([("2020-03-02", "1.1"), ("2020-03-03", "1..0")]),
     r"DGS10\.csv, row 3 \(2020-03-03\): value '1\.\.0' is not a number"),
    ("fred all missing", None, fred_csv([("2020-03-02", "."), ("2020-03-03", "")]),
     r"DGS10\.csv: column value has no values at all"),
    ("fred rate jump", None, fred_csv([("2020-03-02", "1.1"), ("2020-03-03", "51.0")]),
     r"value daily change of \+49\.9 exceeds the plausibility bound ±10"),
]


def _fingerprint(store: Store) -> str:
    """Hash of every file in the store: 'unchanged' means byte-identical."""
    h = hashlib.sha256()
    for p in sorted(store.root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(store.root).as_posix().encode() + p.read_bytes())
    return h.hexdigest()


@pytest.mark.parametrize(("spy", "dgs10", "message"), [c[1:] for c in CORPUS],
                         ids=[c[0] for c in CORPUS])
def test_malformed_input_is_rejected_and_store_unchanged(
        tmp_path: Path, store: Store, universe: Universe, spy: str | None, dgs10: str | None,
        message: str) -> None:
    before = _fingerprint(store)
    bad = write_snapshot(tmp_path / "bad", spy=spy, dgs10=dgs10)
    with pytest.raises(DataValidationError, match=message) as info:
        import_folder(bad, store, universe)
    assert len(info.value.problems) == 1  # one clear line per problem, not a cascade
    assert _fingerprint(store) == before


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 15


def test_non_utf8_file_is_rejected(tmp_path: Path, store: Store, universe: Universe) -> None:
    bad = write_snapshot(tmp_path / "bad")
    (bad / "prices" / "SPY.csv").write_bytes(b"date,close\n\xff\xfe\x00garbage")
    before = _fingerprint(store)
    with pytest.raises(DataValidationError, match=r"SPY\.csv: not UTF-8 text \(byte 11\)"):
        import_folder(bad, store, universe)
    assert _fingerprint(store) == before


def test_checksum_mismatch_against_manifest(tmp_path: Path, store: Store,
                                            universe: Universe) -> None:
    bad = write_snapshot(tmp_path / "bad")
    (bad / "manifest.csv").write_text("file,symbol,sha256\nprices/SPY.csv,SPY," + "0" * 64
                                      + "\nfred/DGS10.csv,DGS10,\n")
    before = _fingerprint(store)
    with pytest.raises(DataValidationError, match=r"does not match manifest\.csv \(000000000000"):
        import_folder(bad, store, universe)
    assert _fingerprint(store) == before


def test_manifest_listing_a_missing_file(tmp_path: Path, store: Store, universe: Universe) -> None:
    bad = write_snapshot(tmp_path / "bad")
    (bad / "manifest.csv").write_text("file,symbol,sha256\nprices/QQQ.csv,QQQ,\n")
    with pytest.raises(DataValidationError, match=r"lists prices/QQQ\.csv but the file is not"):
        import_folder(bad, store, universe)


def test_not_a_folder_and_empty_folder(tmp_path: Path, store: Store, universe: Universe) -> None:
    with pytest.raises(DataValidationError, match=r"nope: not a folder"):
        import_folder(tmp_path / "nope", store, universe)
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataValidationError, match=r"no prices/\*\.csv or fred/\*\.csv files"):
        import_folder(tmp_path / "empty", store, universe)


def test_every_problem_in_a_bad_import_is_reported(tmp_path: Path, store: Store,
                                                   universe: Universe) -> None:
    bad = write_snapshot(tmp_path / "bad", spy="", dgs10=fred_csv([("2020/03/02", "1")]))
    with pytest.raises(DataValidationError) as info:
        import_folder(bad, store, universe)
    assert len(info.value.problems) == 2


def test_large_but_plausible_moves_are_flagged_not_rejected(tmp_path: Path, store: Store,
                                                            universe: Universe) -> None:
    rows = [*SPY_ROWS[:-1], ("2020-03-13", 400.0, 361.4)]  # +50.1% is over the 0.5 bound
    with pytest.raises(DataValidationError):
        import_folder(write_snapshot(tmp_path / "a", spy=price_csv(rows)), store, universe,
            replace=True)
    rows = [*SPY_ROWS[:-1], ("2020-03-13", 330.0, 320.0)]  # +32.9%: kept, flagged
    summary = import_folder(write_snapshot(tmp_path / "b", spy=price_csv(rows)), store, universe,
                            replace=True)
    assert summary.flagged["SPY"] == ["1 daily move(s) beyond ±25%: 2020-03-13 +32.9%"]
