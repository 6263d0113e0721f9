"""`now` (where we are, what each rule holds) and `replay` (if a past crisis started today,
HYPOTHETICAL) as notebook-friendly views over backtests.now.read and backtests.scenarios.

Both read the store, not a loaded market, so `now()` and `replay()` work without `load()`;
`Market.now()`, `Market.replay()`, `playbook now`, `regimes --latest` and `playbook replay`
all call them. `now()` loads neither vectorbt nor (with PLAYBOOK_JIT=0) numba.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from backtests.api import checks, render
from backtests.api.checks import PYTHON, Names
from backtests.api.figures import Figures

if TYPE_CHECKING:
    from backtests.data.events import FedEvent
    from backtests.data.store import Store
    from backtests.episodes.definitions import Episode
    from backtests.now.model import Now
    from backtests.scenarios.replay import Replay
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

    params = checks.regime(DEFAULT_REGIME, regime, "now") if regime is not None else None
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


def _mix(mix: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.0%}" for k, v in mix.items())


@dataclass(frozen=True, repr=False, eq=False)
class NowView:
    """The `playbook now` report: `.triggers`, `.holdings`, `.inputs`, `.fed_events`."""

    now: Now

    @property
    def as_of(self) -> str:
        return self.now.as_of

    @property
    def regime(self) -> str:
        return self.now.regime

    @property
    def triggers(self) -> pd.DataFrame:
        return pd.DataFrame([vars(t) for t in self.now.triggers]).set_index("key")

    @property
    def holdings(self) -> pd.DataFrame:
        """Each rule's target today, strategies x sleeves (the rest of 1 is cash)."""
        frame = pd.DataFrame({h.strategy: h.today for h in self.now.holdings}).T
        return frame.fillna(0.0).rename_axis(index="strategy")

    @property
    def inputs(self) -> pd.DataFrame:
        return pd.DataFrame([vars(i) for i in self.now.inputs]).set_index("series")

    @property
    def fed_events(self) -> pd.DataFrame:
        return pd.DataFrame(self.now.fed_events, columns=["date", "type", "description"])

    def to_dict(self) -> dict[str, Any]:
        """As `playbook now --json` prints it."""
        return self.now.to_dict()

    def _head(self) -> str:
        n = self.now
        text = f"As of {n.as_of}: regime {n.regime} since {n.since}"
        text += f" ({n.reason})" if n.reason else ""
        if n.prices_end < n.as_of:
            text += f". Prices of every sleeve end {n.prices_end}: backtests stop there"
        return text

    def _tables(self) -> list[tuple[list[str], list[list[str]], str, list[str]]]:
        n = self.now
        triggers = [[t.label, t.state, t.reading, t.distance] for t in n.triggers]
        holdings = [[h.strategy, _mix(h.today),
                     "; ".join(f"{s}: {_mix(m)}" for s, m in h.next.items())]
                    for h in n.holdings]
        notes = ["unknown triggers that could change the regime now: " + ", ".join(n.unknown)
                 ] if n.unknown else []
        return [(["trigger", "state", "reading", "distance"], triggers, self._head(), notes),
                (["strategy", "target today", "next regime -> target"], holdings,
                 "What each rule holds today, and on the next regime change", [])]

    def _repr_html_(self) -> str:
        return "".join(render.html_table(*t) for t in self._tables())

    def __repr__(self) -> str:
        return "\n\n".join(render.text_table(*t, numbers=False) for t in self._tables())


@dataclass(frozen=True, repr=False, eq=False)
class ReplayView:
    """One forward analogue (HYPOTHETICAL): `.outcomes`, `.allocations`, `.regime_changes`,
    `.paths`, `.description`, `.plot()`."""

    replay: Replay
    benchmark: str = "sixty_forty"

    @property
    def outcomes(self) -> pd.DataFrame:
        """Return and worst drawdown from the start at 6/12/24 months, and vs the benchmark."""
        from backtests.scenarios import summary

        return summary.outcomes(self.replay, self.benchmark)

    @property
    def allocations(self) -> pd.DataFrame:
        from backtests.scenarios import summary

        return summary.allocations(self.replay)

    @property
    def regime_changes(self) -> pd.DataFrame:
        from backtests.scenarios import summary

        return summary.regime_changes(self.replay)

    @property
    def paths(self) -> pd.DataFrame:
        from backtests.scenarios import summary

        return summary.paths(self.replay)

    @property
    def description(self) -> list[str]:
        """The replay's assumptions in plain words (as `playbook replay` prints them)."""
        from backtests.scenarios import summary

        return summary.describe(self.replay)

    def plot(self) -> Figures:
        """The report's figures of this replay: each strategy's path and the weights held."""
        from backtests.scenarios.replay_figures import allocation_figure, path_figure

        return Figures(path_figure(self.replay, self.benchmark), allocation_figure(self.replay))

    def _parts(self) -> tuple[list[str], list[list[str]], str, list[str]]:
        from backtests.scenarios.summary import pct

        out = self.outcomes
        horizons = list(dict.fromkeys(out["horizon_months"]))
        rows = []
        for name, mine in out.groupby("strategy", sort=False):
            by = mine.set_index("horizon_months")
            rows.append([str(name), *(f"{pct(by.loc[h, 'total_return'])} / "
                                      f"{pct(by.loc[h, 'max_drawdown'])}" for h in horizons)])
        r = self.replay
        caption = (f"HYPOTHETICAL: {r.label} from {r.scenario.start.day.date()}: return / worst "
                   "drawdown from the start")
        return ["strategy", *(f"{h}m" for h in horizons)], rows, caption, [
            "Not a forecast: one past crisis's moves applied to today's data."]

    def _repr_html_(self) -> str:
        return render.html_table(*self._parts())

    def __repr__(self) -> str:
        return render.text_table(*self._parts())
