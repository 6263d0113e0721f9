"""Flags from the Fed event calendar (panel columns 'event:<type>')."""

from __future__ import annotations

import pandas as pd


def days_since(flag: pd.Series) -> pd.Series:
    """Trading days since the flag was last True (NaN before the first occurrence)."""
    count = pd.Series(range(len(flag)), index=flag.index, dtype="float64")
    last = count.where(flag.astype(bool)).ffill()
    return count - last


def recent(panel: pd.DataFrame, types: tuple[str, ...], within: int) -> pd.Series:
    """True while an event of one of `types` was announced within the last `within` days."""
    flags = [panel[f"event:{t}"] for t in types if f"event:{t}" in panel]
    if not flags:
        return pd.Series(False, index=panel.index)
    since = days_since(pd.concat(flags, axis=1).any(axis=1))
    return since.le(within) & since.notna()
