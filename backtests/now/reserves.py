"""The reserves gauge on the now panel: ample or not, and the numbers behind it.

The gauge (strategies.signals.reserves_gauge) reads SOFR against the rate the Fed pays on reserves;
beside it, EFFR against the same rate, reserve balances and the reverse-repo buffer. When an
input is stale the reading is unknown, and the panel still shows the last published value of
each input with its date (what a reader would otherwise look up by hand).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from backtests.episodes.pipeline import Context

SERIES = ("SOFR", "IORB", "DFF", "WRESBAL", "RRPONTSYD")
UNITS = {"WRESBAL": ("$", "bn", 1e-3), "RRPONTSYD": ("$", "bn", 1.0)}  # else a rate in %


@dataclass(frozen=True)
class ReservesNow:
    state: str  # "ample", "not ample" or "unknown" on the signals' last day
    reading: str  # one line: the spread and the numbers beside it
    last: dict[str, str]  # series -> "value on as-of date" of its last published value


def reserves_now(ctx: Context, observed: dict[str, str]) -> ReservesNow:
    """The gauge on the signals' last day; `observed`: each series' last as-of date."""
    s = ctx.signals.iloc[-1]
    spread = float(s.get("sofr_over_reserves", float("nan")))
    last = {k: _last(ctx.panel, k, observed.get(k, "?")) for k in SERIES if k in ctx.panel}
    if spread != spread:
        return ReservesNow("unknown", "unknown: SOFR or the rate on reserves is stale (last "
                           "published: " + "; ".join(f"{k} {v}" for k, v in last.items())
                           + ")", last)
    state = "not ample" if spread > 0 else "ample"
    parts = [f"SOFR {spread:+.2f}pp over the rate on reserves ({s['reserve_rate']:.2f}%)"]
    effr = float(s.get("effr_over_reserves", float("nan")))
    if effr == effr:
        parts.append(f"EFFR {effr:+.2f}pp")
    if s.get("reserves_bn") == s.get("reserves_bn"):
        change = float(s["reserves_13w_change"])
        parts.append(f"reserves ${s['reserves_bn']:,.0f}bn"
                     + (f" ({change:+.1%} over 13 weeks)" if change == change else ""))
    if s.get("rrp_bn") == s.get("rrp_bn"):
        parts.append(f"reverse repo ${s['rrp_bn']:,.0f}bn")
    return ReservesNow(state, f"{state}: " + "; ".join(parts), last)


def _last(panel: pd.DataFrame, series: str, observed: str) -> str:
    value = panel[series].dropna()
    if value.empty:
        return "none"
    pre, post, scale = UNITS.get(series, ("", "%", 1.0))
    number = f"{value.iloc[-1] * scale:,.0f}" if post == "bn" else f"{value.iloc[-1]:.2f}"
    return f"{pre}{number}{post} ({observed})"
