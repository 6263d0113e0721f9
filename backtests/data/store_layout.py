"""Which versions a store folder holds: the CURRENT pointer, the complete versions and their
manifest.json, and what is wrong when no version is live (see store.py for the layout)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from backtests.data.integrity import Candidate, why
from backtests.data.records import SeriesRecord
from backtests.errors import StoreError, quote
from backtests.slug import is_name

KEEP_VERSIONS = 2
FIX = "run `playbook data check` to see what is damaged and `playbook data repair` to fix it"


class StoreLayout:
    """The versions of the store at `root`; `version` pins one version."""

    def __init__(self, root: Path, version: str | None = None) -> None:
        self.root = Path(root)
        self.pinned_version = version

    # ------------------------------------------------------------------ the pointer
    def _pointer_text(self) -> str | None:
        try:
            return (self.root / "CURRENT").read_bytes().decode("utf-8", "replace").strip()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except IsADirectoryError:
            return "<a folder>"

    def current_version(self) -> str | None:
        """The live (or pinned) version, None if CURRENT is missing or names no version."""
        if self.pinned_version is not None:
            return self.pinned_version
        name = self._pointer_text()
        if name and is_name(name) and (self.root / "versions" / name / "manifest.json").is_file():
            return name
        return None

    def complete_versions(self) -> list[str]:
        """Versions renamed into place (so complete when written), oldest first."""
        folder = self.root / "versions"
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir()
                      if is_name(p.name) and (p / "manifest.json").is_file())

    def pointer_problem(self) -> str | None:
        """None if CURRENT names a version, or the store is simply empty; else what is wrong."""
        text = self._pointer_text()
        if text is None:
            return "has no CURRENT pointer" if self.complete_versions() else None
        if not text:
            return "has an empty CURRENT pointer"
        if not is_name(text):
            return f"has a CURRENT pointer holding {quote(text)}, not a version name"
        if not (self.root / "versions" / text).is_dir():
            return f"has a CURRENT pointer naming version {text}, which does not exist"
        if not (self.root / "versions" / text / "manifest.json").is_file():
            return f"has a CURRENT pointer naming version {text}, which has no manifest.json"
        return None

    def is_empty(self) -> bool:
        return self.current_version() is None and self.pointer_problem() is None

    def unusable(self) -> StoreError:
        """Why there is no live version: empty, or a damaged pointer (with the way out)."""
        problem = self.pointer_problem()
        if problem is None:
            return StoreError(f"the data store at {self.root} is empty; run `playbook data import "
                              "../shared/data/snapshot` (offline) or `playbook data fetch` "
                              "(online) first")
        newest = self.complete_versions()
        hint = f" (the newest complete version is {newest[-1]})" if newest else ""
        return StoreError(f"the data store at {self.root} {problem}{hint}; run `playbook data "
                          "repair` to point it at the newest intact version, or re-import")

    # ------------------------------------------------------------------ the versions
    def version_dir(self) -> Path:
        version = self.current_version()
        if version is None:
            raise self.unusable()
        return self.root / "versions" / version

    def intact_versions(self, exclude: str | None = None) -> list[Candidate]:
        """Complete versions with a readable manifest, newest first."""
        out = []
        for v in reversed(self.complete_versions()):
            if v == exclude:
                continue
            try:
                raw = read_manifest(self.root / "versions" / v)["series"]
                out.append(Candidate(v, self.root / "versions" / v,
                                     {s: SeriesRecord.from_dict(r) for s, r in raw.items()}))
            except (StoreError, KeyError, TypeError, ValueError, AttributeError):
                continue
        return out

    def scratch_folders(self) -> list[Path]:
        """Where interrupted writes leave hidden leftovers (.CURRENT-*, versions/.tmp-*)."""
        return [self.root, self.root / "versions"]


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
        if not isinstance(manifest, dict) or not isinstance(manifest.get("series"), dict):
            raise ValueError("no 'series' table")
        if missing := [k for k in ("version", "data_hash") if k not in manifest]:
            raise ValueError(f"no {', '.join(missing)}")
        return manifest
    except (OSError, ValueError) as e:
        raise StoreError(f"{folder / 'manifest.json'} is unreadable ({why(e)}); {FIX}") from None
