"""The local parquet store: versioned, written atomically, with a manifest per version.

Layout (root = data/store, --store DIR or $PLAYBOOK_STORE):
    CURRENT                      name of the live version (replaced atomically with os.replace)
    versions/<id>/manifest.json  per series: source, origin, fetched_at, rows, first/last,
                                 sha256 of the source text and of the stored parquet file
    versions/<id>/<kind>/<FILE>.parquet
A new version is built in a temporary folder and only becomes live when CURRENT is swapped,
so a failed import or fetch leaves the previous version exactly as it was. A run reads one
version from start to end (Store.pinned), whatever lands meanwhile.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import asdict, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from backtests.data.integrity import (
    READ_ERRORS,
    Candidate,
    CarryNotes,
    carry_over,
    damage,
    one_file_per_series,
    why,
)
from backtests.data.records import (  # noqa: F401  (re-exported: the store's vocabulary)
    Incoming,
    SeriesRecord,
    now_utc,
    sha256_file,
    sha256_text,
)
from backtests.errors import StoreError, quote
from backtests.paths import PROJECT_ROOT
from backtests.slug import is_name

ENV_VAR = "PLAYBOOK_STORE"
DEFAULT_STORE = PROJECT_ROOT / "data" / "store"
KEEP_VERSIONS = 2
FIX = "run `playbook data check` to see what is damaged and `playbook data repair` to fix it"


class Store:
    """Read and (atomically) write the versioned store; `version` pins one version."""

    def __init__(self, root: Path, version: str | None = None) -> None:
        self.root = Path(root)
        self.pinned_version = version
        self._manifest: dict[str, Any] | None = None

    @classmethod
    def resolve(cls, store: Path | None = None) -> Store:
        """--store DIR, else $PLAYBOOK_STORE, else data/store in the project."""
        env = os.environ.get(ENV_VAR)
        root = Path(store) if store else Path(env) if env else DEFAULT_STORE
        if root.exists() and not root.is_dir():
            given = "--store" if store else f"${ENV_VAR}" if env else "the default store"
            raise StoreError(f"store {root} ({given}) is a file, not a folder; give a folder "
                             "(the first import creates it)")
        return cls(root)

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

    # ------------------------------------------------------------------ reading
    def pinned(self) -> Store:
        """This store bound to the version live now: what it reads and names stays that
        version's, whatever an import commits meanwhile."""
        if self.pinned_version is not None or type(self) is not Store:
            return self  # pinned already, or a view (scenarios) reading its own source
        version = self.current_version()
        if version is None:
            raise self.unusable()
        store = Store(self.root, version)
        store._manifest = read_manifest(self.root / "versions" / version)
        return store

    def version_dir(self) -> Path:
        version = self.current_version()
        if version is None:
            raise self.unusable()
        return self.root / "versions" / version

    def manifest(self) -> dict[str, Any]:
        if self._manifest is not None:
            return self._manifest
        return read_manifest(self.version_dir())

    def records(self) -> dict[str, SeriesRecord]:
        manifest = self.manifest()
        try:
            return {s: SeriesRecord.from_dict(r) for s, r in manifest["series"].items()}
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise StoreError(f"{self.version_dir() / 'manifest.json'} is damaged (a series "
                             f"entry: {why(e)}); {FIX}") from None

    def load(self, symbol: str) -> pd.DataFrame:
        """The stored frame of one series (date index; price columns or 'value')."""
        records = self.records()
        if symbol not in records:
            raise StoreError(f"series '{symbol}' is not in the store at {self.root}; import a "
                             "snapshot that has it or run `playbook data fetch --only "
                             f"{symbol}`")
        rec, path = records[symbol], self.version_dir() / records[symbol].relpath
        try:
            return _read_parquet(path, rec.stored_sha256).copy()
        except READ_ERRORS as e:
            raise self.damaged(rec, damage(path, rec) or why(e)) from None

    def level(self, symbol: str) -> pd.Series:
        """The level used for returns and signals: adj_close for prices, value for FRED."""
        frame = self.load(symbol)
        col = "adj_close" if "adj_close" in frame.columns else "value"
        if col not in frame.columns:
            raise self.damaged(self.records()[symbol], "it has neither adj_close nor value")
        return frame[col].dropna().rename(symbol)

    def damaged(self, rec: SeriesRecord, what: str) -> StoreError:
        folder = self.version_dir()
        if self.pinned_version is not None and not folder.is_dir():
            return StoreError(f"store {self.root}: version {self.pinned_version}, which this run "
                              f"started with, was removed by newer imports (the newest "
                              f"{KEEP_VERSIONS} are kept); run again")
        return StoreError(f"store {self.root}, version {folder.name}: {rec.relpath} "
                          f"({rec.symbol}) is damaged ({what}); {FIX}")

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

    # ------------------------------------------------------------------ writing
    def commit(self, incoming: dict[str, Incoming], meta: dict[str, Any]) -> str:
        """Write a new version = current series overlaid with `incoming`, then swap CURRENT."""
        return self.commit_noted(incoming, meta, [])

    def commit_noted(self, incoming: dict[str, Incoming], meta: dict[str, Any],
                     notes: list[str], drop_damaged: bool = False) -> str:
        """commit(), appending to `notes` what the user should know (a damaged pointer or file
        met on the way). Carried-over files are verified; a damaged one is rebuilt from an
        intact copy, else refused, or left out with `drop_damaged`.
        """
        if type(self).commit is not Store.commit:  # a read-only view refuses in its commit
            return self.commit(incoming, meta)
        if self.pinned_version is not None:
            raise RuntimeError("a pinned store is read-only")
        versions = self.root / "versions"
        versions.mkdir(parents=True, exist_ok=True)
        base, old_records = self._base(notes)
        one_file_per_series({**old_records, **{s: i.record for s, i in incoming.items()}})
        # Microseconds keep names in commit order within a second (pruning and "the newest
        # intact version" sort by name); older names without them still sort first.
        version = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:6]}"
        tmp = versions / f".tmp-{version}"
        try:
            tmp.mkdir()
            kept = carry_over(old_records, set(incoming), self.root / "versions" / str(base),
                              tmp, [c for c in self.intact_versions() if c.version != base],
                              CarryNotes(f"store {self.root}, version {base}", notes,
                                         drop_damaged))
            for item in incoming.values():
                dest = tmp / item.record.relpath
                dest.parent.mkdir(parents=True, exist_ok=True)
                item.frame.to_parquet(dest)
            records = {**kept, **{s: i.record for s, i in incoming.items()}}
            records = {s: replace(r, stored_sha256=sha256_file(tmp / r.relpath))
                       for s, r in sorted(records.items())}
            # One hash over every series' source checksum: the data identity for provenance.
            data_hash = sha256_text("\n".join(f"{s}:{r.sha256}" for s, r in records.items()))
            manifest = {"version": version, "created_at": now_utc(), "data_hash": data_hash,
                        **meta, "series": {s: asdict(r) for s, r in records.items()}}
            (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1))
            tmp.rename(versions / version)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        pointer_tmp = self.root / f".CURRENT-{version}"
        pointer_tmp.write_text(version)
        os.replace(pointer_tmp, self.root / "CURRENT")
        self._prune(keep=KEEP_VERSIONS)
        return version

    def _base(self, notes: list[str]) -> tuple[str | None, dict[str, SeriesRecord]]:
        """The version a commit builds on: the live one, else the newest intact one."""
        live, problem = self.current_version(), self.pointer_problem()
        if live is not None:
            try:
                return live, self.records()
            except StoreError:
                problem = f"has an unreadable manifest.json in its live version {live}"
        if problem is None:
            return None, {}
        if older := self.intact_versions(exclude=live):
            notes.append(f"the store {problem}; the new version builds on {older[0].version}, "
                         "the newest intact version")
            return older[0].version, older[0].records
        notes.append(f"the store {problem} and holds no intact version; the new version holds "
                     "only the series written now")
        return None, {}

    def scratch_folders(self) -> list[Path]:
        """Where interrupted writes leave hidden leftovers (.CURRENT-*, versions/.tmp-*)."""
        return [self.root, self.root / "versions"]

    def _prune(self, keep: int) -> None:
        versions = sorted(p for p in (self.root / "versions").iterdir()
                          if p.is_dir() and not p.name.startswith("."))
        live = self.current_version()
        for old in versions[:-keep]:
            if old.name != live:
                shutil.rmtree(old, ignore_errors=True)


@cache
def _read_parquet(path: Path, sha256: str = "") -> pd.DataFrame:
    # Versions are immutable once live, so caching by path is safe. The checksum is verified
    # on first read (about 20 ms for the whole store): a changed file is never read silently.
    if sha256 and sha256_file(path) != sha256:
        raise ValueError("sha256 differs from the manifest")
    return pd.read_parquet(path)


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
