"""The design vs hold-out scorecard on a hand-made metrics table."""

from __future__ import annotations

import pandas as pd
import pytest

from backtests.evaluate.scorecard import holdout_sentence, scorecard

ROLES = {"d1": "design", "d2": "design", "h1": "holdout", "h2": "holdout", "h3": "holdout",
         "all": "overall"}
# (total_return, sharpe, max_drawdown) per strategy and episode
VALUES = {
    "bench": {"d1": (0.10, 0.5, -0.20), "d2": (0.00, 0.1, -0.30), "h1": (0.05, 0.4, -0.10),
              "h2": (0.20, 1.0, -0.05), "h3": (-0.10, -0.2, -0.25), "all": (1.0, 0.6, -0.3)},
    "rule": {"d1": (0.30, 0.9, -0.10), "d2": (0.10, 0.3, -0.15), "h1": (0.01, 0.2, -0.08),
             "h2": (0.20, 0.9, -0.07), "h3": (-0.04, 0.1, -0.20), "all": (9.0, 9.0, -0.01)},
}


def table(values: dict[str, dict[str, tuple[float, float, float]]]) -> pd.DataFrame:
    rows = [{"strategy": s, "episode": e, "metric": m, "value": v}
            for s, eps in values.items() for e, trio in eps.items()
            for m, v in zip(("total_return", "sharpe", "max_drawdown"), trio, strict=True)]
    rows.append({"strategy": "rule", "episode": "d1", "metric": "cagr", "value": 0.5})  # ignored
    return pd.DataFrame(rows)


def test_counts_and_medians_by_role_leave_the_benchmark_and_overall_out() -> None:
    card = scorecard(table(VALUES), ROLES, "bench").set_index(["strategy", "role"])
    assert list(card.index) == [("rule", "design"), ("rule", "holdout")]
    d, h = card.loc[("rule", "design")], card.loc[("rule", "holdout")]
    assert (d["episodes"], d["return_beat"], d["sharpe_beat"], d["drawdown_beat"]) == (2, 2, 2, 2)
    assert d["return_median_diff"] == pytest.approx(0.15)  # median of +0.20, +0.10
    assert d["drawdown_median_diff"] == pytest.approx(0.125)  # +0.10, +0.15
    # hold-out: return -0.04, 0 (a tie is not a win), +0.06; Sharpe -0.2, -0.1, +0.3
    assert (h["episodes"], h["return_beat"], h["sharpe_beat"], h["drawdown_beat"]) == (3, 1, 1, 2)
    assert h["return_median_diff"] == pytest.approx(0.0)
    assert h["sharpe_median_diff"] == pytest.approx(-0.1)
    assert h["drawdown_median_diff"] == pytest.approx(0.02)  # +0.02, -0.02, +0.05


def test_the_sentence_is_computed_from_the_card() -> None:
    card = scorecard(table(VALUES), ROLES, "bench")
    assert holdout_sentence(card, "rule", "bench") == (
        "On the 3 hold-out crises the rules were not written from, rule beat bench on total "
        "return in 1 (median difference +0.0 pp), on Sharpe in 1 and on drawdown in 2, "
        "against 2 of 2 on return (median +15.0 pp) in the design crises they were written "
        "from.")
    no_holdout = scorecard(table(VALUES), {**ROLES, "h1": "overall", "h2": "overall",
                                           "h3": "overall"}, "bench")
    assert holdout_sentence(no_holdout, "rule", "bench").startswith("No hold-out crisis was run")


def test_an_episode_the_benchmark_lacks_is_left_out_and_a_missing_benchmark_fails() -> None:
    values = {**VALUES, "rule": {**VALUES["rule"], "h4": (0.5, 2.0, -0.01)}}
    card = scorecard(table(values), {**ROLES, "h4": "holdout"}, "bench")
    assert int(card.set_index("role").loc["holdout", "episodes"]) == 3
    with pytest.raises(ValueError, match="benchmark 'nope' has no metrics"):
        scorecard(table(VALUES), ROLES, "nope")
