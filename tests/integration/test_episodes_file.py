"""A user's own episodes file on the real snapshot: it runs, and dates beyond the data fail."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from backtests.data.store import Store
from tests.unit.cli.test_episodes_file import user_sees

pytestmark = pytest.mark.integration

MINE = """
[episodes.my_2022]
role = "holdout"
description = "Hiking and QT, my dates"
start = "2021-10-01"
end = "2023-06-30"
warmup_days = 320
[episodes.my_2022.phases]
sp500_peak = "2022-01-03"
trough = "2022-10-12"

[episodes.my_covid]
role = "design"
description = "COVID, my dates"
start = "2020-01-02"
end = "2020-12-31"
warmup_days = 320
"""


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_store: Store) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", sys.argv)
    monkeypatch.setenv("PLAYBOOK_STORE", str(real_store.root))
    (tmp_path / "mine.toml").write_text(MINE)
    (tmp_path / "future.toml").write_text(MINE.replace('end = "2023-06-30"',
                                                       'end = "2026-06-30"'))
    return tmp_path


def test_backtest_runs_a_users_episode_and_rejects_one_beyond_the_data(here: Path) -> None:
    code, out, err = user_sees(["backtest", "--strategy", "playbook", "--episode", "my_2022",
                                "--episodes-file", "mine.toml"])
    assert code == 0, err
    assert "playbook vs sixty_forty, my_2022: Hiking and QT, my dates" in out
    assert "peak_to_trough" in out  # the user's phase markers are used
    code, out, err = user_sees(["backtest", "--strategy", "playbook", "--episode", "my_2022",
                                "--episodes-file", "future.toml"])
    assert (code, out) == (2, "")
    assert err == ("error: future.toml: episode 'my_2022': end = '2026-06-30' is after "
                   "2025-09-26, the last day every sleeve has data; fix: end by then, or end = "
                   "\"latest\"\n")


def test_run_uses_exactly_the_users_episodes(here: Path) -> None:
    code, out, err = user_sees(["run", "--no-tear-sheets", "--strategies", "contrarian_qe",
                                "--episodes-file", "mine.toml", "--out", "reports"])
    assert code == 0, err
    metrics = pd.read_csv(here / "reports" / "latest" / "metrics.csv")
    assert set(metrics["episode"]) == {"my_2022", "my_covid"}
    assert "Scorecard vs sixty_forty" in out
    assert ("On the 1 hold-out crises the rules were not written from, playbook beat "
            "sixty_forty on total return in ") in out.replace("\n", " ")
    assert {"cagr_vs_sixty_forty_lo", "sharpe_vs_sixty_forty_hi",
            "cagr_vs_sixty_forty_excludes_zero"} <= set(metrics["metric"])
