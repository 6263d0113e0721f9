"""The API's argument checks: the exact line a user sees, and the values they let through."""

from __future__ import annotations

import pytest

from backtests.api import checks
from backtests.engine.portfolio import Costs
from backtests.episodes.definitions import Episode, load_episodes
from backtests.errors import ConfigError
from backtests.paths import PROJECT_ROOT
from strategies.regimes import RegimeParams
from strategies.registry import StrategyError

EPISODES = load_episodes()
NAMES = ", ".join(EPISODES)


def test_rule_parameters_are_validated_with_did_you_mean() -> None:
    with pytest.raises(StrategyError) as e:
        checks.rule_params("contrarian_qe", {"scale_in_dyas": 10}, "parameters")
    assert str(e.value) == ("parameters of contrarian_qe: unknown key 'scale_in_dyas' — did you "
                            "mean 'scale_in_days'?")
    with pytest.raises(StrategyError, match=r"^parameters of contrarian_qe: 'scale_in_days' = "
                                            r"-1: Input should be greater than or equal to 1$"):
        checks.rule_params("contrarian_qe", {"scale_in_days": -1}, "parameters")
    assert checks.rule_params("contrarian_qe", {"scale_in_days": 10}, "x").scale_in_days == 10


def test_a_regime_threshold_given_as_a_rule_parameter_says_how_to_write_it() -> None:
    with pytest.raises(StrategyError) as e:
        checks.rule_params("contrarian_qe", {"crisis_drawdown": 0.18}, "parameters")
    assert str(e.value) == ("parameters of contrarian_qe: 'crisis_drawdown' is a threshold of "
                            "the regime machine, not of the rule; write it as "
                            "'regime.crisis_drawdown'")


def test_unknown_strategy_gets_the_registry_message() -> None:
    with pytest.raises(StrategyError) as e:
        checks.rule_params("contrarian_qr", {}, "parameters")
    assert str(e.value).startswith("unknown strategy 'contrarian_qr' — did you mean "
                                   "'contrarian_qe'?; known: buy_and_hold, sixty_forty")


def test_overrides_split_like_the_cli_set_option() -> None:
    rule, regime = checks.split_overrides({"scale_in_days": 10, "regime.crisis_drawdown": 0.18})
    assert rule == {"scale_in_days": 10} and regime == {"crisis_drawdown": 0.18}


def test_regime_thresholds_apply_over_the_base_with_or_without_prefix() -> None:
    base = RegimeParams(crisis_drawdown=0.25)
    out = checks.regime(base, {"regime.vix_relief": 0.2}, "parameters")
    assert (out.crisis_drawdown, out.vix_relief) == (0.25, 0.2)
    assert checks.regime(base, {"crisis_drawdown": 0.18}, "x").crisis_drawdown == 0.18
    assert checks.regime(base, None, "x") is base and checks.regime(base, {}, "x") is base
    with pytest.raises(StrategyError) as e:
        checks.regime(base, {"crisis_drawdwn": 0.18}, "parameters")
    assert str(e.value) == ("parameters (regime): unknown key 'crisis_drawdwn' — did you mean "
                            "'crisis_drawdown'?")
    with pytest.raises(StrategyError, match=r"^load \(regime\): 'crisis_drawdown' = 1.5: Input "
                                            r"should be less than 1$"):
        checks.regime(base, {"crisis_drawdown": 1.5}, "load")


