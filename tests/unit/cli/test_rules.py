"""--rules on the commands, as a user sees it: the rule listed beside the built-in ones, a
missing file or a non-rule file refused in one line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backtests.paths import PROJECT_ROOT
from strategies.registry import unregister
from tests.cliutil import run_cli as run

EXAMPLE = PROJECT_ROOT / "examples" / "regime_mix.toml"


@pytest.fixture()
def forget() -> Iterator[None]:
    yield
    unregister("regime_mix")


def test_strategies_lists_your_rule_with_its_file(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str],
                                                  forget: None) -> None:
    assert run(["strategies", "--rules", str(EXAMPLE)], monkeypatch) == 0
    out = capsys.readouterr().out
    assert ("regime_mix (custom): Gold and short Treasuries through a crisis, equity back once "
            f"QE is launched. [from {EXAMPLE}]") in out
    assert out.index("playbook (") < out.index("regime_mix (custom)")  # after the built-ins


def test_a_rule_file_that_is_missing_or_not_a_rule_is_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["strategies", "--rules", str(tmp_path / "nope.toml")], monkeypatch) != 0
    assert capsys.readouterr().err == (f"error: {tmp_path / 'nope.toml'}: no such rule file; "
                                       "give a .toml rule or a .py module\n")
    (tmp_path / "rule.txt").write_text("x")
    assert run(["backtest", "--rules", str(tmp_path / "rule.txt")], monkeypatch) != 0
    assert capsys.readouterr().err.startswith(f"error: {tmp_path / 'rule.txt'}: a rule file "
                                              "ends in .toml (no code) or .py")


def test_the_set_help_says_values_are_toml(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["backtest", "--help"], monkeypatch) == 0
    text = " ".join(capsys.readouterr().out.replace("│", " ").split())
    assert "Values are TOML: 10, 0.18, true, 'either'" in text
    assert "--weights" in text and "--compare" in text and "--rules" in text
