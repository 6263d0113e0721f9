"""The rebalance band: which target rows actually trade (shared by the engine and sweeps)."""

from __future__ import annotations

import numpy as np

from strategies.kernels import compiled

EPS = 1e-9  # a target differing by less than this is the same target


@compiled
def nan_row(a: np.ndarray, i: int) -> bool:
    """True when row i is all NaN ("no order that day"), without allocating."""
    for k in range(a.shape[1]):
        if not np.isnan(a[i, k]):
            return False
    return True


@compiled
def growth_index(ret: np.ndarray) -> np.ndarray:
    """Per sleeve, the growth of 1 invested at the start: G[t] = G[t-1] * (1 + ret[t])."""
    g = np.empty(ret.shape)
    acc = np.ones(ret.shape[1])
    for i in range(ret.shape[0]):
        for k in range(ret.shape[1]):
            acc[k] *= 1.0 + ret[i, k]
            g[i, k] = acc[k]
    return g


@compiled
def band_step(stated: bool, order: np.ndarray, growth: np.ndarray, band: float,
              units: np.ndarray, last: np.ndarray, have: bool) -> tuple[bool, bool]:
    """One day of the band rule: trade if an order is stated and it is a new target or a held
    weight drifted beyond the band from it. Returns (trade today, a trade has happened).

    The weights held since the last trade drift with each sleeve's growth index (`growth`,
    this day's row of growth_index): sleeve k holds units[k] * growth[k] of a total
    sum_j units[j] * growth[j], so |weight - order| > band is tested as
    |units[k] * growth[k] - order[k] * total| > band * total. `units` and `last` are updated
    in place on a trade."""
    k_len = order.shape[0]
    if not stated:  # a NaN row: no order that day
        return False, have
    go = not have
    if have:
        total = 0.0
        for k in range(k_len):
            total += units[k] * growth[k]
        limit = band * total
        for k in range(k_len):
            if (abs(order[k] - last[k]) > EPS
                    or abs(units[k] * growth[k] - order[k] * total) > limit):
                go = True
                break
    if go:
        for k in range(k_len):
            units[k] = order[k] / growth[k]
            last[k] = order[k]
    return go, have or go


@compiled
def trade_days_nb(orders: np.ndarray, ret: np.ndarray, band: float) -> np.ndarray:
    """Same rule as engine.trade_days: a new target, or drift beyond the band."""
    t_len, k_len = orders.shape
    growth = growth_index(ret)
    trade = np.zeros(t_len, dtype=np.bool_)
    units = np.empty(k_len)
    last = np.empty(k_len)
    have = False  # units and last are set after the first trade
    for i in range(t_len):
        trade[i], have = band_step(not nan_row(orders, i), orders[i], growth[i], band, units,
                                   last, have)
    return trade
