"""Splice a newer file onto a stored series: check the overlap, then continue the history.

A vendor drop (a monthly or weekly export of recent rows) starts inside the stored history so
that the two can be compared. Prices are compared and continued by daily returns of adj_close,
because every download has its own adjustment basis; economic series value by value, because a
published value is a fact. The stored history is never rewritten, except for economic values
the user explicitly accepts as revisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

RETURN_TOLERANCE = 1e-5  # abs. difference of daily returns; clean copies agree within 2e-6
SHOWN_ROWS = 8  # disagreements listed per series (the count says how many more)
REFUSE = "nothing was written"


@dataclass(frozen=True)
class Disagreement:
    """One common day where the stored series and the new file differ."""

    date: pd.Timestamp
    stored: float  # NaN: the store has no value that day (an added value)
    new: float


@dataclass
class Spliced:
    """The outcome for one series: the merged frame, or why it is refused."""

    frame: pd.DataFrame
    overlap: tuple[pd.Timestamp, pd.Timestamp] | None = None
    common: int = 0  # days compared
    appended: int = 0  # rows after the stored end
    max_diff: float = 0.0  # largest return difference (prices) on the overlap
    revised: list[Disagreement] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.appended > 0 or bool(self.revised)


def splice(stored: pd.DataFrame, new: pd.DataFrame, kind: str, where: str,
           accept_revisions: bool = False) -> Spliced:
    """Merge `new` (validated, same layout) onto `stored`; problems say why it cannot be.

    kind: 'price' (adj_close returns) or 'fred' (values). where: the new file, for messages.
    """
    col = "adj_close" if kind == "price" else "value"
    old, fresh = stored[col].dropna(), new[col].dropna()
    bounds = _bounds_problem(old, fresh, where)
    if bounds:
        return Spliced(stored, problems=[bounds])
    if kind == "price":
        return _splice_prices(stored, new, where)
    return _splice_values(stored, new, where, accept_revisions)


def _bounds_problem(old: pd.Series, fresh: pd.Series, where: str) -> str | None:
    first, last = old.index[0].date(), old.index[-1].date()
    if fresh.index[0] > old.index[-1]:
        gap = (fresh.index[0] - old.index[-1]).days
        return (f"{where}: starts {fresh.index[0].date()}, after the stored series ends {last} "
                f"(a gap of {gap} days, no overlap to check); import a file that starts on or "
                f"before {last}, or replace the whole series with --replace; {REFUSE}")
    if fresh.index[0] < old.index[0]:
        return (f"{where}: starts {fresh.index[0].date()}, before the stored history "
                f"({first}..{last}); a splice only continues a series forward: cut the file to "
                f"start inside {first}..{last}, or replace the whole series with --replace; "
                f"{REFUSE}")
    return None


def _splice_prices(stored: pd.DataFrame, new: pd.DataFrame, where: str) -> Spliced:
    old, fresh = stored["adj_close"].dropna(), new["adj_close"].dropna()
    end = old.index[-1]
    common = old.index.intersection(fresh.index)
    if len(common) < 2:
        return Spliced(stored, problems=[
            f"{where}: only {len(common)} day(s) in common with the stored series (ending "
            f"{end.date()}); at least 2 are needed to compare daily returns: import a file "
            f"that overlaps the stored history by a few days; {REFUSE}"])
    later = new[new.index > end]
    if not later.empty and end not in fresh.index:
        return Spliced(stored, problems=[
            f"{where}: has no adj_close on {end.date()}, the stored series' last day, so its "
            f"newer rows cannot be chained from there; import a file that includes "
            f"{end.date()}; {REFUSE}"])
    # Returns between consecutive common days: a day one side lacks is simply spanned.
    r_old, r_new = old[common].pct_change().iloc[1:], fresh[common].pct_change().iloc[1:]
    diff = (r_new - r_old).abs()
    out = Spliced(stored, overlap=(common[0], common[-1]), common=len(common),
                  max_diff=float(diff.max()))
    bad = diff[diff > RETURN_TOLERANCE]
    if not bad.empty:
        rows = [Disagreement(d, float(r_old[d]), float(r_new[d])) for d in bad.index]
        out.problems.append(_table(where, "daily return of adj_close", len(common) - 1, rows,
                                   f"tolerance {RETURN_TOLERANCE:g}",
                                   "check that both files are the same security and both "
                                   "are dividend-adjusted"))
        return out
    if later.empty:
        return out
    # Continue the stored level by the new file's own returns: adj(t) = adj(t-1) * r(t).
    later = later.copy()
    later["adj_close"] = later["adj_close"] * (old[end] / fresh[end])
    out.frame = pd.concat([stored, later[stored.columns]])
    out.appended = len(later)
    return out


def _splice_values(stored: pd.DataFrame, new: pd.DataFrame, where: str,
                   accept_revisions: bool) -> Spliced:
    old, fresh = stored["value"].dropna(), new["value"].dropna()
    end = stored.index[-1]
    inside = fresh[fresh.index <= end]
    common = old.index.intersection(inside.index)
    if common.empty:
        return Spliced(stored, problems=[
            f"{where}: no value on any date the stored series has (up to {end.date()}); at "
            f"least one common value is needed to check the overlap: import a file that "
            f"overlaps the stored history; {REFUSE}"])
    aligned = old.reindex(inside.index)
    differs = ~np.isclose(aligned.to_numpy(), inside.to_numpy(), rtol=0.0, atol=0.0)
    rows = [Disagreement(d, float(aligned[d]), float(inside[d]))
            for d in inside.index[differs]]
    out = Spliced(stored, overlap=(common[0], common[-1]), common=len(common))
    if rows and not accept_revisions:
        out.problems.append(_table(where, "value", len(inside), rows, "values must be identical",
                                   "if the source revised these values, import again with "
                                   "--accept-revisions to keep the new ones"))
        return out
    frame = stored.copy()
    if rows:
        out.revised = rows
        for r in rows:
            frame.loc[r.date, "value"] = r.new
        frame = frame.sort_index()
    later = new[new.index > end]
    out.appended = len(later)
    out.frame = pd.concat([frame, later[frame.columns]]) if out.appended else frame
    return out


def _table(where: str, what: str, compared: int, rows: list[Disagreement], rule: str,
           fix: str) -> str:
    """The disagreements as a small aligned table inside one problem."""
    head = (f"{where}: the overlap with the stored series disagrees on {len(rows)} of "
            f"{compared} day(s) ({what}, {rule}); {fix}; {REFUSE}:")
    lines = [head, f"      {'date':<10}  {'stored':>14}  {'new':>14}  {'difference':>12}"]
    for r in rows[:SHOWN_ROWS]:
        stored = "(none)" if np.isnan(r.stored) else f"{r.stored:.8g}"
        diff = "" if np.isnan(r.stored) else f"{r.new - r.stored:+.3g}"
        lines.append(f"      {r.date.date()!s:<10}  {stored:>14}  {r.new:>14.8g}  {diff:>12}")
    if len(rows) > SHOWN_ROWS:
        lines.append(f"      … and {len(rows) - SHOWN_ROWS} more")
    return "\n".join(lines)
