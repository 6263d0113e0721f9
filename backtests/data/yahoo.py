"""Yahoo Finance prices through yfinance (the only module that imports it)."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pandas as pd
import yfinance as yf
from yfinance.exceptions import YFRateLimitError

from backtests.data.retry import NoConnection, Retryable, with_retries
from backtests.errors import FetchError, clip

YAHOO_COLUMNS = {"Open": "open", "High": "high", "Low": "low", "Close": "close",
                 "Adj Close": "adj_close", "Volume": "volume"}
Downloader = Callable[..., pd.DataFrame | None]
# yfinance logs its failures; these words in its log tell "cannot connect at all" (no network)
# from a transient failure worth retrying.
NO_CONNECTION_HINTS = ("resolve host", "dnserror", "name resolution", "name or service not known",
                       "failed to connect", "couldn't connect", "could not connect",
                       "connection refused", "network is unreachable", "curl: (6)", "curl: (7)")
NETWORK_HINTS = ("timed out", "timeout", "connection", "ssl", "curl: (", "rate limit",
                 "too many requests")


class _Capture(logging.Handler):
    """Collects yfinance's own error lines (it logs failures instead of raising them)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage().strip())


@contextmanager
def _quiet_yfinance() -> Iterator[_Capture]:
    logger = logging.getLogger("yfinance")
    capture, propagate = _Capture(), logger.propagate
    logger.addHandler(capture)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pandas deprecation noise from inside yfinance
            yield capture
    finally:
        logger.removeHandler(capture)
        logger.propagate = propagate


def download_csv(symbol: str, downloader: Downloader = yf.download,
                 sleep: Callable[[float], None] | None = None,
                 offline_fails_fast: bool = False) -> str:
    """Full daily history of one symbol as CSV text in the snapshot's prices layout."""

    def call() -> pd.DataFrame:
        with _quiet_yfinance() as log:
            try:
                # auto_adjust=False explicitly: we need both the raw close and Yahoo's Adj
                # Close (yfinance's default has been True since 0.2.51, dropping Adj Close).
                frame = downloader(symbol, period="max", interval="1d", auto_adjust=False,
                                   actions=False, progress=False, threads=False,
                                   multi_level_index=True, timeout=30)
            except YFRateLimitError as e:
                raise Retryable(f"rate limited by Yahoo ({e})") from None
            except (TimeoutError, ConnectionResetError) as e:
                raise Retryable(f"network error ({e})") from None
            except ConnectionError as e:  # refused, aborted: nothing answers
                raise NoConnection(f"network error ({e})") from None
        if frame is None or frame.empty:
            _raise_network(log.lines)
            said = clip(log.lines[-1].splitlines()[-1], 200) if log.lines else ""
            raise FetchError(f"Yahoo returned no rows for '{symbol}'"
                             + (f" ({said})" if said else "")
                             + "; check the symbol in data/universe.toml")
        return frame

    frame = with_retries(call, f"yfinance {symbol}", sleep=sleep,
                         offline_fails_fast=offline_fails_fast)
    return to_layout(frame, symbol).to_csv(float_format="%.6f")


def _raise_network(lines: list[str]) -> None:
    """If yfinance logged a network failure, raise it as NoConnection or Retryable."""
    for kind, hints in ((NoConnection, NO_CONNECTION_HINTS), (Retryable, NETWORK_HINTS)):
        hit = [ln for ln in lines if any(h in ln.lower() for h in hints)]
        if hit:
            raise kind(f"network error: {clip(hit[0].splitlines()[-1], 200)}")


def to_layout(frame: pd.DataFrame, symbol: str) -> pd.DataFrame:
    """yfinance output (single or two-level columns) -> date,open,...,adj_close,volume."""
    if isinstance(frame.columns, pd.MultiIndex):
        tickers = frame.columns.get_level_values(-1)
        if symbol not in set(tickers):
            raise FetchError(f"Yahoo's answer for '{symbol}' holds tickers {sorted(set(tickers))}")
        frame = pd.DataFrame(frame.xs(symbol, axis=1, level=-1))
    missing = [c for c in YAHOO_COLUMNS if c not in frame.columns]
    if "Close" in missing or "Adj Close" in missing:
        raise FetchError(f"Yahoo's answer for '{symbol}' lacks column(s) {', '.join(missing)}; "
                         "auto_adjust must be False so 'Adj Close' is returned")
    out = frame.reindex(columns=list(YAHOO_COLUMNS)).rename(columns=YAHOO_COLUMNS)
    out = out.dropna(subset=["close"])  # Yahoo's null rows (no trade) carry no information
    idx = pd.DatetimeIndex(out.index)
    out.index = (idx.tz_localize(None) if idx.tz is not None else idx).normalize().rename("date")
    return out
