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
from strategies.packing import layout
from strategies.params import Params
from strategies.registry import register
from strategies.schema import X, series
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
     r"\[mixes\]: 'risk' = \{...\}: weights must be numbers between 0 and 1"),
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
    # a rule written before the schema split imports `layout` from its old module: the fix
    (tmp_path / "old.py").write_text("from strategies.schema import layout\n")
    with pytest.raises(StrategyError) as info:
        load_rules(tmp_path / "old.py")
    assert str(info.value).endswith("; layout is now in strategies.packing: write `from "
                                    "strategies.packing import layout`")


def test_regimes_are_declared_once() -> None:
    from strategies.params import REGIME_STATES
    from strategies.regimes import STATES

    assert STATES is REGIMES and REGIME_STATES is REGIMES


def test_a_preset_has_its_own_label_and_description() -> None:
    from strategies.registry import PRESETS, read_preset

    p = read_preset(PRESETS / "contrarian_fast.toml")
    assert (p.label, p.strategy) == ("contrarian_fast", "contrarian_qe")
    assert p.description.startswith("Contrarian QE, quicker")
    assert p.description != get("contrarian_qe").description
    assert p.params.scale_in_days == 10  # type: ignore[attr-defined]


def test_the_feature_matrix_is_generated_from_the_declarations() -> None:
    from strategies.features import feature_frame
    from strategies.schema import FEATURES, X, series

    inp = _inputs(["calm", "crisis"], [1.0, 2.0])
    frame = feature_frame(inp, (series("curve", "T10Y2Y"),))
    assert list(frame.columns) == [*(f.name for f in FEATURES), "curve"]
    assert list(X._fields) == [f.name for f in FEATURES] and X.regime == 0
    assert frame["regime"].tolist() == [0, 2] and frame["curve"].tolist() == [1.0, 2.0]
    assert frame["month_start"].tolist() == [1.0, 0.0]


def _doc_example(doc: str, after: str, until: str) -> str:
    block = doc.split(after, 1)[1].split("\n\n", 1)[1].split(until)[0]
    return "\n".join(line[4:] for line in block.splitlines())


def test_the_documented_python_rule_runs(tmp_path: Path) -> None:
    from strategies import strategy

    code = _doc_example(strategy.__doc__ or "", "A compiled rule in your own file", "\n`x`")
    (tmp_path / "curve_rules.py").write_text(code)
    assert load_rules(tmp_path / "curve_rules.py") == ["curve_rule"]
    rule = get("curve_rule")
    inp = _inputs(["calm"] * 4, [0.5, -0.1, -0.2, np.nan])
    inp = Inputs(inp.signals, inp.regimes.assign(duration_risk=[False, False, True, False]),
                 inp.panel)
    w = rule.rule(inp, rule.params())
    assert w["us_equity"].tolist() == [0.8, 0.0, 0.0, 0.8]  # unknown curve: risk-on
    assert w["intermediate_treasury"].tolist() == [0.0, 0.6, 0.0, 0.0]
    assert w["short_treasury"].tolist() == [0.0, 0.0, 0.6, 0.0]  # the duration swap step


def test_the_documented_toml_rule_runs(tmp_path: Path) -> None:
    from strategies import rulefile

    text = _doc_example(rulefile.__doc__ or "", "no code:", "\nEvery mix")
    (tmp_path / "regime_mix.toml").write_text(text)
    assert load_rules(tmp_path / "regime_mix.toml") == ["regime_mix"]
    rule = get("regime_mix")
    assert rule.params().confirm_days == 5  # type: ignore[attr-defined]
    w = rule.rule(_inputs(["calm", "correction", "calm", "qe_launched"]), rule.params())
    assert w["short_treasury"].tolist() == [0.0, 0.5, 0.5, 0.5]  # confirm: still defensive


def test_the_built_in_scenario_rules_are_toml_files() -> None:
    for name in ("defensive_correction", "contrarian_qe", "soft_landing_tilt", "playbook"):
        rule = get(name)
        assert rule.kernel_ref == "strategies.kernels.composed:composed"
        assert rule.description and rule.headline and rule.scenario.startswith("scenario")
    assert get("contrarian_qe").params().vix_relief == 0.25  # type: ignore[attr-defined]
    from strategies.regimes import RegimeParams

    assert RegimeParams().vix_relief == 0.30  # the machine keeps its own threshold


