"""Leftovers of interrupted writes (kill -9, power loss): found and removed after a day.

Every atomic write here builds in a hidden sibling (`.tmp-*` folders and files, `.CURRENT-*`
and `.latest-*` pointers) and renames it into place; a killed process leaves it behind. Only
leftovers older than a day are removed, so a write in progress is never touched.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)
PREFIXES = (".tmp-", ".CURRENT-", ".latest-")
DAY = 86_400.0


def remove_stale(folders: Iterable[Path], older_than: float = DAY,
                 now: float | None = None) -> list[Path]:
    """Remove leftovers directly inside `folders` untouched for `older_than` seconds."""
    now = time.time() if now is None else now
    removed = []
    for folder in folders:
        try:
            entries = [p for p in Path(folder).iterdir() if p.name.startswith(PREFIXES)]
        except OSError:  # missing, not a folder, unreadable: nothing of ours to clean
            continue
        for p in entries:
            try:
                if now - p.lstat().st_mtime < older_than:
                    continue
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p)
                else:
                    p.unlink()
                removed.append(p)
            except OSError as e:  # read-only store, a race with another cleaner: not fatal
                log.warning("could not remove the leftover %s: %s", p, e)
    return removed


def describe(removed: list[Path]) -> str:
    """One line for the user."""
    shown = ", ".join(str(p) for p in removed[:3]) + (" …" if len(removed) > 3 else "")
    return (f"removed {len(removed)} leftover(s) of interrupted writes older than a day: "
            f"{shown}")
