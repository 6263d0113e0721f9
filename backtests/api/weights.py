"""Your own weights: a date x sleeve table of target weights read, checked and aligned to the
trading calendar, then run through the same engine as a rule (one-bar execution lag,
fallbacks, costs, metrics).

A row is a decision taken at that date's close and traded the next trading day, exactly like
a rule's target; a date that is not in the file means "no order that day". A blank cell in a
row that has other weights is refused rather than read as 0 (write 0 for flat).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from backtests.api.checks import hint
from backtests.errors import ConfigError, quote
from strategies.params import Params

log = logging.getLogger(__name__)
EPS = 1e-9
SUFFIXES = (".csv", ".parquet")
LABEL = "weights"


class WeightsParams(Params):
    """What a weights run was given: the file (or 'frame' for a DataFrame)."""

    source: str = "frame"


def read_weights(path: str | Path) -> pd.DataFrame:
    """A weights file: CSV (first column `date`) or parquet (a `date` column or a date index)."""
    file = Path(path)
    if file.suffix.lower() not in SUFFIXES:
        raise ConfigError(f"--weights {file}: expected a .csv or .parquet file (date x sleeve "
                          "target weights)")
    if not file.is_file():
        raise ConfigError(f"--weights {file}: no such file; give the path of a CSV or parquet "
                          "file of date x sleeve target weights")
    try:
        raw = (pd.read_csv(file, dtype=str, keep_default_na=False)
               if file.suffix.lower() == ".csv" else pd.read_parquet(file))
    except Exception as e:  # a damaged file: one line naming it, not a parser traceback
        raise ConfigError(f"--weights {file}: cannot be read ({type(e).__name__}: "
                          f"{str(e).splitlines()[0] if str(e) else 'empty'}); save it as a CSV "
                          "with a header row: date,<sleeve>,<sleeve>,...") from None
    if "date" not in raw.columns and isinstance(raw.index, pd.DatetimeIndex):
        raw = raw.rename_axis("date").reset_index()
    return _parse(raw, str(file))


def _parse(raw: pd.DataFrame, source: str) -> pd.DataFrame:
    if "date" not in raw.columns:
        raise ConfigError(f"{source}: no 'date' column (columns: "
                          f"{', '.join(map(str, raw.columns))}); the first column must be "
                          "named date, one row per decision")
    text = raw["date"].astype(str).str.strip()
    dates = (pd.to_datetime(raw["date"]).dt.normalize()
             if pd.api.types.is_datetime64_any_dtype(raw["date"])
             else pd.to_datetime(text, format="%Y-%m-%d", errors="coerce"))
    if dates.isna().any():
        bad = text[dates.isna()].iloc[0]
        row = int(dates.isna().to_numpy().argmax()) + 2  # the header is line 1
        raise ConfigError(f"{source}: date {quote(bad)} on line {row} is not a date; write "
                          "dates as YYYY-MM-DD")
    dup = dates[dates.duplicated()]
    if len(dup):
        raise ConfigError(f"{source}: date {dup.iloc[0].date()} appears more than once; keep "
                          "one row per date")
    body = raw.drop(columns="date")
    body.index = pd.DatetimeIndex(dates)
    frame = pd.DataFrame({str(c): _numbers(body[c], str(c), source) for c in body.columns},
                         index=body.index)
    return frame.sort_index()


def _numbers(column: pd.Series, name: str, source: str) -> pd.Series:
    if pd.api.types.is_numeric_dtype(column):  # parquet or a DataFrame: read as given
        return column.astype(float)
    text = column.astype(str).str.strip()
    blank = text.isin(["", "nan", "None", "NaN"])
    values = pd.to_numeric(text.where(~blank), errors="coerce")
    bad = values.isna() & ~blank
    if bad.any():
        day = column.index[int(bad.to_numpy().argmax())]
        raise ConfigError(f"{source}: {name} on {day.date()} is {quote(text[day])}, not a "
                          "number; write weights as fractions, e.g. 0.6")
    return values.astype(float)


def check_weights(frame: pd.DataFrame, sleeves: list[str], source: str) -> pd.DataFrame:
    """The file's sleeves, blanks, signs and totals, each refused with the date and the fix."""
    if frame.empty:
        raise ConfigError(f"{source}: no rows; give at least one date with its weights")
    for col in frame.columns:
        if col not in sleeves:
            fix = hint(col, sleeves) or f"; sleeves are {', '.join(sleeves)}"
            raise ConfigError(f"{source}: column {quote(col)} is not a sleeve{fix}")
    given = frame.notna()
    partial = given.any(axis=1) & ~given.all(axis=1)
    if partial.any():
        day = frame.index[int(partial.to_numpy().argmax())]
        empty = [c for c in frame.columns if not given.loc[day, c]]
        raise ConfigError(f"{source}: {', '.join(empty)} blank on {day.date()}; write 0 for "
                          "flat (a date without a row means no order)")
    live = frame[given.all(axis=1)]
    negative = (live < -EPS).any(axis=1)
    if negative.any():
        day = live.index[int(negative.to_numpy().argmax())]
        row = live.loc[day]
        raise ConfigError(f"{source}: negative weight on {day.date()} "
                          f"({', '.join(f'{k}={v:g}' for k, v in row[row < -EPS].items())}); "
                          "weights are long-only, >= 0")
    risky = live.drop(columns="cash", errors="ignore").sum(axis=1)
    if (risky > 1 + 1e-6).any():
        day = risky.index[int((risky > 1 + 1e-6).to_numpy().argmax())]
        raise ConfigError(f"{source}: weights sum to {risky[day]:.4f} on {day.date()}; keep "
                          "the total <= 1 (what is left over is held in cash)")
    return live


def align(frame: pd.DataFrame, calendar: pd.DatetimeIndex, source: str
          ) -> tuple[pd.DataFrame, list[str]]:
    """Rows on the trading calendar (NaN rows = no order). A date that is not a trading day
    (a month end on a weekend) is decided at the next trading day's close: later, never
    earlier, so no weight acts on prices from before it was known."""
    last = calendar[-1]
    late = frame.index[frame.index > last]
    if len(late):
        raise ConfigError(f"{source}: date {late[0].date()} is after the data's last trading "
                          f"day {last.date()}; drop the rows after it")
    pos = calendar.searchsorted(frame.index)
    moved = calendar[pos]
    notes = []
    shifted = frame.index != moved
    if shifted.any():
        notes.append(f"{source}: {int(shifted.sum())} date(s) not trading days moved to the "
                     f"next trading day (first: {frame.index[shifted][0].date()} -> "
                     f"{moved[shifted][0].date()})")
    clash = moved[moved.duplicated()]
    if len(clash):
        raise ConfigError(f"{source}: two rows fall on trading day {clash[0].date()} (a date "
                          "that is not a trading day moves to the next one); keep one")
    aligned = frame.set_axis(moved).reindex(calendar)
    for note in notes:
        log.info(note)
    return aligned, notes


def from_frame(frame: pd.DataFrame, source: str = "weights") -> pd.DataFrame:
    """A DataFrame given in Python: a date index (or a `date` column) x sleeve columns."""
    if not isinstance(frame, pd.DataFrame):
        raise ConfigError(f"{source}: expected a DataFrame of date x sleeve target weights, got "
                          f"{type(frame).__name__}")
    raw = frame if "date" in frame.columns else frame.rename_axis("date").reset_index()
    return _parse(raw, source)
