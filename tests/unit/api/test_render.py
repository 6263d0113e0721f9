"""How results show themselves: number formats by unit, escaped HTML, aligned text."""

from __future__ import annotations

import math

from backtests.api import render


def test_values_are_formatted_by_what_they_measure() -> None:
    assert render.value("total_return", 0.6548) == "+65.5%"
    assert render.value("max_drawdown", -0.1848) == "-18.5%"
    assert render.value("ann_volatility", 0.137) == "13.7%"
    assert render.value("recovery_days", math.nan) == "not recovered"
    assert render.value("sharpe", math.nan) == "–"
    assert render.value("max_drawdown_days", 376.0) == "376"
    assert render.value("rebalances", 1234.0) == "1,234"
    assert render.value("cost_drag_bp", 12.4) == "12 bp"
    assert render.value("sharpe", 0.8747) == "0.87"


def test_differences_of_fractions_are_percentage_points() -> None:
    assert render.difference("total_return", 0.0568) == "+5.7 pp"
    assert render.difference("max_drawdown", -0.011) == "-1.1 pp"
    assert render.difference("recovery_days", -353.0) == "-353"
    assert render.difference("sharpe", 0.0) == "+0.00"
    assert render.difference("calmar", math.nan) == "–"


def test_metric_rows_put_the_difference_of_two_columns_last() -> None:
    rows = render.metric_rows(["total_return", "sharpe"],
                              [{"total_return": 0.2, "sharpe": 1.0},
                               {"total_return": 0.05, "sharpe": 0.25}], (0, 1))
    assert rows == [["total_return", "+20.0%", "+5.0%", "+15.0 pp"],
                    ["sharpe", "1.00", "0.25", "+0.75"]]


def test_html_escapes_every_user_text() -> None:
    out = render.html_table(["metric", "<b>label</b>"], [["<script>x</script>", "1"]],
                            caption="a & <i>b</i>", notes=['"quoted" <note>'])
    assert "<b>label</b>" not in out and "&lt;b&gt;label&lt;/b&gt;" in out
    assert "<script>x" not in out and "&lt;script&gt;x&lt;/script&gt;" in out
    assert "<caption>a &amp; &lt;i&gt;b&lt;/i&gt;</caption>" in out
    assert "&quot;quoted&quot; &lt;note&gt;" in out


def test_text_tables_align_columns() -> None:
    out = render.text_table(["metric", "a"], [["total_return", "+5.0%"], ["x", "-12.5%"]],
                            caption="title", notes=["note"])
    assert out.splitlines() == ["title", "metric             a", "------------  ------",
                                "total_return   +5.0%", "x             -12.5%", "  note"]
    left = render.text_table(["k", "v"], [["a", "long text"], ["bb", "x"]], numbers=False)
    assert left.splitlines()[2:] == ["a   long text", "bb  x"]
