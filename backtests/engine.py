"""Target weights -> a simulated portfolio, through the one execution core (backtests.core).

The one-bar execution lag (backtests.execution) is read by the core: a target decided at the
close of day t is traded at the close of day t+1. Idle money sits in the cash sleeve (T-bill
accrual), so nothing earns zero. Fills, fees and slippage are vectorbt's compiled order step;
`to_vectorbt` rebuilds the same portfolio with vectorbt's `Portfolio.from_orders` (every
argument passed explicitly: vbt.settings never matter) for its analytics and as the
independent cross-check the tests hold equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from backtests.core import ORDER_DTYPE, run_path
from backtests.costs import Costs  # re-exported: the one definition of the cost defaults
from backtests.errors import ConfigError
from backtests.execution import (
    Fallback,
    complete,
    destinations,
    eve_row,
    fallback_chain,
    fallbacks_used,
    no_fallback_error,
    window,
)
from backtests.rebalance import trade_days_nb

CASH = "cash"
EPS = 1e-9


@dataclass(frozen=True)
class BacktestResult:
    """Everything a report needs; reports compute nothing the engine should."""

    name: str
    returns: pd.Series  # daily; the first day's is the entry cost, so prod(1+r) = value[-1]
    value: pd.Series  # portfolio value, 1.0 invested at the start's close (before costs)
    weights: pd.DataFrame  # weights actually held at each close
    targets: pd.DataFrame  # the targets decided at each close (before the execution lag)
    orders: pd.DataFrame  # one row per fill: date, sleeve, size, price, value, fees
    turnover: pd.Series  # traded value / portfolio value, per day (one-way)
    costs_paid: float  # fees + slippage, as a fraction of the initial value
    notes: tuple[str, ...] = ()
    fallbacks: tuple[Fallback, ...] = ()  # where weight moved because a sleeve had no data
    provenance: dict[str, Any] = field(default_factory=dict)
    sent: pd.DataFrame | None = field(default=None, repr=False)  # orders the band let through
    close: pd.DataFrame | None = field(default=None, repr=False)  # prices the orders filled at
    costs: Costs | None = None

    def to_vectorbt(self) -> Any:
        """The same run as a vectorbt Portfolio (for its analytics); equal to this result."""
        if self.sent is None or self.close is None or self.costs is None:
            raise ConfigError(f"{self.name}: this result keeps no orders to rebuild")
        return to_vectorbt(self.sent, self.close, self.costs)


def check_targets(targets: pd.DataFrame, sleeves: list[str], name: str) -> pd.DataFrame:
    """A strategy's weights on every sleeve (NaN rows = no order), refused if they name an
    unknown sleeve, go negative or sum above 1 (the rest goes to cash)."""
    unknown = sorted(set(targets.columns) - set(sleeves))
    if unknown:
        raise ConfigError(f"strategy {name}: unknown sleeve(s) {', '.join(unknown)}; sleeves "
                          f"are {', '.join(sleeves)} (data/universe.toml)")
    t = targets.reindex(columns=sleeves)
    live = t[~t.isna().all(axis=1)].fillna(0.0)
    if (live < -EPS).any().any():
        day = live.index[(live < -EPS).any(axis=1)][0]
        raise ConfigError(f"strategy {name}: negative weight on {day.date()} (long-only); got "
                          f"{live.loc[day][live.loc[day] < 0].to_dict()}")
    risky = live.drop(columns=CASH).sum(axis=1)
    if (risky > 1 + 1e-6).any():
        day = risky.index[risky > 1 + 1e-6][0]
        raise ConfigError(f"strategy {name}: weights sum to {risky[day]:.4f} > 1 on "
                          f"{day.date()}; the rest goes to cash, so keep the total <= 1")
    return t


def decisions(targets: pd.DataFrame, prices: pd.DataFrame, dates: pd.DatetimeIndex,
              fallback: dict[str, str | None], name: str
              ) -> tuple[pd.DataFrame, list[Fallback]]:
    """The decisions in force on the eve and on each day of `dates`, completed (cash) and with
    fallbacks applied (for the result: its targets, its Fallback records and the errors);
    the core applies the same steps as it trades."""
    sleeves = list(prices.columns)
    eve_pos = int(prices.index.searchsorted(dates[0])) - 1
    full = targets.reindex(prices.index).to_numpy(dtype=float)
    eve = eve_row(full, eve_pos)
    if eve < 0:
        raise ConfigError(f"{name}: no target decided before {dates[0].date()}; the "
                          "strategy must state weights on or before the day before start")
    index = prices.index[eve_pos:eve_pos + 1].append(dates)
    raw = np.vstack([full[eve:eve + 1], full[eve_pos + 1:eve_pos + 1 + len(dates)]])
    have = prices.reindex(index).notna().to_numpy()
    chain = fallback_chain(sleeves, fallback)
    dest = destinations(have, chain)
    done, bad_row, bad_col = complete(raw, sleeves.index(CASH), dest)
    if bad_row >= 0:
        raise no_fallback_error(sleeves[bad_col], index[bad_row])
    return (pd.DataFrame(done, index=index, columns=sleeves),
            fallbacks_used(raw, dest, sleeves, chain, pd.DatetimeIndex(index)))


def trade_days(orders: pd.DataFrame, returns: pd.DataFrame, band: float) -> np.ndarray:
    """Which order rows to execute: a new target, or drift beyond the band from the target.

    Drift is tracked on gross returns (fees ignored: they move weights by basis points).
    """
    return np.asarray(trade_days_nb(orders.to_numpy(dtype=float),
                                    returns.fillna(0.0).to_numpy(dtype=float), band))


def simulate(targets: pd.DataFrame, prices: pd.DataFrame, start: pd.Timestamp,
             end: pd.Timestamp, costs: Costs, fallback: dict[str, str | None],
             name: str = "") -> BacktestResult:
    """Run one strategy from `start`'s close to `end`; targets are decided at each close."""
    targets = check_targets(targets, list(prices.columns), name)
    days = np.flatnonzero((prices.index >= start) & (prices.index <= end))
    if len(days) < 2:
        raise ConfigError(f"{name}: fewer than two trading days in {start.date()}..{end.date()}")
    if days[0] == 0:
        raise ConfigError(f"{name}: {prices.index[0].date()} is the first day of the data; "
                          "start a day later so a decision can be taken on its eve")
    dates = prices.index[days]
    decided, moved = decisions(targets, prices, pd.DatetimeIndex(dates), fallback, name)
    sleeves = list(prices.columns)
    win = window(prices, fallback_chain(sleeves, fallback), days)
    t_len, k_len = win.close.shape
    value, traded = np.empty(t_len), np.empty(t_len)
    went, held = np.empty(t_len, dtype=np.bool_), np.empty((t_len, k_len))
    records = np.empty(max(2, t_len * k_len), dtype=ORDER_DTYPE)
    source = np.ascontiguousarray(targets.reindex(prices.index).to_numpy(dtype=float))
    *_, n = run_path(source, np.eye(k_len), win.rows, win.dest, win.epoch, win.close,
                     win.growth, sleeves.index(CASH), costs.band, costs.fee_rate,
                     costs.slippage_rate, value, traded, went, held, records)
    close = pd.DataFrame(win.close, index=dates, columns=sleeves)
    orders = pd.DataFrame(decided.to_numpy()[:-1], index=dates, columns=sleeves).ffill()
    sent = orders.where(pd.Series(went, index=dates), np.nan)
    result = _result(name, decided, close, costs, moved, records[:n], value, traded, held,
                     sent)
    # The core's orders are vectorbt's, which reject silently: prove every executed target
    # was reached.
    gap = (result.weights[went] - orders[went]).abs().max().max()
    if went.any() and gap > 0.01:
        raise RuntimeError(f"{name}: held weights miss the executed targets by {gap:.2%}")
    return result


