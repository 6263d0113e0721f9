"""The rebalance band: which target rows actually trade (shared by the engine and sweeps)."""

from __future__ import annotations

import numpy as np
from numba import njit

EPS = 1e-9  # a target differing by less than this is the same target


@njit(cache=True)
def nan_row(a: np.ndarray, i: int) -> bool:
    """True when row i is all NaN ("no order that day"), without allocating."""
    for k in range(a.shape[1]):
        if not np.isnan(a[i, k]):
            return False
    return True


@njit(cache=True)
def trade_days_nb(orders: np.ndarray, ret: np.ndarray, band: float) -> np.ndarray:
    """Same rule as engine.trade_days: a new target, or drift beyond the band."""
    t_len, k_len = orders.shape
    trade = np.zeros(t_len, dtype=np.bool_)
    held = np.empty(k_len)
    grown = np.empty(k_len)
    last = np.empty(k_len)
    have = False  # held and last are set after the first trade
    for i in range(t_len):
        if have:
            total = 0.0
            for k in range(k_len):
                grown[k] = held[k] * (1.0 + ret[i, k])
                total += grown[k]
            inv = 1.0 / total
            for k in range(k_len):
                held[k] = grown[k] * inv
        if nan_row(orders, i):  # a NaN row: no order that day
            continue
        go = not have
        if have:
            for k in range(k_len):
                if abs(orders[i, k] - last[k]) > EPS or abs(held[k] - orders[i, k]) > band:
                    go = True
                    break
        if go:
            trade[i] = True
            have = True
            for k in range(k_len):
                held[k] = orders[i, k]
                last[k] = orders[i, k]
    return trade
