"""Results folders: unique run ids even within one second, names checked,
and leftovers of killed runs removed after a day (never a write in progress)."""

from __future__ import annotations

import os
import time
from datetime import datetime, tzinfo
from pathlib import Path

import pytest

from backtests.episodes import outputs as results
from backtests.episodes.outputs import atomic_folder, new_run_id
from backtests.errors import ConfigError
from backtests.slug import NAME_RULE
from backtests.tidy import describe, remove_stale
from tests.unit.harness import fingerprint


class FrozenClock(datetime):
    @classmethod
    def now(cls, tz: tzinfo | None = None) -> FrozenClock:
        return cls(2026, 1, 2, 3, 4, 5, tzinfo=tz)


def test_two_runs_in_the_same_second_get_different_ids(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results, "datetime", FrozenClock)
    ids = [new_run_id(tmp_path, "abcd1234") for _ in range(3)]
    assert ids == ["20260102T030405-abcd1234", "20260102T030405-abcd1234-2",
                   "20260102T030405-abcd1234-3"]
    for run_id in reversed(ids):  # finishing in any order
        with atomic_folder(tmp_path, run_id) as tmp:
            (tmp / "index.html").write_text(run_id)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*ids, "latest"])
    assert (tmp_path / "latest" / "index.html").read_text() == ids[0]


def test_an_id_finished_meanwhile_is_not_reused(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results, "datetime", FrozenClock)
    first = new_run_id(tmp_path, "abcd1234")
    with atomic_folder(tmp_path, first) as tmp:
        (tmp / "x").write_text("1")
    assert new_run_id(tmp_path, "abcd1234") != first


def test_a_name_in_use_by_another_writer_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / ".tmp-run1").mkdir()
    (tmp_path / ".tmp-run1" / "half.html").write_text("another process is writing")
    before = fingerprint(tmp_path)
    with pytest.raises(FileExistsError), atomic_folder(tmp_path, "run1"):
        pass
    assert fingerprint(tmp_path) == before


@pytest.mark.parametrize("name", ["../escaped", "a/b", ".hidden", ""])
def test_folder_names_follow_the_slug_rule(tmp_path: Path, name: str) -> None:
    with pytest.raises(ConfigError) as info, atomic_folder(tmp_path, name):
        pass
    assert str(info.value) == (f"output folder name '{name}' cannot be used in a file name: use "
                               f"{NAME_RULE}")
    assert list(tmp_path.iterdir()) == []


def test_only_old_leftovers_are_removed(tmp_path: Path) -> None:
    day_ago = time.time() - 86_401
    stale = [tmp_path / ".tmp-20200101T000000-abcd1234", tmp_path / ".latest-x",
             tmp_path / ".tmp-metrics.csv.k2j3"]
    stale[0].mkdir()
    (stale[0] / "index.html").write_text("half")
    stale[1].symlink_to("nowhere")
    stale[2].write_text("half")
    young = tmp_path / ".tmp-running"
    young.mkdir()
    keep = [tmp_path / "20200101T000000-abcd1234", tmp_path / ".hidden-of-the-user"]
    keep[0].mkdir()
    keep[1].write_text("mine")
    for p in [*stale, *keep]:
        os.utime(p, (day_ago, day_ago), follow_symlinks=False)
    removed = remove_stale([tmp_path, tmp_path / "missing"])
    assert sorted(removed) == sorted(stale)
    assert all(p.exists() for p in [young, *keep]) and not any(p.exists() for p in stale)
    assert describe(removed[:1]) == (f"removed 1 leftover(s) of interrupted writes older than a "
                                     f"day: {removed[0]}")