def to_vectorbt(sent: pd.DataFrame, close: pd.DataFrame, costs: Costs) -> Any:
    """vectorbt's Portfolio.from_orders over the orders the band let through, with the
    engine's settings (the independent cross-check of the core)."""
    import vectorbt as vbt

    return vbt.Portfolio.from_orders(
        close=close, size=sent, size_type="targetpercent", direction="longonly", price=close,
        fees=costs.fee_rate, fixed_fees=0.0, slippage=costs.slippage_rate,
        min_size=1e-12, max_size=np.inf, size_granularity=np.nan, reject_prob=0.0,
        lock_cash=False, allow_partial=True, raise_reject=False, log=False, val_price=close,
        init_cash=1.0, cash_sharing=True, call_seq="auto", ffill_val_price=True,
        update_value=True, group_by=True, freq="1D", attach_call_seq=False, seed=0)


def _result(name: str, decided: pd.DataFrame, close: pd.DataFrame, costs: Costs,
            moved: list[Fallback], rec: np.ndarray, value_a: np.ndarray, traded: np.ndarray,
            held_a: np.ndarray, sent: pd.DataFrame) -> BacktestResult:
    value = pd.Series(value_a, index=close.index, name=name)
    held = pd.DataFrame(held_a, index=close.index, columns=close.columns)
    orders = pd.DataFrame({"date": close.index[rec["idx"]], "sleeve": close.columns[rec["col"]],
                           "size": rec["size"], "price": rec["price"], "fees": rec["fees"],
                           "side": np.where(rec["side"] == 0, "buy", "sell")})
    orders["value"] = orders["size"] * orders["price"]
    turnover = pd.Series(traded, index=close.index) / value
    # Slippage paid = size x |fill price - close| (fills are at the close +- slippage).
    at_close = close.to_numpy()[rec["idx"], rec["col"]]
    slipped = float((rec["size"] * np.abs(rec["price"] - at_close)).sum())
    costs_paid = float(orders["fees"].sum()) + slipped
    notes = [*map(str, moved), "execution: close of the day after each decision; fees "
             f"{costs.fee_bps:g} bp + slippage {costs.slippage_bps:g} bp; rebalance band "
             f"{costs.band:.0%}"]
    returns = value.pct_change()
    returns.iloc[0] = value.iloc[0] - 1.0  # day one: the cost of getting in (from 1.0 cash)
    return BacktestResult(name=name, returns=returns, value=value,
                          weights=held, targets=decided.iloc[1:], orders=orders,
                          turnover=turnover, costs_paid=costs_paid, notes=tuple(notes),
                          fallbacks=tuple(moved), sent=sent, close=close, costs=costs)
