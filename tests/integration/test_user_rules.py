"""A user's rules on the real snapshot: a TOML rule and a Python rule reading a stored series
the built-in rules do not (the 2s10s curve), through the same runner as the built-ins."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from backtests.engine import Costs
from backtests.episodes import load_episodes
from backtests.runner import Market, run_one
from strategies import registry, strategy
from strategies.registry import get, load_rules
from strategies.schema import Inputs

pytestmark = pytest.mark.integration


@pytest.fixture()
def curve_rule(tmp_path: Path) -> Iterator[str]:
    doc = strategy.__doc__ or ""
    block = doc.split("A compiled rule in your own file", 1)[1].split("\n\n", 1)[1]
    code = "\n".join(line[4:] for line in block.split("\n`x`")[0].splitlines())
    (tmp_path / "curve_rules.py").write_text(code)
    yield load_rules(tmp_path / "curve_rules.py")[0]
    registry.unregister("curve_rule")


def test_a_python_rule_reads_the_2s10s_curve_as_published(real_market: Market,
                                                          curve_rule: str) -> None:
    ctx = real_market.context
    rule = get(curve_rule)
    run = run_one(real_market, curve_rule, rule.params(), "2019_repo", load_episodes()["2019_repo"],
                  Costs())
    w = rule.rule(Inputs(ctx.signals, ctx.regimes, ctx.panel), rule.params())
    curve = ctx.panel["T10Y2Y"].where(ctx.panel["T10Y2Y@fresh"].astype(bool))
    inverted = curve < 0
    assert inverted.any() and (~inverted).any()
    assert (w.loc[inverted, "us_equity"] == 0).all()  # off risk exactly where inverted
    assert (w.loc[~inverted, "us_equity"] == 0.8).all()
    assert pd.notna(run.metrics["total_return"])



def test_a_toml_rule_swept_over_a_mix_weight_equals_its_single_runs(
        real_market: Market, tmp_path: Path) -> None:
    from backtests.sweep.grid import parse_grid
    from backtests.sweep.run import CORE, run_sweep
    from strategies import rulefile

    doc = rulefile.__doc__ or ""
    text = "\n".join(line[4:] for line in doc.split("no code:", 1)[1].split("\n\n", 1)[1]
                     .split("\nEvery mix")[0].splitlines())
    (tmp_path / "regime_mix.toml").write_text(text)
    name = load_rules(tmp_path / "regime_mix.toml")[0]
    try:
        g = parse_grid({"grid": {"defensive.gold": [0.1, 0.4], "confirm_days": [0, 10]}}, name,
                       "test")
        episodes = {"2020_covid": load_episodes()["2020_covid"]}
        res = run_sweep(real_market, g, episodes, Costs())
        values = set()
        for c, params in enumerate(g.params):
            one = run_one(real_market, name, params, "2020_covid", episodes["2020_covid"],
                          Costs())
            row = res.table[res.table.combo == c].iloc[0]
            for metric in CORE:
                assert row[metric] == pytest.approx(one.metrics[metric], rel=1e-9, abs=1e-12)
            values.add(round(one.metrics["total_return"], 10))
        assert len(values) == 4  # both the mix weight and the step parameter matter
    finally:
        registry.unregister(name)
