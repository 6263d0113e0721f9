"""`playbook replay` errors as users see them (no data needed), and a light import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from backtests.paths import PROJECT_ROOT
from tests.cliutil import run_cli as run


@pytest.mark.parametrize(("argv", "message"), [
    ([], "error: name a crisis with --analogue (2000_dotcom, 2008_gfc, 2020_covid, 2022) or a "
         "window with --from DATE --to DATE\n"),
    (["--from", "2007-10-09"], "error: --from and --to go together: name both days of the "
                               "window\n"),
    (["--analogue", "2008_gfc", "--from", "2007-10-09", "--to", "2008-10-09"],
     "error: use either --analogue NAME [--months N] or --from DATE --to DATE\n"),
    (["--analogue", "2008"], "error: --analogue '2008' is not known (did you mean '2008_gfc'?); "
                             "known: 2000_dotcom, 2008_gfc, 2020_covid, 2022 (or name a window "
                             "with --from DATE --to DATE)\n"),
])
def test_replay_usage_errors_are_one_line(argv: list[str], message: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["replay", *argv, "--store", str(tmp_path / "none")], monkeypatch)
    err = capsys.readouterr().err
    assert code == 2
    assert err == message


def test_the_replay_command_imports_nothing_heavy_at_import_time() -> None:
    tree = ast.parse((PROJECT_ROOT / "backtests" / "cli" / "scenarios.py").read_text())
    top = {alias.name for node in tree.body if isinstance(node, ast.Import)
           for alias in node.names}
    top |= {str(node.module) for node in tree.body if isinstance(node, ast.ImportFrom)}
    assert top <= {"__future__", "typing", "typer", "rich.table", "backtests.cli.app"}
