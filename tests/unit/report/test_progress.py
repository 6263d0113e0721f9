"""Progress in a log file or CI: plain time-stamped lines, about ten per stage."""

from __future__ import annotations

import re

import pytest

from backtests.cli.runs import progress_lines


def test_progress_is_plain_lines_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    with progress_lines() as progress:
        for i in range(1, 43):
            progress(f"backtests: strategy{i} / 2008_gfc", i, 42)
        progress("tear sheets: playbook__2008_gfc", 1, 6)
    lines = capsys.readouterr().err.splitlines()
    assert re.fullmatch(r"\[\s*\d+\.\d s\] backtests 1/42 strategy1 / 2008_gfc", lines[0])
    assert re.fullmatch(r"\[\s*\d+\.\d s\] backtests 42/42 strategy42 / 2008_gfc", lines[-2])
    assert re.fullmatch(r"\[\s*\d+\.\d s\] tear sheets 1/6 playbook__2008_gfc", lines[-1])
    assert 8 <= len(lines) <= 14  # ~ten per stage, not one per step
    assert not any("\x1b[" in line for line in lines)  # no terminal control codes
