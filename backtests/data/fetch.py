"""Fetch the universe's series online (yfinance for prices, FRED for macro) into the store."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backtests.data import fred, yahoo
from backtests.data.store import Incoming, SeriesRecord, Store, now_utc, sha256_text
from backtests.data.universe import Universe
from backtests.data.validate import parse_text
from backtests.errors import ConfigError, FetchError


@dataclass(frozen=True)
class FetchSummary:
    version: str | None
    fetched: list[str]
    failed: dict[str, str]


def select(universe: Universe, only: list[str] | None) -> list[str]:
    """The symbols to fetch; unknown names fail with a 'did you mean'."""
    if not only:
        return list(universe.series)
    unknown = [s for s in only if s not in universe.series]
    if unknown:
        hints = [f"'{s}'" + (f" (did you mean '{m[0]}'?)"
                             if (m := difflib.get_close_matches(s, universe.series, n=1)) else "")
                 for s in unknown]
        raise ConfigError(f"--only: unknown symbol(s) {', '.join(hints)}; symbols are the "
                          "keys under [series] in data/universe.toml")
    return only


def fetch(store: Store, universe: Universe, only: list[str] | None = None,
          yahoo_download: yahoo.Downloader | None = None, fred_session: Any = None,
          sleep: Callable[[float], None] | None = None,
          on_item: Callable[[str], None] | None = None) -> FetchSummary:
    """Download, validate like an import, and commit what succeeded in one new version."""
    incoming: dict[str, Incoming] = {}
    failed: dict[str, str] = {}
    for symbol in select(universe, only):
        if on_item:
            on_item(symbol)
        spec = universe.series[symbol]
        try:
            if spec.kind == "fred":
                text, origin, source, kind = (fred.download_csv(symbol, fred_session, sleep),
                                              fred.fred_url(symbol), "fred", "fred")
            else:
                dl = yahoo_download or yahoo.yf.download
                text, origin, source, kind = (yahoo.download_csv(symbol, dl, sleep),
                                              f"yahoo:{symbol}", "yfinance", "price")
        except FetchError as e:
            failed[symbol] = str(e)
            continue
        checked = parse_text(text, f"{source}:{symbol}", kind, spec)
        if checked.problems:
            failed[symbol] = "; ".join(checked.problems)
            continue
        frame = checked.frame
        incoming[symbol] = Incoming(frame, SeriesRecord(
            symbol=symbol, kind=kind, source=source, origin=origin, fetched_at=now_utc(),
            rows=len(frame), first=str(frame.index[0].date()), last=str(frame.index[-1].date()),
            sha256=sha256_text(text), flags=checked.flags))
    version = store.commit(incoming, {"last_fetch": now_utc()}) if incoming else None
    return FetchSummary(version, sorted(incoming), failed)
