"""Forward analogues on the real snapshot: the start, anchors, offsets, lags, no reads after
the start, the real history up to it, and --no-qe. Mechanics only: the rules move."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from backtests.data.events import load_events
from backtests.data.panel import build_panel, release_dates
from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.engine.portfolio import Costs
from backtests.episodes.definitions import load_episodes
from backtests.episodes.runner import load_market, run_one
from backtests.scenarios import summary
from backtests.scenarios.analogue import resolve
from backtests.scenarios.replay import Replay, prepare, replay, start_day
from strategies.registry import get
from tests.cliutil import run_cli

pytestmark = pytest.mark.integration
START = pd.Timestamp("2025-09-26")


@pytest.fixture(scope="module")
def gfc(real_store: Store, universe: Universe) -> tuple[Replay, Replay]:
    eps = load_episodes()
    scenario = prepare(real_store, resolve("2008_gfc", real_store, eps), universe)
    return replay(scenario, True, eps), replay(scenario, False, eps)


def test_the_start_is_the_last_day_every_sleeve_has_data(real_store: Store,
                                                         universe: Universe) -> None:
    start = start_day(real_store, universe)
    assert start.day == START and start.signals_end == pd.Timestamp("2026-08-21")
    assert "us_equity" in start.ending and "cash" not in start.ending
    assert start.describe().endswith("the signals run to 2026-08-21 and every series is cut at "
                                     "2025-09-26: nothing after it is read")


@pytest.mark.parametrize(("name", "anchor"), [
    ("2000_dotcom", "2000-03-10"), ("2008_gfc", "2007-10-09"), ("2020_covid", "2020-02-19"),
    ("2022", "2021-11-19")])
def test_anchors_and_whole_week_offsets(real_store: Store, universe: Universe, name: str,
                                        anchor: str) -> None:
    a = resolve(name, real_store, load_episodes())
    assert a.anchor == pd.Timestamp(anchor)
    sc = prepare(real_store, a, universe)
    days = sc.extension.shift.days
    assert days % 7 == 0 and 0 <= (a.anchor + pd.Timedelta(days=days) - START).days < 7
    crisis = real_store.level("^GSPC").loc[a.anchor:a.end].index[1:]
    assert list(sc.synthetic) == list(crisis + pd.Timedelta(days=days))
    ixic = sc.store.level("^IXIC")
    assert ixic.loc[:START].equals(real_store.level("^IXIC").loc[:START])
    assert ixic.index[ixic.index > START][0] == sc.synthetic[0]  # nothing real after the start


class Poisoned(Store):
    """The real store with every value after `after` (and before `before`) made absurd."""

    def __init__(self, base: Store, before: pd.Timestamp, after: pd.Timestamp) -> None:
        super().__init__(base.root)
        self.base, self.before, self.after = base, before, after

    def load(self, symbol: str) -> pd.DataFrame:
        frame = self.base.load(symbol)
        outside = (frame.index < self.before) | (frame.index > self.after)
        num = frame.select_dtypes("number").columns
        frame.loc[outside, num] = frame.loc[outside, num] * 1e9
        frame.loc[outside & (np.arange(len(frame)) % 5 == 0), num] = np.nan
        return frame

    def manifest(self) -> dict[str, Any]:
        return self.base.manifest()


def test_a_replay_reads_only_its_window_and_the_history_up_to_the_start(
        real_store: Store, universe: Universe) -> None:
    eps = load_episodes()
    a = resolve("2020_covid", real_store, eps, months=6)
    clean = replay(prepare(real_store, a, universe), True, eps)
    history = Poisoned(real_store, pd.Timestamp("1900-01-01"), START)
    source = Poisoned(real_store, a.anchor - pd.Timedelta(days=40), a.end)
    dirty = replay(prepare(history, a, universe, source=source), True, eps)
    for name, run in clean.runs.items():
        pd.testing.assert_series_equal(dirty.runs[name].value, run.value)
    pd.testing.assert_frame_equal(dirty.context.regimes, clean.context.regimes)


def test_up_to_the_start_everything_is_the_real_history(
        real_store: Store, universe: Universe, gfc: tuple[Replay, Replay]) -> None:
    r = gfc[0]
    real = build_panel(real_store, universe, load_events(), cutoff=START)
    pd.testing.assert_frame_equal(r.context.panel.loc[:START], real)
    # each strategy's path up to the start is its run over the report's `latest` episode
    market = load_market(real_store, universe)
    assert market.data_end == START
    latest = load_episodes()["latest"]
    for name in ("playbook", "contrarian_qe", "sixty_forty"):
        run = run_one(market, name, get(name).params(), "latest", latest, Costs())
        pd.testing.assert_series_equal(r.runs[name].value.loc[:START], run.result.value)
        pd.testing.assert_frame_equal(r.runs[name].weights.loc[:START], run.result.weights)


def test_synthetic_unemployment_is_invisible_before_its_release(
        universe: Universe, gfc: tuple[Replay, Replay]) -> None:
    r = gfc[0]
    synthetic = r.scenario.extension.levels["UNRATE"]
    released = release_dates(pd.DatetimeIndex(synthetic.index), universe.series["UNRATE"])
    seen = r.context.panel["UNRATE@asof"].dropna()
    for asof, day in zip(synthetic.index, released, strict=True):
        assert (seen[seen.index < day] < asof).all()
        after = seen[seen.index >= day]
        assert after.empty or after.iloc[0] >= asof
    assert len(synthetic) == 24  # Nov 2007 .. Oct 2009, each on its shifted as-of date


def test_no_qe_drops_qe1_and_its_expansion_and_nothing_else(gfc: tuple[Replay, Replay]) -> None:
    qe, no_qe = gfc
    sc = qe.scenario
    dropped = [(str(e.date.date()), e.type) for e in sc.events(True) if e not in sc.events(False)]
    assert dropped == [("2026-11-17", "qe_announce"), ("2027-03-10", "qe_expand")]
    cols = ["event:qe_announce", "event:qe_expand"]
    pd.testing.assert_frame_equal(qe.context.panel.drop(columns=cols),
                                  no_qe.context.panel.drop(columns=cols))
    before = pd.Timestamp("2026-11-16")  # the decision on QE day trades the next day
    for name, run in qe.runs.items():
        pd.testing.assert_series_equal(run.value.loc[:before], no_qe.runs[name].value.loc[:before])
    assert "--no-qe drops the crisis's QE announcements (2026-11-17 qe_announce, 2027-03-10 " \
           "qe_expand)" in " ".join(summary.describe(no_qe))


def test_outcomes_at_6_12_24_months_for_every_strategy(gfc: tuple[Replay, Replay]) -> None:
    out = summary.outcomes(gfc[0], "sixty_forty")
    assert sorted(set(out["horizon_months"])) == [6, 12, 24]
    assert len(out) == 3 * len(gfc[0].runs) and out["hypothetical"].all()
    twelve = out[out["horizon_months"] == 12]
    assert set(twelve["date"]) == {pd.Timestamp("2026-10-01")}  # 2008-10-09 + 938 weeks
    bench = twelve[twelve["strategy"] == "sixty_forty"].iloc[0]
    assert bench["total_return_vs_sixty_forty"] == 0.0
    assert (out["max_drawdown"] <= 0).all()


def test_the_replay_command_as_a_user_sees_it(real_store: Store, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["replay", "--analogue", "2008_gfc", "--months", "6", "--store",
                    str(real_store.root)], monkeypatch) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:5] == [
        "HYPOTHETICAL: 2008_gfc replayed from 2025-09-26, with its QE events. Not a forecast: "
        "one past crisis's moves applied to today's data.",
        "  start 2025-09-26: the latest date the sleeves allow (us_equity, us_growth, "
        "long_treasury, intermediate_treasury, gold, commodities, short_treasury, em_equity end "
        "there); the "
        "signals run to 2026-08-21 and every series is cut at 2025-09-26: nothing after it is "
        "read",
        "  anchor 2007-10-09: 2008_gfc's sp500_peak marker (data/episodes.toml), the credit "
        "cycle's top: the S&P 500's peak",
        "  crisis day d is replayed on d + 938 weeks (6566 days): synthetic trading days "
        "2025-10-01 .. 2026-04-01 (125 days; the crisis's 2007-10-10 .. 2008-04-09)",
        "  2 weekday(s) between the start and the first synthetic day carry no trading day (the "
        "crisis calendar moves by whole weeks)"]
    assert "  Fed events replayed: 2026-01-13 emergency_cut (was 2008-01-22)" in lines
    assert "  stand-ins: SOFR (DFF's changes: SOFR has no data at the anchor)" in lines
    text = "\n".join(lines)
    for title in ("Return / worst drawdown from the start (HYPOTHETICAL)",
                  "Weights held (HYPOTHETICAL after the start)",
                  "Regime changes on the synthetic days (HYPOTHETICAL)"):
        assert title in text
    assert "6m (2026-04-01)" in text and "│ playbook" in text


def test_a_window_after_the_start_is_refused(real_store: Store, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["replay", "--from", "2025-01-02", "--to", "2026-01-02", "--store",
                    str(real_store.root)], monkeypatch) == 2
    assert capsys.readouterr().err == (
        "error: analogue window_2025-01-02_2026-01-02 ends 2026-01-02, after the start "
        "2025-09-26; an analogue must be history at the start (an earlier --to or fewer "
        "--months)\n")