def test_an_edited_rule_file_loads_again_and_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "curve.py"
    path.write_text(PY)
    load_rules(path)
    assert get("curve_rule").source == str(path.resolve())
    path.write_text(PY.replace('"us_equity": 1.0', '"us_equity": 0.5'))
    assert load_rules(path) == ["curve_rule"]  # replaces its own rule, no error
    assert get("curve_rule").params().steep == {"us_equity": 0.5}  # type: ignore[attr-defined]
    other = tmp_path / "copy.py"
    other.write_text(PY)
    with pytest.raises(StrategyError, match=f"rule 'curve_rule' .{other.resolve()}. is already "
                                            f"registered .from {path.resolve()}."):
        load_rules(other)


class _EntryPoint:
    def __init__(self, name: str, obj: object) -> None:
        self.name, self.value, self._obj = name, f"pkg.rules:{name}", obj

    def load(self) -> object:
        if isinstance(self._obj, Exception):
            raise self._obj
        return self._obj


def test_installed_rules_load_lazily_from_the_entry_point_group(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    seen: list[str] = []
    rule = pandas_rule("plugged", get("sixty_forty").params,
                       lambda i, p: pd.DataFrame({"cash": 1.0}, index=i.index))

    def fake(group: str) -> list[_EntryPoint]:
        seen.append(group)
        return [_EntryPoint("plugged", lambda: [rule])]

    monkeypatch.setattr(importlib.metadata, "entry_points", fake)
    monkeypatch.setattr(registry, "_entry_points_loaded", False)
    assert seen == []  # nothing read until a rule is looked up
    assert "plugged" in names() and seen == ["qe_playbook.rules"]
    assert get("plugged") is rule
    monkeypatch.setattr(registry, "_entry_points_loaded", False)
    monkeypatch.setattr(importlib.metadata, "entry_points",
                        lambda group: [_EntryPoint("broken", ImportError("no module x"))])
    with pytest.raises(StrategyError, match=r"entry point 'broken = pkg.rules:broken' .group "
                                            r"qe_playbook.rules. failed to load: no module x"):
        names()


def test_a_toml_rules_parameters_travel_to_another_process() -> None:
    import pickle
    import subprocess
    import sys

    p = get("contrarian_qe").params(scale_in_days=7)
    assert type(p).__qualname__ == "ContrarianQeParams"
    out = subprocess.run([sys.executable, "-c", "import pickle, sys; print(pickle.loads("
                          "sys.stdin.buffer.read()).scale_in_days)"], input=pickle.dumps(p),
                         capture_output=True, check=True)
    assert out.stdout == b"7\n"


@pytest.mark.parametrize(("extra", "message"), [
    ('[steps.defend]\nmix = "safe"\nregimes = ["crisis"]\nconfirm_days = 3\n'
     '[steps.duration_swap]\nshort = "safe"\n', r"short maps a mix to its short-duration twin"),
    ('[steps.defnd]\nmix = "safe"\n', r"unknown step 'defnd' — did you mean 'defend'"),
    ('[steps.defend]\nmix = "sfe"\n', r"\[steps.defend\] names the mix 'sfe' — did you mean "
                                      r"'safe'"),
    ('[steps.qe_trade]\nafter = "qe"\nmix = "risk"\nback = "safe"\n',
     r'\[steps.qe_trade\] needs after = "qe_regime" or "qe_signals"'),
    ('[steps.defend]\nmix = "safe"\nconfirm_days = -1\n',
     r"'confirm_days' = -1: Input should be greater than or equal to 0"),
    ("[describe]\nconfirm = 'x'\n", r"\[describe\] 'confirm' is not a parameter"),
    ("describe = 3\n", r"\[describe\] maps a parameter to its description"),
])
def test_a_bad_step_names_the_step_and_the_fix(tmp_path: Path, extra: str, message: str) -> None:
    text = TOML.replace('reasoning = "A hand-checkable rule."',
                        'reasoning = "A hand-checkable rule."\n' + extra
                        if extra.startswith("describe") else 'reasoning = "x"') + (
        "" if extra.startswith("describe") else extra)
    (tmp_path / "bad.toml").write_text(text)
    with pytest.raises(StrategyError, match=message):
        load_rules(tmp_path / "bad.toml")
