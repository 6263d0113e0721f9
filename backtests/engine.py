"""Target weights -> a simulated portfolio (the only module that imports vectorbt).

The one-bar execution lag lives here and nowhere else: a target decided at the close of day t
is traded at the close of day t+1. Idle money sits in the cash sleeve (T-bill accrual), so
nothing earns zero. Every vectorbt argument is passed explicitly: vbt.settings never matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import vectorbt as vbt

from backtests.costs import Costs  # re-exported: the one definition of the cost defaults
from backtests.errors import ConfigError
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
    provenance: dict[str, Any] = field(default_factory=dict)


def prepare_targets(targets: pd.DataFrame, sleeves: list[str], name: str) -> pd.DataFrame:
    """Validate a strategy's weights and complete them: all sleeves, the rest in cash."""
    unknown = sorted(set(targets.columns) - set(sleeves))
    if unknown:
        raise ConfigError(f"strategy {name}: unknown sleeve(s) {', '.join(unknown)}; sleeves "
                          f"are {', '.join(sleeves)} (data/universe.toml)")
    t = targets.reindex(columns=sleeves)
    all_nan = t.isna().all(axis=1)
    t.loc[~all_nan] = t.loc[~all_nan].fillna(0.0)  # in a stated row a missing sleeve is 0
    live = t[~all_nan]
    if (live < -EPS).any().any():
        day = live.index[(live < -EPS).any(axis=1)][0]
        raise ConfigError(f"strategy {name}: negative weight on {day.date()} (long-only); got "
                          f"{live.loc[day][live.loc[day] < 0].to_dict()}")
    risky = live.drop(columns=CASH).sum(axis=1)
    if (risky > 1 + 1e-6).any():
        day = risky.index[risky > 1 + 1e-6][0]
        raise ConfigError(f"strategy {name}: weights sum to {risky[day]:.4f} > 1 on "
                          f"{day.date()}; the rest goes to cash, so keep the total <= 1")
    t.loc[~all_nan, CASH] = 1.0 - risky  # cash takes whatever the other sleeves leave
    return t


def apply_fallbacks(targets: pd.DataFrame, prices: pd.DataFrame,
                    fallback: dict[str, str | None]) -> tuple[pd.DataFrame, list[str]]:
    """Move weight of sleeves without data at a date to their fallback sleeve (with notes)."""
    t, notes = targets.copy(), []
    for sleeve in t.columns:
        missing = prices[sleeve].isna() & t[sleeve].fillna(0).gt(0)
        if not missing.any():
            continue
        dest, path = fallback.get(sleeve), [sleeve]
        while dest is not None and prices[dest].reindex(t.index[missing]).isna().any():
            path.append(dest)
            dest = fallback.get(dest)
        if dest is None:
            raise ConfigError(f"sleeve {sleeve} has no data on {t.index[missing][0].date()} and "
                              "no fallback with data; set fallback in data/universe.toml")
        days = t.index[missing]
        t.loc[days, dest] += t.loc[days, sleeve]
        t.loc[days, sleeve] = 0.0
        notes.append(f"{sleeve} has no data {days[0].date()}..{days[-1].date()}: its weight "
                     f"went to {dest}" + (f" (via {' -> '.join(path[1:])})" if path[1:] else ""))
    return t, notes


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
    sleeves = list(prices.columns)
    targets = prepare_targets(targets, sleeves, name)
    dates = prices.index[(prices.index >= start) & (prices.index <= end)]
    if len(dates) < 2:
        raise ConfigError(f"{name}: fewer than two trading days in {start.date()}..{end.date()}")
    before = prices.index[prices.index < dates[0]]
    decided = targets.reindex(before[-1:].append(dates))
    if decided.iloc[0].isna().all():  # no decision on the eve itself: the last one before it
        earlier = targets.loc[:before[-1]].dropna(how="all")
        if earlier.empty:
            raise ConfigError(f"{name}: no target decided before {dates[0].date()}; the "
                              "strategy must state weights on or before the day before start")
        decided.iloc[0] = earlier.iloc[-1]
    window = prices.loc[dates]
    decided, notes = apply_fallbacks(decided, prices.reindex(decided.index), fallback)
    # THE execution lag: the decision at close t becomes the order at close t+1.
    orders = decided.shift(1).iloc[1:]
    execute = trade_days(orders, window.pct_change(), costs.band)
    size = pd.DataFrame(np.where(execute[:, None], orders.to_numpy(), np.nan),
                        index=orders.index, columns=orders.columns)
    close = window.bfill()  # before a sleeve exists its weight is 0; a flat price is inert
    pf = vbt.Portfolio.from_orders(
        close=close, size=size, size_type="targetpercent", direction="longonly", price=close,
        fees=costs.fee_bps / 1e4, fixed_fees=0.0, slippage=costs.slippage_bps / 1e4,
        min_size=1e-12, max_size=np.inf, size_granularity=np.nan, reject_prob=0.0,
        lock_cash=False, allow_partial=True, raise_reject=False, log=False, val_price=close,
        init_cash=1.0, cash_sharing=True, call_seq="auto", ffill_val_price=True,
        update_value=True, group_by=True, freq="1D", attach_call_seq=False, seed=0)
    result = _result(pf, name, decided, close, costs, notes)
    # Rejected orders are silent in vectorbt (a 0% target on an empty sleeve is one, and
    # harmless): prove instead that every executed target was actually reached.
    gap = (result.weights[execute] - size[execute]).abs().max().max()
    if execute.any() and gap > 0.01:
        raise RuntimeError(f"{name}: held weights miss the executed targets by {gap:.2%}")
    return result


def _result(pf: Any, name: str, decided: pd.DataFrame, close: pd.DataFrame, costs: Costs,
            notes: list[str]) -> BacktestResult:
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
    notes = [*notes, f"execution: close of the day after each decision; fees {costs.fee_bps:g} "
             f"bp + slippage {costs.slippage_bps:g} bp; rebalance band {costs.band:.0%}"]
    returns = value.pct_change()
    returns.iloc[0] = value.iloc[0] - 1.0  # day one: the cost of getting in (from 1.0 cash)
    return BacktestResult(name=name, returns=returns, value=value,
                          weights=held, targets=decided.iloc[1:], orders=orders,
                          turnover=turnover, costs_paid=costs_paid, notes=tuple(notes))
