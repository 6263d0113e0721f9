"""Flags from the Fed event calendar (panel columns 'event:<type>', one per known type)."""

from __future__ import annotations

import pandas as pd

QE_TYPES = ("qe_announce", "qe_expand")  # maturity_extension (Twist) did not grow the balance sheet


def days_since(flag: pd.Series) -> pd.Series:
    """Trading days since the flag was last True (NaN before the first occurrence)."""
    count = pd.Series(range(len(flag)), index=flag.index, dtype="float64")
    last = count.where(flag.astype(bool)).ffill()
    return count - last


def any_event(panel: pd.DataFrame, types: tuple[str, ...]) -> pd.Series:
    """True on days an event of one of `types` became known (absent columns count as none)."""
    flags = [panel[f"event:{t}"] for t in types if f"event:{t}" in panel]
    if not flags:
        return pd.Series(False, index=panel.index)
    return pd.concat(flags, axis=1).any(axis=1)
