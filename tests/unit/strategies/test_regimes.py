"""The regime machine on scripted signals: each transition, with its reason."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from strategies.regimes import RegimeParams, classify, transitions

CALM = {"tech_drawdown": -0.02, "tech_drawdown_speed": 0.0, "vix": 15.0, "vix_relief": 0.1,
        "credit_change": 0.0, "credit_source": 0.0, "funding_spread": -0.1, "ted_spread": 0.3,
        "sahm": 0.0, "days_since_qe_announcement": np.nan, "fed_assets_13w_change": 0.0,
        "cpi_yoy": 0.02, "ust10y": 3.0, "ust10y_3m_change": 0.0}
DEEP = {"tech_drawdown": -0.30, "credit_change": 0.8, "vix": 60.0, "vix_relief": 0.0,
        "tech_drawdown_speed": -0.1}
QE = {**DEEP, "days_since_qe_announcement": 0.0}
RELIEF = {**QE, "vix_relief": 0.4, "tech_drawdown_speed": 0.02, "days_since_qe_announcement": 5.0}


def script(*days: dict) -> pd.DataFrame:
    rows = [{**CALM, **d} for d in days]
    return pd.DataFrame(rows, index=pd.bdate_range("2020-01-06", periods=len(rows)))


def states(sig: pd.DataFrame, **params: object) -> list[str]:
    return classify(sig, RegimeParams(**params)).regime.tolist()  # type: ignore[arg-type]


def test_correction_without_stress_never_becomes_crisis() -> None:
    sig = script({}, {"tech_drawdown": -0.12}, {"tech_drawdown": -0.30}, {"tech_drawdown": -0.04})
    assert states(sig) == ["calm", "correction", "correction", "calm"]


def test_crisis_then_qe_then_recovery_then_calm() -> None:
    sig = script({}, DEEP, DEEP, QE, RELIEF, {"tech_drawdown": -0.03})
    assert states(sig) == ["calm", "crisis", "crisis", "qe_launched", "recovery", "calm"]
    reasons = [t.reason for t in transitions(classify(sig))]
    assert reasons[0] == "Nasdaq drawdown -30.0% <= -20%; BAA10Y 3m change +0.80pp >= 0.50pp"
    assert reasons[1] == "QE signal: trading days since a QE announcement 0 <= 60"
    assert reasons[2] == "VIX below its trailing peak 40.0% >= 30%"


def test_qe_outside_a_crisis_is_not_scenario_3() -> None:
    sig = script({}, {"days_since_qe_announcement": 0.0})
    assert states(sig) == ["calm", "calm"]


@pytest.mark.parametrize("stress", [{"funding_spread": 0.3}, {"funding_spread": np.nan,
                                                              "ted_spread": 1.5},
                                    {"sahm": 0.6}])
def test_funding_or_recession_stress_also_makes_a_crisis(stress: dict) -> None:
    assert states(script({"tech_drawdown": -0.25} | stress))[-1] == "crisis"


def test_sofr_is_read_before_ted_when_both_exist() -> None:
    # TED would fire, but SOFR is live and calm: no funding stress.
    assert states(script({"tech_drawdown": -0.25, "ted_spread": 1.5}))[-1] == "correction"


def test_balance_sheet_trigger_is_a_parameter() -> None:
    grow = DEEP | {"fed_assets_13w_change": 0.25}
    assert states(script(DEEP, grow))[-1] == "crisis"
    assert states(script(DEEP, grow), qe_trigger="balance_sheet")[-1] == "qe_launched"


def test_qe_within_is_read_from_the_params() -> None:
    late = QE | {"days_since_qe_announcement": 45.0}
    assert states(script(DEEP, late))[-1] == "qe_launched"
    assert states(script(DEEP, late), qe_within=30)[-1] == "crisis"


def test_while_inflation_is_high_an_announcement_needs_the_balance_sheet() -> None:
    hot = {"cpi_yoy": 0.05}
    assert states(script(DEEP | hot, QE | hot))[-1] == "crisis"
    confirmed = QE | hot | {"fed_assets_13w_change": 0.2}
    assert states(script(DEEP | hot, confirmed))[-1] == "qe_launched"
    reason = transitions(classify(script(DEEP | hot, confirmed)))[-1].reason
    assert "inflation high: confirmed by the balance sheet, CPI 12-month change 5.0% >= 4%" \
        in reason


def test_params_are_validated_with_hints() -> None:
    with pytest.raises(ValidationError, match="crisis_drawdwn"):
        RegimeParams(crisis_drawdwn=0.3)  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="less than 1"):
        RegimeParams(crisis_drawdown=1.5)
    with pytest.raises(ValidationError, match="expected a number, got a boolean"):
        RegimeParams(qe_within=True)


def test_a_renewed_panic_ends_a_recovery_even_without_systemic_stress() -> None:
    relief = {"tech_drawdown": -0.15, "vix_relief": 0.4, "tech_drawdown_speed": 0.05}
    falling = {"tech_drawdown": -0.25, "vix_relief": 0.0}  # new VIX peak, no credit stress
    sig = script({}, DEEP, relief, relief | {"vix_relief": 0.1}, falling)
    assert states(sig) == ["calm", "crisis", "recovery", "recovery", "correction"]
    assert transitions(classify(sig))[-1].reason == (
        "Nasdaq drawdown -25.0% <= -10%; VIX at a new trailing peak")


def test_a_new_low_ends_a_recovery_without_a_new_vix_peak() -> None:
    # 2022: relief in March, then the Nasdaq fell below its March low with VIX still below
    # its trailing peak. A failed rebound is not a recovery.
    relief = {"tech_drawdown": -0.15, "vix_relief": 0.4, "tech_drawdown_speed": 0.05}
    lower = {"tech_drawdown": -0.32, "vix_relief": 0.2}
    sig = script({}, DEEP, relief, {"tech_drawdown": -0.28, "vix_relief": 0.2}, lower)
    assert states(sig) == ["calm", "crisis", "recovery", "recovery", "correction"]
    assert transitions(classify(sig))[-1].reason == (
        "Nasdaq drawdown -32.0% <= -10%; a new low of the drawdown since the stress began")
    with_stress = script({}, DEEP, relief, lower | {"credit_change": 0.9})
    assert states(with_stress)[-1] == "crisis"


def test_funding_reason_names_only_the_measures_that_fired() -> None:
    sig = script({}, {"tech_drawdown": -0.25, "funding_spread": np.nan, "ted_spread": 1.5})
    assert transitions(classify(sig))[0].reason == (
        "Nasdaq drawdown -25.0% <= -20%; TED spread +1.50pp >= 1.00pp")


def test_stale_inputs_are_unknown_and_flagged_where_they_matter() -> None:
    blind = {"credit_change": np.nan, "funding_spread": np.nan, "ted_spread": np.nan}
    sig = script({"tech_drawdown": -0.25} | blind, DEEP | blind | {"vix": 30.0})
    out = classify(sig)
    # no stress can be read, and VIX is below the stand-in's 40
    assert out.regime.tolist() == ["correction", "correction"]
    assert out.unknown.tolist() == ["credit,funding", "credit,funding"]
    calm_blind = classify(script({"sahm": np.nan}))
    assert calm_blind.unknown.tolist() == ["unemployment"]
    # panic relief only matters in crisis and qe_launched: unknown VIX in calm is not flagged
    assert classify(script({"vix_relief": np.nan})).unknown.tolist() == [""]


def test_duration_risk_from_inflation_or_a_rising_10_year_at_4_5() -> None:
    sig = script({}, {"cpi_yoy": 0.041}, {"ust10y": 4.6, "ust10y_3m_change": 0.2},
                 {"ust10y": 4.6, "ust10y_3m_change": -0.1}, {"ust10y": 4.4,
                                                             "ust10y_3m_change": 0.5})
    assert classify(sig).duration_risk.tolist() == [False, True, True, False, False]


BLIND = {"credit_change": np.nan, "funding_spread": np.nan, "ted_spread": np.nan,
         "sahm": np.nan}


def test_an_unknown_stress_input_is_read_from_the_market_not_taken_as_calm() -> None:
    # 2026: credit, funding and unemployment all stale; a deep fall with VIX at 45 is a crisis.
    sig = script({}, {"tech_drawdown": -0.25, "vix": 39.9} | BLIND,
                 {"tech_drawdown": -0.25, "vix": 45.0} | BLIND)
    assert states(sig) == ["calm", "correction", "crisis"]
    assert transitions(classify(sig))[-1].reason == (
        "Nasdaq drawdown -25.0% <= -20%; VIX 45.0 >= 40.0 (standing in for the unknown "
        "credit, funding, unemployment)")
    assert states(sig, vix_stress=50.0)[-1] == "correction"


def test_the_market_stand_in_never_overrides_stress_inputs_that_can_be_read() -> None:
    # every stress input known and calm: VIX at 60 alone is no crisis (scenario 2)
    assert states(script({"tech_drawdown": -0.25, "vix": 60.0}))[-1] == "correction"
    # one input unknown: the stand-in reads for it
    one = {"tech_drawdown": -0.25, "vix": 60.0, "sahm": np.nan}
    assert states(script(one))[-1] == "crisis"


RECOVERED = {"tech_drawdown": -0.15, "vix_relief": 0.4, "tech_drawdown_speed": 0.05}
BACK = {"tech_drawdown": -0.25, "vix_relief": 0.2, "tech_drawdown_speed": -0.05}  # no new low


def test_a_week_back_beyond_the_crisis_depth_ends_a_recovery() -> None:
    # 2022: recovery declared at -19.9% on 08-10, the Nasdaq back to -32% with VIX below its
    # peak; the recovery used to last until the VIX peak of 09-23.
    sig = script({}, DEEP, RECOVERED, *[BACK] * 5)
    assert states(sig) == ["calm", "crisis", "recovery"] + ["recovery"] * 4 + ["correction"]
    assert transitions(classify(sig))[-1].reason == (
        "Nasdaq drawdown -25.0% <= -10%; the Nasdaq back beyond the crisis depth for a week "
        "after the recovery had risen above it")
    assert states(sig, fall_back_days=6)[-1] == "recovery"
    stressed = script({}, DEEP, RECOVERED, *[BACK | {"credit_change": 0.9}] * 5)
    assert states(stressed)[-1] == "crisis"
    # a day above the depth restarts the count
    broken = script({}, DEEP, RECOVERED, *[BACK] * 4, RECOVERED, *[BACK] * 4)
    assert states(broken)[-1] == "recovery"


def test_a_recovery_entered_deep_after_qe_is_not_ended_by_its_own_depth() -> None:
    # 2009 and 2020: panic subsided after QE with the Nasdaq still far below its high.
    deep_relief = RELIEF | {"tech_drawdown": -0.25, "credit_change": 0.9}
    sig = script({}, DEEP, QE, *[deep_relief] * 8)
    assert states(sig)[-1] == "recovery"


def test_truncating_the_future_changes_no_regime_in_the_past() -> None:
    rng = np.random.default_rng(7)
    n = 400
    walk = np.minimum(0.0, np.cumsum(rng.normal(0, 0.02, n)))
    sig = script(*[{"tech_drawdown": float(max(d, -0.6)), "vix": float(v),
                    "vix_relief": float(r), "tech_drawdown_speed": float(sp),
                    "credit_change": float(c) if k % 3 else np.nan,
                    "sahm": np.nan, "funding_spread": np.nan, "ted_spread": np.nan,
                    "days_since_qe_announcement": float(q)}
                   for k, (d, v, r, sp, c, q) in enumerate(zip(
                       walk, rng.uniform(10, 70, n), rng.uniform(0, 0.6, n),
                       rng.normal(0, 0.05, n), rng.normal(0.3, 0.4, n),
                       rng.integers(0, 120, n), strict=True))])
    full = classify(sig)
    assert full.regime.nunique() == 5  # the walk visits every state, so the test can fail
    for cut in (50, 170, 333):
        part = classify(sig.iloc[:cut])
        pd.testing.assert_frame_equal(part, full.iloc[:cut])
