"""The run configuration (backtests/runs/committee.toml): what `playbook run` produces."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from backtests import PROJECT_ROOT
from backtests.engine import Costs
from backtests.episodes import Episode, load_episodes
from backtests.errors import ConfigError
from strategies.params import Params, explain
from strategies.regimes import RegimeParams
from strategies.registry import STRATEGIES, StrategyError, load_preset, make_params

DEFAULT_CONFIG = PROJECT_ROOT / "backtests" / "runs" / "committee.toml"


class CostsConfig(Params):
    fee_bps: float = Field(5.0, ge=0, lt=10_000)
    slippage_bps: float = Field(5.0, ge=0, lt=10_000)
    band: float = Field(0.02, ge=0, lt=1)


class RunSpec(Params):
    name: str
    label: str | None = None
    preset: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.label or (Path(self.preset).stem if self.preset else self.name)


class RunConfig(Params):
    title: str
    benchmark: str
    highlight: str
    episodes: list[str] = Field(min_length=1)
    # quantstats tear sheets cost 2-5 s each: build the highlight's (one per episode) by
    # default; the others are placeholder pages saying how to build them
    tear_sheets: Literal["highlight", "all", "none"] = "highlight"
    costs: CostsConfig = Field(default_factory=CostsConfig)
    regime: RegimeParams = Field(default_factory=RegimeParams)  # the regime machine's thresholds
    runs: list[RunSpec] = Field(min_length=1)

    @field_validator("tear_sheets", mode="before")
    @classmethod
    def _bool_means_all_or_none(cls, v: Any) -> Any:
        return {True: "all", False: "none"}.get(v, v) if isinstance(v, bool) else v

    @model_validator(mode="after")
    def _consistent(self) -> RunConfig:
        keys = [r.key for r in self.runs]
        dup = sorted({k for k in keys if keys.count(k) > 1})
        if dup:
            raise ValueError(f"run labels must be unique, repeated: {', '.join(dup)}")
        for field, value in (("benchmark", self.benchmark), ("highlight", self.highlight)):
            if value not in keys:
                raise ValueError(f"{field} '{value}' is not one of the runs: {', '.join(keys)}")
        return self


def load_config(path: Path | None = None) -> RunConfig:
    path = Path(path or DEFAULT_CONFIG)
    try:
        raw = tomllib.loads(path.read_text())
    except FileNotFoundError:
        raise ConfigError(f"{path}: run configuration not found") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e})") from None
    try:
        config = RunConfig.model_validate(raw)
    except ValidationError as e:
        raise ConfigError("\n".join(explain(e, RunConfig, str(path)))) from None
    unknown = [r.name for r in config.runs if r.name not in STRATEGIES]
    if unknown:
        raise ConfigError(f"{path}: runs.name '{unknown[0]}' is not a strategy; allowed: "
                          f"{', '.join(STRATEGIES)}")
    return config


def narrow(config: RunConfig, strategies: list[str] | None,
           episodes: list[str] | None) -> RunConfig:
    """Apply --strategies / --episodes (the benchmark and highlight always stay in)."""
    update: dict[str, Any] = {}
    if strategies:
        keys = [r.key for r in config.runs]
        bad = [s for s in strategies if s not in keys]
        if bad:
            raise ConfigError(f"--strategies: '{bad[0]}' is not one of {', '.join(keys)}")
        keep = {*strategies, config.benchmark, config.highlight}
        update["runs"] = [r for r in config.runs if r.key in keep]
    if episodes:
        update["episodes"] = episodes
    return RunConfig.model_validate({**config.model_dump(), **update})


def resolve(config: RunConfig, known: dict[str, Episode] | None = None
            ) -> tuple[dict[str, Params], dict[str, str], dict[str, Episode], Costs]:
    """Validated params per run label, label -> rule, the episodes (from `known`, default
    data/episodes.toml), and the costs."""
    params: dict[str, Params] = {}
    rules: dict[str, str] = {}
    for spec in config.runs:
        base: dict[str, Any] = {}
        if spec.preset:
            rule, preset = load_preset(PROJECT_ROOT / spec.preset)
            if rule != spec.name:
                raise StrategyError(f"runs '{spec.key}': preset {spec.preset} is for {rule}, "
                                    f"not {spec.name}")
            base = preset.model_dump()
        params[spec.key] = make_params(spec.name, {**base, **spec.params}, f"runs '{spec.key}'")
        rules[spec.key] = spec.name
    known = load_episodes() if known is None else known
    bad = [e for e in config.episodes if e not in known]
    if bad:
        raise ConfigError(f"episodes: '{bad[0]}' is not one of {', '.join(known)}")
    episodes = {e: known[e] for e in config.episodes}
    return params, rules, episodes, Costs(**config.costs.model_dump())


def config_hash(config: RunConfig, params: dict[str, Params], data_hash: str) -> str:
    """Short identity of (resolved configuration, data): part of the run id."""
    blob = json.dumps({"config": config.model_dump(), "data": data_hash,
                       "params": {k: p.model_dump() for k, p in params.items()}},
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:8]
