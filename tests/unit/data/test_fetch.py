"""Online sources with the network mocked at the boundary (yf.download, the HTTP session)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
import requests
from yfinance.exceptions import YFRateLimitError

from backtests.data import fred, yahoo
from backtests.data.fetch import fetch
from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.errors import ConfigError, FetchError

DATES = pd.DatetimeIndex(["2020-03-02", "2020-03-03", "2020-03-04"], name="Date")


def yahoo_frame(symbol: str = "SPY", drop: tuple[str, ...] = ()) -> pd.DataFrame:
    """What yfinance 1.x returns with auto_adjust=False: (Price, Ticker) columns."""
    data = {"Adj Close": [300.0, 291.4, 303.7], "Close": [309.09, 300.24, 312.86],
            "High": [309.2, 313.8, 313.1], "Low": [295.0, 297.6, 303.3],
            "Open": [298.2, 309.5, 306.0], "Volume": [1.0e8, 1.1e8, 0.9e8]}
    frame = pd.DataFrame({(k, symbol): v for k, v in data.items() if k not in drop}, index=DATES)
    frame.columns = pd.MultiIndex.from_tuples(frame.columns, names=["Price", "Ticker"])
    return frame


class Scripted:
    """A boundary fake that plays a script of answers (frames/responses or exceptions)."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.calls: list[dict[str, Any]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append({"args": args, **kwargs})
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def get(self, url: str, **kwargs: Any) -> Any:  # the requests.Session interface
        return self(url, **kwargs)


class Response:
    def __init__(self, status: int, text: str = "") -> None:
        self.status_code, self.text = status, text


FRED_TEXT = "observation_date,DGS10\n2020-03-02,1.10\n2020-03-03,.\n2020-03-04,1.00\n"
waits: list[float] = []


def no_sleep(seconds: float) -> None:
    waits.append(seconds)


def test_yahoo_success_asks_for_unadjusted_prices() -> None:
    dl = Scripted(yahoo_frame())
    text = yahoo.download_csv("SPY", dl, sleep=no_sleep)
    assert dl.calls[0]["auto_adjust"] is False and dl.calls[0]["period"] == "max"
    assert text.splitlines()[0] == "date,open,high,low,close,adj_close,volume"
    assert text.splitlines()[2] == "2020-03-03,309.500000,313.800000,297.600000,300.240000," \
                                   "291.400000,110000000.000000"


def test_yahoo_rate_limit_then_success() -> None:
    waits.clear()
    dl = Scripted(YFRateLimitError(), YFRateLimitError(), yahoo_frame())
    text = yahoo.download_csv("SPY", dl, sleep=no_sleep)
    assert len(dl.calls) == 3 and waits == [2.0, 4.0]
    assert "2020-03-04" in text


def test_yahoo_timeout_then_give_up() -> None:
    dl = Scripted(*[TimeoutError("read timed out")] * 4)
    with pytest.raises(FetchError, match=r"yfinance SPY: gave up after 4 attempts \(network "
                                         r"error \(read timed out\)\); try again later"):
        yahoo.download_csv("SPY", dl, sleep=no_sleep)


def test_yahoo_empty_frame() -> None:
    with pytest.raises(FetchError, match=r"Yahoo returned no rows for 'SPYY'; check the symbol"):
        yahoo.download_csv("SPYY", Scripted(pd.DataFrame()), sleep=no_sleep)


