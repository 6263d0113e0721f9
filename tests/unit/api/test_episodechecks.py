"""Checks of episodes: the exact line a user sees, and the values they let through."""

from __future__ import annotations

import pytest

from backtests.api import episodechecks
from backtests.episodes.definitions import Episode, load_episodes
from backtests.errors import ConfigError

EPISODES = load_episodes()
NAMES = ", ".join(EPISODES)


def test_episode_names_get_the_cli_wording_and_a_hint() -> None:
    with pytest.raises(ConfigError) as e:
        episodechecks.episode("2008_gcf", EPISODES)
    assert str(e.value) == f"episode: '2008_gcf' is not one of {NAMES} — did you mean '2008_gfc'?"
    with pytest.raises(ConfigError) as e:
        episodechecks.episodes("2008_gfc,2020_covd", EPISODES, "--episodes")
    assert str(e.value) == (f"--episodes: '2020_covd' is not one of {NAMES} — did you mean "
                            "'2020_covid'?")
    assert episodechecks.episode("2008_gfc", EPISODES) == ("2008_gfc", EPISODES["2008_gfc"])


def test_episodes_as_objects_or_mappings() -> None:
    mine = {"role": "holdout", "description": "my window", "start": "2008-09-01",
            "end": "2009-06-30", "warmup_days": 300}
    name, ep = episodechecks.episode({"my_crash": mine}, EPISODES)
    assert name == "my_crash" and ep.start == "2008-09-01" and ep.warmup_days == 300
    obj = Episode.model_validate(mine)
    assert episodechecks.episode(obj, EPISODES) == ("custom", obj)
    chosen = episodechecks.episodes({"a": obj, "b": mine}, EPISODES)
    assert list(chosen) == ["a", "b"] and chosen["a"] is obj
    assert chosen["b"].model_dump() == obj.model_dump() and chosen["b"].source == "episodes"
    assert list(episodechecks.episodes(None, EPISODES, default=["2020_covid"])) == ["2020_covid"]
    # the episodes file's own checks, with the argument in place of the file name
    with pytest.raises(ConfigError) as e:
        episodechecks.episode({"x": {**mine, "descriptio": "typo"}}, EPISODES)
    assert str(e.value) == ("episode: episode 'x': unknown key 'descriptio' = 'typo'; fix: did "
                            "you mean 'description'?")
    with pytest.raises(ConfigError) as e:
        episodechecks.episode({"x": {**mine, "start": "2008-13-01"}}, EPISODES)
    assert str(e.value) == ("episode: episode 'x': start = '2008-13-01' is not a date; fix: "
                            'write YYYY-MM-DD, or "-Ny" for N years before the end')
    no_role = {k: v for k, v in mine.items() if k != "role"}
    with pytest.raises(ConfigError) as e:
        episodechecks.episodes({"y": no_role}, EPISODES)
    assert str(e.value) == ("episodes: episode 'y': missing key 'role'; fix: add role = "
                            '"design", "holdout" or "overall"')
