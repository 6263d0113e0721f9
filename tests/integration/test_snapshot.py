"""The real snapshot: coverage, splices, cash accrual and exact reads."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from backtests.data.sleeves import build_sleeves
from backtests.data.status import series_status, sleeve_status
from backtests.data.store import Store
from backtests.data.universe import Universe, file_stem
from tests.conftest import SNAPSHOT

pytestmark = pytest.mark.integration
ETF_END = pd.Timestamp("2025-09-26")  # the last date of the snapshot's ETF files


@pytest.fixture(scope="module")
def sleeves(real_store: Store, universe: Universe) -> dict:
    return build_sleeves(real_store, universe)


def test_every_universe_symbol_is_in_the_snapshot_manifest(universe: Universe) -> None:
    with (SNAPSHOT / "manifest.csv").open() as fh:
        symbols = {row["symbol"] for row in csv.DictReader(fh)}
    assert set(universe.series) <= symbols
    assert {file_stem(s) for s in universe.series} <= {
        p.stem for p in [*SNAPSHOT.glob("prices/*.csv"), *SNAPSHOT.glob("fred/*.csv")]}


def test_every_sleeve_covers_1999_to_the_etf_end(sleeves: dict, real_store: Store,
                                                 universe: Universe) -> None:
    cal = pd.DatetimeIndex(real_store.level("^GSPC").index)
    window = cal[(cal >= "1999-01-04") & (cal <= ETF_END)]
    for name, s in sleeves.items():
        start = pd.Timestamp("2000-08-31" if name == "commodities" else "1999-01-04")
        need = window[window >= start]
        got = s.returns.reindex(need)
        assert got.notna().all(), f"{name} misses {got[got.isna()].index[:3].tolist()}"
    # commodities: copper futures start 2000-08-30, so the first return is 2000-08-31
    assert sleeves["commodities"].returns.index[0] == pd.Timestamp("2000-08-31")


def test_tlt_vustx_splice_is_continuous_in_returns(sleeves: dict, real_store: Store) -> None:
    lt = sleeves["long_treasury"]
    assert [(g.symbol, str(g.first.date())) for g in lt.segments] == [
        ("VUSTX", "1990-01-03"), ("TLT", "2002-07-31")]  # calendar starts 1990
    around = lt.returns["2002-07-24":"2002-08-07"]
    vustx = real_store.level("VUSTX").pct_change()
    tlt = real_store.level("TLT").pct_change()
    assert around["2002-07-30"] == pytest.approx(vustx["2002-07-30"], abs=1e-12)
    assert around["2002-07-31"] == pytest.approx(tlt["2002-07-31"], abs=1e-12)
    # no level jump: the splice day's return is an ordinary day, not a price-level gap
    assert abs(around).max() < 0.02


def test_cash_2019_matches_the_average_bill_rate(sleeves: dict, real_store: Store) -> None:
    cash = sleeves["cash"].returns["2019"]
    total = float((1 + cash).prod() - 1)
    avg_rate = float(real_store.level("DTB3")["2019"].mean()) / 100
    assert abs(total - avg_rate) < 0.002
    assert 0.019 < total < 0.023  # ~2.1% in 2019


def test_sp500_closes_read_back_exactly(real_store: Store) -> None:
    closes = real_store.load("^GSPC")["close"]
    raw = pd.read_csv(SNAPSHOT / "prices" / "IDX_GSPC.csv", index_col="date")["close"]
    for day, published in [("2007-10-09", 1565.15), ("2009-03-09", 676.53)]:
        assert closes[day] == raw[day]  # bit-exact round trip of the file's value
        # The file keeps Yahoo's float32 noise (1565.150024); at the published cent it is exact.
        assert round(closes[day], 2) == published
        assert np.float32(closes[day]) == np.float32(published)


def test_synthetic_intermediate_treasury_fits_ief(sleeves: dict) -> None:
    fit = sleeves["intermediate_treasury"].fits[0]
    assert fit.proxy == "DGS10" and fit.primary == "IEF" and fit.days > 5000
    assert fit.correlation > 0.9 and fit.tracking_error < 0.03
    assert abs(fit.ann_return_proxy - fit.ann_return_primary) < 0.01


def test_status_lists_every_sleeve_and_series(real_store: Store, universe: Universe) -> None:
    sleeves = {r.name: r for r in sleeve_status(real_store, universe)}
    series = {r.name: r for r in series_status(real_store, universe)}
    assert set(sleeves) == set(universe.sleeves)
    assert set(universe.series) <= set(series)
    assert not [r for r in series.values() if r.rows == 0]
    assert any("stale" in f for f in series["TEDRATE"].flags)
    assert "proxied: VUSTX" in sleeves["long_treasury"].flags
    assert np.isfinite(sleeves["cash"].last_value)
