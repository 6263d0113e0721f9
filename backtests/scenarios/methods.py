"""How each series continues after the start, with its floor and the reason.

returns  prices: the last real level times the crisis's compounded daily returns, on the
         crisis's trading calendar (a source holiday is a zero-return day, as in the sleeves)
changes  yields, spreads, VIX, indices centred on zero: the last real level plus the crisis's
         changes observation by observation, never below the floor (applied every step, so a
         level that reaches the floor rises again with the crisis's next rise)
ratio    balance sheet, claims, CPI: the last real level times the crisis level over its level
         at the anchor
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from backtests.data.universe import Series

Floor = float | Literal["rate"] | None

VIX_FLOOR = 9.0  # VIX's lowest close is 9.14 (2017-11-03): below 9 it has never been
POLICY_FLOOR = 0.25  # the top of the 0-0.25% range, the lowest ceiling the Fed has ever set


@dataclass(frozen=True)
class Method:
    how: Literal["returns", "changes", "ratio"]
    floor: Floor = None  # "rate": 0, or the crisis's own minimum where that is lower

    def describe(self) -> str:
        if self.how == "returns":
            return "daily returns"
        if self.how == "ratio":
            return "ratio to its level at the anchor"
        if self.floor is None:
            return "changes, no floor"
        if self.floor == "rate":
            return "changes, floor 0 (or the crisis's own minimum where lower)"
        return f"changes, floor {self.floor:g}"


RATE = Method("changes", "rate")
_TABLE: dict[str, Method] = {
    **{s: RATE for s in ("DGS10", "DGS2", "DGS3MO", "DTB3", "DFF", "SOFR", "IORB", "FEDFUNDS",
                         "^TNX", "^IRX")},
    # Credit and funding spreads: a risky rate over a safe one stays above zero.
    **{s: RATE for s in ("BAA10Y", "BAMLH0A0HYM2", "TEDRATE")},
    **{s: Method("changes", POLICY_FLOOR) for s in ("DFEDTAR", "DFEDTARU")},
    **{s: Method("changes", VIX_FLOOR) for s in ("^VIX", "VIXCLS")},
    # Signed by nature: the 2s10s curve inverts, stress indices and the Sahm gap cross zero.
    **{s: Method("changes") for s in ("T10Y2Y", "NFCI", "STLFSI4", "SAHMREALTIME")},
    "UNRATE": Method("changes", 0.0),
    **{s: Method("ratio") for s in ("WALCL", "WRESBAL", "RRPONTSYD", "ICSA", "CPIAUCSL",
                                    "DTWEXBGS", "GOLDPMGBD228NLBM")},
}

# The policy ceiling was renamed by FRED on 2008-12-16 (DFEDTAR -> DFEDTARU): the same quantity,
# spliced by level exactly as the signals' policy_rate_top does.
SPLICES: dict[str, str] = {"DFEDTARU": "DFEDTAR"}
# Where a series has no observation at the crisis's anchor, a stated stand-in supplies its
# changes. SOFR (from 2018-04) held stale against a ceiling cut to zero would read as funding
# stress that never happened; the effective fed funds rate is the overnight rate of that time.
STAND_INS: dict[str, str] = {"SOFR": "DFF"}


def method_for(symbol: str, spec: Series) -> Method:
    """The stated method of a series; prices by default continue with their returns."""
    if symbol in _TABLE:
        return _TABLE[symbol]
    if spec.kind == "price":
        return Method("returns")
    return RATE if spec.kind == "yield" else Method("changes")


def floors_text() -> str:
    """The stated floors, in words."""
    return (f"prices by their daily returns; VIX by its changes, floor {VIX_FLOOR:g}; the policy "
            f"ceiling by its changes, floor {POLICY_FLOOR:g}; rates and credit spreads by their "
            "changes, floor 0 (or the crisis's own minimum where lower); unemployment by its "
            "changes, floor 0; the curve and stress indices by their changes, no floor; the "
            "balance sheet, claims, CPI and the dollar by their ratio to the anchor")
