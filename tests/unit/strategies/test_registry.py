"""The registry contract: register, load_rules (.toml and .py), get/names, clear errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from strategies import registry
from strategies.registry import StrategyError, get, load_rules, names, register
from strategies.schema import REGIMES, Inputs
from strategies.strategy import compiled, pandas_rule

TOML = '''
name = "regime_mix"
description = "Equity in calm markets, bonds otherwise."
reasoning = "A hand-checkable rule."
[mixes]
risk = {us_equity = 1.0}
safe = {long_treasury = 0.5, gold = 0.25}
[regimes]
calm = "risk"
correction = "safe"
crisis = "safe"
qe_launched = "risk"
recovery = "risk"
'''

PY = '''
import numpy as np
from pydantic import Field
from strategies.kernels import kernel
from strategies.mixes import Mix
from strategies.params import Params
from strategies.registry import register
from strategies.schema import X, layout, series
from strategies.strategy import compiled

class CurveParams(Params):
    steep: Mix = Field(default_factory=lambda: {"us_equity": 1.0}, description="risk on")
    flat: Mix = Field(default_factory=lambda: {"cash": 1.0}, description="risk off")
    threshold: float = Field(0.0, description="2s10s spread in pp")

CURVE = series("curve", "T10Y2Y", "the 2s10s spread")
P = layout(CurveParams).slots
C = X.month_start + 1  # the rule's own feature, after the standard ones

@kernel
def curve_rule(x, p):
    out = np.zeros((x.shape[0], 2))
    for i in range(x.shape[0]):
        out[i, 0 if x[i, C] > p[P.threshold] else 1] = 1.0
    return out

register(compiled("curve_rule", CurveParams, curve_rule, features=(CURVE,),
                  description="Equity while the curve is steep."))
'''


@pytest.fixture(autouse=True)
def _clean() -> Iterator[None]:
    before = list(names())
    yield
    for n in names():
        if n not in before:
            registry.unregister(n)


def _inputs(regimes: list[str], t10y2y: list[float] | None = None) -> Inputs:
    idx = pd.bdate_range("2020-01-01", periods=len(regimes))
    signals = pd.DataFrame(0.0, index=idx, columns=[
        "days_since_qe_announcement", "fed_assets_13w_change", "vix_relief",
        "tech_drawdown_speed"])
    panel = None if t10y2y is None else pd.DataFrame({"T10Y2Y": t10y2y}, index=idx)
    return Inputs(signals, pd.DataFrame({"regime": regimes}, index=idx), panel)


def test_a_toml_rule_holds_its_mix_per_regime(tmp_path: Path) -> None:
    (tmp_path / "r.toml").write_text(TOML)
    assert load_rules(tmp_path / "r.toml") == ["regime_mix"]
    rule = get("regime_mix")
    w = rule.rule(_inputs(["calm", "crisis", "recovery"]), rule.params())
    assert w.to_dict("list") == {"gold": [0.0, 0.25, 0.0], "long_treasury": [0.0, 0.5, 0.0],
                                 "us_equity": [1.0, 0.0, 1.0]}
    tweaked = rule.params.model_validate({"safe": {"gold": 1.0}})
    assert rule.rule(_inputs(["crisis"]), tweaked)["gold"].iloc[0] == 1.0
    assert load_rules(tmp_path / "r.toml") == ["regime_mix"]  # the same file again: replaced


def test_a_python_rule_reads_its_own_feature_from_a_stored_series(tmp_path: Path) -> None:
    (tmp_path / "curve.py").write_text(PY)
    assert load_rules(tmp_path / "curve.py") == ["curve_rule"]
    rule = get("curve_rule")
    w = rule.rule(_inputs(["calm"] * 3, [0.5, -0.2, np.nan]), rule.params())
    assert w["us_equity"].tolist() == [1.0, 0.0, 0.0] and w["cash"].tolist() == [0.0, 1.0, 1.0]
    p = rule.params(threshold=0.6)
    assert rule.pack(p) == [0.6]
    assert rule.rule(_inputs(["calm"], [0.5]), p)["cash"].iloc[0] == 1.0
    with pytest.raises(ValueError, match="feature 'curve' reads the stored series 'T10Y2Y'"):
        rule.rule(_inputs(["calm"]), p)


def test_register_refuses_a_taken_name_unless_replace() -> None:
    rule = pandas_rule("cash_only", get("sixty_forty").params,
                       lambda i, p: pd.DataFrame({"cash": 1.0}, index=i.index))
    register(rule)
    assert "cash_only" in names() and get("cash_only").kernel is None
    assert get("cash_only").rule(_inputs(["calm"]), rule.params())["cash"].iloc[0] == 1.0
    with pytest.raises(StrategyError, match="rule 'sixty_forty' .* is already registered"):
        register(compiled("sixty_forty", rule.params, get("sixty_forty").kernel or print))
    with pytest.raises(StrategyError, match="unknown strategy 'cash_onyl' — did you mean "
                                            "'cash_only'"):
        get("cash_onyl")


@pytest.mark.parametrize(("text", "message"), [
    ("name = 'x'\ndescription = 'd'\n[mixes]\na = {us_equity = 1.0}\n[regimes]\ncalm = 'a'\n",
     r"\[regimes\] names no mix for correction, crisis, qe_launched, recovery"),
    (TOML.replace('calm = "risk"', 'calm = "rsik"'),
     r"\[regimes\] calm = 'rsik' is not a mix of \[mixes\] — did you mean 'risk'"),
    (TOML.replace("us_equity = 1.0", "us_equity = 1.5"),
     r"\[mixes\]: 'risk' = \{...\}: Value error, weights must be numbers between 0 and 1"),
    (TOML.replace("reasoning", "reasonning"), "unknown key 'reasonning' — did you mean"),
    (TOML.replace("[mixes]", "[mixes"), "not valid TOML"),
])
def test_a_bad_rule_file_names_the_file_and_the_fix(tmp_path: Path, text: str,
                                                     message: str) -> None:
    (tmp_path / "bad.toml").write_text(text)
    with pytest.raises(StrategyError, match=message) as e:
        load_rules(tmp_path / "bad.toml")
    assert str(tmp_path / "bad.toml") in str(e.value)


def test_a_python_file_that_registers_nothing_or_fails_is_named(tmp_path: Path) -> None:
    (tmp_path / "empty.py").write_text("x = 1\n")
    with pytest.raises(StrategyError, match="empty.py: the module registered no rule"):
        load_rules(tmp_path / "empty.py")
    (tmp_path / "boom.py").write_text("raise RuntimeError('no')\n")
    with pytest.raises(StrategyError, match="boom.py: importing it failed: RuntimeError: no"):
        load_rules(tmp_path / "boom.py")
    with pytest.raises(StrategyError, match="a rule file ends in .toml"):
        (tmp_path / "r.yaml").write_text("")
        load_rules(tmp_path / "r.yaml")


def test_regimes_are_declared_once() -> None:
    from strategies.params import REGIME_STATES
    from strategies.regimes import STATES

    assert STATES is REGIMES and REGIME_STATES is REGIMES
