"""The universe: sleeves the strategies trade and series the signals read (data/universe.toml)."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from backtests.data.universe_ext import (
    check_keys,
    env_files,
    merge,
    read_extension,
    reference_problems,
)
from backtests.errors import ConfigError
from backtests.paths import PROJECT_ROOT
from strategies.params import Params, explain

DEFAULT_UNIVERSE = PROJECT_ROOT / "data" / "universe.toml"
# A value older than this (calendar days since its as-of date) makes its trigger unknown: a
# daily series misses more than a week of releases; a weekly one two; a monthly one is overdue.
STALE_AFTER = {"daily": 10, "weekly": 21, "monthly": 75}
_RELEASE = re.compile(r"^(same_day|bls_employment|business_days:\d{1,2}|calendar_days:\d{1,3})$")


class SleeveSource(Params):
    """One source of a sleeve's returns: the primary, or a proxy spliced by returns."""

    symbol: str
    method: Literal["adj_close", "bill_accrual", "constant_maturity"] = "adj_close"
    use: Literal["primary", "before", "after"] = "primary"
    duration: float | None = Field(default=None, gt=0, le=30, description="years")
    convexity: float | None = Field(default=None, ge=0, le=1000, description="years^2")

    @model_validator(mode="after")
    def _cm_needs_duration(self) -> SleeveSource:
        if self.method == "constant_maturity" and (self.duration is None or self.convexity is None):
            raise ValueError("method 'constant_maturity' needs 'duration' and 'convexity'")
        return self


class Sleeve(Params):
    """A traded asset bucket: a daily total-return series from ordered sources."""

    description: str
    sources: list[SleeveSource] = Field(min_length=1)
    fallback: str | None = None

    @model_validator(mode="after")
    def _primary_first(self) -> Sleeve:
        uses = [s.use for s in self.sources]
        if uses[0] != "primary" or "primary" in uses[1:]:
            raise ValueError("the first source is the primary (no 'use'); later ones need "
                             "use = 'before' or 'after'")
        return self


class Series(Params):
    """A stored series: a Yahoo price history or a FRED series, with its publication rule."""

    kind: Literal["price", "yield", "fred"]
    description: str
    frequency: Literal["daily", "weekly", "monthly"] = "daily"
    release: str = "same_day"
    revised: bool = False
    # As-of date -> actual release date, where the rule is wrong (e.g. shutdown delays).
    release_overrides: dict[str, str] = Field(default_factory=dict)
    max_abs_return: float | None = Field(default=None, gt=0)
    max_abs_change: float | None = Field(default=None, gt=0)
    stale_after_days: int | None = Field(default=None, gt=0, le=3660)

    @property
    def max_age_days(self) -> int:
        """Days after its as-of date that the last published value still counts as current."""
        return self.stale_after_days or STALE_AFTER[self.frequency]

    @field_validator("release")
    @classmethod
    def _release_rule(cls, v: str) -> str:
        if not _RELEASE.match(v):
            raise ValueError("expected same_day, bls_employment, business_days:N or "
                             "calendar_days:N")
        return v


class Universe(Params):
    """Everything in data/universe.toml, validated."""

    calendar: str
    start: date | None = None  # the first calendar day (see universe.toml)
    sleeves: dict[str, Sleeve]
    series: dict[str, Series]

    @model_validator(mode="after")
    def _references_exist(self) -> Universe:
        missing = [f"{name}: '{src.symbol}'" for name, sl in self.sleeves.items()
                   for src in sl.sources if src.symbol not in self.series]
        missing += [f"{name}.fallback: '{sl.fallback}' is not a sleeve"
                    for name, sl in self.sleeves.items()
                    if sl.fallback is not None and sl.fallback not in self.sleeves]
        if "cash" not in self.sleeves:
            missing.append("sleeves: 'cash' (idle money must earn the bill rate)")
        if self.calendar not in self.series:
            missing.append(f"calendar: '{self.calendar}'")
        if missing:
            raise ValueError("undefined references: " + ", ".join(missing))
        return self


def load_universe(path: Path | None = None, extra: list[Path] | None = None,
                  inline: list[tuple[dict[str, Any], str]] | None = None) -> Universe:
    """Read and validate the universe file; errors name the file, key and value.

    extra: files extending (or replacing) it, in order (default: $PLAYBOOK_UNIVERSE, which
    `playbook --universe FILE` sets); inline: (tables, where) pairs applied after them, as a
    run configuration's [universe]. See backtests/data/universe_ext.py.
    """
    path = path or DEFAULT_UNIVERSE
    try:
        raw = tomllib.loads(path.read_text())
    except FileNotFoundError:
        raise ConfigError(f"{path}: universe file not found; restore data/universe.toml "
                          "from the repository") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e}); fix the syntax") from None
    files = env_files() if extra is None else list(extra)
    origin: dict[str, str] = {}
    layers = [(read_extension(f), str(f)) for f in files] + list(inline or [])
    for ext, where in layers:
        check_keys(ext, where)
        raw = merge(raw, origin, ext, where)
    where = " + ".join([str(path), *(w for _, w in layers)])
    if problems := reference_problems(raw, origin, str(path)):
        raise ConfigError("\n".join(problems))
    try:
        return Universe.model_validate(raw)
    except ValidationError as e:
        raise ConfigError("\n".join(explain(e, Universe, where))) from None


def file_stem(symbol: str) -> str:
    """The snapshot's file name for a symbol: '^' -> 'IDX_', '=', '.', '-' -> '_'."""
    return re.sub(r"[=.\-]", "_", symbol.replace("^", "IDX_"))
