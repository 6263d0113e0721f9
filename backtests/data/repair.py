"""`playbook data check` and `data repair`: verify the live version file by file, rebuild it.

Check compares every stored file with the manifest (sha256 of the parquet file as written,
rows, readability), the CURRENT pointer and the data hash. Repair is a commit of nothing: the
new version carries every intact file over and rebuilds each damaged one from an intact copy
(an older version with the same source data, or the imported file if unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from backtests.data.integrity import damage, find_copy, repair_hint
from backtests.data.records import SeriesRecord, now_utc, sha256_text
from backtests.data.store import Store
from backtests.data.store_layout import read_manifest
from backtests.errors import StoreError


@dataclass(frozen=True)
class Damaged:
    relpath: str
    symbol: str
    what: str
    fix: str  # what repair will do, or what the user has to run


@dataclass(frozen=True)
class StoreCheck:
    root: Path
    version: str | None  # the version checked (the live one, else the one repair would use)
    problems: list[str] = field(default_factory=list)  # pointer, manifest, data hash
    damaged: list[Damaged] = field(default_factory=list)
    verified: int = 0
    series: int = 0
    data_hash: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and not self.damaged


def check_store(store: Store) -> StoreCheck:
    """Verify the live version (or, with a damaged pointer, the newest intact one)."""
    live, problems = store.current_version(), []
    if (pointer := store.pointer_problem()) is not None:
        problems.append(f"the store {pointer}")
    records = _records(store, live, problems)
    version = live
    if records is None:
        intact = store.intact_versions(exclude=live)
        if not intact:
            if not problems:
                raise store.unusable()  # simply empty
            return StoreCheck(store.root, None, [*problems, "no intact version is left: "
                                                 "re-import (`playbook data import PATH`)"])
        version, records = intact[0].version, intact[0].records
        problems.append(f"repair points CURRENT at {version}, the newest intact version")
    folder = store.root / "versions" / str(version)
    older = [c for c in store.intact_versions() if c.version != version]
    damaged = []
    for rec in records.values():
        if (what := damage(folder / rec.relpath, rec, deep=True)) is not None:
            found = find_copy(rec, older)
            fix = f"repair rebuilds it from {found[0]}" if found else repair_hint(rec)
            damaged.append(Damaged(rec.relpath, rec.symbol, what, fix))
    data_hash = sha256_text("\n".join(f"{s}:{r.sha256}" for s, r in sorted(records.items())))
    recorded = _manifest_hash(folder)
    if recorded is not None and recorded != data_hash:
        problems.append(f"manifest.json of {version}: data_hash {recorded[:12]}… does not match "
                        f"its series ({data_hash[:12]}…); the manifest was edited")
    return StoreCheck(store.root, version, problems, damaged, len(records) - len(damaged),
                      len(records), data_hash)


def _records(store: Store, live: str | None,
             problems: list[str]) -> dict[str, SeriesRecord] | None:
    if live is None:
        return None
    try:
        return store.records()
    except StoreError as e:
        problems.append(str(e).split("; run `playbook data check`")[0])
        return None


def _manifest_hash(folder: Path) -> str | None:
    try:
        return str(read_manifest(folder).get("data_hash"))
    except StoreError:
        return None


def repair_store(store: Store, drop_damaged: bool = False) -> tuple[str | None, list[str]]:
    """(new version or None if nothing was wrong, notes on what was rebuilt or left out)."""
    check = check_store(store)
    if check.ok:
        return None, []
    if check.version is None:
        raise StoreError(f"the data store at {store.root} holds no intact version to repair "
                         "from; re-import the data (`playbook data import PATH`)")
    notes: list[str] = []
    version = store.commit_noted({}, {"last_repair": now_utc()}, notes, drop_damaged)
    return version, notes
