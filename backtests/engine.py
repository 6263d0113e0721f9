"""Target weights -> a simulated portfolio (the only module that imports vectorbt).

The one-bar execution lag (backtests.execution, shared with the sweep kernel) is applied here:
a target decided at the close of day t is traded at the close of day t+1. Idle money sits in
the cash sleeve (T-bill accrual), so nothing earns zero. Every vectorbt argument is passed
explicitly: vbt.settings never matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import vectorbt as vbt

from backtests.costs import Costs  # re-exported: the one definition of the cost defaults
from backtests.errors import ConfigError
from backtests.execution import (
    Fallback,
    complete,
    destinations,
    eve_row,
    fallback_chain,
    fallbacks_used,
    lagged,
    no_fallback_error,
    restate_on_lost_data,
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
    fallbacks applied: the same functions the sweep kernel calls."""
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
    raw = restate_on_lost_data(raw, dest)  # a held sleeve whose data stop: re-decide that day
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
    dates = prices.index[(prices.index >= start) & (prices.index <= end)]
    if len(dates) < 2:
        raise ConfigError(f"{name}: fewer than two trading days in {start.date()}..{end.date()}")
    if prices.index.searchsorted(dates[0]) == 0:
        raise ConfigError(f"{name}: {dates[0].date()} is the first day of the data; start a "
                          "day later so a decision can be taken on its eve")
    window = prices.loc[dates]
    decided, moved = decisions(targets, prices, pd.DatetimeIndex(dates), fallback, name)
    orders = pd.DataFrame(lagged(decided.to_numpy()), index=dates, columns=decided.columns)
    execute = trade_days(orders, window.pct_change(), costs.band)
    size = pd.DataFrame(np.where(execute[:, None], orders.to_numpy(), np.nan),
                        index=orders.index, columns=orders.columns)
    # Before a sleeve exists its weight is 0; after its data end its weight goes to its
    # fallback, decided on the first day without data and executed the next (two flat days,
    # never invented returns): a flat price is inert in both cases.
    close = window.bfill().ffill()
    pf = vbt.Portfolio.from_orders(
        close=close, size=size, size_type="targetpercent", direction="longonly", price=close,
        fees=costs.fee_bps / 1e4, fixed_fees=0.0, slippage=costs.slippage_bps / 1e4,
        min_size=1e-12, max_size=np.inf, size_granularity=np.nan, reject_prob=0.0,
        lock_cash=False, allow_partial=True, raise_reject=False, log=False, val_price=close,
        init_cash=1.0, cash_sharing=True, call_seq="auto", ffill_val_price=True,
        update_value=True, group_by=True, freq="1D", attach_call_seq=False, seed=0)
    result = _result(pf, name, decided, close, costs, moved)
    # Rejected orders are silent in vectorbt (a 0% target on an empty sleeve is one, and
    # harmless): prove instead that every executed target was actually reached.
    gap = (result.weights[execute] - size[execute]).abs().max().max()
    if execute.any() and gap > 0.01:
        raise RuntimeError(f"{name}: held weights miss the executed targets by {gap:.2%}")
    return result


def _result(pf: Any, name: str, decided: pd.DataFrame, close: pd.DataFrame, costs: Costs,
            moved: list[Fallback]) -> BacktestResult:
    value = pf.value()
    value = pd.Series(value.to_numpy(), index=close.index, name=name)
    held = pf.asset_value(group_by=False).div(value, axis=0)
    rec = pf.orders.records_arr  # structured array: col, idx, size, price, fees, side (0 = buy)
    orders = pd.DataFrame({"date": close.index[rec["idx"]], "sleeve": close.columns[rec["col"]],
                           "size": rec["size"], "price": rec["price"], "fees": rec["fees"],
                           "side": np.where(rec["side"] == 0, "buy", "sell")})
    orders["value"] = orders["size"] * orders["price"]
    traded = orders.groupby("date")["value"].sum().reindex(close.index, fill_value=0.0)
    turnover = traded / value
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
                          fallbacks=tuple(moved))
