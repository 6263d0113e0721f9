"""One door per setting: rule parameters and regime thresholds, from every entrance."""

from __future__ import annotations

import pytest

from backtests.api import paramchecks
from backtests.errors import ConfigError
from backtests.sweep.grid import parse_grid
from strategies.regimes import DEFAULT_REGIME, RegimeParams, classify
from strategies.registry import StrategyError, make_params
from strategies.settings import parse_set, regime_params

CRISIS_ABOVE = ("crisis_drawdown = 0.05 must be deeper than correction_drawdown = 0.1 (a "
                "crisis is a larger fall than a correction); raise crisis_drawdown above 0.1 "
                "or lower correction_drawdown below 0.05")


def test_thresholds_are_checked_against_each_other_at_every_door() -> None:
    with pytest.raises(StrategyError) as e:
        regime_params({"crisis_drawdown": 0.05}, "--set")
    assert str(e.value) == f"--set (regime): {CRISIS_ABOVE}"
    with pytest.raises(StrategyError, match="calm_drawdown"):
        paramchecks.regime(DEFAULT_REGIME, {"regime.correction_drawdown": 0.04}, "load")
    grid = {"grid": {"regime.crisis_drawdown": [0.05, 0.3]}}
    assert [r.crisis_drawdown for r in parse_grid(grid, "playbook", "g.toml").regime_params] \
        == [0.3]  # the crossed combination is listed as invalid, not run
    with pytest.raises(ConfigError, match="every one of the 1 combinations is invalid"):
        parse_grid({"grid": {"regime.crisis_drawdown": [0.05]}}, "playbook", "g.toml")
    assert RegimeParams(crisis_drawdown=0.3, correction_drawdown=0.2).crisis_drawdown == 0.3


def test_the_default_thresholds_are_built_once() -> None:
    assert classify.__defaults__ == (DEFAULT_REGIME,)
    assert DEFAULT_REGIME == RegimeParams()


def test_json_is_refused_with_its_toml_spelling() -> None:
    with pytest.raises(StrategyError) as e:
        parse_set(['calm={"us_growth":0.5}'])
    assert str(e.value) == "calm={\"us_growth\":0.5}: values are TOML, not JSON: write " \
                           "calm={us_growth = 0.5}"
    with pytest.raises(StrategyError, match=r"write a mix as a table, e.g. \{us_growth = 0.5"):
        make_params("playbook", parse_set(["calm=0.5"]))


def test_a_set_of_regimes_is_accepted_as_comma_text() -> None:
    p = make_params("defensive_correction", parse_set(["defend_in=crisis,correction"]))
    assert p.defend_in == ("crisis", "correction")  # type: ignore[attr-defined]
    with pytest.raises(StrategyError, match="'corection' is not a regime .did you mean "
                                            "'correction'"):
        make_params("defensive_correction", parse_set(["defend_in=crisis,corection"]))
    with pytest.raises(StrategyError, match="write a set of regimes as crisis,correction"):
        make_params("defensive_correction", {"defend_in": 3})


def test_a_weight_inside_a_mix_rescales_the_rest_to_keep_the_total() -> None:
    p = make_params("playbook", parse_set(["qe_launched.us_equity=0.4"]))
    mix = p.qe_launched  # type: ignore[attr-defined]
    # default: growth .30, equity .20, em .20, gold .15, commodities .10, int. treasury .05
    assert mix["us_equity"] == 0.4 and sum(mix.values()) == pytest.approx(1.0)
    assert mix["us_growth"] == pytest.approx(0.30 * 0.6 / 0.8)  # the other 0.8 -> 0.6
    contr = make_params("contrarian_qe", {"defensive.cash": 0.5}).defensive  # type: ignore[attr-defined]
    assert contr["cash"] == 0.5 and sum(contr.values()) == pytest.approx(1.0)
    with pytest.raises(StrategyError, match=r"qe_launched.us_equity = 1.5: must be between 0 "
                                            r"and the mix's total 1"):
        make_params("playbook", {"qe_launched.us_equity": 1.5})
    with pytest.raises(StrategyError, match="unknown key 'qe_lanched.us_equity'"):
        make_params("playbook", {"qe_lanched.us_equity": 0.3})
    grid = parse_grid({"grid": {"qe_launched.gold": [0.15, 0.3]}}, "playbook", "g.toml")
    assert [p.qe_launched["gold"] for p in grid.params] == [0.15, 0.3]  # type: ignore[attr-defined]
