"""`load()`: the store read once into a `Market` (backtests.api.market): point-in-time panel,
signals, regimes and sleeve prices. `playbook backtest` and `sweep` load the same way.

    market = load()                                   # store, context, sleeves: once
    market = load(regime={"crisis_drawdown": 0.18})   # other regime thresholds throughout
    base = market.backtest("contrarian_qe", episode="2008_gfc")   # see backtests.api.market
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backtests.api import episodechecks, paramchecks
from backtests.api.market import Choice, Market

if TYPE_CHECKING:
    from backtests.data.store import Store
    from strategies.regimes import RegimeParams


def load(store: str | Path | Store | None = None, *, regime: Choice | RegimeParams | None = None,
         episodes: str | Path | Mapping[str, Any] | None = None,
         rules: Sequence[str | Path] = ()) -> Market:
    """Load the store once: point-in-time panel, signals, regimes and sleeve prices. The
    Market reads the store version live now in every later call (now, replay, reports): an
    import landing afterwards is seen by the next load().

    store: a store folder (default: $PLAYBOOK_STORE, else data/store), as --store.
    regime: regime-machine thresholds for every run, e.g. {"crisis_drawdown": 0.18} (keys may
        carry the CLI's 'regime.' prefix).
    episodes: the episodes file (default data/episodes.toml), or {name: Episode | mapping}.
    rules: your own rule files (.toml or .py), registered first, as --rules.
    """
    from backtests.data.store import Store
    from backtests.episodes.runner import load_market
    from strategies.regimes import DEFAULT_REGIME
    from strategies.registry import load_rules

    for rule_file in [rules] if isinstance(rules, str | Path) else rules:
        load_rules(rule_file)

    st = store if isinstance(store, Store) else Store.resolve(
        Path(store) if store is not None else None)
    st = st.pinned()  # what the Market reads and names stays one version, whatever lands
    params = paramchecks.regime(DEFAULT_REGIME, regime, "load")
    known = episodechecks.catalog(episodes)
    file = Path(episodes).resolve() if isinstance(episodes, str | Path) else None
    loaded = load_market(st, regime_params=params)
    return Market(loaded, st, known, loaded.events, file)
