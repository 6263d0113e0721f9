"""One compiled pass per distinct path: coefficients -> weights -> orders -> kernel -> metrics.

Two parallel loops over combinations, with no Python per path:
- `path_keys` runs each combination's rule kernel and hashes, per episode window, the
  coefficient rows it decides with (and its mix matrix): equal keys = equal weight paths.
- `simulate` runs each distinct (combination, window) once: the rule kernel again (cheaper
  than keeping every path in memory), then the one execution core the engine runs
  (backtests.engine.core.run_path: lag, fallbacks, band, orders, costs) and the metrics
  (backtests.evaluate.metrics_core). Nothing here executes: it batches.

`path_keys_of` and `simulate_of` are the same loops on coefficients computed beforehand: a
compiled rule of your own, whose kernel the loops were not built with (its kernel runs once
per combination in backtests.sweep.chunks.own_coefficients; the rest is this same path).
"""

from __future__ import annotations

import numpy as np
from numba import prange

from backtests.engine.core import ORDER_DTYPE, decision_in_force, run_path, same_row
from backtests.evaluate import metrics_core
from strategies.kernels import compiled
from strategies.kernels.rules import coefficients

FNV_OFFSET = np.uint64(14695981039346656037)
FNV_PRIME = np.uint64(1099511628211)
SECOND_SEED = np.uint64(0x9E3779B97F4A7C15)


@compiled
def _mix_hash(h: np.uint64, word: np.uint64) -> np.uint64:
    return (h ^ word) * FNV_PRIME


@compiled
def _keys_of(coefs: np.ndarray, mix_id: int, rows_all: np.ndarray, row_off: np.ndarray,
             out: np.ndarray) -> None:
    """out[w] = two 64-bit FNV-1a hashes of one combination's decisions in window w: the mix
    matrix, then each row where the decided coefficients change (position and values)."""
    bits = coefs.view(np.uint64)
    for w in range(row_off.shape[0] - 1):
        rows = rows_all[row_off[w]:row_off[w + 1]]
        h1 = _mix_hash(FNV_OFFSET, np.uint64(mix_id))
        h2 = _mix_hash(SECOND_SEED, np.uint64(mix_id))
        prev = -1
        for i in range(rows.shape[0]):
            src = decision_in_force(coefs, rows, i)
            if src < 0 or (prev >= 0 and same_row(coefs, src, prev)):
                continue
            h1, h2 = _mix_hash(h1, np.uint64(i)), _mix_hash(h2, np.uint64(i) + SECOND_SEED)
            for m in range(bits.shape[1]):
                h1 = _mix_hash(h1, bits[src, m])
                h2 = _mix_hash(h2, bits[src, m] ^ SECOND_SEED)
            prev = src
        out[w, 0], out[w, 1] = h1, h2


@compiled(parallel=True)
def path_keys(kernel: int, x: np.ndarray, params: np.ndarray, mix_ids: np.ndarray,
              rows_all: np.ndarray, row_off: np.ndarray) -> np.ndarray:
    """keys[c, w]: combination c's path key in window w, its rule kernel run here."""
    keys = np.zeros((params.shape[0], row_off.shape[0] - 1, 2), dtype=np.uint64)
    for c in prange(params.shape[0]):
        _keys_of(coefficients(kernel, x, params[c]), mix_ids[c], rows_all, row_off, keys[c])
    return keys


@compiled(parallel=True)
def path_keys_of(coefs: np.ndarray, mix_ids: np.ndarray, rows_all: np.ndarray,
                 row_off: np.ndarray) -> np.ndarray:
    """The same keys from coefficients already computed (combinations x days x mixes): a
    rule's own kernel, run before (the loop cannot dispatch a function it was not built
    with)."""
    keys = np.zeros((coefs.shape[0], row_off.shape[0] - 1, 2), dtype=np.uint64)
    for c in prange(coefs.shape[0]):
        _keys_of(coefs[c], mix_ids[c], rows_all, row_off, keys[c])
    return keys


@compiled
def block_sums(ex: np.ndarray, s: int) -> np.ndarray:
    """Per contiguous block (numpy.array_split sizes): sum, sum of squares and count."""
    out = np.zeros((s, 3))
    n = ex.shape[0]
    start = 0
    for b in range(s):
        size = n // s + (1 if b < n % s else 0)
        part = ex[start:start + size]
        out[b, 0], out[b, 1], out[b, 2] = part.sum(), (part * part).sum(), size
        start += size
    return out


