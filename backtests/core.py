"""The one execution core: a compiled simulation that runs a single backtest and every path
of a sweep alike (the engine and backtests.sweep call `run_path`; neither owns a step).

Per day: the decision in force (THE execution lag: backtests.execution.decision_rows), its
weights (coefficients x mix matrix; the engine's mix is the identity), completion and
fallbacks (execution.complete_row), the rebalance band (rebalance.band_step), the orders and
the close. Fills, fees and slippage are vectorbt's own compiled order step
(`vectorbt.portfolio.nb.process_order_nb`), called in the order and with the arguments its
`Portfolio.from_orders` uses for the engine's settings (long only, target percent, cash
sharing, call_seq auto, update_value, valued at the close): `engine.to_vectorbt` rebuilds
that portfolio, and a test holds the two equal at 1e-12. Costs are applied nowhere else.
"""

from __future__ import annotations

import numpy as np
from vectorbt.portfolio.enums import (
    Direction,
    OrderStatus,
    ProcessOrderState,
    SizeType,
    log_dt,
    order_dt,
)
from vectorbt.portfolio.nb import approx_order_value_nb, order_nb, process_order_nb
from vectorbt.utils.array_ import insert_argsort_nb

from backtests.execution import complete_row, eve_row
from backtests.rebalance import band_step, nan_row
from strategies.kernels import compiled

MIN_SIZE = 1e-12  # the smallest fill (vectorbt's min_size as the engine always passed it)
TARGET, LONG, FILLED = SizeType.TargetPercent, Direction.LongOnly, OrderStatus.Filled
ORDER_DTYPE, LOG_DTYPE = order_dt, log_dt


@compiled
def order_step(i: int, order: np.ndarray, close: np.ndarray, pos: np.ndarray, cash: float,
               fees: float, slip: float, val_price: np.ndarray, approx: np.ndarray,
               call_seq: np.ndarray, records: np.ndarray, logs: np.ndarray, oidx: int,
               record: bool) -> tuple[float, float, int]:
    """Day i's target-percent orders, sells first, through vectorbt's order step; returns
    (cash, traded value at fill prices, next record index). `pos` is updated in place."""
    k_len = order.shape[0]
    value = cash
    for k in range(k_len):
        val_price[k] = close[k]
        call_seq[k] = k
        if pos[k] != 0:
            value += pos[k] * val_price[k]
    for k in range(k_len):
        approx[k] = approx_order_value_nb(order[k], TARGET, LONG, cash, pos[k], cash,
                                          val_price[k], value)
    insert_argsort_nb(approx, call_seq)  # vectorbt's call_seq "auto": release cash first
    traded = 0.0
    for j in range(k_len):
        k = call_seq[j]
        if np.isnan(order[k]) or (order[k] == 0.0 and pos[k] == 0.0):
            continue  # vectorbt would ignore it (no fill, no change): skip its checks
        o = order_nb(order[k], close[k], TARGET, LONG, fees, 0.0, slip, MIN_SIZE, np.inf,
                     np.nan, 0.0, False, True, False, False)
        state = ProcessOrderState(cash, pos[k], 0.0, cash, val_price[k], value,
                                  oidx if record else 0, 0)
        res, new = process_order_nb(i, k, 0, state, True, o, records, logs)
        if res.status == FILLED:
            traded += res.size * res.price
        cash, pos[k], val_price[k], value = new.cash, new.position, new.val_price, new.value
        if record:
            oidx = new.oidx
    return cash, traded, oidx


@compiled
def mark(pos: np.ndarray, cash: float, close: np.ndarray) -> float:
    """Portfolio value at the close: cash plus every position at its close."""
    v = cash
    for k in range(pos.shape[0]):
        if pos[k] != 0:
            v += pos[k] * close[k]
    return v


@compiled
def same_row(a: np.ndarray, i: int, j: int) -> bool:
    for m in range(a.shape[1]):
        if a[i, m] != a[j, m]:  # NaN != NaN: a stated row never equals a "no order" row
            return False
    return True


@compiled
def mix_row(source: np.ndarray, src: int, mix: np.ndarray, w: np.ndarray) -> None:
    """Weights = coefficients x mix matrix for one decision (a NaN coefficient is 0: the
    engine's targets may leave sleeves unstated)."""
    for k in range(mix.shape[1]):
        acc = 0.0
        for m in range(mix.shape[0]):
            c = source[src, m]
            if not np.isnan(c):
                acc += c * mix[m, k]
        w[k] = acc


@compiled
def decision_in_force(source: np.ndarray, rows: np.ndarray, i: int) -> int:
    """The calendar row whose decision day i trades (rows: execution.decision_rows); on the
    first day, the last stated row at or before the eve (-1: none)."""
    return eve_row(source, rows[0]) if i == 0 else rows[i]


@compiled
def run_path(source: np.ndarray, mix: np.ndarray, rows: np.ndarray, dest: np.ndarray,
             epoch: np.ndarray, close: np.ndarray, growth: np.ndarray, cash_col: int,
             band: float, fees: float, slip: float, value: np.ndarray, traded: np.ndarray,
             went: np.ndarray, held: np.ndarray, records: np.ndarray) -> tuple[int, int, int]:
    """Simulate one path from 1.0 in cash, filling value, traded and went (the band let an
    order through) per day and, when given rows for them, held weights (days x sleeves) and
    fill records (vectorbt's order records; a 1-row array is scratch space).

    source: stated rows in calendar order (coefficients, or the engine's targets with an
    identity `mix`); rows[i]: the calendar row whose decision day i trades (rows[0] looks
    back to the last stated row); dest/epoch: fallback destinations per day and how often
    they changed. Returns (bad_day, bad_sleeve, records): a weight with no fallback with data
    (bad_sleeve -1: nothing decided by the eve), else (-1, -1, n)."""
    t_len, k_len = close.shape
    weights, order = np.empty(k_len), np.empty(k_len)
    units, last = np.empty(k_len), np.empty(k_len)
    val_price, approx = np.empty(k_len), np.empty(k_len)
    call_seq = np.empty(k_len, dtype=np.int64)
    logs = np.empty(0, dtype=LOG_DTYPE)
    record, keep = records.shape[0] > 1, held.shape[0] > 0
    pos, cash, have, oidx = np.zeros(k_len), 1.0, False, 0
    prev, prev_i = -1, -1
    for i in range(t_len):
        src = decision_in_force(source, rows, i)
        stated = src >= 0 and not nan_row(source, src)
        if i == 0 and not stated:
            return 0, -1, 0
        if stated and not (prev >= 0 and epoch[i] == epoch[prev_i]
                           and same_row(source, src, prev)):  # decisions rarely change
            mix_row(source, src, mix, weights)
            bad = complete_row(weights, cash_col, dest[i], order)
            if bad >= 0:
                return i, bad, oidx
            prev, prev_i = src, i
        go, have = band_step(stated, order, growth[i], band, units, last, have)
        traded[i], went[i] = 0.0, go
        if go:
            cash, traded[i], oidx = order_step(i, order, close[i], pos, cash, fees, slip,
                                               val_price, approx, call_seq, records, logs,
                                               oidx, record)
        value[i] = mark(pos, cash, close[i])
        if keep:
            for k in range(k_len):
                held[i, k] = pos[k] * close[i, k] / value[i]
    return -1, -1, oidx
