"""Episode definitions (data/episodes.toml, or a user's file in the same schema), validated.

Every problem is one line naming the file, the episode, the key, the value and the fix:
`load_episodes` checks what the file alone can tell (keys, types, roles, end after start, phase
markers inside the window); backtests.episodes.windows.check_window checks an episode against
the data it will run on.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args

import pandas as pd
from pydantic import Field, PrivateAttr, ValidationError, field_validator

from backtests.errors import ConfigError
from backtests.paths import PROJECT_ROOT
from strategies.params import Params

DEFAULT_EPISODES = PROJECT_ROOT / "data" / "episodes.toml"
Role = Literal["design", "holdout", "overall"]
ROLES: tuple[str, ...] = get_args(Role)
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")  # names files and page anchors
RELATIVE = re.compile(r"^-(\d+)y$")
MISSING_FIX = {"role": '"design", "holdout" or "overall"', "description": '"what happened"',
               "start": '"YYYY-MM-DD"', "end": '"YYYY-MM-DD" or "latest"', "warmup_days": "320"}
DATE_FIX = {"start": 'write YYYY-MM-DD, or "-Ny" for N years before the end',
            "end": 'write YYYY-MM-DD, or "latest" for the last date of the data'}


class Episode(Params):
    role: Role  # design: the rules were written from it; holdout: they were not; overall
    description: str
    start: str  # YYYY-MM-DD, or "-Ny" (N years before the end)
    end: str  # YYYY-MM-DD, or "latest" (the last date of the data)
    warmup_days: int = Field(ge=0, le=2000)
    phases: dict[str, date] = Field(default_factory=dict)
    _source: str = PrivateAttr(default="<episodes>")  # the file it came from, for messages

    @field_validator("start", "end", mode="before")
    @classmethod
    def _toml_date(cls, v: Any) -> Any:
        return v.isoformat() if isinstance(v, date) else v  # an unquoted TOML date

    @field_validator("start")
    @classmethod
    def _start(cls, v: str) -> str:
        if not RELATIVE.match(v):
            date.fromisoformat(v)
        return v

    @field_validator("end")
    @classmethod
    def _end(cls, v: str) -> str:
        if v != "latest":
            date.fromisoformat(v)
        return v

    @property
    def source(self) -> str:
        return self._source

    def window(self, last: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
        """(start, end) as dates, given the data's last date."""
        end = last if self.end == "latest" else min(pd.Timestamp(self.end), last)
        rel = RELATIVE.match(self.start)
        if rel:
            return end - pd.DateOffset(years=int(rel.group(1))), end
        return pd.Timestamp(self.start), end


class Episodes(Params):
    episodes: dict[str, Episode]


def load_episodes(path: Path | None = None) -> dict[str, Episode]:
    """Every episode of the file, in file order; one clear line for the first problem."""
    path = Path(path or DEFAULT_EPISODES)
    where = _display(path)
    try:
        raw = tomllib.loads(path.read_text())
    except FileNotFoundError:
        raise ConfigError(f"{where}: episodes file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{where}: is a folder; pass an episodes TOML file") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{where}: not valid TOML ({e})") from None
    return parse_episodes(raw, where)


def parse_episodes(raw: dict[str, Any], where: str) -> dict[str, Episode]:
    """Episodes from the content of an episodes file ({"episodes": {name: {...}}}); `where`
    names its origin in every message (a file, or the argument of the Python API)."""
    try:
        episodes = Episodes.model_validate(raw).episodes
    except ValidationError as e:
        # an unknown key first: it usually explains a "missing" one (strat -> start)
        errs = sorted(e.errors(), key=lambda x: x["type"] != "extra_forbidden")
        raise ConfigError(_explain(errs[0], where)) from None
    if not episodes:
        raise ConfigError(f"{where}: no episodes; add a table [episodes.<name>] with role, "
                          "description, start, end and warmup_days")
    for name, ep in episodes.items():
        _check_static(name, ep, where)
        ep._source = where
    return episodes


def names_by_role(episodes: dict[str, Episode], role: str) -> list[str]:
    return [n for n, e in episodes.items() if e.role == role]


def _check_static(name: str, ep: Episode, where: str) -> None:
    at = f"{where}: episode '{name}':"
    if not NAME.match(name):
        fixed = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_.-") or "my_episode"
        raise ConfigError(f"{at} the name may hold only letters, digits, '_', '-' and '.' "
                          f"(it names files and page anchors); fix: rename it '{fixed}'")
    if RELATIVE.match(ep.start) or ep.end == "latest":
        return
    start, end = date.fromisoformat(ep.start), date.fromisoformat(ep.end)
    if end <= start:
        how = "before" if end < start else "the same day as"
        raise ConfigError(f"{at} end = '{ep.end}' is {how} start = '{ep.start}'; fix: set end "
                          "after start")
    for key, day in ep.phases.items():
        if not start <= day <= end:
            raise ConfigError(f"{at} phases.{key} = '{day}' is outside the window "
                              f"{start}..{end}; fix: move the marker into the window or "
                              "widen the window")


def _explain(err: Any, where: str) -> str:
    """One pydantic error as a line naming the file, episode, key, value and fix."""
    loc = [str(p) for p in err["loc"]]
    if loc[:1] != ["episodes"] or len(loc) < 2:
        if err["type"] == "extra_forbidden":
            return (f"{where}: unknown top-level key '{loc[-1]}'; fix: put every episode "
                    "under [episodes.<name>]")
        return f"{where}: no [episodes.<name>] tables ({err['msg']}); fix: add one per episode"
    name, key = loc[1], ".".join(loc[2:])
    at = f"{where}: episode '{name}':"
    fields = list(Episode.model_fields)
    value = _show(err.get("input"))
    if len(loc) == 2:
        return f"{at} must be a table of keys ({err['msg']}); fix: [episodes.{name}] with keys "\
               f"{', '.join(fields)}"
    if err["type"] == "extra_forbidden":
        return f"{at} unknown key '{key}' = {value}; fix: {_hint(loc[2], fields)}"
    if err["type"] == "missing":
        return f"{at} missing key '{key}'; fix: add {key} = {MISSING_FIX.get(key, '...')}"
    if key == "role":
        return (f"{at} role = {value} is not one of {', '.join(ROLES)}; fix: "
                f"{_hint(str(err.get('input')), list(ROLES))}")
    if key in DATE_FIX:
        return f"{at} {key} = {value} is not a date; fix: {DATE_FIX[key]}"
    if loc[2] == "phases" and len(loc) == 4:
        return f"{at} phases.{loc[3]} = {value} is not a date; fix: write YYYY-MM-DD"
    return f"{at} {key} = {value}: {err['msg']}"


def _show(value: Any) -> str:
    if isinstance(value, date):
        return repr(value.isoformat())
    return "{...}" if isinstance(value, dict) else repr(value)


def _hint(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f"did you mean '{close[0]}'?" if close else f"use one of {', '.join(choices)}"


def _display(path: Path) -> str:
    """The path as the user knows it: relative to the project for its own files."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def sweep_defaults(episodes: dict[str, Episode], walk_forward: bool) -> list[str]:
    """What `playbook sweep` runs without --episodes: the design crises (a plain sweep must not
    tune on the hold-outs), every crisis for a walk-forward (it keeps later ones out of each
    choice itself), plus the whole-history episode; all episodes if the file has no crisis."""
    roles = ("design", "holdout") if walk_forward else ("design",)
    names = [n for n, e in episodes.items() if e.role in roles]
    if not names:
        return list(episodes)
    return names + [n for n in episodes if n == "full_history"]
