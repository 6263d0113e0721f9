"""Fetching without a network: one line at once instead of minutes of
retries; real transient errors keep their backoff. The network is mocked at the boundary."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import requests

from backtests.data import yahoo
from backtests.data.fetch import fetch
from backtests.data.store import Store
from backtests.data.universe import Universe
from backtests.errors import OfflineError
from tests.unit.data.test_fetch import FRED_TEXT, Response, Scripted, yahoo_frame
from tests.unit.harness import cli

NO_NET = ("; connect to the internet and retry, or import a snapshot with `playbook data import "
          "PATH`")


class Waits(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


class LoggedFailure(Scripted):
    """yfinance's behaviour: it logs the failure and returns an empty frame."""

    def __init__(self, line: str, n: int) -> None:
        super().__init__(*[pd.DataFrame()] * n)
        self.line = line

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        logging.getLogger("yfinance").error(self.line)
        return super().__call__(*args, **kwargs)


@pytest.mark.parametrize(("only", "yahoo_dl", "session", "message"), [
    (["DGS10", "SPY"], None, Scripted(requests.ConnectionError("Name or service not known")),
     "no network: FRED DGS10 could not connect (network error (ConnectionError))" + NO_NET),
    (["SPY", "DGS10"], LoggedFailure("['SPY']: DNSError('Could not resolve host: "
                                     "query1.finance.yahoo.com')", 1), None,
     "no network: yfinance SPY could not connect (network error: ['SPY']: DNSError('Could not "
     "resolve host: query1.finance.yahoo.com'))" + NO_NET),
    (["SPY"], Scripted(ConnectionRefusedError("[Errno 111] Connection refused")), None,
     "no network: yfinance SPY could not connect (network error ([Errno 111] Connection "
     "refused))" + NO_NET),
])
def test_no_network_fails_at_the_first_series_without_waiting(
        tmp_path: Path, universe: Universe, only: list[str], yahoo_dl: Any, session: Any,
        message: str) -> None:
    waits = Waits()
    store = Store(tmp_path / "s")
    with pytest.raises(OfflineError) as info:
        fetch(store, universe, only, yahoo_download=yahoo_dl, fred_session=session, sleep=waits)
    assert str(info.value) == message
    assert waits == [] and not store.root.exists()
    assert len((yahoo_dl or session).calls) == 1


def test_once_a_source_answered_connection_errors_are_retried_and_reported(
        tmp_path: Path, universe: Universe) -> None:
    waits = Waits()
    summary = fetch(Store(tmp_path / "s"), universe, ["DGS10", "SPY"],
                    yahoo_download=LoggedFailure("['SPY']: DNSError('Could not resolve host')", 4),
                    fred_session=Scripted(Response(200, FRED_TEXT)), sleep=waits)
    assert waits == [2.0, 4.0, 8.0] and summary.fetched == ["DGS10"]
    assert summary.failed["SPY"] == (
        "yfinance SPY: gave up after 4 attempts (network error: ['SPY']: DNSError('Could not "
        "resolve host')); try again later, or import a snapshot with `playbook data import PATH`")


def test_a_slow_first_series_is_retried_not_called_offline(tmp_path: Path,
                                                           universe: Universe) -> None:
    waits = Waits()
    summary = fetch(Store(tmp_path / "s"), universe, ["SPY"],
                    yahoo_download=Scripted(TimeoutError("read timed out"), yahoo_frame()),
                    sleep=waits)
    assert waits == [2.0] and summary.fetched == ["SPY"]


def test_the_cli_says_no_network_in_one_line(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def offline(self: requests.Session, url: str, **kwargs: Any) -> None:
        calls.append(url)
        raise requests.ConnectionError("Failed to resolve 'fred.stlouisfed.org'")

    monkeypatch.setattr(requests.Session, "get", offline)
    monkeypatch.setattr(yahoo.yf, "download", lambda *a, **k: pytest.fail("not reached"))
    monkeypatch.setattr(time, "sleep", lambda s: pytest.fail("no retry without a network"))
    result = cli("data", "fetch", "--only", "DGS10,DGS2,SPY", "--store", tmp_path / "s")
    assert (result.exit_code, result.output) == (2, (
        "error: no network: FRED DGS10 could not connect (network error (ConnectionError))"
        + NO_NET + "\n"))
    assert len(calls) == 1 and not (tmp_path / "s").exists()
