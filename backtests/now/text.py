"""How far each trigger is from firing (or from clearing), in plain words."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from strategies.regimes import RegimeParams
from strategies.signals.calendar import QE_TYPES
from strategies.triggers import TRIGGERS, Reading, fmt

if TYPE_CHECKING:
    from backtests.now.answer import Now


def distance(key: str, r: Reading, i: int, s: pd.Series, p: RegimeParams) -> str:
    """E.g. 'the Nasdaq would have to fall a further 7.4% to reach a correction'."""
    if r.unknown[i]:
        return "unknown: an input is stale or absent (see the inputs)"
    value, threshold, fired = float(r.value[i]), float(r.threshold[i]), bool(r.fired[i])
    if key in ("correction", "crisis_depth"):
        name = "a correction" if key == "correction" else "the crisis depth"
        if fired:
            return f"the Nasdaq is {-value:.1%} below its 252-day high, beyond {name}"
        fall = 1.0 - (1.0 + threshold) / (1.0 + value)
        return f"the Nasdaq would have to fall a further {fall:.1%} to reach {name} " \
               f"({-threshold:.0%} below its 252-day high)"
    if key == "healed":
        rise = (1.0 - p.calm_drawdown) / (1.0 + value) - 1.0
        return (f"the Nasdaq is within {p.calm_drawdown:.0%} of its high" if fired else
                f"the Nasdaq would have to rise {rise:.1%} to be within "
                f"{p.calm_drawdown:.0%} of its high")
    if key == "qe_announced":
        return ("no QE announcement yet" if value != value else
                f"the last QE announcement was {value:.0f} trading days ago"
                + (f" (counts for {p.qe_within})" if not fired else ""))
    if key == "new_panic":
        return ("VIX is at a new trailing peak" if fired else
                f"VIX would have to rise {1.0 / (1.0 - value) - 1.0:.1%} to a new "
                f"{p.vix_window}-day peak")
    if key == "panic_relief":
        if fired:
            return (f"VIX is {value:.0%} below its {p.vix_window}-day peak and the "
                    "Nasdaq drawdown is not deepening")
        speed = float(s["tech_drawdown_speed"])
        need = max(0.0, 1.0 - (1.0 - threshold) / (1.0 - value)) if value < threshold else 0.0
        return (f"VIX would have to fall a further {need:.1%}" if need > 0 else
                "VIX is far enough below its peak") + (
                "" if speed >= 0 else "; and the Nasdaq drawdown has to stop deepening")
    if key == "yields":
        change = float(s["ust10y_3m_change"])
        if fired:
            return f"the 10-year is at {value:.2f}%, at or above {threshold:.1f}%, and rose " \
                   f"{change:+.2f}pp over 3 months"
        if value >= threshold:
            return f"the 10-year is at {value:.2f}% but fell {change:+.2f}pp over 3 months"
        return f"the 10-year would have to rise {threshold - value:.2f}pp to {threshold:.1f}%"
    unit = TRIGGERS[key].unit
    gap = threshold - value
    if r.op == "<=":
        gap = -gap
    verb = "rise" if r.op in (">=", ">") else "fall"
    if fired:
        return f"fired: {r.name[i]} is {fmt(abs(gap), unit, True)} beyond its threshold"
    return f"{r.name[i]} would have to {verb} {fmt(abs(gap), unit, True)} to fire"


def duration_risk_text(now: Now) -> str:
    """Why duration is a risk today, naming only the condition that holds; an unknown
    inflation reading is said to be unknown, never implied to be high ('' = no duration risk).
    """
    if not now.duration_risk:
        return ""
    state = {t.key: t.state for t in now.triggers}
    why = []
    if state.get("inflation") == "fired":
        why.append("inflation is high (CPI up 4% or more over 12 months)")
    if state.get("yields") == "fired":
        why.append("the 10-year is at the article's 4.5% and rising")
    text = "Duration risk: " + (" and ".join(why) or "inflation high or the 10-year at the "
                                "article's 4.5% and rising")
    if state.get("inflation") == "unknown":
        text += " (inflation is unknown: its input is stale)"
    return text + ", so the defensive mixes hold cash and short Treasuries, not long bonds."


def reach_lines(now: Now) -> list[str]:
    """Which regimes (other than today's) and scenarios the machine can still reach with the
    data at hand (`now.reachable`, one strategies.reachable.Reach per regime), in two lines."""
    can, cannot = [], []
    for r in now.reachable:
        if r.regime == now.regime:
            continue
        name = f"{r.regime} = {r.scenario}" if r.scenario else r.regime
        if r.reachable:
            via = f" via {' -> '.join(r.path[1:-1])}" if len(r.path) > 2 else ""
            can.append(name + via + (f" [{r.note}]" if r.note else ""))
        else:
            cannot.append(f"{name}: {r.reason}")
    out = []
    if can:
        out.append("Reachable with the data at hand: " + "; ".join(can) + ".")
    if cannot:
        out.append("Out of reach with the data at hand: " + "; ".join(cannot) + ".")
    return out


# The Fed's balance-sheet actions in the calendar that are not QE (QE_TYPES are): the rules
# never count them, and a committee reading "the Fed is buying bills again" should know that.
NOT_QE = {"qt_slow": "slower QT", "qt_end": "the end of QT",
          "repo_intervention": "repo operations",
          "bill_purchases": "reserve-management bill purchases"}


def not_qe_text(now: Now) -> str:
    """Why the Fed's balance-sheet actions since its last QE, among the latest events, are not
    scenario 3's QE ('' when there are none): the article's "stopping balance sheet runoff is
    not the same as restarting QE"."""
    last_qe = max((e["date"] for e in now.fed_events if e["type"] in QE_TYPES), default="")
    since: dict[str, list[str]] = {}  # type -> its dates after the last QE, oldest first
    for e in sorted(now.fed_events, key=lambda e: e["date"]):
        if e["type"] in NOT_QE and e["date"] > last_qe:
            since.setdefault(e["type"], []).append(e["date"])
    if not since:
        return ""
    acts = [f"{NOT_QE[t]} ({', '.join(d)})" for t, d in sorted(since.items(),
                                                                key=lambda x: x[1][0])]
    sheet = next((t for t in now.triggers if t.key == "balance_sheet"), None)
    today = f"; today {sheet.reading}" if sheet is not None else ""
    return (f"Not QE: {_and(acts)} {'is' if len(acts) == 1 else 'are'} not scenario 3's QE: "
            "the rules count a QE announcement, or the Fed's assets growing as fast as in a "
            f"QE{today}. The article: \"stopping balance sheet runoff is not the same as "
            "restarting QE\".")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
