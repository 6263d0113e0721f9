"""Progress in a log file or CI: plain time-stamped lines, about ten per stage."""

from __future__ import annotations

import re

import pytest

from backtests.cli.progress import progress_lines


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


def test_a_stage_starting_is_a_line_so_a_log_shows_the_first_seconds(
        capsys: pytest.CaptureFixture[str]) -> None:
    """`playbook run` reports each stage as it starts (done = 0): loading the market and
    compiling the rules took ~35 s under load with nothing in the log."""
    import time

    with progress_lines(time.perf_counter() - 0.25) as progress:
        progress("load market: the store, the sleeves and the point-in-time panel", 0, 1)
        progress("backtests: compiling the rules on first use", 0, 77)
    lines = capsys.readouterr().err.splitlines()
    assert re.fullmatch(r"\[\s*0\.[23] s\] load market 0/1 the store, the sleeves and the "
                        r"point-in-time panel", lines[0]), lines
    assert lines[1].endswith("backtests 0/77 compiling the rules on first use")


def test_terminal_tables_keep_full_strategy_names_in_a_narrow_terminal() -> None:
    """In an 80-column terminal rich shrank the name column to `strategic_s…`."""
    from types import SimpleNamespace

    import pandas as pd
    from rich.console import Console

    from backtests.cli.evidencetables import scorecard_table
    from backtests.cli.report import _headline

    names = ["sixty_forty", "strategic_static", "defensive_correction"]
    episodes = [f"episode_{i}" for i in range(8)]
    metrics = {"total_return": 0.1234, "cagr": 0.0456, "max_drawdown": -0.2345}
    runs = [SimpleNamespace(strategy=s, episode=e, metrics=metrics) for s in names
            for e in episodes]
    card = pd.DataFrame([{"strategy": s, "role": r, "episodes": 4,
                          **{f"{k}_beat": 1 for k in ("return", "sharpe", "drawdown")},
                          **{f"{k}_median_diff": -0.01 for k in ("return", "sharpe",
                                                                  "drawdown")}}
                         for s in names for r in ("design", "holdout")])
    for table in (_headline(runs, "sixty_forty"), scorecard_table(card, "sixty_forty")):
        console = Console(width=80, record=True, color_system=None)
        console.print(table)
        text = console.export_text()
        assert all(n in text for n in names), text
        assert "strategic_s\u2026" not in text and "defensive_c\u2026" not in text
