"""How a sweep packs its combinations: a pack that reads no Mix field is computed once per
value of the other swept parameters, and gives the same vectors as packing each one."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from backtests.sweep import run
from backtests.sweep.grid import parse_grid
from strategies.registry import get


def counting(name: str, **change: Any) -> tuple[Any, list[Any]]:
    """The rule `name` with its pack counted (and `change` applied to its declaration)."""
    strat = get(name)
    calls: list[Any] = []

    def pack(p: Any) -> list[float]:
        calls.append(p)
        return strat.pack(p)

    return dataclasses.replace(strat, pack=pack, **change), calls


def test_a_mix_free_pack_is_computed_once_per_other_value() -> None:
    grid = parse_grid({"grid": {"scale_in_days": [5, 10, 20],
                                "risk_on": [{"us_equity": 0.5, "gold": 0.5},
                                            {"us_equity": 0.6, "gold": 0.4},
                                            {"us_equity": 0.7, "gold": 0.3}]}},
                      "contrarian_qe", "g.toml")
    strat, calls = counting("contrarian_qe")
    assert strat.mix_free_pack  # a rule file's plan reads the steps' parameters only
    packed = run._packed(strat, grid)
    assert len(calls) == 3  # one per scale_in_days, not one per combination (9)
    expected = np.array([get("contrarian_qe").pack(p) for p in grid.params])
    assert np.array_equal(packed, expected)
    assert len({tuple(r) for r in packed}) == 3


def test_a_pack_of_your_own_is_called_for_every_combination() -> None:
    grid = parse_grid({"grid": {"scale_in_days": [5, 10],
                                "risk_on": [{"us_equity": 0.5, "gold": 0.5},
                                            {"us_equity": 0.6, "gold": 0.4}]}},
                      "contrarian_qe", "g.toml")
    strat, calls = counting("contrarian_qe", mix_free_pack=False)  # may read a Mix
    run._packed(strat, grid)
    assert len(calls) == 4


def test_your_kernel_of_the_wrong_shape_is_named_with_the_fix() -> None:
    import pytest
    from pydantic import Field

    from backtests.errors import ConfigError
    from backtests.sweep.chunks import OWN, Chunk, own_coefficients
    from strategies.mixes import Mix
    from strategies.params import Params
    from strategies.registry import register, unregister
    from strategies.strategy import compiled

    class OneMix(Params):
        hold: Mix = Field(default_factory=lambda: {"us_equity": 1.0})

    def three_columns(x: np.ndarray, p: np.ndarray) -> np.ndarray:
        return np.ones((x.shape[0], 3))

    register(compiled("wrong_shape", OneMix, three_columns, source="mine.py"), replace=True)
    try:
        chunk = Chunk(OWN, np.arange(1), np.zeros((1, 0)), np.zeros(1, dtype=np.int64),
                      np.zeros((1, 1, 10)), None, {}, None, 10, "wrong_shape")  # type: ignore
        with pytest.raises(ConfigError) as info:
            own_coefficients(chunk, np.zeros((50, 4)))
        assert str(info.value) == (
            "rule 'wrong_shape' (mine.py): its kernel returned an array of shape (50, 3); it "
            "must return days x mixes, (50, 1) here (one column per Mix field, in order)")
    finally:
        unregister("wrong_shape")
