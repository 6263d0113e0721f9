"""The sweep's verdict is computed from its numbers: words are earned, ties set apart."""

from __future__ import annotations

import pandas as pd

from backtests.sweep.verdict import describe, edge_of_grid, judge, margin


def _loeo(percentiles: list[float], ties: int = 0) -> pd.DataFrame:
    rows = [{"held_out": f"e{i}", "discriminates": True, "held_out_percentile": p}
            for i, p in enumerate(percentiles)]
    rows += [{"held_out": f"t{i}", "discriminates": False, "held_out_percentile": 0.5}
             for i in range(ties)]
    return pd.DataFrame(rows)


def test_a_middle_percentile_is_not_holding_up() -> None:
    v = judge(_loeo([0.38, 0.65, 0.55]), dsr=0.97, pbo=0.2, metric="calmar", warnings=[])
    assert v.word == "INCONCLUSIVE"
    assert "hold up" not in v.text and "no better than a random pick" in v.text
    assert "median 55% percentile" in v.text


def test_top_quarter_on_enough_folds_is_robust() -> None:
    v = judge(_loeo([0.9, 0.8, 0.85]), dsr=0.97, pbo=0.2, metric="calmar", warnings=[])
    assert v.word == "ROBUST ON THESE TESTS" and "hold up out of sample" in v.text


def test_overfitting_signs_make_it_fragile() -> None:
    assert judge(_loeo([0.9, 0.8, 0.85]), 0.97, 0.6, "calmar", []).word == "FRAGILE"
    assert judge(_loeo([0.9, 0.8, 0.85]), 0.50, 0.2, "calmar", []).word == "FRAGILE"
    assert judge(_loeo([0.2, 0.3, 0.4]), 0.97, 0.2, "calmar", []).word == "FRAGILE"


def test_folds_where_everything_ties_are_set_apart_and_weaken_the_evidence() -> None:
    v = judge(_loeo([0.9, 0.85], ties=2), dsr=0.97, pbo=0.2, metric="calmar", warnings=[])
    assert v.word == "INCONCLUSIVE"
    assert "2 held-out crisis(es) cannot discriminate" in v.text
    assert "only 2 crisis fold(s) separate" in v.text


def test_edge_of_grid_and_near_ties_are_warned() -> None:
    axes = {"scale_in_days": [5, 10, 15, 20], "hold_months": [6, 12]}
    warnings = edge_of_grid([{"scale_in_days": 20, "hold_months": 6}], axes)
    assert warnings[0].startswith("the best scale_in_days = 20 is the grid's highest value")
    assert "hold_months has only two values" in warnings[1]
    assert edge_of_grid([{"scale_in_days": 10}], {"scale_in_days": [5, 10, 15]}) == []
    # tied best combinations that differ on a parameter: that parameter does not matter
    assert edge_of_grid([{"scale_in_days": 5}, {"scale_in_days": 10}],
                        {"scale_in_days": [5, 10, 15]}) == []
    agg = pd.Series([0.350, 0.3483, 0.30, 0.20, 0.10])
    assert "beats the next by 0.0017" in (margin(agg) or "")
    assert margin(pd.Series([0.9, 0.5, 0.3, 0.1])) is None
    assert (margin(pd.Series([0.9, 0.9, 0.9, 0.1])) or "").startswith(
        "3 combinations share the best score")
    v = judge(_loeo([0.9, 0.8, 0.85]), 0.97, 0.2, "calmar", warnings)
    assert v.word == "INCONCLUSIVE" and "Warning: the best scale_in_days" in v.text


def test_parameters_are_named_not_numbered() -> None:
    assert describe({"vix_relief": 0.2, "defend_in": ["crisis"], "require_healing": True}) == (
        "vix_relief = 0.2, defend_in = [crisis], require_healing = True")
