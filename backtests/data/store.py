"""The local parquet store: versioned, written atomically, with a manifest per version.

Layout (root = data/store, --store DIR or $PLAYBOOK_STORE):
    CURRENT                      name of the live version (replaced atomically with os.replace)
    versions/<id>/manifest.json  per series: source, origin, fetched_at, rows, first/last,
                                 sha256 of the source text and of the stored parquet file
    versions/<id>/<kind>/<FILE>.parquet
A new version is built in a temporary folder and only becomes live when CURRENT is swapped,
so a failed import or fetch leaves the previous version exactly as it was. A run reads one
version from start to end (Store.pinned), whatever lands meanwhile.

Store resolves the store folder, pins a version and writes new versions; which versions the
folder holds is store_layout.py, and reading one version is store_read.py.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backtests.data.integrity import CarryNotes, carry_over, one_file_per_series
from backtests.data.records import Incoming, SeriesRecord, now_utc, sha256_file, sha256_text
from backtests.data.store_layout import KEEP_VERSIONS, read_manifest
from backtests.data.store_read import StoreReader
from backtests.errors import StoreError
from backtests.paths import PROJECT_ROOT

ENV_VAR = "PLAYBOOK_STORE"
DEFAULT_STORE = PROJECT_ROOT / "data" / "store"


class Store(StoreReader):
    """Read and (atomically) write the versioned store; `version` pins one version."""

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

    def _prune(self, keep: int) -> None:
        versions = sorted(p for p in (self.root / "versions").iterdir()
                          if p.is_dir() and not p.name.startswith("."))
        live = self.current_version()
        for old in versions[:-keep]:
            if old.name != live:
                shutil.rmtree(old, ignore_errors=True)
