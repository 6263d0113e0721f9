"""Import refusals: hostile or unlucky snapshot folders. Each case asserts the exact
line the user sees and that the store did not change; the tolerated oddities (BOM, CRLF, …)
must import exactly like the clean file."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtests.data.importer import import_folder
from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.errors import DataValidationError
from backtests.slug import SYMBOL_RULE
from tests.conftest import SPY_ROWS, fred_csv, price_csv
from tests.unit.harness import fingerprint, write_files

GOOD = price_csv()
HEADER = "date,open,high,low,close,adj_close,volume\n"
FIX = "fix or delete the row in the source file, then re-run the import"
FRED_FIX = "leave the cell empty (or '.') for a missing value, or " + FIX
ONE_PER_SERIES = "one file per series: fix the symbol column of manifest.csv or remove a file"
M = "file,symbol,sha256\n"


def spy_row(cell: str, col: int = 5, row: int = 2) -> str:
    """GOOD with the cell of data row `row` (0-based) and column `col` replaced."""
    lines = GOOD.splitlines()
    cells = lines[row + 1].split(",")
    cells[col] = cell
    lines[row + 1] = ",".join(cells)
    return "\n".join(lines) + "\n"


def fred(value: str) -> str:
    return fred_csv([("2020-03-02", "1.1"), ("2020-03-03", value)])


# (case id, files over the good two-file snapshot, the one expected problem line; {src} is
# the snapshot folder)
REFUSED: list[tuple[str, dict[str, str | bytes], str]] = [
    ("manifest maps two files to one symbol",
     {"prices/TLT.csv": GOOD, "manifest.csv": M + "prices/SPY.csv,SPY,\nprices/TLT.csv,SPY,\n"},
     "{src}: prices/SPY.csv (manifest.csv line 2: SPY) and prices/TLT.csv (manifest.csv line 3: "
     "SPY) map to one symbol SPY; " + ONE_PER_SERIES),
    ("manifest symbol collides with a file name",
     {"prices/TLT.csv": GOOD, "manifest.csv": M + "prices/TLT.csv,SPY,\n"},
     "{src}: prices/SPY.csv (its file name: SPY) and prices/TLT.csv (manifest.csv line 2: SPY) "
     "map to one symbol SPY; " + ONE_PER_SERIES),
    ("one name in prices/ and fred/", {"prices/DGS10.csv": GOOD},
     "{src}: prices/DGS10.csv (its file name: DGS10) and fred/DGS10.csv (its file name: DGS10) "
     "map to one symbol DGS10; " + ONE_PER_SERIES),
    ("two symbols, one stored file",
     {"prices/A.csv": GOOD, "prices/B.csv": GOOD,
      "manifest.csv": M + "prices/A.csv,GC=F,\nprices/B.csv,GC.F,\n"},
     "{src}: prices/A.csv (manifest.csv line 2: GC=F) and prices/B.csv (manifest.csv line 3: "
     "GC.F) map to one stored file prices/GC_F.parquet; " + ONE_PER_SERIES),
    ("manifest lists a file twice",
     {"manifest.csv": M + "prices/SPY.csv,SPY,\nprices/SPY.csv,QQQ,\n"},
     "{src}/manifest.csv, line 3: file 'prices/SPY.csv' is listed again (first on line 2); keep "
     "one row per file"),
    ("manifest symbol climbs out of the store", {"manifest.csv": M + "prices/SPY.csv,../../x,\n"},
     "{src}/manifest.csv, line 2: symbol '../../x' is not valid: use " + SYMBOL_RULE),
    ("manifest symbol is rich markup", {"manifest.csv": M + "prices/SPY.csv,[/x],\n"},
     "{src}/manifest.csv, line 2: symbol '[/x]' is not valid: use " + SYMBOL_RULE),
    ("manifest checksum is not hex", {"manifest.csv": M + "prices/SPY.csv,SPY,abc\n"},
     "{src}/manifest.csv, line 2: sha256 'abc' is not 64 hex digits; copy the checksum again or "
     "leave it empty"),
    ("manifest is empty", {"manifest.csv": ""},
     "{src}/manifest.csv: empty; it needs a header with at least file, symbol, sha256 (or delete "
     "the file)"),
    ("manifest header repeats a column", {"manifest.csv": "file,symbol,symbol,sha256\n"},
     "{src}/manifest.csv: column(s) 'symbol' appear more than once in the header; keep one of "
     "each"),
    ("manifest lacks a column", {"manifest.csv": "file,sha256\nprices/SPY.csv,\n"},
     "{src}/manifest.csv: missing column(s) symbol; it needs at least file, symbol, sha256"),
    ("manifest has an unclosed quote", {"manifest.csv": M + '"prices/SPY.csv,SPY,\n'},
     "{src}/manifest.csv, line 2: not valid CSV (unexpected end of data); close the quote or "
     "fix the row"),
    ("manifest is not UTF-8", {"manifest.csv": b"file,symbol,sha256\n\xff,SPY,\n"},
     "{src}/manifest.csv: not UTF-8 text (byte 19); re-save it as UTF-8 CSV"),
    ("file name is not a symbol", {"prices/a b.csv": GOOD},
     "{src}/prices/a b.csv: the file name gives symbol 'a b', which is not valid (" + SYMBOL_RULE
     + "); rename the file or give its symbol in manifest.csv"),
    ("file name is rich markup", {"prices/[red]x[_].csv": GOOD},
     "{src}/prices/[red]x[_].csv: the file name gives symbol '[red]x[_]', which is not valid ("
     + SYMBOL_RULE + "); rename the file or give its symbol in manifest.csv"),
    ("inf in a FRED series", {"fred/DGS10.csv": fred("inf")},
     "{src}/fred/DGS10.csv, row 3 (2020-03-03): value 'inf' is not a finite number; " + FRED_FIX),
    ("-inf in a FRED series", {"fred/DGS10.csv": fred("-inf")},
     "{src}/fred/DGS10.csv, row 3 (2020-03-03): value '-inf' is not a finite number; "
     + FRED_FIX),
    ("nan text in a FRED series", {"fred/DGS10.csv": fred("nan")},
     "{src}/fred/DGS10.csv, row 3 (2020-03-03): value 'nan' is not a finite number; "
     + FRED_FIX),
    ("1e400 overflows to inf", {"fred/DGS10.csv": fred("1e400")},
     "{src}/fred/DGS10.csv, row 3 (2020-03-03): value '1e400' is not a finite number; "
     + FRED_FIX),
    ("Infinity as a price", {"prices/SPY.csv": spy_row("Infinity")},
     "{src}/prices/SPY.csv, row 4 (2020-03-04): adj_close 'Infinity' is not a finite number; "
     + FIX),
    ("NaN as a close", {"prices/SPY.csv": spy_row("NaN", col=4)},
     "{src}/prices/SPY.csv, row 4 (2020-03-04): close 'NaN' is not a finite number; " + FIX),
    ("ragged row, one field too many", {"prices/SPY.csv": spy_row("303.7,9")},
     "{src}/prices/SPY.csv, row 4: 8 fields, the header has 7; every row needs one value per "
     "column (empty is allowed), fix the row"),
    ("ragged first row (pandas would make it the index)",
     {"prices/SPY.csv": spy_row("300.0,9", row=0)},
     "{src}/prices/SPY.csv, row 2: 8 fields, the header has 7; every row needs one value per "
     "column (empty is allowed), fix the row"),
    ("short rows", {"fred/DGS10.csv": "date,value\n2020-03-02\n2020-03-03\n"},
     "{src}/fred/DGS10.csv, row 2: 1 fields, the header has 2 (2 such rows); every row needs one "
     "value per column (empty is allowed), fix the row"),
    ("unclosed quote", {"prices/SPY.csv": spy_row('"303.7')},
     "{src}/prices/SPY.csv, line 4: not valid CSV (unexpected end of data); close the quote or "
     "fix the row, then re-run the import"),
    ("text after a closing quote", {"prices/SPY.csv": spy_row('"303.7"x')},
     "{src}/prices/SPY.csv, line 4: not valid CSV (',' expected after '\"'); close the quote or "
     "fix the row, then re-run the import"),
    ("duplicated header column", {"prices/SPY.csv": GOOD.replace("close,adj", "close,close,adj")
                                  .replace(",1000\n", ",1000,1\n")},
     "{src}/prices/SPY.csv: column(s) 'close' appear more than once in the header; keep one of "
     "each"),
    ("full-width digits in a date", {"prices/SPY.csv": spy_row("２０２０-03-04", col=0)},
     "{src}/prices/SPY.csv, row 4: date '２０２０-03-04' is not YYYY-MM-DD; " + FIX),
    ("year zero", {"prices/SPY.csv": spy_row("0000-03-04", col=0)},
     "{src}/prices/SPY.csv, row 4: date '0000-03-04' is before 1800; " + FIX),
    ("year 0020", {"prices/SPY.csv": spy_row("0020-03-04", col=0)},
     "{src}/prices/SPY.csv, row 4: date '0020-03-04' is before 1800; " + FIX),
    ("negative year", {"prices/SPY.csv": spy_row("-0001-03-04", col=0)},
     "{src}/prices/SPY.csv, row 4: date '-0001-03-04' is not YYYY-MM-DD; " + FIX),
    ("30 February", {"prices/SPY.csv": spy_row("2020-02-30", col=0)},
     "{src}/prices/SPY.csv, row 4: date '2020-02-30' is not YYYY-MM-DD; " + FIX),
    ("terminal escape code in a value", {"prices/SPY.csv": spy_row("\x1b[31m303.7")},
     "{src}/prices/SPY.csv, row 4 (2020-03-04): adj_close '\\x1b[31m303.7' is not a number; "
     + FIX),
    ("NUL byte in a value", {"prices/SPY.csv": spy_row("303.7\x00")},
     "{src}/prices/SPY.csv, row 4 (2020-03-04): adj_close '303.7\\x00' is not a number; " + FIX),
    ("a 1 MB cell is not echoed", {"prices/SPY.csv": spy_row("9" * 1_000_000)},
     "{src}/prices/SPY.csv, line 4: not valid CSV (a field is longer than 131,072 characters); "
     "close the quote or fix the row, then re-run the import"),
    ("a 100 kB cell is quoted cut", {"prices/SPY.csv": spy_row("9" * 16 + "x" * 100_000)},
     "{src}/prices/SPY.csv, row 4 (2020-03-04): adj_close '" + "9" * 16 + "x" * 24
     + "…' (100,016 characters) is not a number; " + FIX),
    ("a 100 kB header is quoted cut", {"fred/DGS10.csv": "d" * 100_000 + "\n1\n"},
     "{src}/fred/DGS10.csv: missing column(s) date, value; the header must be 'date,value' "
     "(found '" + "d" * 80 + "…' (100,000 characters))"),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in REFUSED],
                         ids=[c[0] for c in REFUSED])
def test_refused_with_one_line_and_store_unchanged(
        tmp_path: Path, store: Store, universe: Universe, files: dict[str, str | bytes],
        expected: str) -> None:
    src = _snapshot(tmp_path, files)
    before = fingerprint(store.root)
    with pytest.raises(DataValidationError) as info:
        import_folder(src, store, universe)
    assert info.value.problems == [expected.format(src=src)]
    assert fingerprint(store.root) == before


def test_unreadable_files_are_named(tmp_path: Path, store: Store, universe: Universe) -> None:
    src = _snapshot(tmp_path, {})
    (src / "prices" / "LOOP.csv").symlink_to(src / "prices" / "LOOP.csv")
    (src / "prices" / "QQQ.csv").mkdir()
    before = fingerprint(store.root)
    with pytest.raises(DataValidationError) as info:
        import_folder(src, store, universe)
    assert info.value.problems == [
        f"cannot read {src}/prices/LOOP.csv: is a symbolic-link loop (ELOOP); fix or remove the "
        "link, then re-run the import",
        f"cannot read {src}/prices/QQQ.csv: is a folder, not a file (EISDIR); give the path of a "
        "file, then re-run the import"]
    assert fingerprint(store.root) == before


TOLERATED: list[tuple[str, dict[str, str | bytes]]] = [
    ("byte-order mark", {"prices/SPY.csv": b"\xef\xbb\xbf" + GOOD.encode()}),
    ("CRLF line ends", {"prices/SPY.csv": GOOD.replace("\n", "\r\n")}),
    ("CR-only line ends", {"prices/SPY.csv": GOOD.replace("\n", "\r")}),
    ("blank lines", {"prices/SPY.csv": GOOD.replace("\n2020-03-05", "\n\n\n2020-03-05")}),
    ("header in capitals with spaces", {"prices/SPY.csv": GOOD.replace(
        HEADER, "Date, Open, High, Low, Close, Adj_Close, Volume\n")}),
    ("quoted cells", {"prices/SPY.csv": GOOD.replace(",300.0,", ',"300.0",')}),
    ("manifest with a BOM and header only", {"manifest.csv": b"\xef\xbb\xbf" + M.encode()}),
    ("manifest with blank lines", {"manifest.csv": M + "\nprices/SPY.csv,SPY,\n\n"}),
]


@pytest.mark.parametrize("files", [c[1] for c in TOLERATED], ids=[c[0] for c in TOLERATED])
def test_harmless_oddities_import_like_the_clean_file(
        tmp_path: Path, store: Store, universe: Universe, files: dict[str, str | bytes]) -> None:
    clean = store.level("SPY")
    import_folder(_snapshot(tmp_path, files), store, universe)
    assert store.level("SPY").equals(clean)
    assert store.level("SPY").index[0] == clean.index[0] and len(clean) == len(SPY_ROWS)


def test_files_not_named_csv_are_listed_not_silently_skipped(
        tmp_path: Path, store: Store, universe: Universe) -> None:
    src = _snapshot(tmp_path, {"prices/QQQ.CSV": GOOD, "prices/notes.txt": "x",
                               "prices/.DS_Store": "x"})
    summary = import_folder(src, store, universe)
    assert summary.notes == ["ignored 2 file(s) not named *.csv: prices/QQQ.CSV, prices/notes.txt"]
    assert "QQQ" not in store.records()


def _snapshot(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    return write_files(tmp_path / "snap", {"prices/SPY.csv": GOOD, "fred/DGS10.csv": fred_csv(),
                                           **files})
