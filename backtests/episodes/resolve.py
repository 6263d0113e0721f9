"""A run configuration made concrete: the universe and episodes it names, the command line's
narrowing (--strategies, --episodes), each run's validated parameters, and the run's identity
(the hash in its run id)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from backtests.data.universe import Universe
from backtests.engine.costs import Costs
from backtests.episodes.definitions import DEFAULT_EPISODES, Episode, load_episodes
from backtests.episodes.runconfig import RunConfig, check_names
from backtests.errors import ConfigError
from backtests.paths import PROJECT_ROOT
from strategies.params import Params
from strategies.registry import StrategyError, load_preset, make_params


def run_universe(config: RunConfig) -> Universe | None:
    """The universe a run configuration's [universe] asks for (None: the default)."""
    if not config.universe:
        return None
    from backtests.data.universe import load_universe
    from backtests.data.universe_ext import config_layers

    return load_universe(inline=config_layers(config.universe, "the run configuration",
                                              PROJECT_ROOT))


def episodes_path(config: RunConfig) -> Path:
    if config.episodes_file is None:
        return DEFAULT_EPISODES
    path = Path(config.episodes_file)
    return path if path.is_absolute() else PROJECT_ROOT / path


def narrow(config: RunConfig, strategies: list[str] | None, episodes: list[str] | None,
           episodes_file: Path | None = None) -> RunConfig:
    """Apply --strategies / --episodes / --episodes-file (the benchmark, highlight and timing
    benchmark always stay in, so every rule kept still shows its timing value; a user's
    episodes file without --episodes runs every episode in it)."""
    update: dict[str, Any] = {}
    if episodes_file is not None:
        update["episodes_file"] = str(episodes_file.resolve())
        if not episodes:
            update["episodes"] = list(load_episodes(episodes_file))
    if strategies:
        keys = [r.key for r in config.runs]
        bad = [s for s in strategies if s not in keys]
        if bad:
            raise ConfigError(f"--strategies: '{bad[0]}' is not one of {', '.join(keys)}")
        keep = {*strategies, config.benchmark, config.highlight, config.timing_benchmark}
        update["runs"] = [r for r in config.runs if r.key in keep]
    if episodes:
        update["episodes"] = episodes
    return check_names(RunConfig.model_validate({**config.model_dump(), **update}),
                       "--episodes")


def resolve(config: RunConfig, known: dict[str, Episode] | None = None
            ) -> tuple[dict[str, Params], dict[str, str], dict[str, Episode], Costs]:
    """Validated params per run label, label -> rule, the episodes (from `known`, default the
    configuration's episodes file), and the costs."""
    check_names(config, "run configuration")
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
    if known is None:  # loaded once: exactly these are run
        known = load_episodes(episodes_path(config))
    bad = [e for e in config.episodes if e not in known]
    if bad:
        raise ConfigError(f"episodes: '{bad[0]}' is not one of {', '.join(known)} "
                          f"(the episodes of {known[next(iter(known))].source})")
    episodes = {e: known[e] for e in config.episodes}
    return params, rules, episodes, Costs(**config.costs.model_dump())


def config_hash(config: RunConfig, params: dict[str, Params], data_hash: str,
                episodes: dict[str, Episode] | None = None) -> str:
    """Short identity of (resolved configuration, episode definitions, data): in the run id."""
    rules = {p: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in config.rules
             if Path(p).is_file()}  # an edited rule file is another run
    blob = json.dumps({"config": config.model_dump(), "data": data_hash,
                       **({"rules": rules} if rules else {}),
                       "params": {k: p.model_dump() for k, p in params.items()},
                       **({"episodes": {k: e.model_dump() for k, e in episodes.items()}}
                          if episodes is not None else {})},
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:8]
