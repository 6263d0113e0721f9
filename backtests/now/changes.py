"""What changed since the last look (`playbook now --changes`, for a daily cron job).

The last look is kept in the store folder (LAST_LOOK, written atomically): the signals' last
day then, the regime and each trigger's state. Changes are the alerts reported after that day
(the same stream as the report: a week's minimum duration, a severe reading at once) and the
regime's transitions after it, so a daily job and the report never disagree about what
happened; a trigger whose state differs from the one saved is listed even when the alert
stream has not reported it yet is listed as pending (it has held less than a week), and does
not count as a change: a daily job must not wake anyone for a line crossed and recrossed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from backtests.episodes.outputs import atomic_write
from backtests.errors import StoreError

if TYPE_CHECKING:
    from backtests.data.store import Store
    from backtests.episodes.pipeline import Context
    from backtests.now.answer import Now

LAST_LOOK = "now-last-look.json"
CHANGED = 3  # exit code of `now --changes` when a trigger or the regime changed (2 = error)


@dataclass(frozen=True)
class Changes:
    first_look: bool  # no earlier look was saved: nothing to compare with
    since: str  # the signals' last day at the last look ('' on the first look)
    as_of: str
    regime_before: str
    regime: str
    lines: list[str] = field(default_factory=list)  # one per change, oldest first
    pending: list[str] = field(default_factory=list)  # trigger changes not yet an alert

    @property
    def changed(self) -> bool:
        return bool(self.lines)


def look(store: Store, ctx: Context, now: Now, save: bool = True) -> Changes:
    """Compare `now` with the last look saved in the store, then save this look."""
    path = store.root / LAST_LOOK
    before = _load(path)
    states = reading_states(ctx)
    if before is None:
        out = Changes(True, "", now.as_of, "", now.regime)
    else:
        lines, reported = _lines(ctx, before)
        out = Changes(False, before["as_of"], now.as_of, before["regime"], now.regime, lines,
                      [f"{k}: {before['triggers'][k]} -> {v}" for k, v in states.items()
                       if k not in reported and before["triggers"].get(k, v) != v])
    if save:
        record = {"as_of": now.as_of, "regime": now.regime, "triggers": states,
                  "looked_on": now.today or str(date.today())}
        text = json.dumps(record, indent=1) + "\n"

        def write(p: Path) -> None:
            p.write_text(text)

        atomic_write(path, write)
    return out


def _load(path: Path) -> dict | None:
    if not path.exists():
        return None
    try:
        record = json.loads(path.read_text())
        if not {"as_of", "regime", "triggers"} <= set(record):
            raise ValueError("missing keys")
    except (ValueError, TypeError) as e:
        raise StoreError(f"{path}: not a saved look ({e}); delete it and run `playbook now "
                        "--changes` again to start afresh") from None
    return dict(record)


def reading_states(ctx: Context) -> dict[str, str]:
    """Each alert trigger's reading on the last day: fired, not fired or unknown (whatever
    the regime; where it applies is the regime's business)."""
    from strategies.alerts import ALERTS
    from strategies.triggers import evaluate

    readings = evaluate(ctx.signals, ctx.regime_params)
    return {k: "unknown" if readings[k].unknown[-1] else
            "fired" if readings[k].fired[-1] else "not fired" for k in ALERTS}


def _lines(ctx: Context, before: dict) -> tuple[list[str], set[str]]:
    from strategies.alerts import alert_stream
    from strategies.regimes import transitions

    since = pd.Timestamp(before["as_of"])
    moved = [t for t in transitions(ctx.regimes) if t.date > since]
    lines = [f"{t.date:%Y-%m-%d} regime {t.before} -> {t.after} ({t.reason})" for t in moved]
    stream = alert_stream(ctx.signals, ctx.regime_params, start=since)
    stream = stream[stream["date"] > since]
    reported = set(stream["trigger"])
    lines += [f"{r.date:%Y-%m-%d} {r.label}: {r.state} [{r.severity}] {r.detail}"
              for r in stream.itertuples()]
    if not moved and before["regime"] != ctx.regimes["regime"].iloc[-1]:
        lines.append(f"regime {before['regime']} -> {ctx.regimes['regime'].iloc[-1]} "
                     "(the stored history changed since the last look)")
    return sorted(lines), reported
