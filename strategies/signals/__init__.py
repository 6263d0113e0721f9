"""Point-in-time indicators: pure functions of the panel, each reading only trailing data."""

from __future__ import annotations

import pandas as pd

from strategies.signals import calendar, macro, market

QE_TYPES = ("qe_announce", "qe_expand")


def compute_signals(panel: pd.DataFrame, vix_window: int = 60, qe_within: int = 60) -> pd.DataFrame:
    """Every indicator the regimes and strategies read, on the panel's dates."""
    top = macro.policy_rate_top(panel["DFEDTAR"], panel["DFEDTARU"])
    tech_dd = market.drawdown(panel["^IXIC"])
    out = {
        "tech_drawdown": tech_dd,
        "tech_drawdown_speed": market.speed(tech_dd),
        "ndx_drawdown": market.drawdown(panel["^NDX"]),
        "spx_drawdown": market.drawdown(panel["^GSPC"]),
        "vix": panel["^VIX"],
        "vix_relief": market.panic_relief(panel["^VIX"], vix_window),
        "credit_spread": panel["BAA10Y"],
        "credit_spread_3m_change": macro.change(panel["BAA10Y"], 63),
        "policy_rate_top": top,
        "funding_spread": macro.funding_spread(panel["SOFR"], top),
        "effr_over_top": panel["DFF"] - top,
        "ted_spread": panel["TEDRATE"],
        "bill_ffr_spread": panel["DTB3"] - panel["DFF"],
        "ust10y": panel["DGS10"],
        "ust10y_3m_change": macro.change(panel["DGS10"], 63),
        "curve_2s10s": panel["T10Y2Y"],
        "fed_assets_13w_change": macro.pct_change(panel["WALCL"], 65),
        "sahm": macro.sahm(panel["UNRATE"], panel["UNRATE@asof"]),
        "qe_announced_recently": calendar.recent(panel, QE_TYPES, qe_within),
        "days_since_qe_announcement": calendar.days_since(
            pd.concat([panel[f"event:{t}"] for t in QE_TYPES], axis=1).any(axis=1)),
        "rate_cut_recently": calendar.recent(panel, ("rate_cut", "emergency_cut"), 20),
        "emergency_cut_recently": calendar.recent(panel, ("emergency_cut",), 20),
    }
    return pd.DataFrame(out, index=panel.index)
