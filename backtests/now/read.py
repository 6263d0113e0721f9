"""Where we are now: every input's freshness, every trigger vs its threshold, the regime, and
what each rule holds today and would move to on the next regime change.

Nothing here is a backtest: it reads the same point-in-time context the backtests read, on its
last day. A stale input makes its trigger UNKNOWN, never "not fired".
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from backtests.data.events import FedEvent
from backtests.data.store import Store
from backtests.data.universe import Universe, load_universe
from backtests.episodes.pipeline import Context, build_context
from backtests.now.answer import HoldingNow, Now, TriggerNow
from backtests.now.fresh import inputs, today_date
from backtests.now.reserves import SERIES as RESERVES
from backtests.now.reserves import reserves_now
from backtests.now.text import distance
from strategies.base import Inputs
from strategies.params import Params
from strategies.reachable import reachable, readable
from strategies.regimes import RegimeParams, transitions
from strategies.registry import STRATEGIES, make_params
from strategies.schema import successors
from strategies.triggers import TRIGGERS, Reading, describe, evaluate

if TYPE_CHECKING:
    from backtests.data.latest import Latest


def where_are_we(store: Store, universe: Universe | None = None,
                 events: list[FedEvent] | None = None,
                 regime_params: RegimeParams | None = None,
                 strategies: dict[str, Params] | None = None, n_events: int = 6,
                 ctx: Context | None = None, today: date | str | None = None,
                 rules: dict[str, str] | None = None) -> Now:
    """The "now" panel on the store's last signal day.

    `ctx`: a context already built from this store (a report run passes its own, so the
    panel reads exactly what the backtests read and the data are not processed twice); it
    then supplies the regime parameters and `regime_params` is not used. `today`: the
    calendar date the inputs' ages are counted to (default: the system's date). `rules`:
    run label -> rule, for `strategies` keyed by labels (a preset or tweaked run)."""
    universe = universe or load_universe()
    ctx = ctx or build_context(store, universe, events, regime_params)
    readings = evaluate(ctx.signals, ctx.regime_params)
    last = len(ctx.signals) - 1
    regime = str(ctx.regimes["regime"].iloc[-1])
    trans = transitions(ctx.regimes)
    since = trans[-1] if trans else None
    params = strategies or {name: make_params(name, {}) for name in STRATEGIES}
    calendar = events if events is not None else _events()
    day = today_date(today)
    names = list(dict.fromkeys([*(s for t in TRIGGERS.values() for s in t.inputs),
                                *RESERVES]))
    found = inputs(store, ctx, universe, names, day)
    latest = _latest(store, universe)
    return Now(
        as_of=str(ctx.signals.index[-1].date()), regime=regime,
        since=str(since.date.date()) if since else str(ctx.signals.index[0].date()),
        reason=since.reason if since else "",
        duration_risk=bool(ctx.regimes["duration_risk"].iloc[-1]),
        unknown=[u for u in str(ctx.regimes["unknown"].iloc[-1]).split(",") if u],
        inputs=found,
        triggers=[_trigger(key, readings[key], last, regime, ctx) for key in TRIGGERS],
        holdings=[_holding(name, p, ctx, (rules or {}).get(name, name))
                  for name, p in params.items()],
        fed_events=[{"date": str(e.date.date()), "type": e.type, "description": e.description}
                    for e in calendar[-n_events:]],
        prices_end=str(latest.day.date()),
        stand_ins=[(k, dest, str(own.date())) for k, dest, own in latest.stand_ins],
        reachable=reachable(regime, readable(readings, ctx.regime_params.qe_trigger, last)),
        today=str(day), data_age_days=(day - ctx.signals.index[-1].date()).days,
        reserves=reserves_now(ctx, {i.series: i.last_observation for i in found}))


def _events() -> list[FedEvent]:
    from backtests.data.events import load_events

    return load_events()


def _trigger(key: str, r: Reading, i: int, regime: str, ctx: Context) -> TriggerNow:
    trig = TRIGGERS[key]
    if r.unknown[i]:
        state = "unknown"
    elif regime not in trig.applies_in:
        state = f"not applicable in {regime}"
    else:
        state = "fired" if r.fired[i] else "not fired"
    return TriggerNow(key, trig.label, state, describe(key, r, i),
                      distance(key, r, i, ctx.signals.iloc[i], ctx.regime_params),
                      list(trig.inputs))


def _holding(name: str, params: Params, ctx: Context, rule: str) -> HoldingNow:
    """Today's target, and the target after one more day in each reachable regime."""
    strat = STRATEGIES[rule]
    inputs = Inputs(ctx.signals, ctx.regimes, ctx.panel)
    today = strat.rule(inputs, params).dropna(how="all").iloc[-1]
    nxt: dict[str, dict[str, float]] = {}
    if strat.kernel is None:  # a pandas rule: no state machine to ask "what if"
        return HoldingNow(name, _mix(today), nxt)
    for state in successors(str(ctx.regimes["regime"].iloc[-1])):
        nxt[state] = _mix(strat.target_after(inputs, params, state))
    return HoldingNow(name, _mix(today), nxt)


def _mix(row: pd.Series) -> dict[str, float]:
    live = row[row > 5e-4].sort_values(ascending=False)
    out = {str(k): round(float(v), 4) for k, v in live.items()}
    cash = round(1.0 - sum(out.values()), 4)
    if cash > 5e-4:
        out["cash"] = round(out.get("cash", 0.0) + cash, 4)
    return out


def _latest(store: Store, universe: Universe) -> Latest:
    """THE latest date the sleeves allow (backtests.data.latest): the runner's own, with the
    sleeves held through a fallback there."""
    from backtests.data.latest import latest_date

    return latest_date(store, universe)
