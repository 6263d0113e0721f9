"""The CLI's failures: every expected failure is one line and a non-zero exit code
(no traceback without --debug), and user text is never read as console markup."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from pydantic import BaseModel, Field, ValidationError
from rich.table import Table

from backtests.cli import analysis, metricview
from backtests.cli.app import console, progress_bar
from backtests.cli.failures import describe
from backtests.data.store import Store
from backtests.episodes.definitions import Episode
from backtests.errors import DataValidationError, PlaybookError
from tests.conftest import write_snapshot
from tests.unit.harness import cli, fingerprint


def _os(code: int, filename: str | None = "/data/store/x") -> OSError:
    return OSError(code, os.strerror(code), filename)


OS_ERRORS = [
    ("full disk", _os(errno.ENOSPC), "cannot write /data/store/x: no space left on the device "
                                     "(ENOSPC); free some space or choose another disk"),
    ("quota", _os(errno.EDQUOT), "cannot write /data/store/x: disk quota exceeded (EDQUOT); free "
                                 "some space or choose another disk"),
    ("read-only", _os(errno.EROFS), "cannot write /data/store/x: is on a read-only file system "
                                    "(EROFS); choose a writable location"),
    ("permission", _os(errno.EACCES), "cannot use /data/store/x: permission denied (EACCES); fix "
                                      "the permissions or choose another location"),
    ("symlink loop", _os(errno.ELOOP), "cannot use /data/store/x: is a symbolic-link loop "
                                       "(ELOOP); fix or remove the link"),
    ("name too long", _os(errno.ENAMETOOLONG), "cannot use /data/store/x: the name is too long "
                                               "(ENAMETOOLONG); use a shorter path"),
    ("failing disk", _os(errno.EIO), "cannot use /data/store/x: input/output error (disk or "
                                     "network storage failing) (EIO); check the disk"),
    ("no file name", _os(errno.EMFILE, None), "cannot use a file: too many open files (EMFILE); "
                                              "raise the limit (ulimit -n) and retry"),
    ("unknown errno", OSError(4242, "Strange Thing", "/x"), "cannot use /x: strange thing; check "
                                                            "the path"),
]


@pytest.mark.parametrize(("error", "line"), [c[1:] for c in OS_ERRORS],
                         ids=[c[0] for c in OS_ERRORS])
def test_os_errors_are_one_line_with_path_and_fix(error: OSError, line: str) -> None:
    assert describe(error) == (line, 2)


def test_a_file_in_the_way_of_a_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    assert describe(_os(errno.EEXIST, str(tmp_path / "f")))[0] == (
        f"cannot use {tmp_path / 'f'}: is a file, not a folder (EEXIST); remove or rename that "
        "file, or choose another location")
    assert describe(_os(errno.ENOTDIR, str(tmp_path / "f" / "x")))[0] == (
        f"cannot use {tmp_path / 'f' / 'x'}: {tmp_path / 'f'} is a file, not a folder (ENOTDIR); "
        "remove or rename that file, or choose another location")


class _Bounded(BaseModel):
    fee_bps: float = Field(ge=0)


def test_third_party_and_unexpected_errors_are_one_line() -> None:
    assert describe(pd.errors.ParserError("Error tokenizing data. C error: Expected 7 fields in "
                                          "line 5, saw 8\n")) == (
        "a CSV file could not be parsed (Error tokenizing data. C error: Expected 7 fields in line "
        "5, saw 8); every row needs the header's fields and every quote must be closed", 2)
    assert describe(pa.lib.ArrowInvalid("Parquet magic bytes not found in footer.")) == (
        "a stored parquet file is unreadable (Parquet magic bytes not found in footer.); run "
        "`playbook data check` to see what is damaged and `playbook data repair` to fix it", 2)
    with pytest.raises(ValidationError) as info:
        _Bounded(fee_bps=-1)
    assert describe(info.value) == ("invalid value for 'fee_bps' (Input should be greater than or "
                                    "equal to 0); fix that value", 2)
    assert describe(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")) == (
        "a file is not UTF-8 text (byte 0: invalid start byte); re-save it as UTF-8", 2)
    assert describe(MemoryError()) == ("out of memory; close other programs or narrow the job "
                                       "(fewer episodes, a coarser grid)", 2)
    assert describe(RuntimeError("held weights miss the targets\nsecond line")) == (
        "unexpected RuntimeError: held weights miss the targets (a bug); re-run with --debug for "
        "the traceback and report it", 1)


# ---------------------------------------------------------------- through the CLI
def test_full_disk_during_import(tmp_path: Path, store: Store,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[str] = []

    def full(self: pd.DataFrame, path: Path, *args: object, **kwargs: object) -> None:
        written.append(str(path))
        raise _os(errno.ENOSPC, str(path))

    before = fingerprint(store.root)
    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    result = cli("data", "import", write_snapshot(tmp_path / "s"), "--store", store.root,
                 "--replace")  # (re-importing what is stored would write nothing)
    assert (result.exit_code, result.output) == (2, (
        f"error: cannot write {written[0]}: no space left on the device (ENOSPC); free some space "
        "or choose another disk\n"))
    assert fingerprint(store.root) == before  # no half-written version, CURRENT untouched


def test_debug_shows_the_real_exception(tmp_path: Path, store: Store,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise _os(errno.ENOSPC)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    result = cli("--debug", "data", "import", write_snapshot(tmp_path / "s"), "--store",
                 store.root, "--replace")
    assert isinstance(result.exception, OSError) and result.exception.errno == errno.ENOSPC


@pytest.mark.parametrize(("error", "code", "output"), [
    (KeyboardInterrupt(), 130, "error: interrupted; whatever was being written was discarded "
                               "(writes are atomic)\n"),
    (RuntimeError("boom"), 1, "error: unexpected RuntimeError: boom (a bug); re-run with --debug "
                              "for the traceback and report it\n"),
])
def test_interrupts_and_bugs(monkeypatch: pytest.MonkeyPatch, error: BaseException, code: int,
                             output: str) -> None:
    def raise_it(*args: object) -> None:
        raise error

    monkeypatch.setattr(analysis, "STRATEGIES", _Raising(raise_it))
    result = cli("strategies")
    assert (result.exit_code, result.output) == (code, output)


class _Raising:
    def __init__(self, hook: object) -> None:
        self.hook = hook

    def items(self) -> object:
        return self.hook()  # type: ignore[operator]


def test_a_huge_message_is_cut_and_many_problems_are_capped(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def huge() -> None:
        raise PlaybookError("bad value " + "x" * 32_000_000)

    monkeypatch.setattr(analysis, "STRATEGIES", _Raising(huge))
    result = cli("strategies")
    assert result.exit_code == 2
    assert result.output == "error: bad value " + "x" * 990 + "… (32,000,010 characters)\n"

    def many() -> None:
        raise DataValidationError([f"problem {i}" for i in range(100)])

    monkeypatch.setattr(analysis, "STRATEGIES", _Raising(many))
    lines = cli("strategies").output.splitlines()
    assert len(lines) == 40 and lines[-1] == "  … and 62 more line(s)"
    assert lines[:2] == ["error: 100 problem(s) in the input data; nothing was written:",
                         "  - problem 0"]


def test_out_that_is_a_file_or_read_only_fails_before_any_work(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "f").write_text("x")
    for args in (["run", "--no-tear-sheets"], ["backtest", "--strategy", "playbook"]):
        result = cli(*args, "--out", tmp_path / "f")
        assert (result.exit_code, result.output) == (2, (
            f"error: --out {tmp_path / 'f'} is a file, not a folder; give a folder (it is created "
            "if missing)\n"))

    def read_only(*args: object, **kwargs: object) -> None:
        raise _os(errno.EROFS, str(tmp_path / "ro"))

    monkeypatch.setattr(tempfile, "TemporaryFile", read_only)
    result = cli("run", "--no-tear-sheets", "--out", tmp_path / "ro")
    assert (result.exit_code, result.output) == (2, (
        f"error: --out: cannot write to {tmp_path / 'ro'}: is on a read-only file system "
        "(EROFS); choose a writable location\n"))


def test_strategies_takes_store_like_every_command(tmp_path: Path) -> None:
    result = cli("strategies", "--store", tmp_path / "anywhere")
    assert result.exit_code == 0 and result.output.startswith("buy_and_hold")


# ---------------------------------------------------------------- no markup from user text
def test_user_text_is_printed_literally(capsys: pytest.CaptureFixture[str]) -> None:
    hostile = "[/x] [bold]loud[/bold] [link=http://x]y"
    console.print(hostile)
    table = Table(title=hostile)
    table.add_column(hostile)
    table.add_row(hostile)
    console.print(table)
    metricview.print_metrics({"total_return": 0.1}, {"total_return": 0.05}, "a", "b", "e",
                            Episode(description=hostile, start="2020-01-01", end="2020-06-30",
                                    warmup_days=0, role="design"))
    out = capsys.readouterr().out
    assert out.count(hostile) == 5 and "loud[/bold]" in out  # line, title, header, cell, title
    assert all(not getattr(c, "markup", True) for c in progress_bar().columns
               if hasattr(c, "markup"))


def test_usage_errors_print_user_text_literally() -> None:
    result = cli("[/x]")
    assert result.exit_code == 2 and "No such command '[/x]'." in result.output
    result = cli("backtest", "--fee-bps", "[bold]")
    assert result.exit_code == 2 and "Invalid value for '--fee-bps'" in result.output


def test_fetch_only_with_no_symbols_is_refused_not_read_as_everything(tmp_path: Path) -> None:
    result = cli("data", "fetch", "--only", " , ", "--store", tmp_path / "s")
    assert (result.exit_code, result.output) == (2, (
        "error: --only: no symbols given; e.g. --only SPY,DGS10 (or leave --only out to fetch "
        "every series)\n"))
    assert not (tmp_path / "s").exists()


def test_a_store_from_the_environment_that_is_a_file(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "f").write_text("x")
    monkeypatch.setenv("PLAYBOOK_STORE", str(tmp_path / "f"))
    result = cli("data", "check")
    assert (result.exit_code, result.output) == (2, (
        f"error: store {tmp_path / 'f'} ($PLAYBOOK_STORE) is a file, not a folder; give a folder "
        "(the first import creates it)\n"))
