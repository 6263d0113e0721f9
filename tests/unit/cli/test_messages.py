"""The CLI as users see it: exact messages, clean errors, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cliutil import run_cli as run
from tests.conftest import write_snapshot


def test_import_then_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    snap = write_snapshot(tmp_path / "snap")
    monkeypatch.setenv("PLAYBOOK_STORE", str(tmp_path / "store"))
    assert run(["data", "import", str(snap)], monkeypatch) == 0
    assert "imported 2 series, 14 rows" in capsys.readouterr().out
    assert run(["data", "import", "--if-empty", str(snap)], monkeypatch) == 0
    assert "already holds data" in capsys.readouterr().out


def test_bad_import_is_one_clean_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    snap = write_snapshot(tmp_path / "snap", spy="")
    code = run(["data", "import", str(snap), "--store", str(tmp_path / "s")], monkeypatch)
    err = capsys.readouterr().err
    assert code == 2
    assert "error: 1 problem(s) in the input data; nothing was written:" in err
    assert "SPY.csv: file is empty" in err
    assert "Traceback" not in err


def test_status_on_empty_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["data", "status", "--store", str(tmp_path / "none")], monkeypatch) == 2
    assert "is empty; run `playbook data import" in capsys.readouterr().err


def test_usage_errors_get_a_usage_message_not_a_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["data", "import"], monkeypatch) == 2
    err = capsys.readouterr().err
    assert "Missing argument 'path'" in err and "Traceback" not in err
    assert run(["backtest", "--nope"], monkeypatch) == 2
    assert "No such option: --nope" in capsys.readouterr().err
