"""The notebook API on the real snapshot: every result is the library's (and the CLI's) own."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from backtests import load
from backtests.api import Backtest, Market
from backtests.committee import stages
from backtests.data.store import Store
from backtests.engine.costs import Costs
from backtests.episodes import runner
from backtests.episodes.definitions import Episode, load_episodes
from backtests.episodes.runner import MarketData as Loaded
from backtests.episodes.runner import load_market, run_one
from backtests.errors import ConfigError
from backtests.report.tables import audit_rows
from backtests.sweep.grid import parse_grid
from backtests.sweep.orchestrate import build_sweep
from strategies.regimes import transitions
from strategies.registry import StrategyError, make_params
from tests.cliutil import run_cli as cli

pytestmark = pytest.mark.integration
EPISODES = load_episodes()


@pytest.fixture(scope="module")
def market(real_store: Store) -> Market:
    return load(real_store.root)


@pytest.fixture(scope="module")
def core(real_store: Store) -> Loaded:
    return load_market(real_store)


@pytest.fixture(scope="module")
def base(market: Market) -> Backtest:
    return market.backtest("contrarian_qe", episode="2008_gfc")


@pytest.fixture(scope="module")
def fast(market: Market) -> Backtest:
    return market.backtest("contrarian_qe", episode="2008_gfc", scale_in_days=10)




def test_a_backtest_is_the_runners_run(fast: Backtest, core: Loaded) -> None:
    params = make_params("contrarian_qe", {"scale_in_days": 10})
    ref = run_one(core, "contrarian_qe", params, "2008_gfc", EPISODES["2008_gfc"], Costs())
    bench = run_one(core, "sixty_forty", make_params("sixty_forty", {}), "2008_gfc",
                    EPISODES["2008_gfc"], Costs())
    assert fast.label == "contrarian_qe[scale_in_days=10]" and fast.strategy == "contrarian_qe"
    pd.testing.assert_series_equal(fast.metrics, pd.Series(ref.metrics, name=fast.label),
                                   check_exact=True)
    pd.testing.assert_series_equal(fast.benchmark_metrics,
                                   pd.Series(bench.metrics, name="sixty_forty"), check_exact=True)
    pd.testing.assert_series_equal(fast.returns, ref.result.returns, check_names=False)
    pd.testing.assert_frame_equal(fast.weights, ref.result.weights)
    table = fast.table()
    assert table.loc["total_return", "difference"] == pytest.approx(
        ref.metrics["total_return"] - bench.metrics["total_return"], abs=1e-15)
    assert fast.window == (pd.Timestamp(ref.result.returns.index[0]),
                           pd.Timestamp(ref.result.returns.index[-1]))


def test_a_backtest_writes_what_playbook_backtest_writes(
        market: Market, real_store: Store, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    argv = ["backtest", "--strategy", "contrarian_qe", "--episode", "2020_covid", "--set",
            "scale_in_days=10", "--set", "regime.crisis_drawdown=0.18", "--fee-bps", "10",
            "--out", str(tmp_path / "cli"), "--store", str(real_store.root)]
    assert cli(argv, monkeypatch) == 0
    mine = market.backtest("contrarian_qe", "2020_covid", scale_in_days=10,
                           costs={"fee_bps": 10}, label="contrarian_qe",
                           **{"regime.crisis_drawdown": 0.18})
    mine.write(tmp_path / "api")
    assert ((tmp_path / "api" / "metrics.csv").read_text()
            == (tmp_path / "cli" / "metrics.csv").read_text())
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "api" / "weights.parquet"),
                                  pd.read_parquet(tmp_path / "cli" / "weights.parquet"))


def test_thresholds_at_load_equal_thresholds_per_backtest(market: Market,
                                                          real_store: Store) -> None:
    strict = load(real_store.root, regime={"regime.crisis_drawdown": 0.18})
    a = strict.backtest("playbook", "2008_gfc")
    b = market.backtest("playbook", "2008_gfc", regime={"crisis_drawdown": 0.18})
    default = market.backtest("playbook", "2008_gfc")
    assert (a.label, b.label) == ("playbook", "playbook[regime.crisis_drawdown=0.18]")
    pd.testing.assert_series_equal(a.metrics, b.metrics, check_names=False, check_exact=True)
    assert a.metrics["total_return"] != default.metrics["total_return"]  # the threshold acts
    # a sweep on the stricter market runs on its thresholds: the grid's [fixed] carries them
    kw = {"strategy": "playbook", "episodes": ["2008_gfc", "2020_covid"]}
    swept = strict.sweep({"hold_months": [3, 12]}, out=real_store.root.parent / "sw1", **kw)
    fixed = market.sweep({"grid": {"hold_months": [3, 12]},
                          "fixed": {"regime.crisis_drawdown": 0.18}},
                         out=real_store.root.parent / "sw2", **kw)
    pd.testing.assert_frame_equal(swept.results, fixed.results)
    at_12 = swept.results.query("hold_months == 12 and episode == '2008_gfc'")
    assert at_12["total_return"].item() == pytest.approx(a.metrics["total_return"], abs=1e-12)


def test_compare_puts_runs_side_by_side_and_on_one_chart(fast: Backtest,
                                                        base: Backtest) -> None:
    c = fast.compare(base)
    assert list(c.metrics.columns) == [fast.label, "contrarian_qe", "sixty_forty"]
    diff = c.table()[f"{fast.label} - contrarian_qe"]
    pd.testing.assert_series_equal(diff, fast.metrics - base.metrics, check_names=False)
    figs = c.plot()
    lines = [t for t in figs.growth.data if t.legendgroup not in ("events", "regimes")]
    assert [t.name for t in lines[::2]] == [fast.label, "contrarian_qe", "sixty_forty"]
    np.testing.assert_allclose(np.asarray(lines[0].y, dtype=float), fast.value.to_numpy())
    np.testing.assert_allclose(np.asarray(lines[2].y, dtype=float), base.value.to_numpy())
    assert figs.allocation.layout.title.text == f"Weights held by {fast.label}"
    with pytest.raises(ConfigError) as e:
        fast.compare(_other_episode(fast))
    assert str(e.value) == (f"compare: runs of one episode only, got {fast.label} over 2008_gfc, "
                            "contrarian_qe over 2020_covid; backtest each over the same episode")


def _other_episode(fast: Backtest) -> Backtest:
    import dataclasses

    run = dataclasses.replace(fast.run, strategy="contrarian_qe", episode="2020_covid")
    return dataclasses.replace(fast, run=run)


def test_audit_is_the_regime_changes_with_the_reports_rows(fast: Backtest,
                                                          core: Loaded) -> None:
    start, end = fast.window
    changes = transitions(core.context.regimes.loc[start:end])
    audit = fast.audit
    assert len(audit) == len(changes) >= 4
    assert list(audit.index) == [t.date for t in changes]
    assert list(audit["trigger"]) == [t.reason for t in changes]
    assert list(zip(audit["from"], audit["to"], strict=True)) == [(t.before, t.after)
                                                                  for t in changes]
    assert list(audit["after"]) == [r["after"] for r in audit_rows(changes, fast.run)]
    assert fast.regimes.index[0] == start and fast.regimes.index[-1] == end
    assert set(fast.regimes["regime"]) >= {"crisis", "qe_launched"}


def test_results_render_escaped_with_the_benchmark_beside(market: Market,
                                                         core: Loaded) -> None:
    mine = {"role": "holdout", "description": "<script>alert(1)</script>",
            "start": "2020-01-02", "end": "2020-12-31", "warmup_days": 300}
    r = market.backtest("contrarian_qe", episode={"covid_year": mine}, label="<i>mine</i>")
    ref = run_one(core, "contrarian_qe", make_params("contrarian_qe", {}), "covid_year",
                  Episode.model_validate(mine), Costs())
    assert r.metrics["total_return"] == ref.metrics["total_return"]
    html = r._repr_html_()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<i>mine</i>" not in html and "&lt;i&gt;mine&lt;/i&gt;" in html
    t, b = r.metrics["total_return"], r.benchmark_metrics["total_return"]
    assert (f"<tr><td>total_return</td><td>{t:+.1%}</td><td>{b:+.1%}</td>"
            f"<td>{(t - b) * 100:+.1f} pp</td></tr>") in html
    text = repr(r).splitlines()
    assert text[0] == "<i>mine</i> vs sixty_forty, covid_year (2020-01-02..2020-12-31)"
    assert text[1].split() == ["metric", "<i>mine</i>", "sixty_forty", "difference"]


def test_bad_arguments_get_one_line_with_did_you_mean(market: Market) -> None:
    with pytest.raises(StrategyError, match=r"^parameters of contrarian_qe: unknown key "
                                            r"'scale_in_dyas' — did you mean 'scale_in_days'\?$"):
        market.backtest("contrarian_qe", scale_in_dyas=10)
    with pytest.raises(ConfigError, match=r"^episode: '2008_gcf' is not one of .* — did you "
                                          r"mean '2008_gfc'\?$"):
        market.backtest("contrarian_qe", episode="2008_gcf")
    with pytest.raises(StrategyError, match=r"^parameters \(regime\): unknown key 'vix_relef' — "
                                            r"did you mean 'vix_relief'\?$"):
        market.backtest("contrarian_qe", **{"regime.vix_relef": 0.2})
    with pytest.raises(StrategyError, match=r"^backtest: strategy \(or preset\) is required; "
                                            r"one of buy_and_hold, "):
        market.backtest()
    with pytest.raises(ConfigError, match=r"^metric: 'calmr' is not one of .* did you mean "
                                          r"'calmar'\?$"):
        market.sweep({"scale_in_days": [5, 10]}, "contrarian_qe", metric="calmr")
    with pytest.raises(ConfigError, match=r"^grid: 'scale_in_dyas' is not a parameter of "
                                          r"contrarian_qe — did you mean 'scale_in_days'\?"):
        market.sweep({"scale_in_dyas": [5, 10]}, "contrarian_qe")


def test_run_is_the_committee_run_and_report_writes_playbook_runs_report(
        market: Market, real_store: Store, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    rr = market.run(strategies=["contrarian_qe"], episodes=["2020_covid"])
    assert rr.strategies == ["sixty_forty", "strategic_static", "contrarian_qe", "playbook"]

    def rerun(*args: object, **kwargs: object) -> None:
        raise AssertionError("RunResults.report ran the backtests again")

    with monkeypatch.context() as m:  # .report renders the runs it holds
        m.setattr(stages, "run_matrix", rerun)
        m.setattr(runner, "run_matrix", rerun)
        index = rr.report(tmp_path / "api", tear_sheets=False)
    written = pd.read_csv(index.parent / "metrics.csv")
    pd.testing.assert_frame_equal(written, rr.metrics, rtol=1e-9)
    argv = ["run", "--strategies", "contrarian_qe", "--episodes", "2020_covid",
            "--no-tear-sheets", "--out", str(tmp_path / "cli"), "--store", str(real_store.root)]
    assert cli(argv, monkeypatch) == 0
    assert ((tmp_path / "cli" / "latest" / "metrics.csv").read_text()
            == (index.parent / "metrics.csv").read_text())
    # the same configuration on the same data: the same run id's hash, the same plan
    assert ((tmp_path / "cli" / "latest").resolve().name.split("-")[-1]
            == index.parent.name.split("-")[-1])
    api_run = json.loads((index.parent / "run.json").read_text())
    cli_run = json.loads((tmp_path / "cli" / "latest" / "run.json").read_text())
    same = ("config", "params", "regime_params", "data_hash", "store_version", "run_notes")
    assert {k: api_run[k] for k in same} == {k: cli_run[k] for k in same}
    assert {k: api_run["plan"][k] for k in ("evidence", "qe")} == {
        k: cli_run["plan"][k] for k in ("evidence", "qe")}
    assert rr.wide("max_drawdown").loc["contrarian_qe", "2020_covid"] == pytest.approx(
        written.query("strategy == 'contrarian_qe' and metric == 'max_drawdown'")["value"]
        .item(), rel=1e-9)


def test_run_takes_extra_runs_costs_and_thresholds(market: Market) -> None:
    extra = {"name": "contrarian_qe", "label": "fast", "params": {"scale_in_days": 10}}
    rr = market.run(strategies=["sixty_forty", extra], episodes="2008_gfc",
                    costs={"fee_bps": 10}, regime={"vix_relief": 0.25})
    one = market.backtest("contrarian_qe", "2008_gfc", scale_in_days=10, costs={"fee_bps": 10},
                          **{"regime.vix_relief": 0.25})
    assert rr.wide("total_return").loc["fast", "2008_gfc"] == one.metrics["total_return"]
    assert rr.config.regime.vix_relief == 0.25 and rr.config.costs.fee_bps == 10
    with pytest.raises(ConfigError, match=r"^metric: 'sharp' is not one of .* did you mean "
                                          r"'sharpe'\?$"):
        rr.wide("sharp")


def test_sweep_is_playbook_sweeps_result_with_its_guards(market: Market, core: Loaded,
                                                        tmp_path: Path) -> None:
    axes = {"scale_in_days": [5, 20], "vix_relief": [0.2, 0.3, 0.4]}
    names = ["2008_gfc", "2020_covid", "full_history"]
    sw = market.sweep(axes, strategy="contrarian_qe", episodes=names, out=tmp_path / "api")
    ref = build_sweep(core, parse_grid({"grid": axes}, "contrarian_qe", "grid"),
                      {e: EPISODES[e] for e in names}, Costs(), "calmar", tmp_path / "ref")
    pd.testing.assert_frame_equal(sw.results, ref.result.table)
    pd.testing.assert_frame_equal(sw.loeo, ref.loeo)
    assert (sw.deflated_sharpe, sw.pbo, sw.best, sw.verdict) == (ref.dsr, ref.pbo, ref.best,
                                                                 ref.verdict)
    assert (sw.page.parent / "results.csv").exists()
    best = sw.ranking(1)
    assert best.iloc[0][list(axes)].to_dict() == sw.best
    heat = sw.heatmap(episode="2008_gfc")
    rows = sw.results[sw.results.episode == "2008_gfc"]
    want = rows.pivot_table(index="vix_relief", columns="scale_in_days", values="calmar")
    np.testing.assert_allclose(np.asarray(heat.data[0].z, dtype=float), want.to_numpy())
    with pytest.raises(ConfigError, match=r"^heatmap: 'hold_months' is not one of "
                                          r"scale_in_days, vix_relief$"):
        sw.heatmap("hold_months", "vix_relief")


def test_now_is_playbook_nows_report(market: Market, real_store: Store) -> None:
    from backtests.now.read import where_are_we
    from strategies.triggers import TRIGGERS

    view = market.now()
    ref = where_are_we(real_store)
    assert view.to_dict() == ref.to_dict()
    assert list(view.triggers.index) == list(TRIGGERS)
    held = view.holdings.loc["contrarian_qe"]
    today = next(h.today for h in ref.holdings if h.strategy == "contrarian_qe")
    assert held[held > 0].to_dict() == today
    assert f"As of {ref.as_of}: regime {ref.regime} since {ref.since}" in view._repr_html_()


def test_replay_is_playbook_replays(market: Market, real_store: Store) -> None:
    from backtests.scenarios import analogue, summary
    from backtests.scenarios.replay import prepare, replay

    view = market.replay("2020_covid", months=6)
    chosen = analogue.resolve("2020_covid", real_store, EPISODES, 6)
    ref = replay(prepare(real_store, chosen), True, EPISODES)
    pd.testing.assert_frame_equal(view.outcomes, summary.outcomes(ref, "sixty_forty"))
    assert view.plot().growth.layout.title.text.startswith("2020_covid (with QE): each "
                                                           "strategy's path (HYPOTHETICAL")
    with pytest.raises(ConfigError, match=r"^replay: name a crisis with analogue= "):
        market.replay()
    with pytest.raises(ConfigError, match=r"^replay: use either analogue=NAME"):
        market.replay("2008_gfc", window=("2007-10-09", "2009-03-09"))


def test_sweep_walk_forward_is_playbook_sweeps(market: Market, core: Loaded,
                                              tmp_path: Path) -> None:
    from backtests.episodes.definitions import sweep_defaults
    from backtests.sweep.walkforward import run_walk_forward

    sw = market.sweep({"scale_in_days": [5, 20]}, "contrarian_qe", walk_forward=True,
                      out=tmp_path)
    names = sweep_defaults(EPISODES, True)
    assert list(dict.fromkeys(sw.results["episode"])) == names
    assert sw.walk_forward is not None
    ref = run_walk_forward(core, sw.summary.result, {e: EPISODES[e] for e in names}, Costs(),
                           "calmar")
    pd.testing.assert_frame_equal(sw.walk_forward.table, ref.table)
    written = pd.read_csv(sw.page.parent / "walkforward.csv")
    assert list(written["episode"]) == list(ref.table["episode"])
