"""Targeted pins: each fails when its invariant is mutated, without the golden file."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from strategies.kernels.regime_machine import CORR, CREDIT, DEEP, NOT_DEEP, QE, RELIEF, machine
from strategies.registry import get, make_params
from strategies.schema import REGIMES, TRANSITIONS, Inputs, successors

N_CONDITIONS = NOT_DEEP  # the condition columns are 0 .. NOT_DEEP - 1 (the rest are bits only)
# condition rows that take the machine from calm to each state
PREFIX = {"calm": [], "correction": [[CORR]], "crisis": [[DEEP, CREDIT]],
          "qe_launched": [[DEEP, CREDIT], [QE]], "recovery": [[DEEP, CREDIT], [RELIEF]]}


def _run(rows: list[list[int]], dd: list[float]) -> np.ndarray:
    c = np.zeros((len(rows), N_CONDITIONS), dtype=np.bool_)
    for i, on in enumerate(rows):
        c[i, on] = True
    state, _ = machine(c, np.asarray(dd, dtype=float))
    return state


def test_the_transition_graph_is_the_machines_own() -> None:
    """Every edge the machine takes, over every combination of its conditions (and a new low
    of the drawdown) from every state, is declared in schema.TRANSITIONS, and vice versa:
    `now`'s "what happens next" reads that graph."""
    seen = set()
    for before, prefix in PREFIX.items():
        assert REGIMES[_run(prefix, [0.0] * len(prefix))[-1]] == before if prefix else True
        for bits in itertools.product([False, True], repeat=N_CONDITIONS):
            on = [k for k in range(N_CONDITIONS) if bits[k]]
            for low in (0.0, -0.5):
                after = REGIMES[_run([*prefix, on], [0.0] * len(prefix) + [low])[-1]]
                if after != before:
                    seen.add((before, after))
    assert seen == set(TRANSITIONS)
    assert successors("qe_launched") == ("recovery",)


def _contrarian(high: list[bool], growth: list[float], since: list[float]) -> pd.DataFrame:
    n = len(high)
    idx = pd.bdate_range("2020-01-06", periods=n)
    signals = pd.DataFrame({"days_since_qe_announcement": since, "fed_assets_13w_change": growth,
                            "vix_relief": [0.5] * n, "tech_drawdown_speed": [0.0] * n},
                           index=idx)
    regimes = pd.DataFrame({"regime": ["crisis"] * n, "inflation_high": high,
                            "duration_risk": [False] * n}, index=idx)
    p = make_params("contrarian_qe", {"scale_in_days": 1, "hold_months": 1})
    return get("contrarian_qe").rule(Inputs(signals, regimes), p)


@pytest.mark.parametrize(("high", "growth", "since", "buys"), [
    ([False] * 3, [0.0] * 3, [np.nan, 0.0, 1.0], True),   # QE announced, inflation low
    ([True] * 3, [0.0] * 3, [np.nan, 0.0, 1.0], False),   # words alone while inflation high
    ([True] * 3, [0.0, 0.2, 0.2], [np.nan, 0.0, 1.0], True),  # ... confirmed by the balance sheet
    ([False] * 3, [0.0] * 3, [np.nan] * 3, False),        # relief without any QE
])
def test_the_contrarian_buys_only_on_qe_and_words_need_the_balance_sheet_when_inflation_is_high(
        high: list[bool], growth: list[float], since: list[float], buys: bool) -> None:
    w = _contrarian(high, growth, since)
    risk_on = get("contrarian_qe").params().risk_on["us_growth"]
    assert w["us_growth"].iloc[0] == 0.0  # the crisis mix holds no growth stocks
    assert (w["us_growth"].iloc[1:] == risk_on).all() == buys
    assert (w["us_growth"] == 0.0).all() == (not buys)


def test_the_healed_text_reads_calm_drawdown() -> None:
    from backtests.now.text import distance
    from strategies.regimes import RegimeParams
    from strategies.triggers import Reading

    r = Reading(np.array([True]), np.array([False]), np.array([-0.02]), np.array([-0.08]), ">",
                np.array(["Nasdaq drawdown"], dtype=object))
    p = RegimeParams(calm_drawdown=0.08)
    assert distance("healed", r, 0, pd.Series(dtype=float), p) == \
        "the Nasdaq is within 8% of its high"


def test_the_reach_lines_read_the_same_graph() -> None:
    """strategies.reachable adds each edge's requirements to the machine's own graph: it
    names every edge and no other, in the one regime order."""
    from strategies import reachable as reach

    assert {(a, b) for a, b, _ in reach.EDGES} == set(TRANSITIONS)
    assert tuple(reach.ORDER) == REGIMES
