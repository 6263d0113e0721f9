"""Your own weights: every refusal names the file, the column or date, and the fix; alignment
moves a non-trading day later, never earlier."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from backtests.api.weights import align, check_weights, from_frame, read_weights
from backtests.errors import ConfigError

SLEEVES = ["us_equity", "long_treasury", "cash"]


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "w.csv"
    path.write_text(text)
    return path


def test_a_csv_is_read_as_dates_by_sleeves(tmp_path: Path) -> None:
    path = _csv(tmp_path, "date,us_equity,long_treasury\n2020-03-03,0.6,0.4\n"
                          "2020-03-02,0.5,0.5\n")
    frame = read_weights(path)
    assert list(frame.index.strftime("%Y-%m-%d")) == ["2020-03-02", "2020-03-03"]
    assert frame.loc["2020-03-03"].tolist() == [0.6, 0.4]


@pytest.mark.parametrize(("text", "message"), [
    ("date,us_equty\n2020-03-02,1\n",
     "column 'us_equty' is not a sleeve — did you mean 'us_equity'?"),
    ("date,us_equity,long_treasury\n2020-03-02,-0.1,0.4\n",
     "negative weight on 2020-03-02 (us_equity=-0.1); weights are long-only, >= 0"),
    ("date,us_equity,long_treasury\n2020-03-02,0.7,0.4\n",
     "weights sum to 1.1000 on 2020-03-02; keep the total <= 1 (what is left over is held in "
     "cash)"),
    ("date,us_equity\n03/02/2020,1\n",
     "date '03/02/2020' on line 2 is not a date; write dates as YYYY-MM-DD"),
    ("date,us_equity\n2020-03-02,1\n2020-03-02,0.5\n",
     "date 2020-03-02 appears more than once; keep one row per date"),
    ("date,us_equity\n2020-03-02,60%\n",
     "us_equity on 2020-03-02 is '60%', not a number; write weights as fractions, e.g. 0.6"),
    ("date,us_equity,long_treasury\n2020-03-02,0.6,\n",
     "long_treasury blank on 2020-03-02; write 0 for flat (a date without a row means no "
     "order)"),
    ("day,us_equity\n2020-03-02,1\n",
     "no 'date' column (columns: day, us_equity); the first column must be named date, one "
     "row per decision"),
])
def test_bad_weights_are_refused_with_the_fix(tmp_path: Path, text: str, message: str) -> None:
    path = _csv(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        check_weights(read_weights(path), SLEEVES, str(path))
    assert str(e.value) == f"{path}: {message}"


def test_a_file_that_is_not_csv_or_parquet_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"w\.xlsx: expected a \.csv or \.parquet file"):
        read_weights(tmp_path / "w.xlsx")
    with pytest.raises(ConfigError, match=r"nope\.csv: no such file"):
        read_weights(tmp_path / "nope.csv")


def test_a_parquet_file_and_a_frame_give_the_same_weights(tmp_path: Path) -> None:
    frame = pd.DataFrame({"us_equity": [0.6, 0.1 + 0.2]},
                         index=pd.to_datetime(["2020-03-02", "2020-03-04"]))
    frame.rename_axis("date").to_parquet(tmp_path / "w.parquet")
    pd.testing.assert_frame_equal(read_weights(tmp_path / "w.parquet"), from_frame(frame),
                                  check_names=False, check_freq=False)
    assert from_frame(frame).iloc[1, 0] == 0.1 + 0.2  # exact: no text round trip


def test_a_weekend_date_is_decided_on_the_next_trading_day_never_before() -> None:
    calendar = pd.DatetimeIndex(["2020-02-28", "2020-03-02", "2020-03-03"])
    frame = pd.DataFrame({"us_equity": [1.0]}, index=pd.to_datetime(["2020-02-29"]))
    aligned, notes = align(frame, calendar, "w.csv")
    assert aligned["us_equity"].isna().tolist() == [True, False, True]
    assert notes == ["w.csv: 1 date(s) not trading days moved to the next trading day "
                     "(first: 2020-02-29 -> 2020-03-02)"]


def test_two_rows_on_one_trading_day_and_rows_after_the_data_are_refused() -> None:
    calendar = pd.DatetimeIndex(["2020-02-28", "2020-03-02"])
    two = pd.DataFrame({"us_equity": [1.0, 0.5]}, index=pd.to_datetime(["2020-02-29",
                                                                        "2020-03-02"]))
    with pytest.raises(ConfigError, match="two rows fall on trading day 2020-03-02"):
        align(two, calendar, "w.csv")
    late = pd.DataFrame({"us_equity": [1.0]}, index=pd.to_datetime(["2020-03-03"]))
    with pytest.raises(ConfigError, match="date 2020-03-03 is after the data's last trading "
                                          "day 2020-03-02; drop the rows after it"):
        align(late, calendar, "w.csv")
