"""The contingency plan: what the report opens with (screen one, page 1 of report.pdf and
`playbook now`).

What the highlighted rule holds today; what it moves to on a correction, on a crisis and once QE
is launched and the panic subsides (and for how long); the one sentence of evidence against
both benchmarks; how often the QE regime occurred and in which crises; the data's age against
today's calendar date. Every figure is read from the rule's parameters, the regime timeline, the
episodes and the scorecards: nothing here is written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from backtests.evaluate.scorecard import ROLES
from backtests.now.answer import Now
from backtests.now.text import not_qe_text
from backtests.now.text import reach_lines as reachable
from backtests.report.model import ReportData
from strategies.params import Params

QE = "qe_launched"
# The regimes a plan names, with the words a committee reads; the rule's own mix for each is
# its parameter of the same name (its `_short` twin while duration risk is on).
MOVES = {"correction": "On a correction", "crisis": "On a crisis",
         QE: "Once QE is launched and the panic subsides"}


@dataclass(frozen=True)
class Step:
    when: str  # "Today (calm)", "On a correction", ...
    mix: dict[str, float]  # sleeve -> weight (the rest in cash)
    note: str = ""  # "held 12 months, then back to the strategic mix"


@dataclass(frozen=True)
class Plan:
    strategy: str
    regime: str
    as_of: str
    steps: list[Step]
    age: str  # the data's age in days against today's calendar date
    evidence: str = ""  # hold-out record against the benchmark and the static mix
    qe: str = ""  # how often scenario 3 occurred, in which crises
    reachable: list[str] = field(default_factory=list)  # what the data at hand can still reach
    not_qe: str = ""  # the Fed's latest balance-sheet actions that are not scenario 3's QE


def steps(now: Now, strategy: str, params: Params) -> list[Step]:
    """Today's target (from `now`), then the rule's mix for each regime it names."""
    held = next((h for h in now.holdings if h.strategy == strategy), None)
    out = [Step(f"Today ({now.regime})", dict(held.today) if held else {})]
    short = bool(getattr(params, "shorten_duration", False)) and now.duration_risk
    for state, when in MOVES.items():
        mix = getattr(params, f"{state}_short", None) if short else None
        mix = mix if mix is not None else getattr(params, state, None)
        if mix is None and held is not None:
            mix = held.next.get(state)  # a rule without a named mix: what `now` computed
        if mix is None:
            continue
        note = "without duration (duration risk is on)" if short and state != QE else ""
        months = getattr(params, "hold_months", None)
        if state == QE and months is not None:
            scale = getattr(params, "scale_in_days", None)
            note = (f"scaled in over {scale} trading days, " if scale else "") + \
                f"held {months} months, then back to the strategic mix"
        out.append(Step(when, {k: float(v) for k, v in mix.items() if v}, note))
    return [held_as(s, now.stand_ins) for s in out]


def held_as(step: Step, stand_ins: list[tuple[str, str, str]]) -> Step:
    """The step as it can be held today: a sleeve whose data have ended passes its weight to
    its fallback (as the engine does), said in the step's note."""
    mix, said = dict(step.mix), []
    for sleeve, dest, own in stand_ins:
        if mix.get(sleeve):
            mix[dest] = round(mix.get(dest, 0.0) + mix.pop(sleeve), 10)
            said.append(f"{sleeve} held as {dest} (no {sleeve} data after {own})")
    if not said:
        return step
    return Step(step.when, mix, "; ".join([*said, *([step.note] if step.note else [])]))


def data_age(prices_end: str, signals_end: str, today: date) -> str:
    """Both ends of the data against the calendar date (the one "today" of the report)."""
    p = (today - date.fromisoformat(prices_end)).days
    s = (today - date.fromisoformat(signals_end)).days
    if prices_end == signals_end:
        return f"Data end {prices_end}: {p} days before today ({today})."
    return (f"Prices end {prices_end} ({p} days before today, {today}); the signals end "
            f"{signals_end} ({s} days).")


