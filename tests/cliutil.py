"""Run the CLI in-process as a user would, and return its exit code (output via capsys)."""

from __future__ import annotations

import sys

import pytest

from backtests.cli import main


def run_cli(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "argv", ["playbook", *argv])
    try:
        main()
    except SystemExit as e:
        return int(e.code or 0)
    return 0