@compiled
def _one_path(coefs: np.ndarray, mix: np.ndarray, rows: np.ndarray, dest: np.ndarray,
              epoch: np.ndarray, close: np.ndarray, growth: np.ndarray, rf: np.ndarray,
              cash_col: int, band: float, fees: float, slip: float, n_blocks: int,
              stats: np.ndarray, blocks: np.ndarray) -> tuple[int, int]:
    """One path through the core into stats/blocks. Returns the core's (bad_row, bad_col)."""
    t_len, k_len = close.shape
    value, traded = np.empty(t_len), np.empty(t_len)
    went, held = np.empty(t_len, dtype=np.bool_), np.empty((0, k_len))
    scratch = np.empty(1, dtype=ORDER_DTYPE)  # fills are not recorded in a sweep
    bad_row, bad_col, _ = run_path(coefs, mix, rows, dest, epoch, close, growth, cash_col,
                                   band, fees, slip, value, traded, went, held, scratch)
    if bad_row >= 0:
        return bad_row, bad_col
    trades = 0
    for i in range(t_len):
        trades += traded[i] > 0
    r = np.empty(t_len)
    r[0] = value[0] - 1.0
    r[1:] = value[1:] / value[:-1] - 1.0
    ex = r - rf  # excess returns: the Sharpe, Sortino and the CSCV blocks read them
    stats[:] = metrics_core.core(r, ex, traded / value, trades)
    blocks[:] = block_sums(ex, n_blocks)
    return -1, -1


@compiled
def _simulate_combo(coefs: np.ndarray, mix: np.ndarray, need: np.ndarray,
                    rows_all: np.ndarray, row_off: np.ndarray, dest_all: np.ndarray,
                    epoch_all: np.ndarray, close_all: np.ndarray, growth_all: np.ndarray,
                    rf_all: np.ndarray, day_off: np.ndarray, cash_col: int, band: float,
                    fees: float, slip: float, n_blocks: int, stats: np.ndarray,
                    blocks: np.ndarray, errors: np.ndarray) -> None:
    """One combination's paths in the windows `need` marks, into stats/blocks/errors."""
    for w in range(row_off.shape[0] - 1):
        if not need[w]:
            continue
        r0, r1, d0, d1 = row_off[w], row_off[w + 1], day_off[w], day_off[w + 1]
        bad_row, bad_col = _one_path(
            coefs, mix, rows_all[r0:r1], dest_all[r0:r1], epoch_all[r0:r1], close_all[d0:d1],
            growth_all[d0:d1], rf_all[d0:d1], cash_col, band, fees, slip, n_blocks,
            stats[w], blocks[w])
        errors[w, 0], errors[w, 1] = bad_row, bad_col


@compiled
def _outputs(n: int, n_windows: int, n_blocks: int, n_stats: int
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per combination and window: metrics (NaN until run), block sums, errors (-1: none)."""
    return (np.full((n, n_windows, n_stats), np.nan), np.zeros((n, n_windows, n_blocks, 3)),
            np.full((n, n_windows, 2), -1, dtype=np.int64))


@compiled(parallel=True)
def simulate(kernel: int, x: np.ndarray, params: np.ndarray, mixes: np.ndarray,
             mix_ids: np.ndarray, todo: np.ndarray, need: np.ndarray, rows_all: np.ndarray,
             row_off: np.ndarray, dest_all: np.ndarray, epoch_all: np.ndarray,
             close_all: np.ndarray,
             growth_all: np.ndarray, rf_all: np.ndarray, day_off: np.ndarray, cash_col: int,
             band: float, fees: float, slip: float, n_blocks: int, n_stats: int
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Metrics and block sums of each combination todo[j] in the windows need[j] marks."""
    stats, blocks, errors = _outputs(todo.shape[0], row_off.shape[0] - 1, n_blocks, n_stats)
    for j in prange(todo.shape[0]):
        c = todo[j]
        _simulate_combo(coefficients(kernel, x, params[c]), mixes[mix_ids[c]], need[j],
                        rows_all, row_off, dest_all, epoch_all, close_all, growth_all, rf_all,
                        day_off, cash_col, band, fees, slip, n_blocks, stats[j], blocks[j],
                        errors[j])
    return stats, blocks, errors


@compiled(parallel=True)
def simulate_of(coefs: np.ndarray, mixes: np.ndarray, mix_ids: np.ndarray, todo: np.ndarray,
                need: np.ndarray, rows_all: np.ndarray, row_off: np.ndarray,
                dest_all: np.ndarray, epoch_all: np.ndarray, close_all: np.ndarray,
                growth_all: np.ndarray, rf_all: np.ndarray, day_off: np.ndarray,
                cash_col: int, band: float, fees: float, slip: float, n_blocks: int,
                n_stats: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`simulate` from coefficients already computed (combinations x days x mixes)."""
    stats, blocks, errors = _outputs(todo.shape[0], row_off.shape[0] - 1, n_blocks, n_stats)
    for j in prange(todo.shape[0]):
        c = todo[j]
        _simulate_combo(coefs[c], mixes[mix_ids[c]], need[j], rows_all, row_off, dest_all,
                        epoch_all, close_all, growth_all, rf_all, day_off, cash_col, band,
                        fees, slip, n_blocks, stats[j], blocks[j], errors[j])
    return stats, blocks, errors
