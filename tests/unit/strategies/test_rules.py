"""Each rule on scripted regimes and signals; every shipped preset validates."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from strategies.base import Inputs
from strategies.mixes import CRISIS, CRISIS_SHORT, DEFENSIVE_SHORT, RISK_ON, STRATEGIC
from strategies.registry import (
    PRESETS,
    STRATEGIES,
    StrategyError,
    get,
    load_preset,
    make_params,
    parse_set,
)


def inputs(regimes: list[str], duration_risk: list[bool] | None = None,
           **signals: list[float]) -> Inputs:
    idx = pd.bdate_range("2020-01-06", periods=len(regimes))
    base = {"days_since_qe_announcement": np.nan, "fed_assets_13w_change": 0.0,
            "vix_relief": 0.0, "tech_drawdown_speed": 0.0}
    sig = pd.DataFrame({k: signals.get(k, [v] * len(regimes)) for k, v in base.items()}, index=idx)
    risk = duration_risk or [False] * len(regimes)
    return Inputs(sig, pd.DataFrame({"regime": regimes, "duration_risk": risk}, index=idx))


def weights(name: str, inp: Inputs, **params: object) -> pd.DataFrame:
    return get(name).rule(inp, make_params(name, dict(params)))


@pytest.mark.parametrize("path", sorted(PRESETS.glob("*.toml")), ids=lambda p: p.stem)
def test_every_preset_loads(path: Path) -> None:
    name, params = load_preset(path)
    assert name in STRATEGIES and params != get(name).params()


def test_every_rule_returns_valid_weights() -> None:
    inp = inputs(["calm", "correction", "crisis", "qe_launched", "recovery", "calm"] * 5)
    for name in STRATEGIES:
        w = weights(name, inp)
        live = w.dropna(how="all")
        assert (live.fillna(0) >= 0).all().all() and (live.sum(axis=1) <= 1 + 1e-9).all(), name


def test_sixty_forty_rebalances_on_month_starts_only() -> None:
    inp = inputs(["calm"] * 45)
    w = weights("sixty_forty", inp)
    assert list(w.dropna().index.strftime("%m-%d")) == ["01-06", "02-03", "03-02"]
    assert w.dropna().iloc[0].to_dict() == {"us_equity": 0.6, "long_treasury": 0.4}


def test_defensive_has_hysteresis() -> None:
    regimes = ["calm", "correction", "calm", "calm", "correction", "calm", "calm", "calm"]
    w = weights("defensive_correction", inputs(regimes), confirm_days=2)
    defensive = w["cash"].gt(0).tolist()
    assert defensive == [False, True, True, True, True, True, True, False]


def test_contrarian_scales_in_after_qe_and_relief_then_drifts_back() -> None:
    n = 12
    regimes = ["crisis"] * 3 + ["qe_launched"] * 3 + ["recovery"] * 6
    since = [np.nan] * 3 + [0, 1, 2, 3, 4, 5, 6, 7, 8]
    relief = [0.0] * 4 + [0.5] * 8  # panic subsides from day 4
    w = weights("contrarian_qe", inputs(regimes, days_since_qe_announcement=since,
                                        vix_relief=relief), scale_in_days=2, hold_months=0)
    growth = w["us_growth"].tolist()
    assert growth[:4] == [CRISIS.get("us_growth", 0.0)] * 4  # defensive until relief
    assert growth[4] == pytest.approx(RISK_ON["us_growth"] / 2)  # half-way on day one
    assert growth[5] == pytest.approx(RISK_ON["us_growth"])
    assert growth[7] == pytest.approx(STRATEGIC["us_growth"])  # scaled back out
    assert len(growth) == n


def test_contrarian_ignores_qe_without_a_crisis() -> None:
    w = weights("contrarian_qe", inputs(["calm"] * 5, days_since_qe_announcement=[0, 1, 2, 3, 4],
                                        vix_relief=[0.5] * 5))
    assert w["us_growth"].tolist() == [STRATEGIC["us_growth"]] * 5


def test_playbook_sells_nothing_on_qe_and_buys_once_the_panic_subsides() -> None:
    regimes = ["crisis", "qe_launched", "qe_launched", "recovery", "recovery", "recovery"]
    w = weights("playbook", inputs(regimes), scale_in_days=2, hold_months=1)
    equity = (w["us_equity"] + w["us_growth"] + w["em_equity"]).tolist()
    crisis = CRISIS["us_equity"]
    risk_on = RISK_ON["us_equity"] + RISK_ON["us_growth"] + RISK_ON["em_equity"]
    # the QE announcement holds the crisis mix; relief starts the scale-in from it
    assert equity == pytest.approx([crisis, crisis, crisis, (crisis + risk_on) / 2, risk_on,
                                    risk_on])


def test_a_qe_expansion_during_the_trade_never_cuts_equity() -> None:
    # 2009-03-18: QE1's expansion sent the regime back to qe_launched mid-trade.
    regimes = (["crisis", "qe_launched"] + ["recovery"] * 4 + ["qe_launched"] * 3
               + ["recovery"] * 3)
    w = weights("playbook", inputs(regimes), scale_in_days=2, hold_months=1)
    equity = (w["us_equity"] + w["us_growth"] + w["em_equity"]).to_numpy()
    assert (np.diff(equity[1:]) >= -1e-12).all()  # never reduced after the trade starts
    assert equity[6:9] == pytest.approx([equity[5]] * 3)


def test_playbook_ends_the_trade_on_the_strategic_mix_and_rearms_only_after_calm() -> None:
    regimes = ["crisis", "qe_launched"] + ["recovery"] * 30
    w = weights("playbook", inputs(regimes), scale_in_days=2, hold_months=1)
    assert w.iloc[-1].to_dict() == pytest.approx(
        {k: STRATEGIC.get(k, 0.0) for k in w.columns})


@pytest.mark.parametrize(("name", "regime", "mix"), [
    ("playbook", "correction", DEFENSIVE_SHORT), ("playbook", "crisis", CRISIS_SHORT),
    ("defensive_correction", "crisis", DEFENSIVE_SHORT),
    ("contrarian_qe", "crisis", CRISIS_SHORT)])
def test_defensive_means_short_duration_while_inflation_or_yields_are_high(
        name: str, regime: str, mix: dict) -> None:
    w = weights(name, inputs(["calm", regime, regime], duration_risk=[False, False, True]))
    assert w.iloc[2].to_dict() == pytest.approx({k: mix.get(k, 0.0) for k in w.columns})
    assert w["long_treasury"].iloc[1] > 0 and w["long_treasury"].iloc[2] == 0
    kept = weights(name, inputs(["calm", regime, regime], duration_risk=[False, False, True]),
                   shorten_duration=False)
    assert kept["long_treasury"].iloc[2] > 0


@pytest.mark.parametrize("name", ["defensive_correction", "contrarian_qe"])
def test_a_qe_announcement_in_a_recovery_sells_nothing(name: str) -> None:
    w = weights(name, inputs(["recovery", "qe_launched", "qe_launched"]))
    assert w.iloc[1].to_dict() == w.iloc[0].to_dict() == w.iloc[2].to_dict()


def test_strategic_static_rebalances_monthly_to_the_strategic_mix() -> None:
    w = weights("strategic_static", inputs(["crisis"] * 45))
    assert list(w.dropna().index.strftime("%m-%d")) == ["01-06", "02-03", "03-02"]
    assert w.dropna().iloc[0].to_dict() == pytest.approx(STRATEGIC)


def test_set_refuses_unknown_regimes_and_booleans_for_numbers() -> None:
    with pytest.raises(StrategyError, match=r"'crisiss' is not a regime \(did you mean "
                                            r"'crisis'\?\)"):
        make_params("defensive_correction", parse_set(['defend_in=["crisiss"]']))
    with pytest.raises(StrategyError, match=r"'hold_months' = True: .*expected a number, got a "
                                            r"boolean"):
        make_params("contrarian_qe", parse_set(["hold_months=true"]))


def test_registry_errors_and_set_parsing() -> None:
    with pytest.raises(StrategyError, match="did you mean 'playbook'"):
        get("playbok")
    with pytest.raises(StrategyError, match=r"'scale_in_days' = 0: Input should be greater"):
        make_params("contrarian_qe", {"scale_in_days": 0})
    with pytest.raises(StrategyError, match=r"weights sum to 1.2000 > 1"):
        make_params("playbook", {"calm": {"us_equity": 0.7, "gold": 0.5}})
    assert parse_set(["scale_in_days=10", "qe_trigger=either", "require_healing=false"]) == {
        "scale_in_days": 10, "qe_trigger": "either", "require_healing": False}
    with pytest.raises(StrategyError, match="expected key=value"):
        parse_set(["scale_in_days"])
