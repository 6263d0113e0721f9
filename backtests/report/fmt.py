"""Number formatting for the report (HTML and PDF share it, so both say the same thing)."""

from __future__ import annotations

import math

import pandas as pd

MINUS = "\u2212"  # a real minus sign: never wraps apart from its number, aligns with +


def _sign(text: str) -> str:
    return text.replace("-", MINUS)


def pct(x: float, signed: bool = True, digits: int = 1) -> str:
    """0.123 -> '+12.3%' (or '12.3%'); NaN -> '–'."""
    if x is None or math.isnan(x):
        return "–"
    if abs(x) * 10 ** (digits + 2) < 0.5:  # rounds to zero: no sign ("−0.0%" reads as a loss)
        return f"{0:.{digits}%}"
    return _sign(f"{x:+.{digits}%}" if signed else f"{x:.{digits}%}")


def pp(x: float, digits: int = 1) -> str:
    """A difference of two fractions in percentage points: 0.052 -> '+5.2 pp'."""
    if math.isnan(x):
        return "–"
    if abs(x) * 10 ** (digits + 2) < 0.5:
        return f"{0:.{digits}f} pp"
    return _sign(f"{x * 100:+.{digits}f} pp")


def dd_gap(strategy_dd: float, bench_dd: float) -> str:
    """Difference of two (negative) drawdowns in words: '12.3 pp shallower' / 'deeper'."""
    gap = strategy_dd - bench_dd  # > 0: the strategy fell less
    if math.isnan(gap):
        return "–"
    if abs(gap) < 0.0005:
        return "same depth"
    return f"{abs(gap) * 100:.1f} pp {'shallower' if gap > 0 else 'deeper'}"


def days(n: float) -> str:
    """Calendar days with months for scale: '638 days (21.0 months)'."""
    if math.isnan(n):
        return "not recovered"
    months = n / (365.25 / 12)
    unit = "day" if n == 1 else "days"
    return f"{n:,.0f} {unit} ({months:.1f} {'month' if round(months, 1) == 1 else 'months'})"


def bp(x: float) -> str:
    return "–" if math.isnan(x) else f"{x:,.0f} bp"


def num(x: float, digits: int = 2) -> str:
    return "–" if math.isnan(x) else _sign(f"{x:.{digits}f}")


def years(start: str, end: str) -> str:
    """Length of a window between two ISO dates, in years: '3.9 years'."""
    n = (pd.Timestamp(end) - pd.Timestamp(start)).days / 365.25
    return f"{n:.1f} years" if n >= 1.95 else f"{n * 12:.0f} months"
