"""Publication rules and point-in-time alignment on hand-checkable dates."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backtests.data.panel import point_in_time, release_dates
from backtests.data.universe import Series


def spec(release: str, **kw: object) -> Series:
    return Series(kind="fred", description="t", release=release, **kw)  # type: ignore[arg-type]


def released(release: str, *dates: str, **kw: object) -> list[str]:
    out = release_dates(pd.DatetimeIndex(list(dates)), spec(release, **kw))
    return [str(d.date()) for d in out]


def test_walcl_wednesday_is_usable_friday_and_holiday_thursday_shifts_to_monday() -> None:
    assert released("business_days:2", "2019-09-18") == ["2019-09-20"]
    # Thanksgiving Thursday 2019-11-28: H.4.1 out Friday, usable Monday
    assert released("business_days:2", "2019-11-27") == ["2019-12-02"]


def test_sofr_and_h15_next_business_day() -> None:
    assert released("business_days:1", "2019-09-17") == ["2019-09-18"]
    assert released("business_days:1", "2019-09-13") == ["2019-09-16"]  # Friday -> Monday
    # a 7-day series' Saturday value counts from Friday: Saturday + 1 business day = Monday
    assert released("business_days:1", "2019-09-14") == ["2019-09-16"]


def test_nfci_friday_out_wednesday_or_thursday_after_a_holiday() -> None:
    assert released("business_days:3", "2019-09-13") == ["2019-09-18"]
    assert released("business_days:3", "2019-08-30") == ["2019-09-05"]  # Labor Day Monday


def test_employment_report_third_friday_after_the_reference_week() -> None:
    # June 2022 -> 2022-07-08; Dec 2021 -> 2022-01-07; Sep 2019 -> 2019-10-04 (BLS dates)
    assert released("bls_employment", "2022-06-01", "2021-12-01", "2019-09-01") == [
        "2022-07-08", "2022-01-07", "2019-10-04"]


def test_release_override_wins() -> None:
    assert released("bls_employment", "2013-09-01",
                    release_overrides={"2013-09-01": "2013-10-22"}) == ["2013-10-22"]


def test_calendar_days_roll_to_a_business_day() -> None:
    assert released("calendar_days:5", "2020-04-11") == ["2020-04-16"]  # claims, Sat -> Thu
    assert released("calendar_days:6", "2020-12-18") == ["2020-12-24"]
    assert released("calendar_days:7", "2020-12-18") == ["2020-12-28"]  # Christmas -> Mon


CAL = pd.bdate_range("2020-01-06", periods=10)  # Mon 01-06 .. Fri 01-17


def test_value_is_invisible_before_its_release() -> None:
    weekly = pd.Series([1.0, 2.0], index=pd.DatetimeIndex(["2020-01-08", "2020-01-15"]))
    value, asof = point_in_time(weekly, spec("business_days:2"), CAL)
    assert value.loc[:"2020-01-09"].isna().all()
    assert value["2020-01-10"] == 1.0 and value["2020-01-16"] == 1.0
    assert value["2020-01-17"] == 2.0 and asof["2020-01-17"] == pd.Timestamp("2020-01-15")


def test_release_after_the_last_day_is_not_visible() -> None:
    late = pd.Series([5.0], index=pd.DatetimeIndex(["2020-01-16"]))
    value, _ = point_in_time(late, spec("business_days:2"), CAL)
    assert value.isna().all()


@given(st.integers(0, 9), st.sampled_from(["same_day", "business_days:1", "business_days:2",
                                           "calendar_days:5", "business_days:3"]))
def test_nothing_is_ever_visible_before_its_release(day: int, rule: str) -> None:
    obs = pd.Series(range(30), index=pd.date_range("2019-12-20", periods=30), dtype=float)
    _, asof = point_in_time(obs, spec(rule), CAL)
    t = CAL[day]
    seen = asof[t]
    if pd.notna(seen):
        assert release_dates(pd.DatetimeIndex([seen]), spec(rule))[0] <= t


def test_unknown_release_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="expected same_day"):
        spec("monthly")


def test_january_employment_reports_come_a_week_later_when_the_rule_says_january_1_to_4() -> None:
    # BLS release dates of the December report (issue 10): the plain rule gives Jan 1-4.
    december = ["2008-12-01", "2009-12-01", "2013-12-01", "2014-12-01", "2019-12-01",
                "2020-12-01"]
    assert released("bls_employment", *december) == [
        "2009-01-09", "2010-01-08", "2014-01-10", "2015-01-09", "2020-01-10", "2021-01-08"]
    assert released("bls_employment", "2021-12-01") == ["2022-01-07"]  # unaffected (Jan 7)


def test_freshness_is_the_age_of_the_visible_value() -> None:
    from backtests.data.panel import fresh

    weekly = pd.Series([1.0], index=pd.DatetimeIndex(["2020-01-01"]))
    _, asof = point_in_time(weekly, spec("same_day"), CAL)
    flags = fresh(asof, max_age_days=10)
    assert flags.tolist() == [True] * 5 + [False] * 5  # 01-06..01-10 fresh; 01-13 is 12 days


def test_every_event_type_has_a_column_even_when_the_calendar_lacks_it(tmp_path) -> None:  # noqa: ANN001
    from backtests.data.events import EVENT_TYPES, FedEvent
    from backtests.data.importer import import_folder
    from backtests.data.panel import build_panel
    from backtests.data.store import Store
    from backtests.data.universe import load_universe
    from tests.conftest import write_snapshot

    uni = load_universe().model_copy(update={"calendar": "SPY", "start": None})
    store = Store(tmp_path / "s")
    import_folder(write_snapshot(tmp_path / "snap"), store, uni)
    uni = uni.model_copy(update={"series": {k: v for k, v in uni.series.items()
                                            if k in ("SPY", "DGS10")}})
    cut = [FedEvent(pd.Timestamp("2020-03-03"), "emergency_cut", "x", "", "http://x")]
    panel = build_panel(store, uni, cut)
    assert {f"event:{t}" for t in EVENT_TYPES} <= set(panel.columns)
    assert panel["event:qe_announce"].sum() == 0 and panel["event:emergency_cut"].sum() == 1
