"""Tidy tables of a replay: outcomes at 6/12/24 months, allocations, paths, regimes, inputs.

Every figure counts from the start's close (value 1.0 there). The h-month point is the last
synthetic day on or before the anchor + h months + the offset: h months of the crisis
replayed. Every row carries `hypothetical` (True on synthetic days).
"""

from __future__ import annotations

import pandas as pd

from backtests.scenarios.methods import floors_text
from backtests.scenarios.replay import Replay, Scenario
from strategies.regimes import transitions
from strategies.signals import QE_TYPES

HORIZONS = (6, 12, 24)


def pct(v: float) -> str:
    """+1.2% (a fraction in percent; '-' when unknown; no '-0.0%')."""
    if v != v:
        return "-"
    return "+0.0%" if abs(v) < 0.0005 else f"{v:+.1%}"


def horizons(scenario: Scenario) -> dict[int, pd.Timestamp]:
    """Months after the anchor -> the synthetic day that closes them (only those replayed)."""
    a, ext = scenario.analogue, scenario.extension
    months = a.months if a.months is not None else _whole_months(a.anchor, a.end)
    wanted = [h for h in HORIZONS if h <= months] + ([months] if months not in HORIZONS else [])
    out = {}
    for h in wanted:
        limit = a.anchor + pd.DateOffset(months=h)
        days = scenario.synthetic[scenario.synthetic <= limit + pd.Timedelta(days=ext.shift.days)]
        if limit <= ext.complete_through and len(days):
            out[h] = pd.Timestamp(days[-1])
    return out


def _whole_months(a: pd.Timestamp, b: pd.Timestamp) -> int:
    months = (b.year - a.year) * 12 + b.month - a.month
    return months - (1 if b.day < a.day else 0)


def _rebased(r: Replay, label: str) -> pd.Series:
    value = r.runs[label].value
    return value[value.index >= r.scenario.start.day] / float(value[r.scenario.start.day])


def outcomes(r: Replay, benchmark: str) -> pd.DataFrame:
    """Per strategy and horizon: return and worst drawdown from the start, and vs benchmark."""
    rows = []
    for label in r.runs:
        v = _rebased(r, label)
        dd = v / v.cummax() - 1.0
        for h, day in horizons(r.scenario).items():
            rows.append({"strategy": label, "horizon_months": h, "date": day,
                         "total_return": float(v[day] - 1.0),
                         "max_drawdown": float(dd[dd.index <= day].min())})
    out = _tag(r, pd.DataFrame(rows))
    if benchmark in r.runs and not out.empty:
        base = out[out["strategy"] == benchmark].set_index("horizon_months")
        for col in ("total_return", "max_drawdown"):
            out[f"{col}_vs_{benchmark}"] = out[col] - out["horizon_months"].map(base[col])
    return out


def allocations(r: Replay) -> pd.DataFrame:
    """Weights held at the start's close and at each horizon (long: one row per sleeve)."""
    when = {0: r.scenario.start.day, **horizons(r.scenario)}
    regime = r.context.regimes["regime"]
    rows = [{"strategy": label, "horizon_months": h, "date": day, "regime": regime[day],
             "sleeve": sleeve, "weight": w}
            for label, res in r.runs.items() for h, day in when.items()
            for sleeve, w in zip(res.weights.columns,
                                 res.weights.loc[[day]].to_numpy(dtype=float)[0], strict=True)]
    return _tag(r, pd.DataFrame(rows))


def paths(r: Replay) -> pd.DataFrame:
    """Each strategy's value (1.0 at the start's close), drawdown from the start, regime."""
    frames = []
    regime = r.context.regimes["regime"]
    for label, res in r.runs.items():
        value = res.value / float(res.value[r.scenario.start.day])
        after = value[value.index >= r.scenario.start.day]
        frames.append(pd.DataFrame({
            "strategy": label, "date": value.index, "value": value.to_numpy(),
            "drawdown": (after / after.cummax() - 1.0).reindex(value.index).to_numpy(),
            "regime": regime.reindex(value.index).to_numpy()}))
    return _tag(r, pd.concat(frames, ignore_index=True))


def regime_changes(r: Replay) -> pd.DataFrame:
    """Regime transitions on the synthetic days, with the trigger behind each."""
    after = r.context.regimes.loc[r.scenario.start.day:]
    rows = [{"date": t.date, "before": t.before, "after": t.after, "reason": t.reason}
            for t in transitions(after)]
    return _tag(r, pd.DataFrame(rows, columns=["date", "before", "after", "reason"]))


