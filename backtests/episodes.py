"""Episode definitions (data/episodes.toml), validated on load."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import Field, ValidationError, field_validator

from backtests import PROJECT_ROOT
from backtests.errors import ConfigError
from strategies.params import Params, explain

DEFAULT_EPISODES = PROJECT_ROOT / "data" / "episodes.toml"


class Episode(Params):
    role: Literal["design", "holdout", "overall"]
    description: str
    start: str  # YYYY-MM-DD, or "-Ny" (N years before the end)
    end: str  # YYYY-MM-DD, or "latest" (the last date of the data)
    warmup_days: int = Field(ge=0, le=2000)
    phases: dict[str, date] = Field(default_factory=dict)

    @field_validator("start", "end")
    @classmethod
    def _date_or_relative(cls, v: str) -> str:
        if v == "latest" or (v.startswith("-") and v.endswith("y") and v[1:-1].isdigit()):
            return v
        date.fromisoformat(v)
        return v

    def window(self, last: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
        """(start, end) as dates, given the data's last date."""
        end = last if self.end == "latest" else min(pd.Timestamp(self.end), last)
        if self.start.startswith("-"):
            return end - pd.DateOffset(years=int(self.start[1:-1])), end
        return pd.Timestamp(self.start), end


class Episodes(Params):
    episodes: dict[str, Episode]


def load_episodes(path: Path | None = None) -> dict[str, Episode]:
    path = path or DEFAULT_EPISODES
    try:
        raw = tomllib.loads(path.read_text())
        return Episodes.model_validate(raw).episodes
    except FileNotFoundError:
        raise ConfigError(f"{path}: episodes file not found") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e})") from None
    except ValidationError as e:
        raise ConfigError("\n".join(explain(e, Episodes, str(path)))) from None
