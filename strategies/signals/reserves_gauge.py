"""The article's reserves gauge: 'ample' vs nearing 'scarce', read from short rates.

"Abnormal volatility in short-term rates often indicates that bank system reserves are nearing
a 'scarce' threshold." In a floor system the Fed pays interest on reserve balances (IORB); while
reserves are ample, no bank pays more than that to borrow cash overnight, so the repo rate
(SOFR) sits at or below IORB. SOFR above the rate on reserves means reserves are short at the
margin (2019; October 2025, before QT ended on 2025-12-01). The reading is
    SOFR - rate on reserves (pp): above 0 = no longer ample,
where the rate on reserves is IORB from 2021-07-29 and, before it (IOER is not stored), the top
of the policy range minus 0.10pp (IOER sat 0 to 0.15pp under the top, 2015-2021). EFFR (DFF)
against the same rate, reserve balances (WRESBAL) and the reverse-repo take-up (RRPONTSYD,
the buffer that drains before reserves do) are shown beside it; none of them enters a rule.
"""

from __future__ import annotations

import pandas as pd

IOER_BELOW_TOP = 0.10  # pp under the policy ceiling that stands in for IOER before IORB


def reserve_rate(iorb: pd.Series, policy_top: pd.Series) -> pd.Series:
    """IORB where it is live; before IORB's first value, the policy ceiling minus
    IOER_BELOW_TOP. Once IORB exists a stale IORB is unknown (NaN): the ceiling never stands in
    for it then, since both stop together when the policy-rate data stop (a rate decision
    after their last day would otherwise be carried forward unseen)."""
    first = iorb.first_valid_index()
    before = iorb.index < first if first is not None else iorb.index == iorb.index
    return iorb.where(~before, policy_top - IOER_BELOW_TOP)


def gauge(sofr: pd.Series, effr: pd.Series, iorb: pd.Series, policy_top: pd.Series,
          reserves: pd.Series, rrp: pd.Series, weeks13: int) -> dict[str, pd.Series]:
    """The gauge's columns (all point-in-time: each input as published by the day)."""
    rate = reserve_rate(iorb, policy_top)
    return {
        "reserve_rate": rate,
        "sofr_over_reserves": sofr - rate,
        "effr_over_reserves": effr - rate,
        "reserves_bn": reserves / 1000.0,  # WRESBAL is in $M
        "reserves_13w_change": reserves / reserves.shift(weeks13) - 1.0,
        "rrp_bn": rrp,
    }
