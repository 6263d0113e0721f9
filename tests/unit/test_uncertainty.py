"""The stationary block bootstrap of paired daily returns, on synthetic series."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from backtests import metrics as m
from backtests.uncertainty import bootstrap_differences, interval_rows, resample_counts

DAYS = pd.bdate_range("2010-01-04", periods=1500)


def frame(seed: int, edge: float = 0.0, mu: tuple[float, float] = (3e-4, 3e-4),
          days: pd.DatetimeIndex = DAYS) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    bench = rng.normal(mu[0], 0.01, len(days))
    rule = rng.normal(mu[1], 0.01, len(days)) + edge
    return pd.DataFrame({"rule": rule, "bench": bench, "twin": bench}, index=days)


RF = pd.Series(1e-4, index=DAYS)


def test_observed_differences_are_the_metrics_differences() -> None:
    r = frame(1)
    out = bootstrap_differences(r, "bench", RF, "x").set_index("strategy")
    assert out.loc["rule", "cagr_diff"] == pytest.approx(
        m.cagr(r["rule"]) - m.cagr(r["bench"]), abs=1e-14)
    assert out.loc["rule", "sharpe_diff"] == pytest.approx(
        m.sharpe(r["rule"], RF) - m.sharpe(r["bench"], RF), abs=1e-12)
    assert out.loc["rule", "days"] == 1500 and out.loc["rule", "reps"] == 2000


def test_identical_series_give_exactly_zero_and_do_not_exclude_it() -> None:
    out = bootstrap_differences(frame(2), "bench", RF, "x").set_index("strategy")
    for who in ("twin", "bench"):
        row = out.loc[who]
        assert (row["cagr_lo"], row["cagr_hi"], row["sharpe_lo"], row["sharpe_hi"]) == (0, 0, 0, 0)
        assert not row["cagr_excludes_zero"] and not row["sharpe_excludes_zero"]


def test_a_known_difference_is_inside_its_interval() -> None:
    """Independent normal returns with known means: the true CAGR and Sharpe differences."""
    mu, sigma = (2e-4, 6e-4), 0.01
    r = frame(3, mu=mu)
    out = bootstrap_differences(r, "bench", pd.Series(0.0, index=DAYS), "x").set_index(
        "strategy").loc["rule"]
    # E[log(1+r)] for r ~ N(mu, sigma) by Gauss-Hermite quadrature (exact to ~1e-15 here)
    x, w = np.polynomial.hermite_e.hermegauss(60)
    growth = [math.exp(252 * float(w @ np.log1p(u + sigma * x)) / math.sqrt(2 * math.pi)) - 1
              for u in mu]
    true_cagr = growth[1] - growth[0]
    true_sharpe = (mu[1] - mu[0]) / sigma * math.sqrt(252)
    assert out["cagr_lo"] < true_cagr < out["cagr_hi"]
    assert out["sharpe_lo"] < true_sharpe < out["sharpe_hi"]
    assert out["cagr_lo"] < out["cagr_diff"] < out["cagr_hi"]


def test_intervals_cover_the_truth_about_ninety_percent_of_the_time() -> None:
    days = pd.bdate_range("2010-01-04", periods=500)
    rf = pd.Series(0.0, index=days)
    true = (4e-4 - 3e-4) / 0.01 * math.sqrt(252)
    hits = [bootstrap_differences(frame(100 + s, mu=(3e-4, 4e-4), days=days), "bench", rf,
                                  f"s{s}", reps=400).set_index("strategy").loc["rule"]
            for s in range(60)]
    coverage = np.mean([h["sharpe_lo"] < true < h["sharpe_hi"] for h in hits])
    assert 0.8 <= coverage <= 0.97


def test_a_large_constant_edge_excludes_zero() -> None:
    r = frame(4, edge=1e-3)  # +1e-3 a day on independent noise: about +28% a year
    out = bootstrap_differences(r.assign(twin=r["bench"] + 2e-4), "bench", RF, "x").set_index(
        "strategy")
    assert out.loc["rule", "cagr_lo"] > 0 and bool(out.loc["rule", "cagr_excludes_zero"])
    assert out.loc["rule", "sharpe_lo"] > 0 and bool(out.loc["rule", "sharpe_excludes_zero"])
    # the benchmark plus a constant 2 bp a day: only the edge differs, so a narrow interval
    twin = out.loc["twin"]
    assert 0.04 < twin["cagr_lo"] < twin["cagr_diff"] < twin["cagr_hi"] < 0.07
    assert bool(twin["cagr_excludes_zero"]) and bool(twin["sharpe_excludes_zero"])
    small = bootstrap_differences(frame(4), "bench", RF, "x").set_index("strategy").loc["rule"]
    assert small["cagr_lo"] < 0 < small["cagr_hi"] and not small["cagr_excludes_zero"]


def test_deterministic_and_drawn_once_per_episode() -> None:
    r = frame(5)
    a = bootstrap_differences(r, "bench", RF, "2008_gfc")
    b = bootstrap_differences(r, "bench", RF, "2008_gfc")
    pd.testing.assert_frame_equal(a, b)
    c = bootstrap_differences(r, "bench", RF, "2020_covid")  # another episode, other draws
    assert not np.isclose(a.loc[0, "cagr_lo"], c.loc[0, "cagr_lo"], rtol=1e-9)
    # the same draws serve every strategy: adding a column changes no one else's interval
    wider = bootstrap_differences(r.assign(extra=r["rule"] * 2), "bench", RF, "2008_gfc")
    pd.testing.assert_frame_equal(a, wider.iloc[:3])


def test_the_resampled_days_come_in_blocks_of_the_stated_mean_length() -> None:
    counts = np.vstack(list(resample_counts(1000, "x", reps=300, block=21)))
    assert counts.shape == (300, 1000) and (counts.sum(axis=1) == 1000).all()
    from arch.bootstrap import StationaryBootstrap

    bs = StationaryBootstrap(21, np.arange(5000), seed=np.random.default_rng(0))
    idx = bs.update_indices()
    continued = np.mean(idx[1:] == (idx[:-1] + 1) % 5000)
    assert continued == pytest.approx(1 - 1 / 21, abs=0.01)


def test_rows_for_metrics_csv() -> None:
    out = bootstrap_differences(frame(6), "bench", RF, "ep")
    rows = interval_rows(out, "bench")
    assert list(rows["metric"].iloc[:6]) == [
        "cagr_vs_bench_lo", "cagr_vs_bench_hi", "cagr_vs_bench_excludes_zero",
        "sharpe_vs_bench_lo", "sharpe_vs_bench_hi", "sharpe_vs_bench_excludes_zero"]
    assert set(rows["value"][rows["metric"].str.endswith("excludes_zero")]) <= {0.0, 1.0}
    with pytest.raises(ValueError, match="returns hold NaN"):
        bootstrap_differences(frame(6).iloc[:10].assign(rule=np.nan), "bench", RF, "ep")


def test_uncertainty_does_not_import_the_runner() -> None:
    """runner imports uncertainty (interval rows), so the reverse would be a cycle."""
    import ast
    import inspect

    from backtests import uncertainty

    tree = ast.parse(inspect.getsource(uncertainty))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert "backtests.runner" not in imported
