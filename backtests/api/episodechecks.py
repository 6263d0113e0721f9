"""Checks of episodes: a name from the episodes file, an Episode, or a mapping in the schema
of data/episodes.toml, written once for the notebook API and the CLI (backtests.api.checks
says how messages name the argument).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backtests.api.checks import one_of
from backtests.errors import ConfigError, quote

if TYPE_CHECKING:
    from backtests.episodes.definitions import Episode


def episode_value(name: str, value: Episode | Mapping[str, Any], where: str) -> Episode:
    """An Episode object, or a mapping in the schema of data/episodes.toml, validated by the
    episodes file's own checks (backtests.episodes.definitions.parse_episodes)."""
    from backtests.episodes.definitions import Episode, parse_episodes

    if isinstance(value, Episode):
        return value
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} {quote(name)} = {quote(value)}: give an Episode or a "
                          "mapping with the keys of data/episodes.toml (role, description, "
                          "start, end, warmup_days)")
    return parse_episodes({"episodes": {name: dict(value)}}, where)[name]


def catalog(value: str | Path | Mapping[str, Any] | None) -> dict[str, Episode]:
    """The episodes a market knows: data/episodes.toml, a file in its schema, or a mapping."""
    from backtests.episodes.definitions import load_episodes

    if value is None or isinstance(value, str | Path):
        return load_episodes(Path(value) if value is not None else None)
    return {str(k): episode_value(str(k), v, "episodes") for k, v in value.items()}


def episode(choice: Any, known: Mapping[str, Episode],
            where: str = "episode") -> tuple[str, Episode]:
    """One episode: a name from `known`, an Episode (named 'custom') or {name: Episode}."""
    from backtests.episodes.definitions import Episode

    if isinstance(choice, str):
        if choice not in known:
            raise one_of(where, choice, list(known))
        return choice, known[choice]
    if isinstance(choice, Episode):
        return "custom", choice
    if isinstance(choice, Mapping) and len(choice) == 1:
        name, value = next(iter(choice.items()))
        return str(name), episode_value(str(name), value, where)
    raise ConfigError(f"{where} = {quote(choice)}: give an episode name (one of "
                      f"{', '.join(known)}), an Episode, or {{name: Episode}}")


def episodes(choice: Any, known: Mapping[str, Episode], where: str = "episodes",
             default: Sequence[str] | None = None) -> dict[str, Episode]:
    """Several episodes: names (a list or 'a,b'), or {name: Episode | mapping}; None = default."""
    if choice is None:
        choice = list(default if default is not None else known)
    if isinstance(choice, str):
        choice = [c.strip() for c in choice.split(",") if c.strip()]
    if isinstance(choice, Mapping):
        return {str(k): episode_value(str(k), v, where) for k, v in choice.items()}
    out: dict[str, Episode] = {}
    for item in choice:
        name, ep = episode(item, known, where)
        out[name] = ep
    if not out:
        raise ConfigError(f"{where}: no episode given; name at least one of {', '.join(known)}")
    return out
