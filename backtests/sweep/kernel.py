"""A numba kernel that simulates many target-weight paths at once, matching the engine.

The engine (backtests/engine.py) runs one path through vectorbt's from_orders. For sweeps of
thousands of combinations that is too slow (pandas broadcasting per call, an order call per
sleeve per day even when nothing trades). This kernel reproduces the same order mathematics
for the engine's exact settings (long only, target percent, cash sharing, call_seq auto, fees
and slippage as fractions, min_size 1e-12, update_value, valuation at the close) and only does
work on trade days. Tests check it against the engine to 1e-9.
"""

from __future__ import annotations

import numpy as np

from backtests.rebalance import trade_days_nb
from strategies.kernels import compiled

REL_TOL, ABS_TOL = 1e-9, 1e-12  # vectorbt.utils.math_ tolerances
MIN_SIZE = 1e-12


@compiled
def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(REL_TOL * max(abs(a), abs(b)), ABS_TOL)


@compiled
def _add(a: float, b: float) -> float:
    if np.sign(a) != np.sign(b):
        if _close(abs(a), abs(b)):
            return 0.0
    elif _close(a + b, 0.0):
        return 0.0
    return a + b


@compiled
def _less(a: float, b: float) -> bool:
    return (not _close(a, b)) and a < b


@compiled
def _execute(size: np.ndarray, close: np.ndarray, pos: np.ndarray, cash: float, fees: float,
             slip: float, val_price: np.ndarray, approx: np.ndarray,
             order: np.ndarray) -> tuple[float, float, float]:
    """One bar of vectorbt's target-percent orders; returns (cash, traded value, fees+slip).
    val_price, approx and order are scratch arrays of the sleeves' length."""
    k_len = size.shape[0]
    value = cash
    for k in range(k_len):
        val_price[k] = close[k]
        order[k] = k
        if pos[k] != 0:
            value += pos[k] * val_price[k]
    for k in range(k_len):
        approx[k] = size[k] * value - pos[k] * val_price[k]
    for j in range(1, k_len):  # vectorbt's insertion argsort: sells (negative) first
        a_j, i_j, i = approx[j], order[j], j - 1
        while i >= 0 and (approx[i] > a_j or np.isnan(approx[i])):
            approx[i + 1], order[i + 1] = approx[i], order[i]
            i -= 1
        approx[i + 1], order[i + 1] = a_j, i_j
    traded, paid = 0.0, 0.0
    for j in range(k_len):
        k = order[j]
        if np.isnan(size[k]) or (size[k] == 0.0 and pos[k] == 0.0):
            continue  # nothing to do (vectorbt reaches the same: an order of 0 is skipped)
        c = 0.0 if _close(cash, 0.0) else cash
        p = 0.0 if _close(pos[k], 0.0) else pos[k]
        v = 0.0 if _close(value, 0.0) else value
        if v <= 0:
            continue
        amount = size[k] * v / val_price[k] - p
        if amount > 0:  # buy_nb
            adj = close[k] * (1 + slip)
            if c == 0:
                continue
            req = amount * adj
            req_fees = req * fees
            total = req + req_fees
            if _close(total, c) or total < c:
                final, fee_paid, final_req = amount, req_fees, total
            else:
                max_req = c / (1 + fees)
                if max_req <= 0:
                    continue
                final, fee_paid, final_req = max_req / adj, c - max_req, c
            if _close(amount, 0.0) or _less(final, MIN_SIZE):
                continue
            new_cash, new_pos = _add(c, -final_req), _add(p, final)
        elif amount < 0:  # sell_nb, long only
            adj = close[k] * (1 - slip)
            limit = min(p, -amount)
            if p == 0 or _close(limit, 0.0) or _less(limit, MIN_SIZE):
                continue
            acq = limit * adj
            fee_paid = acq * fees
            final_acq = _add(acq, -fee_paid)
            if final_acq < 0:
                continue
            final = limit
            new_cash, new_pos = c + final_acq, _add(p, -limit)
        else:
            continue
        # update_value_nb: the sleeve is valued at the fill price for the rest of the bar
        before = p * val_price[k] if p != 0 else 0.0
        after = new_pos * adj if new_pos != 0 else 0.0
        value = value + (new_cash - c) + (after - before)
        val_price[k] = adj
        traded += final * adj
        paid += fee_paid + final * abs(adj - close[k])
        cash, pos[k] = new_cash, new_pos
    return cash, traded, paid


@compiled
def mark(pos: np.ndarray, cash: float, close: np.ndarray) -> float:
    """Portfolio value at the close: cash plus every position at its close."""
    v = cash
    for k in range(pos.shape[0]):
        if pos[k] != 0:
            v += pos[k] * close[k]
    return v


@compiled
def execute_day(trade: bool, order: np.ndarray, close: np.ndarray, pos: np.ndarray,
                cash: float, fees: float, slip: float, scratch: np.ndarray,
                index: np.ndarray) -> tuple[float, float, float, float]:
    """One day: the orders if it trades, then the close. (cash, traded, costs, value);
    `scratch` (2 x sleeves) and `index` (sleeves) are work space."""
    traded = paid = 0.0
    if trade:
        cash, traded, paid = _execute(order, close, pos, cash, fees, slip, scratch[0],
                                      scratch[1], index)
    return cash, traded, paid, mark(pos, cash, close)


@compiled
def simulate_path(orders: np.ndarray, close: np.ndarray, ret: np.ndarray, band: float,
                  fees: float, slip: float) -> tuple[np.ndarray, np.ndarray, int, float]:
    """Value path (init 1.0 cash), daily traded value, trade-day count, costs paid."""
    t_len, k_len = orders.shape
    trade = trade_days_nb(orders, ret, band)
    pos, cash = np.zeros(k_len), 1.0
    value, traded = np.empty(t_len), np.zeros(t_len)
    scratch, index = np.empty((2, k_len)), np.empty(k_len, dtype=np.int64)
    n_trades, costs = 0, 0.0
    for i in range(t_len):
        cash, traded[i], paid, value[i] = execute_day(trade[i], orders[i], close[i], pos, cash,
                                                      fees, slip, scratch, index)
        costs += paid
        n_trades += traded[i] > 0
    return value, traded, n_trades, costs
