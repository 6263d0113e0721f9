"""`now` (where we are, what each rule holds) and `replay` (if a past crisis started today,
HYPOTHETICAL): the functions behind backtests.now.read and backtests.scenarios that return
notebook-friendly views (NowView in backtests.api.nowreport, ReplayView in
backtests.api.replayreport).

Both read the store, not a loaded market, so `now()` and `replay()` work without `load()`;
`Market.now()`, `Market.replay()`, `playbook now`, `regimes --latest` and `playbook replay`
all call them. `now()` loads neither vectorbt nor (with PLAYBOOK_JIT=0) numba.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backtests.api import checks, paramchecks
from backtests.api.checks import PYTHON, Names
from backtests.api.nowreport import NowView
from backtests.api.replayreport import ReplayView

if TYPE_CHECKING:
    from backtests.data.events import FedEvent
    from backtests.data.store import Store
    from backtests.episodes.definitions import Episode
    from strategies.regimes import RegimeParams


def now(store: str | Path | Store | None = None, *,
        regime: Mapping[str, Any] | RegimeParams | None = None,
        events: Sequence[FedEvent] | None = None, today: str | None = None) -> NowView:
    """Where we are now, on the store's last day (default store: $PLAYBOOK_STORE, else
    data/store): inputs and their freshness, each trigger vs its threshold, the regime, what
    each rule holds. `regime`: thresholds, as load(regime=...); `events`: the Fed calendar
    (default data/fed_events.csv); `today`: the calendar date inputs' ages are counted to
    (YYYY-MM-DD, default the system's date)."""
    from backtests.now.read import where_are_we
    from strategies.regimes import DEFAULT_REGIME

    params = paramchecks.regime(DEFAULT_REGIME, regime, "now") if regime is not None else None
    return NowView(where_are_we(_store(store), events=None if events is None else list(events),
                                regime_params=params, today=today))


def replay(store: str | Path | Store | None = None, analogue: str | None = None, *,
           no_qe: bool = False, months: int | None = None,
           window: Sequence[str] | None = None, episodes: Mapping[str, Episode] | None = None,
           names: Names = PYTHON) -> ReplayView:
    """HYPOTHETICAL: every rule if `analogue` (2000_dotcom, 2008_gfc, 2020_covid, 2022; its
    first `months`, default 24) or a `window` (first day, last day) of history started on the
    store's last day. `no_qe` drops the crisis's QE announcements; `episodes` (default
    data/episodes.toml) place each crisis's market peak. `names` spells the arguments in
    errors (checks.CLI for the command line)."""
    from backtests.episodes.definitions import load_episodes
    from backtests.scenarios import analogue as an
    from backtests.scenarios.replay import prepare
    from backtests.scenarios.replay import replay as run_replay

    checks.replay_choice(analogue, months, window, names)
    st = _store(store)
    known = dict(episodes) if episodes is not None else load_episodes()
    if window is not None:
        chosen = an.user_window(window[0], window[1], st)
    else:
        chosen = an.resolve(str(analogue), st, known, 24 if months is None else months)
    return ReplayView(run_replay(prepare(st, chosen), not no_qe, known))


def _store(store: str | Path | Store | None) -> Store:
    from backtests.data.store import Store

    return store if isinstance(store, Store) else Store.resolve(
        Path(store) if store is not None else None)
