"""Check the cells of a parsed CSV table: dates and numbers parse, dates are unique, sorted and
not in the future (no weekends for prices), prices are positive and daily moves plausible.
One plain line per problem, naming the file, the row and the fix."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from backtests.data.universe import Series
from backtests.errors import clip, quote

DEFAULT_MAX_ABS_RETURN = 0.5  # larger daily moves in a price are almost always data errors
DEFAULT_MAX_ABS_CHANGE = 10.0  # percentage points per day for rates (DFF moved 7.9pp in 1987)
SOFT_MOVE = 0.25  # flagged (kept) above this, as the snapshot's own checks do
FIX = "fix or delete the row in the source file, then re-run the import"
DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"  # ASCII digits only (no full-width digits, no sign)
EARLIEST = pd.Timestamp("1800-01-01")  # older 'dates' are typos (year 0020, 0000)


@dataclass
class Checked:
    """A validated series plus non-fatal flags (e.g. large moves, kept but listed)."""

    frame: pd.DataFrame
    problems: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def check_table(raw: pd.DataFrame, where: str, kind: str, columns: list[str],
                spec: Series | None) -> Checked:
    """The table's rows as a float frame indexed by date, or the problems found in them."""
    problems: list[str] = []
    text_dates = raw["date"].str.strip()
    dates = pd.to_datetime(text_dates.where(text_dates.str.fullmatch(DATE)), format="%Y-%m-%d",
                           errors="coerce")
    early = dates < EARLIEST
    for i in np.flatnonzero((dates.isna() | early).to_numpy())[:3]:
        why = "is before 1800" if early.iloc[i] else "is not YYYY-MM-DD"
        problems.append(f"{where}, row {i + 2}: date {quote(raw['date'].iloc[i])} {why}; {FIX}")
    values = {}
    for col in columns:
        text = raw[col].str.strip()
        blank = text.isin(["", "."]) if kind != "price" else text.eq("")
        num = pd.to_numeric(text.where(~blank), errors="coerce")
        bad = num.isna() & ~blank
        infinite = ~np.isfinite(num.fillna(0.0))
        for i in np.flatnonzero((bad | infinite).to_numpy())[:3]:
            what = "is not a finite number" if (infinite.iloc[i] or _nan_word(text.iloc[i])) \
                else "is not a number"
            fix = ("leave the cell empty (or '.') for a missing value, or " + FIX) \
                if kind != "price" else FIX
            problems.append(f"{where}, row {i + 2} ({clip(raw['date'].iloc[i], 20)}): {col} "
                            f"{quote(raw[col].iloc[i])} {what}; {fix}")
        if kind == "price" and col == "adj_close":
            for i in np.flatnonzero(blank.to_numpy())[:3]:
                problems.append(f"{where}, row {i + 2} ({clip(raw['date'].iloc[i], 20)}): {col} "
                                f"is empty; every row needs a {col}; {FIX}")
        values[col] = num.astype("float64").to_numpy()
    if problems:
        return Checked(pd.DataFrame(), problems)
    frame = pd.DataFrame(values, index=pd.DatetimeIndex(dates, name="date"))
    problems += _check_dates(pd.DatetimeIndex(frame.index), where, kind)
    if problems:
        return Checked(pd.DataFrame(), problems)
    out = Checked(frame)
    _check_values(out, where, kind, spec)
    return out


def _nan_word(text: str) -> bool:
    return text.strip().lower() in ("nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity",
                                    "-infinity", "+infinity")


def _check_dates(idx: pd.DatetimeIndex, where: str, kind: str) -> list[str]:
    problems = []
    dup = idx.duplicated()
    if dup.any():
        problems.append(f"{where}: date {idx[dup][0].date()} appears more than once "
                        f"({int(dup.sum())} duplicate(s)); keep one row per date")
    back = np.flatnonzero(np.diff(idx.asi8) < 0)
    if back.size:
        i = int(back[0]) + 1
        problems.append(f"{where}, row {i + 2}: date {idx[i].date()} comes after "
                        f"{idx[i - 1].date()}; sort the file by date ascending")
    future = idx > pd.Timestamp.now().normalize() + pd.Timedelta(days=1)
    if future.any():
        problems.append(f"{where}: date {idx[future][0].date()} is in the future; "
                        "check the date format (YYYY-MM-DD) and the export")
    if kind == "price":
        weekend = idx.day_of_week >= 5
        if weekend.any():
            problems.append(f"{where}: date {idx[weekend][0].date()} is a "
                            f"{idx[weekend][0].day_name()}; daily prices have no weekend rows, "
                            "delete it")
    return problems


def _check_values(out: Checked, where: str, kind: str, spec: Series | None) -> None:
    frame = out.frame
    col = "adj_close" if kind == "price" else "value"
    s = frame[col].dropna()
    if s.empty:
        out.problems.append(f"{where}: column {col} has no values at all; re-export the series")
        return
    quote = spec.kind if spec is not None else kind
    if quote == "price":
        nonpos = frame[["close", "adj_close"]].le(0).any(axis=1)
        if nonpos.any():
            d = frame.index[nonpos][0]
            out.problems.append(f"{where} ({d.date()}): price {frame.loc[d, 'adj_close']:g} is "
                                f"not positive; prices must be > 0, {FIX}")
            return
    bound_ret = (spec.max_abs_return if spec else None) or (
        DEFAULT_MAX_ABS_RETURN if quote == "price" else None)
    # FRED series mix rates (pp) and levels ($M, claims): only declared bounds apply there.
    bound_chg = (spec.max_abs_change if spec else None) or (
        DEFAULT_MAX_ABS_CHANGE if quote == "yield" and bound_ret is None else None)
    if bound_ret is not None:
        move = s.pct_change().dropna()
        _bound(out, where, col, move, bound_ret, "daily return", SOFT_MOVE)
    elif bound_chg is not None:
        _bound(out, where, col, s.diff().dropna(), bound_chg, "daily change", None)


def _bound(out: Checked, where: str, col: str, move: pd.Series, bound: float, what: str,
           soft: float | None) -> None:
    hard = move[move.abs() > bound]
    if not hard.empty:
        d, v = pd.Timestamp(hard.index[0]), hard.iloc[0]
        out.problems.append(
            f"{where} ({d.date()}): {col} {what} of {v:+.4g} exceeds the plausibility bound "
            f"±{bound:g} ({len(hard)} such day(s)); check for a typo or a missing split "
            "adjustment, or raise max_abs_return/max_abs_change for this series in "
            "data/universe.toml if the move is real")
    elif soft is not None:
        big = move[move.abs() > soft]
        if not big.empty:
            shown = ", ".join(f"{d:%Y-%m-%d} {v:+.1%}" for d, v in big.head(3).items())
            out.flags.append(f"{len(big)} daily move(s) beyond ±{soft:.0%}: {shown}"
                             + (" …" if len(big) > 3 else ""))
