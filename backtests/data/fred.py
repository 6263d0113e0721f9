"""FRED series through the public CSV download (no API key)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pandas as pd
import requests

from backtests.data.retry import NoConnection, Retryable, with_retries
from backtests.errors import FetchError, clip, quote

FRED_CSV_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"


def fred_url(series_id: str) -> str:
    return f"{FRED_CSV_URL}?id={series_id}"


def download_csv(series_id: str, session: Any = None,
                 sleep: Callable[[float], None] | None = None,
                 offline_fails_fast: bool = False) -> str:
    """Full history of one FRED series as CSV text in the snapshot's fred layout."""
    http = session or requests.Session()

    def call() -> str:
        try:
            resp = http.get(FRED_CSV_URL, params={"id": series_id}, timeout=30)
        except requests.Timeout as e:  # includes ConnectTimeout: slow, not absent
            raise Retryable(f"network error ({type(e).__name__})") from None
        except requests.ConnectionError as e:  # DNS failure, refused, unreachable
            raise NoConnection(f"network error ({type(e).__name__})") from None
        if resp.status_code == 429 or resp.status_code >= 500:
            raise Retryable(f"HTTP {resp.status_code}")
        if resp.status_code != 200:
            raise FetchError(f"FRED answered HTTP {resp.status_code} for '{series_id}' "
                             f"({fred_url(series_id)}); check the series id in "
                             "data/universe.toml")
        return str(resp.text)

    return to_layout(with_retries(call, f"FRED {series_id}", sleep=sleep,
                                  offline_fails_fast=offline_fails_fast), series_id)


def to_layout(text: str, series_id: str) -> str:
    """FRED's 'observation_date,ID' (or older 'DATE,ID') CSV -> 'date,value'."""
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        raise FetchError(f"FRED's answer for '{series_id}' is not CSV (starts "
                         f"{quote(text, 60)}); the download URL may have changed") from None
    cols = list(frame.columns)
    if len(cols) != 2 or cols[1] != series_id or cols[0] not in ("observation_date", "DATE"):
        raise FetchError(f"FRED's answer for '{series_id}' has columns {clip(cols, 80)}; expected "
                         f"observation_date,{series_id}")
    frame.columns = ["date", "value"]
    frame["value"] = frame["value"].replace(".", "")
    return str(frame.to_csv(index=False))
