"""Page weight: a compacted figure is the same figure (dates, values to float32 precision,
shared arrays restored by the page's script)."""

from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from backtests.report.compact import compact
from backtests.report.page import figure_div

DAYS = pd.bdate_range("2020-01-01", periods=60)


def _figure() -> go.Figure:
    fig = go.Figure()
    for k in range(3):  # three lines on one date axis
        fig.add_trace(go.Scatter(x=DAYS, y=np.linspace(1, 2, 60) + k / 3, name=f"s{k}"))
    fig.update_layout(template="plotly_white")
    return fig


def test_compact_keeps_dates_values_and_shares_the_axis() -> None:
    spec = json.loads(pio.to_json(_figure(), validate=False))
    assert spec["data"][0]["x"][0] == "2020-01-01T00:00:00.000000"
    out, shared, uses = compact(spec)
    assert [u[:2] for u in uses] == [(0, "x"), (1, "x"), (2, "x")]  # one axis, three users
    assert shared[0][0] == "2020-01-01" and len(shared) == 1 and len(shared[0]) == 60
    y = out["data"][2]["y"]
    assert y["dtype"] == "f4"
    values = np.frombuffer(base64.b64decode(y["bdata"]), dtype="<f4")
    assert np.allclose(values, np.linspace(1, 2, 60) + 2 / 3, rtol=1e-7, atol=0)
    assert set(out["layout"]["template"]["data"]) == {"scatter"}  # only the kinds drawn


def test_figure_div_restores_shared_arrays_and_waits_for_plotly() -> None:
    html = figure_div(_figure(), "f")
    # the axis written once, as its first day and the gaps (Friday -> Monday = 3)
    gaps = [1, 1, 3, 1, 1, 1, 1, 3]
    assert html.count('D("2020-01-01",[') == 1 and f"[{','.join(map(str, gaps))}," in html
    start = pd.Timestamp("2020-01-01")
    assert list(start + pd.to_timedelta(np.cumsum([0, *gaps]), unit="D")) == list(DAYS[:9])
    assert 's.data[0]["x"]=a[0];s.data[1]["x"]=a[0];s.data[2]["x"]=a[0];' in html
    assert "(window.plotlyReady||function(f){f();})" in html
    assert "T00:00:00" not in html and "</script>" == html[-9:]


def test_only_a_rising_date_axis_is_written_as_gaps() -> None:
    from backtests.report.compact import shared_js

    assert shared_js([["2020-01-02", "2020-01-01"]]) == '[["2020-01-02","2020-01-01"]]'
    assert shared_js([["2020-01-01", "2020-01-08"], [1, 2]]) == '[D("2020-01-01",[7]),[1,2]]'