class LoggingDownloader(Scripted):
    """yfinance's real behaviour on failure: it logs the error and returns an empty frame."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        import logging

        logging.getLogger("yfinance").error("['SPY']: DNSError('Could not resolve host')")
        return super().__call__(*args, **kwargs)


def test_yahoo_logged_network_failure_is_retried_then_named() -> None:
    waits.clear()
    dl = LoggingDownloader(*[pd.DataFrame()] * 4)
    with pytest.raises(FetchError, match=r"gave up after 4 attempts \(network error: .*"
                                         r"DNSError\('Could not resolve host'\)"):
        yahoo.download_csv("SPY", dl, sleep=no_sleep)
    assert waits == [2.0, 4.0, 8.0]


def test_yahoo_partial_columns() -> None:
    with pytest.raises(FetchError, match=r"lacks column\(s\) Adj Close; auto_adjust must be False"):
        yahoo.download_csv("SPY", Scripted(yahoo_frame(drop=("Adj Close",))), sleep=no_sleep)


def test_yahoo_single_level_columns_and_tz_index() -> None:
    frame = yahoo_frame().droplevel("Ticker", axis=1)
    frame.index = frame.index.tz_localize("America/New_York")
    out = yahoo.to_layout(frame, "SPY")
    assert list(out.index.strftime("%Y-%m-%d")) == ["2020-03-02", "2020-03-03", "2020-03-04"]


def test_fred_success_maps_missing_dot_to_empty() -> None:
    session = Scripted(Response(200, FRED_TEXT))
    assert fred.download_csv("DGS10", session, sleep=no_sleep) == (
        "date,value\n2020-03-02,1.10\n2020-03-03,\n2020-03-04,1.00\n")
    assert session.calls[0]["params"] == {"id": "DGS10"}


def test_fred_429_then_success() -> None:
    session = Scripted(Response(429), Response(503), Response(200, FRED_TEXT))
    assert "2020-03-04,1.00" in fred.download_csv("DGS10", session, sleep=no_sleep)
    assert len(session.calls) == 3


def test_fred_timeout_then_give_up() -> None:
    session = Scripted(*[requests.Timeout()] * 4)
    with pytest.raises(FetchError, match=r"FRED DGS10: gave up after 4 attempts \(network error "
                                         r"\(Timeout\)\)"):
        fred.download_csv("DGS10", session, sleep=no_sleep)


def test_fred_unknown_series_and_unexpected_columns() -> None:
    with pytest.raises(FetchError, match=r"FRED answered HTTP 404 for 'DGS11'"):
        fred.download_csv("DGS11", Scripted(Response(404)), sleep=no_sleep)
    with pytest.raises(FetchError, match=r"has columns \['DATE', 'VALUE'\]; expected"):
        fred.download_csv("DGS10", Scripted(Response(200, "DATE,VALUE\n")), sleep=no_sleep)


def test_fetch_commits_successes_and_reports_failures(tmp_path: Any, universe: Universe) -> None:
    store = Store(tmp_path / "store")
    summary = fetch(store, universe, ["SPY", "DGS10", "QQQ"],
                    yahoo_download=Scripted(yahoo_frame(), pd.DataFrame()),
                    fred_session=Scripted(Response(200, FRED_TEXT)), sleep=no_sleep)
    assert summary.fetched == ["DGS10", "SPY"]
    assert "Yahoo returned no rows for 'QQQ'" in summary.failed["QQQ"]
    records = store.records()
    assert records["DGS10"].origin == "https://fred.stlouisfed.org/graph/fredgraph.csv?id=DGS10"
    assert records["SPY"].source == "yfinance" and records["SPY"].rows == 3
    assert store.level("SPY").iloc[-1] == 303.7


def test_fetch_validates_like_an_import(tmp_path: Any, universe: Universe) -> None:
    bad = yahoo_frame()
    bad.loc[DATES[1], ("Adj Close", "SPY")] = -1.0
    summary = fetch(Store(tmp_path / "s"), universe, ["SPY"], yahoo_download=Scripted(bad),
                    sleep=no_sleep)
    assert summary.version is None
    assert "yfinance:SPY (2020-03-03): price -1 is not positive" in summary.failed["SPY"]


def test_fetch_unknown_symbol_suggests(universe: Universe, tmp_path: Any) -> None:
    with pytest.raises(ConfigError, match=r"unknown symbol\(s\) 'DGS1O' \(did you mean 'DGS10'"):
        fetch(Store(tmp_path / "s"), universe, ["DGS1O"])
