"""Your own universe: files that extend (or replace) data/universe.toml without editing it.

An extension file has the universe file's tables: `[sleeves.<name>]` and `[series."<symbol>"]`
(each one added, or replacing the table of the same name whole), optionally `calendar` and
`start`, and `replace = true` to use the file instead of data/universe.toml altogether.
Files apply in order: `--universe FILE` on the command line ($PLAYBOOK_UNIVERSE, several
joined by the path separator) and `[universe]` in a run configuration.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from backtests.errors import ConfigError

ENV_VAR = "PLAYBOOK_UNIVERSE"
TABLES = ("sleeves", "series")
KEYS = {"replace", "calendar", "start", *TABLES}


def env_files() -> list[Path]:
    """Extension files named by $PLAYBOOK_UNIVERSE (set by `playbook --universe FILE`)."""
    value = os.environ.get(ENV_VAR, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def read_extension(path: Path) -> dict[str, Any]:
    """One extension file's tables; a missing file or bad TOML is one line naming it."""
    try:
        raw = tomllib.loads(Path(path).read_text())
    except (FileNotFoundError, IsADirectoryError):
        raise ConfigError(f"{path}: universe file not found (given with --universe or "
                          f"${ENV_VAR}); check the path") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e}); fix the syntax") from None
    check_keys(raw, str(path))
    return raw


def check_keys(raw: dict[str, Any], where: str) -> None:
    if unknown := sorted(set(raw) - KEYS):
        raise ConfigError(f"{where}: unknown key '{unknown[0]}' in a universe extension; "
                          f"allowed: {', '.join(sorted(KEYS))}")
    if not isinstance(raw.get("replace", False), bool):
        raise ConfigError(f"{where}: replace = {raw['replace']!r} must be true or false")
    for table in TABLES:
        if not isinstance(raw.get(table, {}), dict):
            raise ConfigError(f"{where}: '{table}' must be a table ([{table}.<name>])")


def merge(base: dict[str, Any], origin: dict[str, str], ext: dict[str, Any],
          where: str) -> dict[str, Any]:
    """base extended by ext; `origin` records which file defined each table (for messages)."""
    if ext.get("replace"):
        base = {k: v for k, v in ext.items() if k != "replace"}
        origin.clear()
        origin.update({f"{t}.{n}": where for t in TABLES for n in base.get(t, {})})
        origin.update({k: where for k in ("calendar", "start") if k in base})
        return base
    out = {**base, **{t: dict(base.get(t, {})) for t in TABLES}}
    for table in TABLES:
        for name, spec in ext.get(table, {}).items():
            out[table][name] = spec
            origin[f"{table}.{name}"] = where
    for key in ("calendar", "start"):
        if key in ext:
            out[key], origin[key] = ext[key], where
    return out


def reference_problems(raw: dict[str, Any], origin: dict[str, str], default: str) -> list[str]:
    """Every undefined reference, with the file that made it, the key and the fix."""
    sleeves, series = raw.get("sleeves", {}), raw.get("series", {})
    out = []
    for name, sleeve in sleeves.items():
        where = origin.get(f"sleeves.{name}", default)
        if not isinstance(sleeve, dict):
            continue
        for i, src in enumerate(sleeve.get("sources", [])):
            symbol = src.get("symbol") if isinstance(src, dict) else None
            if isinstance(symbol, str) and symbol not in series:
                out.append(f"{where}: sleeves.{name}.sources[{i}].symbol = '{symbol}' is not a "
                           f"defined series; fix: add a [series.\"{symbol}\"] table (kind, "
                           "description, release) to this file, or use one of the "
                           "universe's series")
        fallback = sleeve.get("fallback")
        if fallback is not None and fallback not in sleeves:
            out.append(f"{where}: sleeves.{name}.fallback = '{fallback}' is not a sleeve; fix: "
                       f"one of {', '.join(sleeves)}")
    if sleeves and "cash" not in sleeves:
        out.append(f"{default}: no [sleeves.cash]; fix: keep the cash sleeve (idle money earns "
                   "the bill rate)")
    calendar = raw.get("calendar")
    if isinstance(calendar, str) and calendar not in series:
        out.append(f"{origin.get('calendar', default)}: calendar = '{calendar}' is not a "
                   "defined series; fix: name a daily price series of the universe")
    return out


def config_layers(table: dict[str, Any] | None, where: str,
                  root: Path) -> list[tuple[dict[str, Any], str]]:
    """A run configuration's [universe]: `files = [...]` (relative to `root`), then its own
    replace / sleeves / series tables, as (tables, where) layers for load_universe()."""
    if not table:
        return []
    if unknown := sorted(set(table) - KEYS - {"files"}):
        raise ConfigError(f"{where}: unknown key 'universe.{unknown[0]}'; allowed: files, "
                          f"{', '.join(sorted(KEYS))}")
    files = table.get("files", [])
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise ConfigError(f"{where}: universe.files must be a list of file names, got "
                          f"{files!r}")
    layers = [(read_extension(root / f), str(root / f)) for f in files]
    inline = {k: v for k, v in table.items() if k != "files"}
    return layers + ([(inline, f"{where} [universe]")] if inline else [])
