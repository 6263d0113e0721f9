"""Your own rules (examples/): a TOML rule and a Python rule on the 2s10s curve, registered
from their files, run by backtest and sweep with equal numbers, and by the committee run."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from backtests import PROJECT_ROOT, load
from backtests.api import Market
from backtests.cli import main
from backtests.data.store import Store
from strategies.registry import load_rules, unregister

pytestmark = pytest.mark.integration
EXAMPLES = PROJECT_ROOT / "examples"
CORE = ["total_return", "cagr", "ann_volatility", "sharpe", "max_drawdown", "calmar"]


@pytest.fixture(scope="module")
def rules() -> Iterator[list[str]]:
    names = [*load_rules(EXAMPLES / "regime_mix.toml"), *load_rules(EXAMPLES / "curve_rule.py")]
    yield names
    for name in names:  # the built-in list is pinned elsewhere: leave it as found
        unregister(name)


@pytest.fixture(scope="module")
def market(real_store: Store, rules: list[str]) -> Market:
    # as --rules: the Python rule's file again (loading a file again replaces its rules)
    return load(real_store.root, rules=[EXAMPLES / "curve_rule.py"])


@pytest.mark.parametrize(("rule", "axis", "values"), [
    ("regime_mix", "defensive", [{"us_equity": 0.2, "short_treasury": 0.4, "gold": 0.2},
                                 {"us_equity": 0.1, "short_treasury": 0.3, "gold": 0.4}]),
    ("curve_guard", "inversion", [-0.5, 0.5]),  # its own kernel, then the fused core
])
def test_a_sweep_of_your_rule_equals_its_single_backtests(
        market: Market, tmp_path: Path, rule: str, axis: str, values: list[object]) -> None:
    episodes = ["2008_gfc", "2020_covid"]
    sw = market.sweep({axis: values}, rule, episodes=episodes, out=tmp_path)
    assert sw.summary.result.notes == ()  # fused, in this process: nothing to say
    for combo, value in enumerate(values):
        for ep in episodes:
            one = market.backtest(rule, ep, **{axis: value}).metrics
            row = sw.results[(sw.results.combo == combo) & (sw.results.episode == ep)].iloc[0]
            for key in CORE:
                assert row[key] == pytest.approx(one[key], abs=1e-12, rel=0), (ep, value, key)
    first = sw.results[sw.results.episode == "2008_gfc"]["total_return"]
    assert first.iloc[0] != first.iloc[1]  # the parameter acts


def test_your_compiled_rule_runs_in_process_when_a_cluster_is_asked(market: Market) -> None:
    """Workers do not load your rule files: its own kernel runs here, and the sweep says so."""
    from backtests.engine.costs import Costs
    from backtests.sweep.grid import parse_grid
    from backtests.sweep.run import run_sweep

    class NoWorkers:
        workers = 2

        def map(self, *args: object) -> list[object]:
            raise AssertionError("a worker was asked to run a rule it cannot load")

    grid = parse_grid({"grid": {"inversion": [-0.5, 0.0, 0.5]}}, "curve_guard", "g.toml")
    eps = {"2008_gfc": market.episodes["2008_gfc"]}
    asked = run_sweep(market.loaded, grid, eps, Costs(), executor=NoWorkers())
    here = run_sweep(market.loaded, grid, eps, Costs())
    assert asked.notes == ("curve_guard runs its own kernel in this process: workers do not "
                           "load your rule files",) and here.notes == ()
    pd.testing.assert_frame_equal(asked.table, here.table)


def test_the_curve_rule_reads_the_curve(market: Market) -> None:
    """The 2s10s curve inverted in 2006-07: a threshold above it defends earlier."""
    late = market.backtest("curve_guard", "2008_gfc", inversion=-3.0)  # never inverted enough
    early = market.backtest("curve_guard", "2008_gfc", inversion=0.5)
    assert late.targets.loc["2007-03-01", "us_equity"] == 0.6
    assert early.targets.loc["2007-03-01", "us_equity"] == 0.2


def test_your_rules_join_the_committee_run_beside_the_benchmarks(
        real_store: Store, rules: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "mine.toml"
    base = (PROJECT_ROOT / "backtests" / "runs" / "committee.toml").read_text()
    config.write_text(base.replace('analogues = true', 'analogues = false').replace(
        "[costs]", f'rules = ["{EXAMPLES / "regime_mix.toml"}"]\n\n[costs]')
        + '[[runs]]\nname = "regime_mix"\n')
    argv = ["run", "--config", config, "--strategies", "regime_mix,curve_guard,weights",
            "--weights", EXAMPLES / "weights.csv", "--episodes", "2008_gfc,2020_covid",
            "--no-tear-sheets", "--out", tmp_path / "reports", "--store", real_store.root]
    monkeypatch.setattr(sys, "argv", ["playbook", *map(str, argv)])
    try:
        main()
    except SystemExit as e:
        assert e.code in (0, None), capsys.readouterr().err
    finally:
        unregister("weights")
    out = capsys.readouterr().out
    headline = out.split("Scorecard")[0]
    for label in ("sixty_forty", "strategic_static", "regime_mix", "curve_guard", "weights",
                  "playbook"):
        assert f"\n│ {label} " in headline or f"\n┃ {label} " in headline, label
    page = (tmp_path / "reports" / "latest" / "index.html").read_text().replace("<wbr>", "")
    now = page.split('id="now"', 1)[1].split("</section>", 1)[0]
    attribution = page.split("came from", 1)[1].split("</table>", 1)[0]  # the split by regime
    for label in ("regime_mix", "curve_guard", "weights"):  # your rules and your weights
        assert f"<b>{label}</b>" in page.split("Scorecard", 1)[0], label  # the headline
        assert f'data-key="{label}|strategic_static|design|return"' in page  # timing value
        assert f'id="rule-{label}"' in page  # its card in The rules
        assert label in now and label in attribution, label
    assert "Gold and short Treasuries through a crisis" in page
    metrics = pd.read_csv(tmp_path / "reports" / "latest" / "metrics.csv").set_index(
        ["strategy", "episode", "metric"])["value"]
    from backtests.api import load as load_market  # the same weights through --weights
    own = load_market(real_store.root).backtest_weights(EXAMPLES / "weights.csv", "2008_gfc")
    assert metrics["weights", "2008_gfc", "total_return"] == pytest.approx(
        own.metrics["total_return"], rel=1e-9)


def test_now_and_replay_take_your_rules(real_store: Store, rules: list[str],
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    import json

    for argv in (["now", "--json", "--rules", EXAMPLES / "curve_rule.py"],
                 ["replay", "--analogue", "2020_covid", "--months", "6", "--rules",
                  EXAMPLES / "regime_mix.toml"]):
        monkeypatch.setattr(sys, "argv", ["playbook", *map(str, argv),
                                          "--store", str(real_store.root)])
        try:
            main()
        except SystemExit as e:
            assert e.code in (0, None), capsys.readouterr().err
        out = capsys.readouterr().out
        if argv[0] == "now":
            held = {h["strategy"]: h["today"] for h in json.loads(out)["holdings"]}
            # calm at the snapshot's end, the curve no longer inverted: the strategic mix
            assert held["curve_guard"] == {"us_equity": 0.6, "intermediate_treasury": 0.4}
        else:
            assert "│ regime_mix " in out
