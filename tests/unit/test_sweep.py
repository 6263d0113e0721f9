"""Sweeps: grid parsing and the overfitting guards."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from backtests.errors import ConfigError
from backtests.sweep.grid import parse_grid
from backtests.sweep.guards import deflated_sharpe, expected_max_sharpe, leave_one_out, pbo_cscv


def test_grid_lists_ranges_and_invalid_combinations() -> None:
    g = parse_grid({"grid": {"vix_relief": [0.1, 1.5], "scale_in_days": {"start": 5, "stop": 15,
                                                                           "step": 5}},
                    "fixed": {"hold_months": 6}}, "contrarian_qe", "g.toml")
    assert g.axes == {"vix_relief": [0.1, 1.5], "scale_in_days": [5, 10, 15]}
    assert len(g.params) == 3 and {p.hold_months for p in g.params} == {6}
    assert [c["vix_relief"] for c, _ in g.invalid] == [1.5, 1.5, 1.5]
    assert "'vix_relief' = 1.5: Input should be less than 1" in g.invalid[0][1]


@pytest.mark.parametrize(("raw", "message"), [
    ({"grid": {"scale_in_dayz": [1]}}, r"'scale_in_dayz' is not a parameter of contrarian_qe — "
                                       r"did you mean 'scale_in_days'\?"),
    ({"grid": {}}, r"\[grid\] is empty"),
    ({"grid": {"scale_in_days": []}}, r"grid.scale_in_days is an empty list"),
    ({"grid": {"scale_in_days": {"start": 5, "stop": 1, "step": 1}}}, r"never reaches 1"),
    ({"grid": {"scale_in_days": {"start": 5}}}, r"a range needs exactly start, stop and step"),
    ({"grid": {"vix_relief": [2.0]}}, r"every one of the 1 combinations is invalid"),
    ({"grid": {"vix_relief": [0.1]}, "strategi": "x"}, r"unknown top-level key\(s\) strategi"),
])
def test_grid_errors(raw: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_grid(raw, "contrarian_qe", "g.toml")


def test_deflated_sharpe_reproduces_the_papers_example() -> None:
    # Bailey & López de Prado (2014), section 4: annualised SR 2.5 over 5 years of daily data,
    # skew -3, kurtosis 10, 100 trials with annualised Sharpe variance 0.5 -> DSR 0.9004.
    sr0 = expected_max_sharpe(100, 0.5 / 250) * math.sqrt(250)
    assert sr0 == pytest.approx(1.7894, abs=1e-4)
    assert deflated_sharpe(2.5 / math.sqrt(250), 1250, -3, 10, 100, 0.5 / 250) == pytest.approx(
        0.9004, abs=1e-4)
    assert expected_max_sharpe(1, 0.1) == 0.0


def _blocks(series: list[list[float]]) -> np.ndarray:
    """blocks[trial, s] from a list of per-block daily returns for each trial."""
    out = []
    for trial in series:
        parts = np.array_split(np.array(trial), 2)
        out.append([[p.sum(), (p * p).sum(), len(p)] for p in parts])
    return np.array(out)


def test_pbo_hand_computed_cases() -> None:
    up, down = [0.02, 0.01, 0.03, 0.015], [-0.01, -0.02, -0.015, -0.01]
    # A is good in block 1 and bad in block 2, B the opposite: whatever wins in sample loses
    # out of sample in both splits -> PBO = 1.
    flip = _blocks([up[:2] + down[:2], down[:2] + up[:2]])
    assert pbo_cscv(flip).pbo == 1.0 and pbo_cscv(flip).splits == 2
    # A beats B in every block (B = A minus 1%/day: a lower Sharpe everywhere; halving A
    # would not do, Sharpe ignores scale): the in-sample winner wins out of sample -> PBO = 0.
    steady = _blocks([up, [x - 0.01 for x in up]])
    assert pbo_cscv(steady).pbo == 0.0
    with pytest.raises(ValueError, match="even number of blocks"):
        pbo_cscv(np.zeros((2, 3, 3)))


def test_leave_one_out_on_a_known_case() -> None:
    # combo 0 is best on e1, e2 and e3 but worst on e4; combo 1 is the opposite.
    table = pd.DataFrame([(c, e, v) for c, vals in enumerate([[3, 3, 3, 0], [1, 1, 1, 5]])
                          for e, v in zip(["e1", "e2", "e3", "e4"], vals, strict=True)],
                         columns=["combo", "episode", "calmar"])
    out = leave_one_out(table, "calmar", ["e1", "e2", "e3", "e4"]).set_index("held_out")
    assert out.loc["e4", "chosen_combo"] == 0 and out.loc["e4", "held_out_value"] == 0
    assert out.loc["e4", "held_out_best"] == 5 and out.loc["e4", "held_out_percentile"] == 0
    # held out e1: combo 1 wins on (e2, e3, e4), mean 2.33 vs 2.0, and is the worse on e1
    assert out.loc["e1", "chosen_combo"] == 1 and out.loc["e1", "held_out_percentile"] == 0
