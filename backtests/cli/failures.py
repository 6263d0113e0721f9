"""Every expected failure as one line the user can act on: the one place that maps them.

Library errors (PlaybookError, StrategyError) already say what, which value and the fix. OS
errors (a store or --out that is a file, read-only, a full disk), parser errors and store
damage that escape the library are described here, never as a traceback (--debug shows it).
Light on purpose: pandas and pyarrow are only looked at if they are already imported.
"""

from __future__ import annotations

import sys

from backtests.errors import PlaybookError, clip
from backtests.files import os_error_line

MAX_LINE = 1_000  # characters per printed line: no console flooded by a 32 MB value
MAX_LINES = 40
EXPECTED, BUG, INTERRUPTED = 2, 1, 130  # exit codes
CHECK = "run `playbook data check` to see what is damaged and `playbook data repair` to fix it"


def describe(e: BaseException) -> tuple[str, int]:
    """(message, exit code) for any exception; unexpected ones say they are a bug."""
    if isinstance(e, PlaybookError) or type(e).__name__ == "StrategyError":
        return str(e), EXPECTED
    if isinstance(e, KeyboardInterrupt):
        return "interrupted; whatever was being written was discarded (writes are atomic)", \
            INTERRUPTED
    if isinstance(e, OSError):
        return os_error_line(e), EXPECTED
    if isinstance(e, UnicodeDecodeError):
        return (f"a file is not UTF-8 text (byte {e.start}: {e.reason}); re-save it as UTF-8",
                EXPECTED)
    if isinstance(e, MemoryError):
        return "out of memory; close other programs or narrow the job (fewer episodes, a " \
               "coarser grid)", EXPECTED
    if (line := _third_party(e)) is not None:
        return line, EXPECTED
    return (f"unexpected {type(e).__name__}: {clip(first_line(e), 200)} (a bug); re-run with "
            "--debug for the traceback and report it"), BUG


def _third_party(e: BaseException) -> str | None:
    """pandas' CSV parser and pyarrow's parquet reader, if they are loaded at all."""
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(e, pd.errors.ParserError | pd.errors.EmptyDataError):
        return (f"a CSV file could not be parsed ({clip(first_line(e), 160)}); every row needs "
                "the header's fields and every quote must be closed")
    pa = sys.modules.get("pyarrow")
    if pa is not None and isinstance(e, pa.lib.ArrowException):
        return f"a stored parquet file is unreadable ({clip(first_line(e), 160)}); {CHECK}"
    pydantic = sys.modules.get("pydantic")
    if pydantic is not None and isinstance(e, pydantic.ValidationError):
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        return f"invalid value for '{clip(where)}' ({clip(err['msg'], 160)}); fix that value"
    return None


def first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def lines(message: str) -> list[str]:
    """The message as printable lines: each clipped, at most MAX_LINES."""
    out = [clip(ln, MAX_LINE) for ln in message.splitlines()] or [""]
    if len(out) > MAX_LINES:
        out = [*out[:MAX_LINES - 1], f"  … and {len(out) - MAX_LINES + 1} more line(s)"]
    return out
