"""`playbook now --changes`: what changed since the last look, exit 3 when anything did."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from backtests.data.store import Store
from backtests.now.changes import CHANGED, LAST_LOOK
from tests.cliutil import run_cli as cli

pytestmark = pytest.mark.integration


@pytest.fixture()
def look_file(real_store: Store) -> Iterator[Path]:
    path = real_store.root / LAST_LOOK
    path.unlink(missing_ok=True)
    yield path
    path.unlink(missing_ok=True)


def changes(store: Store, monkeypatch: pytest.MonkeyPatch, *extra: str) -> int:
    return cli(["now", "--changes", "--store", str(store.root), "--today", "2026-12-05",
                *extra], monkeypatch)


def test_first_look_saves_then_reports_changes_since_an_earlier_look_once(
        real_store: Store, look_file: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert changes(real_store, monkeypatch) == 0
    assert capsys.readouterr().out.startswith("First look: regime calm as of 2026-08-21")
    saved = json.loads(look_file.read_text())
    assert (saved["as_of"], saved["regime"], saved["triggers"]["yields"]) == (
        "2026-08-21", "calm", "fired")
    assert not list(look_file.parent.glob(".tmp-*"))  # written atomically, nothing left over
    # pretend the last look was on 2026-03-02, in a correction
    look_file.write_text(json.dumps({**saved, "as_of": "2026-03-02", "regime": "correction"}))
    assert changes(real_store, monkeypatch) == CHANGED
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ("Since the last look (data to 2026-03-02), to 2026-08-21: "
                                   "11 change(s); regime calm.")
    assert "  2026-03-26 regime calm -> correction (Nasdaq drawdown -10.6% <= -10%)" in out
    assert "  2026-03-13 reserves no longer ample" in out  # the gauge is in the stream
    # the policy range (DFEDTARU) ends 2026-06-05: stale after 10 days (a day later as the
    # eve's range, which SOFR is read against), reported after 5 more
    assert ("  2026-06-24 funding stress: unknown [notice] funding stress: unknown (input "
            "stale or absent)") in out
    # the look is saved: asked again, nothing changed
    assert changes(real_store, monkeypatch) == 0
    assert "nothing changed; regime calm." in capsys.readouterr().out


def test_a_trigger_change_of_less_than_a_week_is_pending_not_a_change(
        real_store: Store, look_file: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert changes(real_store, monkeypatch) == 0
    capsys.readouterr()
    saved = json.loads(look_file.read_text())
    saved["triggers"]["yields"] = "not fired"
    look_file.write_text(json.dumps(saved))
    assert changes(real_store, monkeypatch, "--json") == 0
    found = json.loads(capsys.readouterr().out)
    assert found["changed"] is False and found["pending"] == ["yields: not fired -> fired"]


def test_a_damaged_look_file_is_one_clear_error(
        real_store: Store, look_file: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    look_file.write_text("{not json")
    assert changes(real_store, monkeypatch) == 2
    err = capsys.readouterr().err
    assert f"{look_file}: not a saved look" in err
    assert "delete it and run `playbook now --changes` again" in err
