"""Run the CLI in-process as a user would, and return its exit code (output via capsys)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from backtests.cli import main


def run_cli(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "argv", ["playbook", *argv])
    try:
        main()
    except SystemExit as e:
        return int(e.code or 0)
    return 0


def run_ok(argv: list[str | Path], monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> str:
    """`playbook ARGV` in-process; what it printed (it must succeed)."""
    monkeypatch.setattr(sys, "argv", ["playbook", *map(str, argv)])
    try:
        main()
    except SystemExit as e:
        assert e.code in (0, None), capsys.readouterr().err
    return capsys.readouterr().out
