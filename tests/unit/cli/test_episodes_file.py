"""--episodes-file on run, backtest, regimes and sweep: a bad file is one exact line.

Run in-process with typer's CliRunner through `main()` (the entry point that turns a library
error into "error: <message>" and exit code 2), so the text is what a user sees. The file is
rejected before any data is read, so no store is needed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backtests.cli import main
from backtests.paths import PROJECT_ROOT

BAD_END = """
[episodes.my_crash]
role = "holdout"
description = "mine"
start = "2022-01-03"
end = "2021-10-12"
warmup_days = 320
"""
TYPO = BAD_END.replace('end = "2021-10-12"', 'end = "2022-10-12"').replace("warmup_days",
                                                                          "warmup_dys")


def user_sees(args: list[str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `playbook <args>` run in-process."""
    runner = CliRunner()
    with runner.isolation() as (out, err, _):
        sys.argv = ["playbook", *args]
        try:
            main()
            code = 0
        except SystemExit as e:
            code = int(e.code or 0)
        return code, out.getvalue().decode(), err.getvalue().decode()


@pytest.fixture()
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # the message shows the path as the user typed it
    monkeypatch.setattr(sys, "argv", sys.argv)  # restored after user_sees replaces it
    (tmp_path / "bad_end.toml").write_text(BAD_END)
    (tmp_path / "typo.toml").write_text(TYPO)
    return tmp_path


END_LINE = ("error: bad_end.toml: episode 'my_crash': end = '2021-10-12' is before start = "
            "'2022-01-03'; fix: set end after start\n")
TYPO_LINE = ("error: typo.toml: episode 'my_crash': unknown key 'warmup_dys' = 320; fix: did "
             "you mean 'warmup_days'?\n")
GRID = str(PROJECT_ROOT / "backtests" / "runs" / "contrarian_grid.toml")


@pytest.mark.parametrize("command", [
    ["run", "--no-tear-sheets"],
    ["backtest", "--strategy", "playbook", "--episode", "my_crash"],
    ["regimes", "--episode", "my_crash"],
    ["sweep", "--grid", GRID],
    ["sweep", "--grid", GRID, "--walk-forward"],
])
def test_every_command_rejects_a_bad_episodes_file_in_one_line(
        files: Path, command: list[str]) -> None:
    code, out, err = user_sees([*command, "--episodes-file", "bad_end.toml"])
    assert (code, out, err) == (2, "", END_LINE)
    code, out, err = user_sees([*command, "--episodes-file", "typo.toml"])
    assert (code, out, err) == (2, "", TYPO_LINE)


def test_a_missing_file_and_an_unknown_episode(files: Path) -> None:
    assert user_sees(["regimes", "--episode", "x", "--episodes-file", "none.toml"]) == (
        2, "", "error: none.toml: episodes file not found\n")
    (files / "good.toml").write_text(TYPO.replace("warmup_dys", "warmup_days"))
    assert user_sees(["backtest", "--strategy", "playbook", "--episode", "2008_gfc",
                      "--episodes-file", "good.toml"]) == (
        2, "", "error: --episode: '2008_gfc' is not one of my_crash\n")
