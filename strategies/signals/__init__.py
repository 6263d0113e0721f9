"""Point-in-time indicators: pure functions of the panel, each reading only trailing data.

An indicator whose input is stale (the panel's '<ID>@fresh' is False: its last published value
is too old to act on) is NaN: its trigger is UNKNOWN, never "not fired".
"""

from __future__ import annotations

import pandas as pd

from strategies.signals import calendar, credit, drawdowns, macro, reserves_gauge

QE_TYPES = calendar.QE_TYPES
QUARTER = 63  # trading days in ~3 months: the window of every "3-month change"
THIRTEEN_WEEKS = 65


def column(panel: pd.DataFrame, name: str) -> pd.Series:
    """A panel column; a series the universe does not hold is absent: all NaN (unknown)."""
    return panel[name] if name in panel else pd.Series(float("nan"), index=panel.index)


def live(panel: pd.DataFrame, symbol: str) -> pd.Series:
    """The series where its last published value is fresh, NaN where it is stale."""
    fresh = panel.get(f"{symbol}@fresh")
    value = column(panel, symbol)
    return value if fresh is None else value.where(fresh.astype(bool))


def compute_signals(panel: pd.DataFrame, vix_window: int = 60) -> pd.DataFrame:
    """Every indicator the regimes and strategies read, on the panel's dates (a rule that
    needs another stored series declares it as a feature: strategies.schema.series)."""
    top = macro.policy_rate_top(live(panel, "DFEDTAR"), live(panel, "DFEDTARU"))
    eve_top = macro.set_the_day_before(top)  # for rates published a business day late (SOFR)
    tech_dd = drawdowns.drawdown(live(panel, "^IXIC"))
    vix = live(panel, "^VIX")
    readings = [macro.change(live(panel, "BAA10Y"), QUARTER),
                macro.change(live(panel, "BAMLH0A0HYM2"), QUARTER),
                100.0 * (macro.pct_change(live(panel, "IEF"), QUARTER)
                         - macro.pct_change(live(panel, "HYG"), QUARTER))]
    credit_change, credit_source = credit.chain(readings)
    ust10y = live(panel, "DGS10")
    out = {
        "tech_drawdown": tech_dd,
        "tech_drawdown_speed": drawdowns.speed(tech_dd),
        "vix": vix,  # the market-stress stand-in for unknown stress inputs reads it
        "vix_relief": drawdowns.panic_relief(vix, vix_window),
        "credit_change": credit_change,
        "credit_source": credit_source,
        "policy_rate_top": top,
        "funding_spread": macro.funding_spread(live(panel, "SOFR"), eve_top),
        "ted_spread": live(panel, "TEDRATE"),
        "ust10y": ust10y,
        "ust10y_3m_change": macro.change(ust10y, QUARTER),
        "curve_2s10s": live(panel, "T10Y2Y"),  # declared by the 2s10s example rule (examples/)
        "cpi_yoy": macro.year_on_year(column(panel, "CPIAUCSL"),
                                      column(panel, "CPIAUCSL@asof")).where(
            column(panel, "CPIAUCSL@fresh").eq(True)),
        "fed_assets_13w_change": macro.pct_change(live(panel, "WALCL"), THIRTEEN_WEEKS),
        "sahm": live(panel, "SAHMREALTIME"),
        "days_since_qe_announcement": calendar.days_since(calendar.any_event(panel, QE_TYPES)),
        **reserves_gauge.gauge(live(panel, "SOFR"), live(panel, "DFF"),
                               macro.set_the_day_before(live(panel, "IORB")), eve_top,
                               live(panel, "WRESBAL"), live(panel, "RRPONTSYD"), THIRTEEN_WEEKS),
    }
    return pd.DataFrame(out, index=panel.index)
