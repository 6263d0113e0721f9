"""The run configuration (backtests/runs/committee.toml): what `playbook run` produces."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator

from backtests.engine.costs import DEFAULT as COSTS
from backtests.engine.costs import problem
from backtests.errors import ConfigError
from backtests.files import read_toml
from backtests.paths import PROJECT_ROOT
from backtests.slug import case_clashes, check_name
from strategies.params import Params, explain
from strategies.regimes import RegimeParams
from strategies.registry import STRATEGIES

DEFAULT_CONFIG = PROJECT_ROOT / "backtests" / "runs" / "committee.toml"


class CostsConfig(Params):
    """A run configuration's [costs], checked by the engine's own rule (costs.problem)."""

    fee_bps: float = COSTS.fee_bps
    slippage_bps: float = COSTS.slippage_bps
    band: float = COSTS.band

    @field_validator("fee_bps", "slippage_bps", "band", mode="before")
    @classmethod
    def _the_engines_check(cls, v: Any, info: ValidationInfo) -> Any:
        if (why := problem(str(info.field_name), v)) is not None:
            raise ValueError(why)
        return v


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
    # a run holding the strategic mix unchanged: each rule's difference against it is its
    # timing value, shown beside the difference against `benchmark` (None: not shown)
    timing_benchmark: str | None = None
    episodes: list[str] = Field(min_length=1)
    episodes_file: str | None = None  # default data/episodes.toml; relative = to the project
    # quantstats tear sheets cost 2-5 s each: build the highlight's (one per episode) by
    # default; the others are placeholder pages saying how to build them
    tear_sheets: Literal["highlight", "all", "none"] = "highlight"
    # "If it started today": every analogue replayed from the end of the `latest` episode
    # (HYPOTHETICAL; runs only when `latest` is among the episodes; cached by content hash)
    analogues: bool = True
    costs: CostsConfig = Field(default_factory=CostsConfig)
    regime: RegimeParams = Field(default_factory=RegimeParams)  # the regime machine's thresholds
    # your own rule files (.toml or .py), relative to this file; registered before `runs` is
    # checked, so a run can name them
    rules: list[str] = Field(default_factory=list)
    runs: list[RunSpec] = Field(min_length=1)
    # extend or replace data/universe.toml: files = [...] (relative to the project) and/or
    # [universe.sleeves.*] / [universe.series.*] tables, replace = true (universe_ext.py)
    universe: dict[str, Any] | None = None

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
        for field, value in (("benchmark", self.benchmark), ("highlight", self.highlight),
                             ("timing_benchmark", self.timing_benchmark)):
            if value is not None and value not in keys:
                raise ValueError(f"{field} '{value}' is not one of the runs: {', '.join(keys)}")
        return self


def load_config(path: Path | None = None) -> RunConfig:
    path = Path(path or DEFAULT_CONFIG)
    raw = read_toml(path, "run configuration")
    if "rules" in raw:
        raw = {**raw, "rules": load_rule_files(raw["rules"], path)}
    try:
        config = RunConfig.model_validate(raw)
    except ValidationError as e:
        raise ConfigError("\n".join(explain(e, RunConfig, str(path)))) from None
    unknown = [r.name for r in config.runs if r.name not in STRATEGIES]
    if unknown:
        raise ConfigError(f"{path}: runs.name '{unknown[0]}' is not a strategy; allowed: "
                          f"{', '.join(STRATEGIES)}")
    return check_names(config, str(path))


def load_rule_files(value: Any, config: Path) -> list[str]:
    """Register `rules = [...]` of a run configuration (paths relative to it); the absolute
    paths, so the run id and run.json name exactly the files that ran."""
    from strategies.registry import load_rules

    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{config}: rules = {value!r}: give a list of rule files, e.g. "
                          "rules = [\"my_rule.toml\", \"my_rules.py\"]")
    paths = [(config.parent / v).resolve() for v in value]
    for file in paths:
        if not file.is_file():
            raise ConfigError(f"{config}: rules: {file} does not exist; paths are relative to "
                              "the configuration file")
        load_rules(file)
    return [str(p) for p in paths]


def check_names(config: RunConfig, where: str) -> RunConfig:
    """Run labels and episodes name files (tear sheets): the one slug rule, refused, never
    rewritten; labels equal but for case would share a file on macOS and Windows."""
    keys = [r.key for r in config.runs]
    for key in keys:
        check_name(key, f"{where}: run label")
    for episode in config.episodes:
        check_name(episode, f"{where}: episode")
    if clash := case_clashes(keys):
        raise ConfigError(f"{where}: run labels {', '.join(clash)} differ only in case (one "
                          "file name on macOS and Windows); rename one")
    return config
