"""Daily total-return series per sleeve, spliced from a primary and its proxies by returns.

Alignment policy (explicit, not a silent fill): each source's level is read on the US trading
calendar as its last observation at or before each day, inside the source's own first..last
range only. A market holiday of the source is a zero-return day; observations on days the US
market was closed (e.g. Hong Kong) compound into the next US trading day. Nothing is
extrapolated past a source's last value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from backtests.data.store import Store
from backtests.data.universe import Sleeve, SleeveSource, Universe

TRADING_DAYS = 252


@dataclass(frozen=True)
class Segment:
    """Which source supplies a sleeve's returns over which dates."""

    symbol: str
    method: str
    first: pd.Timestamp
    last: pd.Timestamp


@dataclass(frozen=True)
class ProxyFit:
    """How well a proxy tracks the primary over their overlap (daily returns)."""

    proxy: str
    primary: str
    days: int
    correlation: float
    tracking_error: float  # annualised
    ann_return_primary: float
    ann_return_proxy: float


@dataclass(frozen=True)
class SleeveSeries:
    name: str
    primary: str
    returns: pd.Series  # daily simple returns on trading days, first..last of coverage
    segments: list[Segment]
    fits: list[ProxyFit] = field(default_factory=list)

    @property
    def index(self) -> pd.Series:
        """Total-return index, 1.0 before the first return."""
        return (1.0 + self.returns).cumprod()


def trading_calendar(store: Store, universe: Universe) -> pd.DatetimeIndex:
    """The US trading days: the dates of the calendar series (^GSPC closes), from `start`."""
    days = pd.DatetimeIndex(store.level(universe.calendar).index, name="date")
    return days[days >= pd.Timestamp(universe.start)] if universe.start else days


def aligned_level(level: pd.Series, calendar: pd.DatetimeIndex) -> pd.Series:
    """Last observation at or before each calendar day, within the level's own range."""
    level = level.dropna()
    inside = calendar[(calendar >= level.index[0]) & (calendar <= level.index[-1])]
    return level.reindex(level.index.union(inside)).ffill().reindex(inside)


def source_returns(level: pd.Series, src: SleeveSource,
                   calendar: pd.DatetimeIndex) -> pd.Series:
    """Daily returns of one source by its method, on the calendar (first day dropped)."""
    lvl = aligned_level(level, calendar)
    days = lvl.index.to_series().diff().dt.days.to_numpy()
    prev = lvl.shift(1)
    if src.method == "adj_close":
        ret = lvl / prev - 1.0
    elif src.method == "bill_accrual":
        # Money-market convention: ACT/360 on the rate known at the start of the period.
        ret = prev / 100.0 * days / 360.0
    else:
        dy = (lvl - prev) / 100.0
        carry = prev / 100.0 * days / 365.0
        ret = carry - float(src.duration or 0) * dy + 0.5 * float(src.convexity or 0) * dy**2
    return ret.iloc[1:].rename(src.symbol)


def build_sleeve(name: str, sleeve: Sleeve, store: Store,
                 calendar: pd.DatetimeIndex) -> SleeveSeries:
    """Splice the sleeve's sources by returns: proxies only where the others have none."""
    parts = [source_returns(store.level(s.symbol), s, calendar) for s in sleeve.sources]
    combined = parts[0]
    segments = [Segment(sleeve.sources[0].symbol, sleeve.sources[0].method,
                        combined.index[0], combined.index[-1])]
    for src, ret in zip(sleeve.sources[1:], parts[1:], strict=True):
        if src.use == "before":
            piece = ret[ret.index < combined.index[0]]
            combined = pd.concat([piece, combined])
        else:
            piece = ret[ret.index > combined.index[-1]]
            combined = pd.concat([combined, piece])
        if not piece.empty:
            segments.append(Segment(src.symbol, src.method, piece.index[0], piece.index[-1]))
    segments.sort(key=lambda s: s.first)
    fits = [proxy_fit(parts[0], p) for p in parts[1:]]
    return SleeveSeries(name, sleeve.sources[0].symbol, combined.rename(name), segments,
                        [f for f in fits if f is not None])


CASH = "cash"  # where unallocated weight goes; its returns are also the risk-free rate


def sleeve_ends(sleeves: dict[str, SleeveSeries],
                fallback: dict[str, str | None]) -> dict[str, pd.Timestamp]:
    """The last day each sleeve can be held: its own last return or, past it, the last day of
    a fallback other than cash (through that one's fallbacks in turn).

    Before a sleeve exists, cash is an honest stand-in (the asset could not be bought). After
    its data stop, the asset still traded: cash would invent its returns, while a declared
    similar sleeve (commodities -> gold) stands in with a run note, as before its start.
    """
    def end(name: str, seen: frozenset[str]) -> pd.Timestamp:
        own = pd.Timestamp(sleeves[name].returns.index[-1])
        dest = fallback.get(name)
        if not dest or dest == CASH or dest in seen or dest not in sleeves:
            return own
        return max(own, end(dest, seen | {name}))

    return {name: end(name, frozenset()) for name in sleeves}


def latest_end(sleeves: dict[str, SleeveSeries], fallback: dict[str, str | None],
               held: set[str] | None = None) -> pd.Timestamp:
    """THE end of the data for backtests and the one meaning of `latest`: the last day on
    which every sleeve (or only the `held` ones) can be held, and cash has a rate.

    held=None is every sleeve: the date `latest` ends on in the report, `playbook regimes`,
    `now` and the forward replays. A run is limited only by the sleeves it holds.
    """
    ends = sleeve_ends(sleeves, fallback)
    names = set(sleeves) if held is None else ({*held} & set(sleeves)) | ({CASH} & set(sleeves))
    return pd.Timestamp(min(ends[n] for n in names))


def build_sleeves(store: Store, universe: Universe) -> dict[str, SleeveSeries]:
    calendar = trading_calendar(store, universe)
    return {name: build_sleeve(name, sl, store, calendar) for name, sl in universe.sleeves.items()}


def proxy_fit(primary: pd.Series, proxy: pd.Series) -> ProxyFit | None:
    """Overlap statistics of proxy vs primary daily returns (None without 60 shared days)."""
    both = pd.concat([primary, proxy], axis=1, join="inner").dropna()
    if len(both) < 60:
        return None
    a, b = both.iloc[:, 0].to_numpy(), both.iloc[:, 1].to_numpy()
    years = len(both) / TRADING_DAYS
    return ProxyFit(
        proxy=str(proxy.name), primary=str(primary.name), days=len(both),
        correlation=float(np.corrcoef(a, b)[0, 1]),
        tracking_error=float(np.std(a - b, ddof=1) * np.sqrt(TRADING_DAYS)),
        ann_return_primary=float(np.prod(1 + a) ** (1 / years) - 1),
        ann_return_proxy=float(np.prod(1 + b) ** (1 / years) - 1))
