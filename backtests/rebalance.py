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
def band_step(stated: bool, order: np.ndarray, ret: np.ndarray, band: float,
              held: np.ndarray, last: np.ndarray, have: bool) -> tuple[bool, bool]:
    """One day of the band rule: drift the held weights by the day's returns, then trade if
    an order is stated and it is a new target or a weight drifted beyond the band.
    Returns (trade today, a trade has happened); `held` and `last` are updated in place."""
    k_len = order.shape[0]
    if have:
        total = 0.0
        for k in range(k_len):
            held[k] = held[k] * (1.0 + ret[k])
            total += held[k]
        inv = 1.0 / total
        for k in range(k_len):
            held[k] = held[k] * inv
    if not stated:  # a NaN row: no order that day
        return False, have
    go = not have
    if have:
        for k in range(k_len):
            if abs(order[k] - last[k]) > EPS or abs(held[k] - order[k]) > band:
                go = True
                break
    if go:
        for k in range(k_len):
            held[k] = order[k]
            last[k] = order[k]
    return go, have or go


@njit(cache=True)
def trade_days_nb(orders: np.ndarray, ret: np.ndarray, band: float) -> np.ndarray:
    """Same rule as engine.trade_days: a new target, or drift beyond the band."""
    t_len, k_len = orders.shape
    trade = np.zeros(t_len, dtype=np.bool_)
    held = np.empty(k_len)
    last = np.empty(k_len)
    have = False  # held and last are set after the first trade
    for i in range(t_len):
        trade[i], have = band_step(not nan_row(orders, i), orders[i], ret[i], band, held, last,
                                   have)
    return trade
