"""Fetch the universe's series online (yfinance for prices, FRED for macro) into the store."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from backtests.data import fred, yahoo
from backtests.data.records import Incoming, SeriesRecord, now_utc, sha256_text
from backtests.data.retry import GaveUp
from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.data.validate import parse_text
from backtests.errors import ConfigError, FetchError, OfflineError, clip


@dataclass(frozen=True)
class FetchSummary:
    version: str | None
    fetched: list[str]
    failed: dict[str, str]
    notes: list[str] = field(default_factory=list)


def select(universe: Universe, only: list[str] | None) -> list[str]:
    """The symbols to fetch; unknown names fail with a 'did you mean'."""
    if only is None:
        return list(universe.series)
    if not only:
        raise ConfigError("--only: no symbols given; e.g. --only SPY,DGS10 (or leave --only out "
                          "to fetch every series)")
    unknown = [s for s in only if s not in universe.series]
    if unknown:
        hints = [f"'{clip(s)}'" + (f" (did you mean '{m[0]}'?)"
                             if (m := difflib.get_close_matches(s, universe.series, n=1)) else "")
                 for s in unknown]
        raise ConfigError(f"--only: unknown symbol(s) {', '.join(hints)}; symbols are the "
                          "keys under [series] in data/universe.toml")
    return only


def fetch(store: Store, universe: Universe, only: list[str] | None = None,
          yahoo_download: yahoo.Downloader | None = None, fred_session: Any = None,
          sleep: Callable[[float], None] | None = None,
          on_item: Callable[[str], None] | None = None) -> FetchSummary:
    """Download, validate like an import, and commit what succeeded in one new version.

    Until one source has answered, a failure to connect at all stops the fetch at once
    (OfflineError): without a network every series would otherwise wait through its retries.
    """
    incoming: dict[str, Incoming] = {}
    failed: dict[str, str] = {}
    answered = False
    for symbol in select(universe, only):
        if on_item:
            on_item(symbol)
        spec = universe.series[symbol]
        try:
            if spec.kind == "fred":
                text, origin, source, kind = (
                    fred.download_csv(symbol, fred_session, sleep, offline_fails_fast=not answered),
                    fred.fred_url(symbol), "fred", "fred")
            else:
                dl = yahoo_download or yahoo.yf.download
                text, origin, source, kind = (
                    yahoo.download_csv(symbol, dl, sleep, offline_fails_fast=not answered),
                    f"yahoo:{symbol}", "yfinance", "price")
        except OfflineError:
            raise
        except FetchError as e:
            failed[symbol] = str(e)
            answered = answered or not isinstance(e, GaveUp)  # a 404 is an answer
            continue
        answered = True
        checked = parse_text(text, f"{source}:{symbol}", kind, spec)
        if checked.problems:
            failed[symbol] = "; ".join(checked.problems)
            continue
        frame = checked.frame
        incoming[symbol] = Incoming(frame, SeriesRecord(
            symbol=symbol, kind=kind, source=source, origin=origin, fetched_at=now_utc(),
            rows=len(frame), first=str(frame.index[0].date()), last=str(frame.index[-1].date()),
            sha256=sha256_text(text), flags=checked.flags))
    notes: list[str] = []
    version = store.commit_noted(incoming, {"last_fetch": now_utc()}, notes) if incoming else None
    return FetchSummary(version, sorted(incoming), failed, notes)
