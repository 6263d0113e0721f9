"""The alert stream: a week's minimum duration, severe readings at once, value and threshold."""

from __future__ import annotations

import numpy as np
import pandas as pd

from strategies.alerts import COLUMNS, alert_stream
from strategies.regimes import RegimeParams
from tests.unit.strategies.test_regimes import script

P = RegimeParams()
DIP = {"tech_drawdown": -0.12}


def fired(stream: pd.DataFrame, trigger: str) -> pd.DataFrame:
    return stream[(stream.trigger == trigger) & stream.state.str.endswith("fired")]


def test_a_line_crossed_and_recrossed_within_a_week_is_not_an_alert() -> None:
    # October-November 2018: the Nasdaq correction trigger flipped six times
    flicker = script({}, DIP, DIP, {}, DIP, {}, DIP, DIP, DIP, DIP, {}, {})
    assert fired(alert_stream(flicker, P), "correction").empty
    assert len(fired(alert_stream(flicker, P, min_days=1), "correction")) == 3


def test_a_state_that_holds_a_week_is_reported_that_day_naming_when_it_began() -> None:
    sig = script({}, {}, *[DIP] * 6)
    out = fired(alert_stream(sig, P), "correction")
    assert out.date.tolist() == [sig.index[6]]  # the fifth day of the fall
    assert out.since.tolist() == [sig.index[2]]
    row = out.iloc[0]
    assert (row.severity, row.value, row.threshold, row.op) == ("warning", -0.12, -0.10, "<=")
    assert list(out.columns) == COLUMNS


def test_a_2019_style_funding_spike_is_severe_and_reported_the_day_it_happens() -> None:
    spike = {"funding_spread": 3.0}
    sig = script({}, {}, spike, {"funding_spread": 0.3}, *[{}] * 6)
    out = alert_stream(sig, P)
    funding = out[out.trigger == "funding"]
    assert funding.state.tolist() == ["fired", "cleared"]
    assert funding.severity.tolist() == ["severe", "info"]
    assert funding.date.iloc[0] == sig.index[2]
    assert funding.value.iloc[0] == 3.0 and funding.threshold.iloc[0] == 0.25
    # a mild breach of the same length is noise
    mild = script({}, {}, {"funding_spread": 0.3}, {"funding_spread": 0.3}, *[{}] * 6)
    assert alert_stream(mild, P).query("trigger == 'funding'").empty


def test_an_input_going_stale_is_a_notice() -> None:
    sig = script({}, *[{"sahm": np.nan}] * 5)
    out = alert_stream(sig, P).query("trigger == 'unemployment'")
    assert (out.state.tolist(), out.severity.tolist()) == (["unknown"], ["notice"])


def test_truncating_the_future_changes_no_alert_in_the_past() -> None:
    rng = np.random.default_rng(3)
    n = 300
    sig = script(*[{"tech_drawdown": float(d), "funding_spread": float(f),
                    "credit_change": float(c)} for d, f, c in zip(
        -np.abs(np.cumsum(rng.normal(0, 0.03, n))), rng.normal(0.1, 0.5, n),
        rng.normal(0.3, 0.3, n), strict=True)])
    full = alert_stream(sig, P)
    assert len(full) > 20 and (full.severity == "severe").any()
    for cut in (40, 151, 299):
        part = alert_stream(sig.iloc[:cut], P)
        pd.testing.assert_frame_equal(part, full[full.date < sig.index[cut]].reset_index(
            drop=True))