def test_costs_from_a_mapping_fill_the_defaults_and_refuse_typos() -> None:
    assert checks.costs({"fee_bps": 10}) == Costs(fee_bps=10, slippage_bps=5, band=0.02)
    assert checks.costs(None) == Costs()
    given = Costs(fee_bps=1, slippage_bps=2, band=0.1)
    assert checks.costs(given) is given
    with pytest.raises(ConfigError) as e:
        checks.costs({"fee": 3})
    assert str(e.value) == "costs: unknown key 'fee' — did you mean 'fee_bps'?"
    with pytest.raises(ConfigError) as e:
        checks.costs({"fee_bps": -3})
    assert str(e.value) == ("costs.fee_bps = -3: must be a number >= 0 and < 10000 (basis points "
                            "per trade; --fee-bps on the command line); the default is 5.0")
    with pytest.raises(ConfigError, match=r"^costs: unknown key 'spread'; allowed: fee_bps, "
                                          r"slippage_bps, band$"):
        checks.costs({"spread": 3})
    with pytest.raises(ConfigError, match=r"^costs = '3': give Costs\(\.\.\.\) or a mapping"):
        checks.costs(3)  # type: ignore[arg-type]


def test_episode_names_get_the_cli_wording_and_a_hint() -> None:
    with pytest.raises(ConfigError) as e:
        checks.episode("2008_gcf", EPISODES)
    assert str(e.value) == f"episode: '2008_gcf' is not one of {NAMES} — did you mean '2008_gfc'?"
    with pytest.raises(ConfigError) as e:
        checks.episodes("2008_gfc,2020_covd", EPISODES, "--episodes")
    assert str(e.value) == (f"--episodes: '2020_covd' is not one of {NAMES} — did you mean "
                            "'2020_covid'?")
    assert checks.episode("2008_gfc", EPISODES) == ("2008_gfc", EPISODES["2008_gfc"])


def test_episodes_as_objects_or_mappings() -> None:
    mine = {"role": "holdout", "description": "my window", "start": "2008-09-01",
            "end": "2009-06-30", "warmup_days": 300}
    name, ep = checks.episode({"my_crash": mine}, EPISODES)
    assert name == "my_crash" and ep.start == "2008-09-01" and ep.warmup_days == 300
    obj = Episode.model_validate(mine)
    assert checks.episode(obj, EPISODES) == ("custom", obj)
    chosen = checks.episodes({"a": obj, "b": mine}, EPISODES)
    assert list(chosen) == ["a", "b"] and chosen["a"] is obj
    assert chosen["b"].model_dump() == obj.model_dump() and chosen["b"].source == "episodes"
    assert list(checks.episodes(None, EPISODES, default=["2020_covid"])) == ["2020_covid"]
    # the episodes file's own checks, with the argument in place of the file name
    with pytest.raises(ConfigError) as e:
        checks.episode({"x": {**mine, "descriptio": "typo"}}, EPISODES)
    assert str(e.value) == ("episode: episode 'x': unknown key 'descriptio' = 'typo'; fix: did "
                            "you mean 'description'?")
    with pytest.raises(ConfigError) as e:
        checks.episode({"x": {**mine, "start": "2008-13-01"}}, EPISODES)
    assert str(e.value) == ("episode: episode 'x': start = '2008-13-01' is not a date; fix: "
                            'write YYYY-MM-DD, or "-Ny" for N years before the end')
    no_role = {k: v for k, v in mine.items() if k != "role"}
    with pytest.raises(ConfigError) as e:
        checks.episodes({"y": no_role}, EPISODES)
    assert str(e.value) == ("episodes: episode 'y': missing key 'role'; fix: add role = "
                            '"design", "holdout" or "overall"')


def test_blocks_and_presets() -> None:
    with pytest.raises(ConfigError, match=r"^blocks 3: must be an even number >= 2$"):
        checks.blocks(3)
    assert checks.blocks(10) == 10
    fast = PROJECT_ROOT / "strategies" / "presets" / "contrarian_fast.toml"
    with pytest.raises(StrategyError) as e:
        checks.preset(fast, "playbook", "preset")
    assert str(e.value) == f"preset {fast} is for contrarian_qe, not playbook"
    name, values = checks.preset(fast, None, "preset")
    assert name == "contrarian_qe"
    assert (values["vix_relief"], values["scale_in_days"], values["hold_months"]) == (0.2, 10, 6)