def events(r: Replay) -> pd.DataFrame:
    """The crisis's Fed events as replayed (original date, shifted date, kept or dropped)."""
    sc = r.scenario
    days = sc.extension.shift.days
    kept = {id(e) for e in sc.events(r.with_qe)}
    rows = [{"date": e.date, "crisis_date": e.date - pd.Timedelta(days=days), "type": e.type,
             "replayed": id(e) in kept, "description": e.description}
            for e in sc.crisis_events]
    return _tag(r, pd.DataFrame(rows, columns=["date", "crisis_date", "type", "replayed",
                                               "description"]))


def series_plans(scenario: Scenario) -> pd.DataFrame:
    """How each input continues (or why it ends and reads as stale)."""
    rows = [{"series": p.symbol, "status": p.status, "method": p.how,
             "last_real": p.last_real, "first_synthetic": p.first,
             "last_synthetic": p.last, "synthetic_rows": p.rows, "note": p.note}
            for p in scenario.extension.plans.values()]
    out = pd.DataFrame(rows)
    out.insert(0, "analogue", scenario.analogue.name)
    return out


def _tag(r: Replay, frame: pd.DataFrame) -> pd.DataFrame:
    frame.insert(0, "qe", r.with_qe)
    frame.insert(0, "analogue", r.scenario.analogue.name)
    if "date" in frame:
        frame["hypothetical"] = pd.to_datetime(frame["date"]) > r.scenario.start.day
    return frame


def describe(r: Replay) -> list[str]:
    """The replay's assumptions in plain words (the CLI prints them, the report shows them)."""
    sc, shift = r.scenario, r.scenario.extension.shift
    weeks = shift.days // 7
    syn = sc.synthetic
    crisis = syn - pd.Timedelta(days=shift.days)
    lines = [sc.start.describe(),
             f"anchor {sc.analogue.anchor.date()}: {sc.analogue.anchor_source}",
             f"crisis day d is replayed on d + {weeks} weeks ({shift.days} days): synthetic "
             f"trading days {syn[0].date()} .. {syn[-1].date()} ({len(syn)} days; the crisis's "
             f"{crisis[0].date()} .. {crisis[-1].date()})"]
    gap = pd.bdate_range(sc.start.day + pd.Timedelta(days=1), syn[0] - pd.Timedelta(days=1))
    if len(gap):
        lines.append(f"{len(gap)} weekday(s) between the start and the first synthetic day "
                     "carry no trading day (the crisis calendar moves by whole weeks)")
    lines.append(f"each series continues from its last real value: {floors_text()}")
    shown = sc.events(r.with_qe)[len(sc.history_events):]
    days = pd.Timedelta(days=shift.days)
    lines.append("Fed events replayed: " + (", ".join(
        f"{e.date.date()} {e.type} (was {(e.date - days).date()})" for e in shown) or "none"))
    qe = [e for e in sc.crisis_events if e.type in QE_TYPES]
    if not qe:
        lines.append(f"this window holds no QE announcement ({', '.join(QE_TYPES)}): with and "
                     "without QE are the same path")
    elif not r.with_qe:
        lines.append("--no-qe drops the crisis's QE announcements (" + ", ".join(
            f"{e.date.date()} {e.type}" for e in qe) + "); the balance sheet still follows the "
            "crisis, so a rule that reads it can still see QE")
    lines += _inputs(sc)
    lines += sc.extension.notes
    lines.append(f"each strategy trades from {r.warm_start.date()} ({r.warm_source}), so at the "
                 "start it holds what its rule held there; figures count from the start's close")
    return lines


def _inputs(sc: Scenario) -> list[str]:
    plans = sc.extension.plans.values()
    own = [p.symbol for p in plans if p.status == "continued"]
    out = [f"{len(own)} inputs continue with the crisis's own moves"]
    for status, title in (("stand_in", "stand-ins"), ("sleeve", "with their sleeve's returns"),
                          ("ended", "ended, read as stale from the start")):
        mine = [f"{p.symbol} ({p.note})" for p in plans if p.status == status]
        if mine:
            out.append(f"{title}: " + "; ".join(mine))
    return out
