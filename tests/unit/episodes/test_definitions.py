"""Episode files: the shipped one loads with roles; every bad input is one exact line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from backtests.episodes.definitions import load_episodes, names_by_role, sweep_defaults
from backtests.episodes.windows import check_window
from backtests.errors import ConfigError

GOOD = """
[episodes.my_2022]
role = "holdout"
description = "Hiking and QT"
start = "2021-07-01"
end = "2024-01-31"
warmup_days = 20
[episodes.my_2022.phases]
sp500_peak = "2022-01-03"
trough = "2022-10-12"
"""


def write(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # messages then show the path as typed: "eps.toml"
    (tmp_path / "eps.toml").write_text(text)
    return Path("eps.toml")


def error(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> str:
    with pytest.raises(ConfigError) as e:
        load_episodes(write(tmp_path, text, monkeypatch))
    return str(e.value)


def test_the_shipped_file_has_four_design_crises_and_the_hold_outs() -> None:
    eps = load_episodes()
    assert names_by_role(eps, "design") == ["2000_dotcom", "2008_gfc", "2019_repo",
                                            "2020_covid"]
    assert names_by_role(eps, "holdout") == ["2011_euro_downgrade", "2015_china_oil",
                                             "2018_volatility", "2022_hiking_qt",
                                             "2025_tariffs"]
    assert names_by_role(eps, "overall") == ["full_history", "latest"]
    assert all(e.source == "data/episodes.toml" for e in eps.values())


def test_a_users_file_in_the_same_schema_loads(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    eps = load_episodes(write(tmp_path, GOOD, monkeypatch))
    assert list(eps) == ["my_2022"] and eps["my_2022"].role == "holdout"
    assert eps["my_2022"].source == "eps.toml"
    unquoted = GOOD.replace('"2021-07-01"', "2021-07-01")  # a TOML date is fine too
    assert load_episodes(write(tmp_path, unquoted, monkeypatch))["my_2022"].start == "2021-07-01"


@pytest.mark.parametrize(("old", "new", "message"), [
    ('end = "2024-01-31"', 'end = "2020-12-31"',
     "eps.toml: episode 'my_2022': end = '2020-12-31' is before start = '2021-07-01'; fix: set "
     "end after start"),
    ('end = "2024-01-31"', 'end = "2021-07-01"',
     "eps.toml: episode 'my_2022': end = '2021-07-01' is the same day as start = '2021-07-01'; "
     "fix: set end after start"),
    ('start = "2021-07-01"', 'strat = "2021-07-01"',
     "eps.toml: episode 'my_2022': unknown key 'strat' = '2021-07-01'; fix: did you mean "
     "'start'?"),
    ('warmup_days = 20', 'warmup_days = 20\ncolour = "red"',
     "eps.toml: episode 'my_2022': unknown key 'colour' = 'red'; fix: use one of role, "
     "description, start, end, warmup_days, phases"),
    ('role = "holdout"', 'role = "hold-out"',
     "eps.toml: episode 'my_2022': role = 'hold-out' is not one of design, holdout, overall; "
     "fix: did you mean 'holdout'?"),
    ('role = "holdout"\n', '',
     "eps.toml: episode 'my_2022': missing key 'role'; fix: add role = \"design\", \"holdout\" "
     "or \"overall\""),
    ('start = "2021-07-01"', 'start = "2021-13-01"',
     "eps.toml: episode 'my_2022': start = '2021-13-01' is not a date; fix: write YYYY-MM-DD, "
     "or \"-Ny\" for N years before the end"),
    ('end = "2024-01-31"', 'end = "last"',
     "eps.toml: episode 'my_2022': end = 'last' is not a date; fix: write YYYY-MM-DD, or "
     "\"latest\" for the last date of the data"),
    ('trough = "2022-10-12"', 'trough = "2024-10-12"',
     "eps.toml: episode 'my_2022': phases.trough = '2024-10-12' is outside the window "
     "2021-07-01..2024-01-31; fix: move the marker into the window or widen the window"),
    ('trough = "2022-10-12"', 'trough = "soon"',
     "eps.toml: episode 'my_2022': phases.trough = 'soon' is not a date; fix: write "
     "YYYY-MM-DD"),
    ("[episodes.my_2022]", "[episodes.'my 2022']",
     "eps.toml: episode 'my 2022': the name may hold only letters, digits, '_', '-' and '.' "
     "(it names files and page anchors); fix: rename it 'my_2022'"),
])
def test_each_bad_file_is_one_line_naming_file_episode_key_value_and_fix(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str,
        message: str) -> None:
    text = GOOD.replace(old, new)
    if "'my 2022'" in new:
        text = text.replace("[episodes.my_2022.phases]", "[episodes.'my 2022'.phases]")
    assert error(tmp_path, text, monkeypatch) == message


def test_file_level_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert error(tmp_path, "[episode.x]\nrole = 1\n", monkeypatch) == (
        "eps.toml: unknown top-level key 'episode'; fix: put every episode under "
        "[episodes.<name>]")
    assert error(tmp_path, "[episodes]\n", monkeypatch) == (
        "eps.toml: no episodes; add a table [episodes.<name>] with role, description, start, "
        "end and warmup_days")
    assert error(tmp_path, "episodes = [", monkeypatch).startswith("eps.toml: not valid TOML")
    with pytest.raises(ConfigError, match=r"^nope.toml: episodes file not found$"):
        load_episodes(Path("nope.toml"))


CAL = pd.bdate_range("2000-01-03", "2025-09-26")


def test_windows_outside_the_data_are_named_with_the_fix(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def check(old: str, new: str) -> str:
        ep = load_episodes(write(tmp_path, GOOD.replace(old, new), monkeypatch))["my_2022"]
        with pytest.raises(ConfigError) as e:
            check_window("my_2022", ep, CAL, CAL[-1])
        return str(e.value)

    assert check('end = "2024-01-31"', 'end = "2026-06-30"') == (
        "eps.toml: episode 'my_2022': end = '2026-06-30' is after 2025-09-26, the last day "
        "every sleeve has data; fix: end by then, or end = \"latest\"")
    assert check('start = "2021-07-01"\nend = "2024-01-31"',
                 'start = "2025-10-01"\nend = "latest"').endswith(
        "start = '2025-10-01' is not before 2025-09-26, the last day every sleeve has data; "
        "fix: start before it")
    assert check('start = "2021-07-01"', 'start = "2000-01-10"').endswith(
        "start = '2000-01-10' leaves 5 trading days of warm-up before it (the data begin "
        "2000-01-03), warmup_days = 20; fix: start on or after 2000-01-31 or lower "
        "warmup_days")
    ok = load_episodes(write(tmp_path, GOOD, monkeypatch))["my_2022"]
    assert check_window("my_2022", ok, CAL, CAL[-1]) == (pd.Timestamp("2021-07-01"),
                                                        pd.Timestamp("2024-01-31"))


def test_sweep_defaults_keep_the_hold_outs_out_of_a_plain_sweep() -> None:
    eps = load_episodes()
    assert sweep_defaults(eps, walk_forward=False) == [
        "2000_dotcom", "2008_gfc", "2019_repo", "2020_covid", "full_history"]
    assert sweep_defaults(eps, walk_forward=True) == [
        *names_by_role(eps, "design"), *names_by_role(eps, "holdout"), "full_history"]
