"""Test helpers: the CLI in-process, and 'nothing changed' fingerprints."""

from __future__ import annotations

import hashlib
from pathlib import Path

from typer.testing import CliRunner, Result

import backtests.cli  # noqa: F401  (registers every command on the app)
from backtests.cli.app import app

RUNNER = CliRunner()


def cli(*args: str | Path) -> Result:
    """Run `playbook ARGS` in-process, as a user would see it (stdout and stderr mixed)."""
    return RUNNER.invoke(app, [str(a) for a in args])


def fingerprint(root: Path) -> str:
    """Hash of every file and symlink under root: 'unchanged' means byte-identical."""
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        h.update(p.relative_to(root).as_posix().encode())
        if p.is_symlink():
            h.update(str(p.readlink()).encode())
        elif p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """A folder holding `files` (relative path -> text or bytes)."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root
