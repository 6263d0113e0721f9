"""A sleeve that ends early (here a user's, ending 2015-12-31) stops only the runs holding it."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from backtests.data.sleeves import SleeveSeries, latest_end
from backtests.engine.costs import Costs
from backtests.episodes.definitions import load_episodes
from backtests.episodes.runner import MarketData, run_one
from backtests.errors import ConfigError
from strategies.registry import get

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def market(real_market: MarketData) -> MarketData:
    us = real_market.sleeves["us_equity"]
    mine = SleeveSeries("mine", "MINE", us.returns[:"2015-12-31"].rename("mine"), [])
    sleeves = {**real_market.sleeves, "mine": mine}
    fallback = {**real_market.fallback, "mine": None}
    prices = real_market.prices.assign(mine=mine.index.reindex(real_market.prices.index))
    return dataclasses.replace(real_market, sleeves=sleeves, prices=prices, fallback=fallback,
                               data_end=latest_end(sleeves, fallback))


def test_a_run_that_does_not_hold_the_sleeve_runs_past_its_end(market: MarketData,
                                                                real_market: MarketData) -> None:
    episode = load_episodes()["2020_covid"]
    run = run_one(market, "sixty_forty", get("sixty_forty").params(), "2020_covid", episode,
                  Costs())
    same = run_one(real_market, "sixty_forty", get("sixty_forty").params(), "2020_covid",
                   episode, Costs())
    assert str(run.result.returns.index[-1].date()) == "2021-06-30"
    assert run.metrics == same.metrics  # the unheld sleeve changes nothing


def test_a_run_that_holds_it_stops_with_the_date_and_the_fix(market: MarketData) -> None:
    episode = load_episodes()["2020_covid"]
    weights = pd.DataFrame({"us_equity": 0.5, "mine": 0.5}, index=market.prices.index)
    with pytest.raises(ConfigError, match=(
            r"episode '2020_covid': end = '2021-06-30' is after 2015-12-31, the last day every "
            r"sleeve has data; fix: end by then")):
        run_one(market, "mix", get("sixty_forty").params(), "2020_covid", episode, Costs(),
                weights)


def test_latest_is_the_latest_date_the_sleeves_allow(market: MarketData,
                                                     real_market: MarketData) -> None:
    # The snapshot alone: every ETF ends 2025-09-26 and cash (2026-07-22) cannot stand in.
    assert str(real_market.data_end.date()) == "2025-09-26"
    # A sleeve without a fallback ends `latest` where it ends (give it a fallback to lift it).
    assert str(market.data_end.date()) == "2015-12-31"
