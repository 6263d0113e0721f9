"""Checks of a rule's parameters, the regime machine's thresholds, a preset file and costs,
written once for the notebook API and the CLI (backtests.api.checks says how messages name
the argument). Parameters go through the rules' own validators
(strategies.registry.make_params, strategies.settings.regime_params).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backtests.api.checks import hint
from backtests.engine.costs import Costs
from backtests.errors import ConfigError, quote

if TYPE_CHECKING:
    from strategies.params import Params
    from strategies.regimes import RegimeParams

REGIME = "regime."  # a regime-machine threshold among rule parameters: regime.crisis_drawdown
COSTS = ("fee_bps", "slippage_bps", "band")


def split_overrides(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(rule parameters, regime thresholds without their 'regime.' prefix)."""
    rule = {k: v for k, v in values.items() if not k.startswith(REGIME)}
    regime = {k[len(REGIME):]: v for k, v in values.items() if k.startswith(REGIME)}
    return rule, regime


def rule_params(strategy: str, values: Mapping[str, Any], where: str,
                base: Mapping[str, Any] | None = None) -> Params:
    """Validated parameters of a rule; a regime threshold given without its prefix is named."""
    from strategies.regimes import RegimeParams
    from strategies.registry import StrategyError, get, make_params

    fields = get(strategy).params.model_fields
    for key in values:
        if key not in fields and key in RegimeParams.model_fields:
            raise StrategyError(f"{where} of {strategy}: '{key}' is a threshold of the regime "
                                f"machine, not of the rule; write it as '{REGIME}{key}'")
    return make_params(strategy, {**(base or {}), **values}, where)


def regime(base: RegimeParams, values: Mapping[str, Any] | RegimeParams | None,
           where: str) -> RegimeParams:
    """`base` with `values` applied (keys with or without the 'regime.' prefix)."""
    from strategies.regimes import RegimeParams
    from strategies.settings import regime_params

    if values is None:
        return base
    if isinstance(values, RegimeParams):
        return values
    plain = {k.removeprefix(REGIME): v for k, v in values.items()}
    return regime_params({**base.model_dump(), **plain}, where) if plain else base


def preset(path: str | Path, strategy: str | None, where: str) -> tuple[str, dict[str, Any]]:
    """A preset file's rule and values; it must be for `strategy` when that is given."""
    from strategies.registry import StrategyError, load_preset

    name, base = load_preset(Path(path))
    if strategy not in (None, name):
        raise StrategyError(f"{where} {path} is for {name}, not {strategy}")
    return name, base.model_dump()


def costs(value: Costs | Mapping[str, Any] | None, where: str = "costs") -> Costs:
    """Costs from a Costs, a mapping of fee_bps / slippage_bps / band (the others keep their
    defaults), or None (the defaults); values are checked by Costs itself, as on the CLI."""
    if value is None:
        return Costs()
    if isinstance(value, Costs):
        return value
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} = {quote(value)}: give Costs(...) or a mapping such as "
                          "{'fee_bps': 5, 'slippage_bps': 5, 'band': 0.02}")
    for key in value:
        if key not in COSTS:
            fix = hint(str(key), COSTS) or f"; allowed: {', '.join(COSTS)}"
            raise ConfigError(f"{where}: unknown key {quote(key)}{fix}")
    return Costs(**dict(value))
