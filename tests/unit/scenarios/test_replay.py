"""The unchanged pipeline on a scenario: flat in, flat out; lags; no reads outside; --no-qe."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from backtests.data.panel import build_panel, release_dates
from backtests.data.sleeves import build_sleeves
from backtests.engine.portfolio import Costs, simulate
from backtests.scenarios import summary
from backtests.scenarios.analogue import user_window
from backtests.scenarios.replay import Replay, prepare, replay
from strategies.base import Inputs
from strategies.registry import get
from strategies.signals import QE_TYPES
from tests.unit.scenarios.fakes import EVENTS, START, MemoryStore, event, make_store, universe

WINDOW = ("2000-03-01", "2000-12-29")


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    return make_store()


@pytest.fixture(scope="module")
def with_qe(store: MemoryStore) -> Replay:
    return replay(prepare(store, user_window(*WINDOW, store), universe(), EVENTS), True, {})


def same(a: pd.Series, b: pd.Series | float) -> bool:
    """Equal, NaN matching NaN."""
    a, b = a.astype(float), pd.Series(b, index=a.index, dtype=float)
    return bool(((a == b) | (a.isna() & b.isna())).all())


# A flat history gives the sleeves' proxy fits zero-variance returns to correlate.
@pytest.mark.filterwarnings("ignore:invalid value encountered in divide:RuntimeWarning")
def test_a_zero_change_analogue_leaves_every_signal_flat() -> None:
    flat = make_store(flat_from="2002-01-01")
    events = [event("2000-07-10", "qe_announce"), event("2000-08-21", "qe_expand")]
    r = replay(prepare(flat, user_window("2002-03-01", "2002-09-30", flat), universe(), events),
               True, {})
    for symbol, level in r.scenario.extension.levels.items():
        assert (level == flat.level(symbol).loc[:START].iloc[-1]).all(), symbol
    syn = r.scenario.synthetic
    sig = r.context.signals
    for col in sig.columns.drop("days_since_qe_announcement"):
        assert same(sig.loc[syn, col], float(sig.loc[START, col])), col
    # the one counter counts on: no new event
    assert (sig.loc[syn, "days_since_qe_announcement"].diff().dropna() == 1).all()
    assert (r.context.regimes.loc[syn, "regime"] == r.context.regimes.loc[START, "regime"]).all()
    inputs = Inputs(r.context.signals, r.context.regimes)
    for name in r.runs:
        targets = get(name).rule(inputs, get(name).params()).dropna(how="all")
        last = targets.loc[:START].iloc[-1]
        assert (targets.loc[targets.index > START] == last).all().all(), name


def test_synthetic_observations_obey_the_publication_lags(with_qe: Replay) -> None:
    panel, u = with_qe.context.panel, with_qe.scenario.universe
    for symbol in ("UNRATE", "WALCL"):
        synthetic = with_qe.scenario.extension.levels[symbol]
        released = release_dates(pd.DatetimeIndex(synthetic.index), u.series[symbol])
        seen = panel[f"{symbol}@asof"].dropna()
        for asof, day in zip(synthetic.index, released, strict=True):
            assert (seen[seen.index < day] < asof).all(), (symbol, asof)  # invisible before
            after = seen[seen.index >= day]
            assert after.empty or after.iloc[0] >= asof, (symbol, asof)  # seen on its day
    # a daily H.15 rate dated d is read on the next business day, synthetic or not
    dgs10 = with_qe.scenario.extension.levels["DGS10"]
    day = with_qe.scenario.synthetic[5]
    assert panel.loc[day, "DGS10"] == dgs10[dgs10.index < day].iloc[-1]


def test_history_before_the_start_is_the_real_history(store: MemoryStore,
                                                      with_qe: Replay) -> None:
    real = build_panel(store, universe(), EVENTS, cutoff=START)
    pd.testing.assert_frame_equal(with_qe.context.panel.loc[:START], real, check_freq=False)
    # up to the start each strategy's path is the same run on the real data
    inputs = Inputs(with_qe.context.signals.loc[:START], with_qe.context.regimes.loc[:START])
    prices = pd.DataFrame({k: s.index for k, s in build_sleeves(store, universe()).items()})
    fallback = {k: s.fallback for k, s in universe().sleeves.items()}
    for name in ("playbook", "sixty_forty"):
        run = simulate(get(name).rule(inputs, get(name).params()), prices.reindex(real.index),
                       with_qe.warm_start, START, Costs(), fallback, name)
        assert with_qe.runs[name].value.index[0] == with_qe.warm_start
        pd.testing.assert_series_equal(with_qe.runs[name].value.loc[:START], run.value,
                                       check_names=False, check_freq=False)


def _poison(store: MemoryStore, keep: tuple[pd.Timestamp, pd.Timestamp],
            huge: float) -> MemoryStore:
    """Every series: huge values, and some NaN, outside `keep`."""
    out = {}
    for symbol in store.frames:
        level = store.level(symbol)
        outside = (level.index < keep[0]) | (level.index > keep[1])
        bad = level.where(~outside, level * huge)
        bad[outside & (np.arange(len(level)) % 7 == 3)] = np.nan
        out[symbol] = bad
    return store.with_levels(out)


def test_the_replay_reads_only_its_window_and_the_history_before_the_start(
        store: MemoryStore, with_qe: Replay) -> None:
    analogue = user_window(*WINDOW, store)
    source = _poison(store, (analogue.anchor - pd.Timedelta(days=40), analogue.end), 1e6)
    history = _poison(store, (pd.Timestamp("1990-01-01"), START), 1e9)
    poisoned = replay(prepare(history, analogue, universe(), EVENTS, source=source), True, {})
    for name, run in with_qe.runs.items():
        pd.testing.assert_series_equal(poisoned.runs[name].value, run.value)
        pd.testing.assert_frame_equal(poisoned.runs[name].weights, run.weights)
    pd.testing.assert_frame_equal(poisoned.context.signals, with_qe.context.signals)


def test_no_qe_drops_the_qe_events_and_nothing_else(store: MemoryStore,
                                                  with_qe: Replay) -> None:
    sc = with_qe.scenario
    no_qe = replay(sc, False, {})
    dropped = [e for e in sc.events(True) if e not in sc.events(False)]
    assert [(str(e.date.date()), e.type) for e in dropped] == [
        ("2004-05-10", "qe_announce"), ("2004-06-21", "qe_expand")]  # 2000-07-10, 2000-08-21
    assert all(e.type in QE_TYPES for e in dropped)
    kept = sc.events(False)
    assert [e for e in sc.events(True) if e not in dropped] == kept
    assert any(e.type == "qe_announce" and e.date < START for e in kept)  # history stays
    a, b = with_qe.context.panel, no_qe.context.panel
    qe_cols = [f"event:{t}" for t in QE_TYPES]
    pd.testing.assert_frame_equal(a.drop(columns=qe_cols), b.drop(columns=qe_cols))
    differs = a[qe_cols].ne(b[qe_cols]).any(axis=1)
    assert list(differs.index[differs]) == [pd.Timestamp("2004-05-10"),
                                            pd.Timestamp("2004-06-21")]


def test_events_move_by_the_same_offset_and_are_marked(with_qe: Replay) -> None:
    days = pd.Timedelta(days=with_qe.scenario.extension.shift.days)
    crisis = [e for e in EVENTS if pd.Timestamp(WINDOW[0]) < e.date <= pd.Timestamp(WINDOW[1])]
    assert [e.date for e in with_qe.scenario.crisis_events] == [e.date + days for e in crisis]
    assert all(e.description.startswith("HYPOTHETICAL replay of window_2000-03-01_2000-12-29's")
               for e in with_qe.scenario.crisis_events)


def test_every_output_marks_the_synthetic_days(with_qe: Replay) -> None:
    for run in with_qe.runs.values():
        assert run.provenance["synthetic"] is True
        assert run.provenance["synthetic_from"] == str(with_qe.scenario.synthetic[0].date())
        assert run.notes[-1].startswith("HYPOTHETICAL: after 2003-12-31 the data are")
    for frame in (summary.paths(with_qe), summary.allocations(with_qe),
                  summary.outcomes(with_qe, "sixty_forty")):
        assert (frame["hypothetical"] == (frame["date"] > START)).all()
        assert frame["hypothetical"].any()
    assert with_qe.scenario.store.manifest()["synthetic"] is True


def test_outcomes_count_from_the_start(with_qe: Replay) -> None:
    out = summary.outcomes(with_qe, "sixty_forty")
    assert sorted(set(out["horizon_months"])) == [6, 9]  # a 9-month window: 6 and its end
    row = out[(out["strategy"] == "buy_and_hold") & (out["horizon_months"] == 6)].iloc[0]
    value = with_qe.runs["buy_and_hold"].value
    v = value.loc[START:row["date"]] / value[START]
    assert row["total_return"] == pytest.approx(v.iloc[-1] - 1.0)
    assert row["max_drawdown"] == pytest.approx((v / v.cummax() - 1.0).min())
    # the 6-month point closes six months of the crisis: 2000-09-01 at the latest
    days = pd.Timedelta(days=with_qe.scenario.extension.shift.days)
    assert row["date"] - days == pd.Timestamp("2000-09-01")
    bench = out[(out["strategy"] == "sixty_forty") & (out["horizon_months"] == 6)].iloc[0]
    assert row["total_return_vs_sixty_forty"] == pytest.approx(
        row["total_return"] - bench["total_return"])
