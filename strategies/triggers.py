"""The article's triggers, read once per day: fired, unknown, and the value vs its threshold.

One definition serves the regime machine, the alert stream, `playbook now` and the audit trail.
A trigger whose inputs are stale or absent is UNKNOWN (`unknown` True, `fired` False): the
machine cannot act on it, and everything that shows it says "unknown", never "not fired".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from strategies.schema import REGIMES

if TYPE_CHECKING:
    import pandas as pd

    from strategies.thresholds import RegimeParams

CREDIT_NAMES = ("BAA10Y 3m change", "HY OAS 3m change (in BAA10Y terms)",
                "IEF minus HYG 3m return (in BAA10Y terms)")


@dataclass(frozen=True)
class Trigger:
    """What a trigger is: its label, the regimes in which it can change a decision, inputs."""

    key: str
    label: str
    applies_in: tuple[str, ...]  # regimes in which it matters; elsewhere "not applicable"
    inputs: tuple[str, ...]  # stored series it reads (for freshness)
    unit: str  # "pct" (fraction as %), "pp" (spread), "rate" (a yield in %), "level", "days"
    rule_input: bool = True  # False: a gauge shown and alerted on, read by no rule


@dataclass(frozen=True)
class Reading:
    """One trigger on every day."""

    fired: np.ndarray  # bool
    unknown: np.ndarray  # bool: an input is stale or absent
    value: np.ndarray  # the number compared (NaN when unknown)
    threshold: np.ndarray  # per day (a chained source has its own threshold)
    op: str  # how value is compared with threshold: "<=", ">=" or ">"
    name: np.ndarray  # per day: what the value is (a chained trigger names its source)


ALL = REGIMES
TRIGGERS = {t.key: t for t in [
    Trigger("correction", "Nasdaq correction", ("calm", "recovery"), ("^IXIC",), "pct"),
    Trigger("crisis_depth", "Nasdaq fall beyond the crisis depth",
            ("calm", "correction", "recovery"), ("^IXIC",), "pct"),
    Trigger("healed", "Nasdaq drawdown healed", ("correction", "recovery"), ("^IXIC",), "pct"),
    Trigger("credit", "credit stress", ("calm", "correction", "recovery"),
            ("BAA10Y", "BAMLH0A0HYM2", "HYG", "IEF"), "pp"),
    Trigger("funding", "funding stress", ("calm", "correction", "recovery"),
            ("SOFR", "TEDRATE", "DFEDTARU"), "pp"),
    Trigger("unemployment", "unemployment rising fast (real-time Sahm rule)",
            ("calm", "correction", "recovery"), ("SAHMREALTIME",), "pp"),
    Trigger("market_stress", "market-implied stress (VIX), read for a stress input that is "
            "unknown", ("calm", "correction", "recovery"), ("^VIX",), "level"),
    Trigger("yields", "10-year yield at the article's 4.5% and rising", ALL, ("DGS10",), "rate"),
    Trigger("inflation", "inflation high", ALL, ("CPIAUCSL",), "pct"),
    Trigger("qe_announced", "QE announced recently", ("crisis", "recovery"), (), "days"),
    Trigger("balance_sheet", "Fed balance sheet growing", ("crisis", "recovery"), ("WALCL",),
            "pct"),
    Trigger("panic_relief", "panic subsiding", ("crisis", "qe_launched"), ("^VIX", "^IXIC"),
            "pct"),
    Trigger("new_panic", "panic renewed (VIX at a new trailing peak)", ("recovery",), ("^VIX",),
            "pct"),
    Trigger("reserves", "reserves no longer ample (a gauge: no rule reads it)", ALL,
            ("SOFR", "IORB", "DFEDTARU"), "pp", rule_input=False),
]}


def _col(signals: pd.DataFrame, name: str) -> np.ndarray:
    return signals[name].to_numpy(dtype=float)


def _simple(value: np.ndarray, threshold: float, op: str, name: str) -> Reading:
    with np.errstate(invalid="ignore"):
        fired = {"<=": value <= threshold, ">=": value >= threshold, ">": value > threshold}[op]
    n = len(value)
    return Reading(fired, np.isnan(value), value, np.full(n, threshold), op,
                   np.full(n, name, dtype=object))


def evaluate(signals: pd.DataFrame, p: RegimeParams) -> dict[str, Reading]:
    """Every trigger on every day of `signals`, with the thresholds of `p`."""
    dd = _col(signals, "tech_drawdown")
    out = {
        "correction": _simple(dd, -p.correction_drawdown, "<=", "Nasdaq drawdown"),
        "crisis_depth": _simple(dd, -p.crisis_drawdown, "<=", "Nasdaq drawdown"),
        "healed": _simple(dd, -p.calm_drawdown, ">", "Nasdaq drawdown"),
        "unemployment": _simple(_col(signals, "sahm"), p.sahm, ">=", "real-time Sahm rule"),
        "market_stress": _simple(_col(signals, "vix"), p.vix_stress, ">=", "VIX"),
        "inflation": _simple(_col(signals, "cpi_yoy"), p.inflation_high, ">=",
                             "CPI 12-month change"),
        "qe_announced": _simple(_col(signals, "days_since_qe_announcement"),
                                float(p.qe_within), "<=", "trading days since a QE announcement"),
        "balance_sheet": _simple(_col(signals, "fed_assets_13w_change"),
                                 p.balance_sheet_growth, ">=", "Fed assets 13-week change"),
        "credit": _credit(signals, p),
        "funding": _funding(signals, p),
        "yields": _yields(signals, p),
        "panic_relief": _relief(signals, p),
        "new_panic": _new_panic(signals),
        "reserves": _reserves(signals),
    }
    # The calendar is never stale: no announcement yet is a known "no", not unknown.
    qe = out["qe_announced"]
    out["qe_announced"] = Reading(qe.fired, np.zeros(len(dd), bool), qe.value, qe.threshold,
                                  qe.op, qe.name)
    return out


def _credit(signals: pd.DataFrame, p: RegimeParams) -> Reading:
    r = _simple(_col(signals, "credit_change"), p.credit_change, ">=", "")
    source = _col(signals, "credit_source")
    names = np.array([CREDIT_NAMES[int(s)] if s == s else "credit spread" for s in source],
                     dtype=object)
    return Reading(r.fired, r.unknown, r.value, r.threshold, r.op, names)


def _funding(signals: pd.DataFrame, p: RegimeParams) -> Reading:
    """SOFR over the policy ceiling where SOFR is live (from 2018-04), else the TED spread."""
    sofr, ted = _col(signals, "funding_spread"), _col(signals, "ted_spread")
    use_sofr = ~np.isnan(sofr)
    value = np.where(use_sofr, sofr, ted)
    threshold = np.where(use_sofr, p.funding_spread, p.ted_spread)
    with np.errstate(invalid="ignore"):
        fired = value >= threshold
    names = np.where(use_sofr, "SOFR over the policy ceiling", "TED spread").astype(object)
    return Reading(fired, np.isnan(value), value, threshold, ">=", names)


def _yields(signals: pd.DataFrame, p: RegimeParams) -> Reading:
    """'The 10-year yield at 4.5%' and still rising (3-month change > 0)."""
    level, change = _col(signals, "ust10y"), _col(signals, "ust10y_3m_change")
    with np.errstate(invalid="ignore"):
        fired = (level >= p.ust10y_high) & (change > 0)
    unknown = np.isnan(level) | np.isnan(change)
    n = len(level)
    return Reading(fired & ~unknown, unknown, np.where(unknown, np.nan, level),
                   np.full(n, p.ust10y_high), ">=",
                   np.full(n, "10-year yield (rising over 3 months)", dtype=object))


def _relief(signals: pd.DataFrame, p: RegimeParams) -> Reading:
    """VIX well below its trailing peak AND the Nasdaq drawdown no longer deepening."""
    from strategies.kernels.steps import panic_relief  # the same step the rules compose

    relief, speed = _col(signals, "vix_relief"), _col(signals, "tech_drawdown_speed")
    with np.errstate(invalid="ignore"):
        fired = np.asarray(panic_relief(relief, speed, p.vix_relief, True))
    unknown = np.isnan(relief) | np.isnan(speed)
    n = len(relief)
    return Reading(fired & ~unknown, unknown, relief, np.full(n, p.vix_relief), ">=",
                   np.full(n, "VIX below its trailing peak", dtype=object))


def _reserves(signals: pd.DataFrame) -> Reading:
    """SOFR over the rate the Fed pays on reserves (strategies.signals.reserves_gauge)."""
    if "sofr_over_reserves" not in signals:  # signals computed without the gauge
        return _simple(np.full(len(signals), np.nan), 0.0, ">", "SOFR over the rate on reserves")
    return _simple(_col(signals, "sofr_over_reserves"), 0.0, ">", "SOFR over the rate on reserves")


def _new_panic(signals: pd.DataFrame) -> Reading:
    """VIX at (or above) its trailing peak: 0% below it."""
    return _simple(_col(signals, "vix_relief"), 0.0, "<=", "VIX below its trailing peak")


def describe(key: str, r: Reading, i: int) -> str:
    """The reading on day i: 'Nasdaq drawdown -30.0% <= -20%' when fired, else
    'Nasdaq drawdown -3.0% (fires at <= -20%)'."""
    unit = TRIGGERS[key].unit
    if r.unknown[i]:
        return f"{TRIGGERS[key].label}: unknown (input stale or absent)"
    if r.value[i] != r.value[i]:  # known, but nothing to measure yet (no QE announced so far)
        return f"{r.name[i]}: none yet"
    value, threshold = fmt(r.value[i], unit), fmt(r.threshold[i], unit, True)
    if r.fired[i]:
        return f"{r.name[i]} {value} {r.op} {threshold}"
    return f"{r.name[i]} {value} (fires at {r.op} {threshold})"


def fmt(x: float, unit: str, threshold: bool = False) -> str:
    """A value in its unit: fractions as %, spreads as signed pp, counts as days."""
    if unit == "pct":
        return f"{x:.0%}" if threshold and abs(x * 100 - round(x * 100)) < 1e-9 else f"{x:.1%}"
    if unit == "pp":
        return f"{x:.2f}pp" if threshold else f"{x:+.2f}pp"
    if unit == "rate":
        return f"{x:.2f}%"
    if unit == "level":
        return f"{x:.1f}"
    return f"{x:.0f}"
