"""Each rule on scripted regimes and signals; every shipped preset validates."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from strategies.base import Inputs
from strategies.mixes import CRISIS, RISK_ON, STRATEGIC
from strategies.registry import (
    PRESETS,
    STRATEGIES,
    StrategyError,
    get,
    load_preset,
    make_params,
    parse_set,
)


def inputs(regimes: list[str], **signals: list[float]) -> Inputs:
    idx = pd.bdate_range("2020-01-06", periods=len(regimes))
    base = {"days_since_qe_announcement": np.nan, "fed_assets_13w_change": 0.0,
            "vix_relief": 0.0, "tech_drawdown_speed": 0.0}
    sig = pd.DataFrame({k: signals.get(k, [v] * len(regimes)) for k, v in base.items()}, index=idx)
    return Inputs(sig, pd.DataFrame({"regime": regimes}, index=idx))


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


def test_playbook_scales_into_the_qe_mix() -> None:
    w = weights("playbook", inputs(["crisis", "qe_launched", "qe_launched", "recovery"]),
                scale_in_days=2)
    assert w["commodities"].tolist() == pytest.approx(
        [0.0, RISK_ON["commodities"] / 2, RISK_ON["commodities"], 0.0])


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