def qe_sentence(regime: pd.Series, windows: dict[str, tuple[pd.Timestamp, pd.Timestamp]],
                roles: dict[str, str]) -> str:
    """How often the QE regime was entered in the data, and in which of the run's crises: a
    regime entered only in design crises has no out-of-sample test."""
    is_qe = regime.eq(QE)
    starts = regime.index[is_qe & ~is_qe.shift(1, fill_value=False)]
    if len(starts) == 0:
        return "Scenario 3 (the QE regime) never occurred in the data: it is untested."
    where: dict[str, list[str]] = {"design": [], "holdout": [], "": []}  # role -> crises
    for day in starts:
        hit = next((e for e, (a, b) in windows.items()
                    if roles.get(e) in ROLES and a <= day <= b), None)
        role = roles[hit] if hit else ""
        where[role].append(hit or f"{day:%Y-%m}")
    n = len(starts)
    text = (f"Scenario 3 (the QE regime) occurred {_times(n)} in the data "
            f"({', '.join(f'{d:%Y-%m}' for d in starts)})")
    parts = []
    for role, words in (("design", "design"), ("holdout", "hold-out")):
        names = list(dict.fromkeys(where[role]))
        if names:
            every = ("both " if n == 2 else "all ") if len(where[role]) == n > 1 else ""
            parts.append(f"{every}in {words} {'crisis' if len(names) == 1 else 'crises'} "
                         f"({', '.join(names)})")
    if where[""]:
        parts.append(f"{len(where[''])} outside this run's crises")
    text += (", " + "; ".join(parts)) if parts else ""
    if where["holdout"]:
        return text + "."
    if where[""]:
        return text + ": none in a hold-out crisis of this run."
    return text + ", so it has no out-of-sample test."


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def evidence_sentence(cards: dict[str, pd.DataFrame], strategy: str, benchmark: str,
                      timing: str | None) -> str:
    """The hold-out record against the benchmark and against the static mix (timing value)."""
    parts = []
    for against, what in ((benchmark, benchmark),
                          (timing, f"its static mix {timing} (the timing value)")):
        card = cards.get(against) if against else None
        if card is None:
            continue
        mine = card[(card["strategy"] == strategy) & (card["role"] == "holdout")]
        if mine.empty:
            continue
        r = mine.iloc[0]
        parts.append(f"{what} in {int(r['return_beat'])} of {int(r['episodes'])} (median "
                     f"{_pp(float(r['return_median_diff']))})")
    if not parts:
        return ""
    return (f"On the hold-out crises the rules were not written from, {strategy} beat "
            + " and ".join(parts) + " on total return.")


def _pp(v: float) -> str:
    return "n/a" if pd.isna(v) else f"{v * 100:+.1f} pp".replace("-", "\u2212")


def from_now(now: Now, strategy: str, params: Params, today: date | None = None,
             evidence: str = "", qe: str = "") -> Plan:
    """The plan from a `now` reading; `evidence` and `qe` need a run (the report fills them)."""
    today = today or date.today()
    return Plan(strategy, now.regime, now.as_of, steps(now, strategy, params),
                data_age(now.prices_end or now.as_of, now.as_of, today), evidence, qe,
                reachable(now), not_qe_text(now))


def mix_text(mix: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.0%}" for k, v in mix.items()) or "all cash"


def lines(plan: Plan) -> list[str]:
    """The plan as plain lines (the terminal and the PDF read these)."""
    out = [f"Contingency plan ({plan.strategy}), as of {plan.as_of}: regime {plan.regime}."]
    for s in plan.steps:
        out.append(f"  {s.when}: {mix_text(s.mix)}" + (f"; {s.note}" if s.note else ""))
    out += [f"  {r}" for r in plan.reachable]
    out += [t for t in (plan.not_qe, plan.evidence, plan.qe, plan.age) if t]
    return out


def for_report(report: ReportData, today: date | None = None) -> Plan | None:
    """The plan of the report's highlighted rule; None without a `now` reading."""
    now = report.now
    if now is None:
        return None
    strategy = report.config.highlight
    run = next((r for r in report.runs if r.strategy == strategy), None)
    if run is None:
        return None
    windows = {e: report.window(e) for e in report.episodes}
    qe = qe_sentence(report.market.context.regimes["regime"], windows, report.roles)
    evidence = evidence_sentence(report.scorecards, strategy, report.benchmark, report.timing)
    return from_now(now, strategy, run.params, today, evidence, qe)
