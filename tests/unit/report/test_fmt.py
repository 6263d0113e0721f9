"""Percent formatting: a difference that rounds to zero has no sign."""

from __future__ import annotations

from backtests.report import fmt


def test_a_difference_that_rounds_to_zero_has_no_sign() -> None:
    assert fmt.pct(-0.00001) == "0.0%" and fmt.pct(0.00049, digits=1) == "0.0%"
    assert fmt.pp(-0.00001) == "0.0 pp" and fmt.pp(-0.0006) == "\u22120.1 pp"
