"""What a snapshot folder holds: its prices/*.csv and fred/*.csv files, the rows of its
manifest.csv (symbol and checksum per file), and the symbol each file imports as. Every fault
is refused with one line per problem."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from backtests.data.universe import Universe, file_stem
from backtests.data.validate import read_csv_rows
from backtests.errors import DataValidationError, clip, quote
from backtests.files import os_error_line
from backtests.slug import SYMBOL_RULE, is_symbol

LAYOUT = {"prices": "price", "fred": "fred"}
MANIFEST_COLUMNS = ("file", "symbol", "sha256")
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")


@dataclass(frozen=True)
class ManifestRow:
    line: int  # line number in manifest.csv (the header is line 1)
    symbol: str
    sha256: str


def list_files(src: Path) -> tuple[list[tuple[str, Path]], list[str]]:
    """(relative name, path) of every prices/*.csv and fred/*.csv, and notes on the rest."""
    if not src.is_dir():
        raise DataValidationError([f"{src}: not a folder; give the snapshot folder that holds "
                                   "prices/, fred/ and manifest.csv"])
    files, ignored = [], []
    for sub in LAYOUT:
        try:
            entries = sorted((src / sub).iterdir()) if (src / sub).is_dir() else []
        except OSError as e:
            raise DataValidationError([os_error_line(e, "cannot list")]) from None
        for p in entries:
            if p.name.endswith(".csv"):
                files.append((f"{sub}/{p.name}", p))
            elif not p.name.startswith("."):
                ignored.append(f"{sub}/{p.name}")
    if not files:
        raise DataValidationError([f"{src}: no prices/*.csv or fred/*.csv files found; the "
                                   "layout is documented in README.md (Data)"])
    notes = [f"ignored {len(ignored)} file(s) not named *.csv: {clip(', '.join(ignored), 120)}"
             ] if ignored else []
    return files, notes


def read_manifest_csv(src: Path, files: list[tuple[str, Path]]) -> dict[str, ManifestRow]:
    """Symbols and checksums from manifest.csv, if the export has one; every fault refused."""
    path = src / "manifest.csv"
    if not path.exists():
        return {}
    try:
        text = path.read_bytes().decode("utf-8-sig")  # a spreadsheet's BOM is fine
    except OSError as e:
        raise DataValidationError([os_error_line(e, "cannot read")]) from None
    except UnicodeDecodeError as e:
        raise DataValidationError([f"{path}: not UTF-8 text (byte {e.start}); re-save it as "
                                   "UTF-8 CSV"]) from None
    table = read_csv_rows(text)
    if isinstance(table, tuple):
        raise DataValidationError([f"{path}, line {table[0]}: not valid CSV ({table[1]}); close "
                                   "the quote or fix the row"])
    header = [h.strip() for h in table[0]] if table else []
    problems = _header_problems(path, header)
    if problems:
        raise DataValidationError(problems)
    col = {c: header.index(c) for c in MANIFEST_COLUMNS}
    present = {rel for rel, _ in files}
    out: dict[str, ManifestRow] = {}
    for line, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # a row of empty cells
        cell = {c: (cells[i].strip() if i < len(cells) else "") for c, i in col.items()}
        problems += _row_problems(path, line, cell, present, out)
        out[cell["file"]] = ManifestRow(line, cell["symbol"], cell["sha256"])
    if problems:
        raise DataValidationError(problems)
    return out


def _header_problems(path: Path, header: list[str]) -> list[str]:
    if not header:
        return [f"{path}: empty; it needs a header with at least {', '.join(MANIFEST_COLUMNS)} "
                "(or delete the file)"]
    doubled = sorted({h for h in header if header.count(h) > 1 and h})
    if doubled:
        return [f"{path}: column(s) {', '.join(map(quote, doubled))} appear more than once in "
                "the header; keep one of each"]
    missing = [c for c in MANIFEST_COLUMNS if c not in header]
    if missing:
        return [f"{path}: missing column(s) {', '.join(missing)}; it needs at least "
                f"{', '.join(MANIFEST_COLUMNS)}"]
    return []


def _row_problems(path: Path, line: int, cell: dict[str, str], present: set[str],
                  seen: dict[str, ManifestRow]) -> list[str]:
    where, problems = f"{path}, line {line}", []
    if cell["file"] in seen:
        problems.append(f"{where}: file {quote(cell['file'])} is listed again (first on line "
                        f"{seen[cell['file']].line}); keep one row per file")
    elif cell["file"] not in present:
        problems.append(f"{path}: lists {clip(cell['file'])} but the file is not in "
                        f"{path.parent}; restore it or remove its manifest row")
    if cell["symbol"] and not is_symbol(cell["symbol"]):
        problems.append(f"{where}: symbol {quote(cell['symbol'])} is not valid: use "
                        f"{SYMBOL_RULE}")
    if cell["sha256"] and not _HEX64.fullmatch(cell["sha256"]):
        problems.append(f"{where}: sha256 {quote(cell['sha256'])} is not 64 hex digits; copy "
                        "the checksum again or leave it empty")
    return problems


def assign_symbols(src: Path, files: list[tuple[str, Path]], rows: dict[str, ManifestRow],
                   universe: Universe) -> dict[str, str]:
    """Each file's symbol (manifest, else its name); one file per symbol and stored file."""
    by_stem = {file_stem(s): s for s in universe.series}
    symbols, named_by, problems = {}, {}, []
    for rel, _ in files:
        if rel in rows and rows[rel].symbol:
            symbols[rel], named_by[rel] = rows[rel].symbol, f"manifest.csv line {rows[rel].line}"
            continue
        stem = Path(rel).stem
        symbols[rel], named_by[rel] = by_stem.get(stem, stem), "its file name"
        if not is_symbol(symbols[rel]):
            problems.append(f"{src / rel}: the file name gives symbol {quote(stem)}, which is "
                            f"not valid ({SYMBOL_RULE}); rename the file or give its symbol in "
                            "manifest.csv")
    problems += _clashes(src, symbols, named_by, lambda rel: symbols[rel], "symbol")
    # Different symbols can still share a stored file ('GC=F' and 'GC.F' -> GC_F.parquet).
    problems += _clashes(src, symbols, named_by,
                         lambda rel: f"{rel.split('/')[0]}/{file_stem(symbols[rel])}.parquet",
                         "stored file")
    if problems:
        raise DataValidationError(problems)
    return symbols


def _clashes(src: Path, symbols: dict[str, str], named_by: dict[str, str],
             key: Callable[[str], str], what: str) -> list[str]:
    groups: dict[str, list[str]] = {}
    for rel in symbols:
        groups.setdefault(key(rel), []).append(rel)
    problems = []
    for value, rels in groups.items():
        if len(rels) > 1 and (what == "symbol" or len({symbols[r] for r in rels}) > 1):
            shown = " and ".join(f"{r} ({named_by[r]}: {clip(symbols[r])})" for r in rels)
            problems.append(f"{src}: {shown} map to one {what} {clip(value)}; one file per "
                            "series: fix the symbol column of manifest.csv or remove a file")
    return problems
