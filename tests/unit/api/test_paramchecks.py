"""Checks of rule parameters, regime thresholds and costs: the exact line a user sees, and the
values they let through."""

from __future__ import annotations

import pytest

from backtests.api import paramchecks
from backtests.engine.portfolio import Costs
from backtests.errors import ConfigError
from strategies.regimes import RegimeParams
from strategies.registry import StrategyError


def test_rule_parameters_are_validated_with_did_you_mean() -> None:
    with pytest.raises(StrategyError) as e:
        paramchecks.rule_params("contrarian_qe", {"scale_in_dyas": 10}, "parameters")
    assert str(e.value) == ("parameters of contrarian_qe: unknown key 'scale_in_dyas' — did you "
                            "mean 'scale_in_days'?")
    with pytest.raises(StrategyError, match=r"^parameters of contrarian_qe: 'scale_in_days' = "
                                            r"-1: Input should be greater than or equal to 1$"):
        paramchecks.rule_params("contrarian_qe", {"scale_in_days": -1}, "parameters")
    assert paramchecks.rule_params("contrarian_qe", {"scale_in_days": 10}, "x").scale_in_days == 10


def test_a_regime_threshold_given_as_a_rule_parameter_says_how_to_write_it() -> None:
    with pytest.raises(StrategyError) as e:
        paramchecks.rule_params("contrarian_qe", {"crisis_drawdown": 0.18}, "parameters")
    assert str(e.value) == ("parameters of contrarian_qe: 'crisis_drawdown' is a threshold of "
                            "the regime machine, not of the rule; write it as "
                            "'regime.crisis_drawdown'")


def test_unknown_strategy_gets_the_registry_message() -> None:
    with pytest.raises(StrategyError) as e:
        paramchecks.rule_params("contrarian_qr", {}, "parameters")
    assert str(e.value).startswith("unknown strategy 'contrarian_qr' — did you mean "
                                   "'contrarian_qe'?; known: buy_and_hold, sixty_forty")


def test_overrides_split_like_the_cli_set_option() -> None:
    rule, regime = paramchecks.split_overrides({"scale_in_days": 10,
                                                "regime.crisis_drawdown": 0.18})
    assert rule == {"scale_in_days": 10} and regime == {"crisis_drawdown": 0.18}


def test_regime_thresholds_apply_over_the_base_with_or_without_prefix() -> None:
    base = RegimeParams(crisis_drawdown=0.25)
    out = paramchecks.regime(base, {"regime.vix_relief": 0.2}, "parameters")
    assert (out.crisis_drawdown, out.vix_relief) == (0.25, 0.2)
    assert paramchecks.regime(base, {"crisis_drawdown": 0.18}, "x").crisis_drawdown == 0.18
    assert paramchecks.regime(base, None, "x") is base and paramchecks.regime(base, {}, "x") is base
    with pytest.raises(StrategyError) as e:
        paramchecks.regime(base, {"crisis_drawdwn": 0.18}, "parameters")
    assert str(e.value) == ("parameters (regime): unknown key 'crisis_drawdwn' — did you mean "
                            "'crisis_drawdown'?")
    with pytest.raises(StrategyError, match=r"^load \(regime\): 'crisis_drawdown' = 1.5: Input "
                                            r"should be less than 1$"):
        paramchecks.regime(base, {"crisis_drawdown": 1.5}, "load")


def test_costs_from_a_mapping_fill_the_defaults_and_refuse_typos() -> None:
    assert paramchecks.costs({"fee_bps": 10}) == Costs(fee_bps=10, slippage_bps=5, band=0.02)
    assert paramchecks.costs(None) == Costs()
    given = Costs(fee_bps=1, slippage_bps=2, band=0.1)
    assert paramchecks.costs(given) is given
    with pytest.raises(ConfigError) as e:
        paramchecks.costs({"fee": 3})
    assert str(e.value) == "costs: unknown key 'fee' — did you mean 'fee_bps'?"
    with pytest.raises(ConfigError) as e:
        paramchecks.costs({"fee_bps": -3})
    assert str(e.value) == ("costs.fee_bps = -3: must be a number >= 0 and < 10000 (basis points "
                            "per trade; --fee-bps on the command line); the default is 5.0")
    with pytest.raises(ConfigError, match=r"^costs: unknown key 'spread'; allowed: fee_bps, "
                                          r"slippage_bps, band$"):
        paramchecks.costs({"spread": 3})
    with pytest.raises(ConfigError, match=r"^costs = '3': give Costs\(\.\.\.\) or a mapping"):
        paramchecks.costs(3)  # type: ignore[arg-type]
