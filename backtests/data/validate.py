"""Parse and validate the documented CSV layouts; one plain line per problem, no tracebacks.

prices/*.csv: date,open,high,low,close,adj_close,volume   (adj_close required per row; the
              rest may be empty, as in adjusted-only sources)
              or NAV-only: date,close or date,value      (a fund's NAV or a private mark, read
              as a total-return level: it becomes adj_close, the other columns stay empty)
fred/*.csv:   date,value                                  (empty or '.' = FRED's missing value)

This module reads the file and checks its shape (encoding, CSV, header, one field per column);
value_checks.py checks the cells (dates, numbers, plausibility).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from backtests.data.universe import Series
from backtests.data.value_checks import Checked, check_table
from backtests.errors import quote
from backtests.files import os_error_line

PRICE_COLUMNS = ["open", "high", "low", "close", "adj_close", "volume"]
FRED_COLUMNS = ["value"]
NAV_HINT = " (or 'date,close' / 'date,value' for a NAV-only file)"


def read_layout(path: Path, kind: str, spec: Series | None) -> Checked:
    """Read one CSV file of the given kind ('price' or 'fred') and validate it."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        return Checked(pd.DataFrame(), [os_error_line(e, "cannot read")])
    try:
        text = raw.decode("utf-8-sig")  # a spreadsheet's byte-order mark is fine
    except UnicodeDecodeError as e:
        return Checked(pd.DataFrame(), [f"{where}: not UTF-8 text (byte {e.start}); "
                                        "re-export the file as UTF-8 CSV"])
    return parse_text(text, where, kind, spec)


def parse_text(text: str, where: str, kind: str, spec: Series | None) -> Checked:
    """Validate CSV text of the documented layout; `where` names it in messages."""
    if not text.strip():
        return Checked(pd.DataFrame(), [f"{where}: file is empty; re-export it with a header "
                                        "row and data rows"])
    table = _table(text, where)
    if isinstance(table, str):
        return Checked(pd.DataFrame(), [table])
    header, rows = table
    nav = kind == "price" and header in (["date", "close"], ["date", "value"])
    if nav:  # NAV-only: one level column, taken as the total-return level
        header = ["date", "adj_close"]
        rows = [[*r, "", "", "", "", ""] if len(r) == 2 else r for r in rows]
        header += [c for c in PRICE_COLUMNS if c != "adj_close"]
    columns = PRICE_COLUMNS if kind == "price" else FRED_COLUMNS
    missing = [c for c in ["date", *columns] if c not in header]
    if missing:
        return Checked(pd.DataFrame(), [
            f"{where}: missing column(s) {', '.join(missing)}; the header must be "
            f"'date,{','.join(columns)}'" + (NAV_HINT if kind == "price" else "")
            + f" (found {quote(','.join(header), 80)})"])
    ragged = [i for i, r in enumerate(rows, start=2) if len(r) != len(header)]
    if ragged:
        return Checked(pd.DataFrame(), [
            f"{where}, row {ragged[0]}: {len(rows[ragged[0] - 2])} fields, the header has "
            f"{len(header)}" + (f" ({len(ragged)} such rows)" if len(ragged) > 1 else "")
            + "; every row needs one value per column (empty is allowed), fix the row"])
    if not rows:
        return Checked(pd.DataFrame(), [f"{where}: header only, no data rows; re-export the "
                                        "series"])
    out = check_table(pd.DataFrame(rows, columns=header, dtype=str), where, kind, columns, spec)
    if nav and not out.problems:
        out.flags.append("NAV-only file: its single column is read as the total-return level")
    return out


def _table(text: str, where: str) -> tuple[list[str], list[list[str]]] | str:
    """Header (lower-cased) and rows as strings, or the one line saying why it is no table.

    Parsed with the csv module, not pandas: pandas silently turns a ragged first row into an
    index and renames duplicated columns.
    """
    rows = read_csv_rows(text)
    if isinstance(rows, tuple):
        return (f"{where}, line {rows[0]}: not valid CSV ({rows[1]}); close the quote or fix "
                "the row, then re-run the import")
    header = [c.strip().lower() for c in rows[0]]
    doubled = sorted({c for c in header if header.count(c) > 1})
    if doubled:
        return (f"{where}: column(s) {', '.join(map(quote, doubled))} appear more than once in "
                "the header; keep one of each")
    return header, rows[1:]


def read_csv_rows(text: str) -> list[list[str]] | tuple[int, str]:
    """Non-empty rows of CSV text, or (line where the bad record starts, why)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, start = [], 1
    try:
        for row in reader:
            if row:
                rows.append(row)
            start = reader.line_num + 1
    except csv.Error as e:
        why = str(e)
        if "field larger than field limit" in why:  # 128 KB in one cell: an unclosed quote?
            why = f"a field is longer than {csv.field_size_limit():,} characters"
        return start, why
    return rows
