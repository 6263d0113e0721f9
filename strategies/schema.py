"""Every name that crosses into compiled code, in one place (as vectorbt's enums.py does).

Regime codes, the regime machine's transition graph, the feature columns and the packed
parameter layouts are integers or named tuples of integers: numba freezes them as constants,
and `pack()` and the kernels read the same ones, so the order of anything is written once.
Adding a feature or a parameter is one edit: a declaration here (or in the rule), from which
the column/slot numbers are generated (a rule's own slots: strategies.packing.layout).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

TRADING_YEAR = 252
TRADING_MONTH = 21

@dataclass(frozen=True)
class Inputs:
    """What every rule receives: point-in-time signals and regimes on the trading calendar,
    and (optional) the point-in-time panel, for rules whose features read a stored series."""

    signals: pd.DataFrame
    regimes: pd.DataFrame  # 'regime' (and 'reason', 'duration_risk', 'inflation_high', ...)
    panel: pd.DataFrame | None = None

    @property
    def index(self) -> pd.DatetimeIndex:
        import pandas as pd

        return pd.DatetimeIndex(self.signals.index)

    @property
    def regime(self) -> pd.Series:
        return self.regimes["regime"]


# --- the regime machine -----------------------------------------------------------------------
REGIMES = ("calm", "correction", "crisis", "qe_launched", "recovery")
CALM, CORRECTION, CRISIS, QE_LAUNCHED, RECOVERY = range(len(REGIMES))

# The machine's edges (strategies.kernels.regime_machine.machine takes exactly these; a test drives
# the machine through every condition combination and compares): `now` reads it for "what
# happens next".
TRANSITIONS: tuple[tuple[str, str], ...] = (
    ("calm", "correction"), ("calm", "crisis"),
    ("correction", "crisis"), ("correction", "calm"),
    ("crisis", "qe_launched"), ("crisis", "recovery"),
    ("qe_launched", "recovery"),
    ("recovery", "calm"), ("recovery", "correction"), ("recovery", "crisis"),
    ("recovery", "qe_launched"),
)


def successors(regime: str) -> tuple[str, ...]:
    """The regimes the machine can move to from `regime` in one day."""
    return tuple(b for a, b in TRANSITIONS if a == regime)


# --- features: the columns of the matrix every rule kernel reads ------------------------------
@dataclass(frozen=True)
class Feature:
    """One column of the feature matrix: its name, what it reads and how it is computed.

    `compute(inputs)` returns one float per day (NaN = unknown; booleans as 0/1). `reads`
    names the signal, regime or panel columns it uses (shown to users, checked on load).
    """

    name: str
    reads: tuple[str, ...]
    compute: Callable[[Inputs], Any]
    doc: str = ""


def _regime_code(inputs: Inputs) -> Any:
    codes = {name: k for k, name in enumerate(REGIMES)}
    return [codes[str(v)] for v in inputs.regimes["regime"].to_numpy()]


def _flag(name: str) -> Callable[[Inputs], Any]:
    def compute(inputs: Inputs) -> Any:
        r = inputs.regimes
        return r[name].to_numpy(dtype=bool) if name in r else 0.0  # absent: never raised
    return compute


def _signal(name: str) -> Callable[[Inputs], Any]:
    return lambda inputs: inputs.signals[name].to_numpy(dtype=float)


def _month_start(inputs: Inputs) -> Any:
    import numpy as np

    period = inputs.index.to_period("M")
    first = np.ones(len(period), dtype=bool)
    first[1:] = period[1:] != period[:-1]
    return first


def signal(name: str, doc: str = "") -> Feature:
    """A feature that is one column of the point-in-time signals."""
    return Feature(name, (name,), _signal(name), doc)


def series(name: str, symbol: str, doc: str = "") -> Feature:
    """A feature read from any stored series of the point-in-time panel (e.g. 'T10Y2Y'):
    NaN where its last published value is stale, as every signal is."""
    def compute(inputs: Inputs) -> Any:
        from strategies.signals import live

        if inputs.panel is None:
            raise ValueError(f"feature '{name}' reads the stored series '{symbol}', but these "
                             "inputs carry no panel: build them with Inputs(signals, regimes, "
                             "panel)")
        return live(inputs.panel, symbol).to_numpy(dtype=float)
    return Feature(name, (symbol,), compute, doc)


FEATURES: tuple[Feature, ...] = (
    Feature("regime", ("regime",), _regime_code, "the machine's regime, as its code in REGIMES"),
    Feature("duration_risk", ("duration_risk",), _flag("duration_risk"),
            "inflation high or the 10-year at 4.5% and rising: long bonds are no haven"),
    Feature("inflation_high", ("inflation_high",), _flag("inflation_high"),
            "CPI above the regime threshold: QE needs the balance sheet to count"),
    Feature("qe_since", ("days_since_qe_announcement",),
            _signal("days_since_qe_announcement"), "trading days since a QE announcement"),
    Feature("fed13", ("fed_assets_13w_change",), _signal("fed_assets_13w_change"),
            "Fed total assets, change over 13 weeks"),
    signal("vix_relief", "VIX below its trailing peak, as a fraction of the peak"),
    Feature("speed", ("tech_drawdown_speed",), _signal("tech_drawdown_speed"),
            "20-day change of the Nasdaq drawdown (>= 0: no longer deepening)"),
    Feature("month_start", (), _month_start, "1 on the first trading day of a month"),
)


def columns(features: tuple[Feature, ...]) -> Any:
    """Named column numbers for a feature list: standard features first, then the rule's own
    (so the standard numbers never move). A named tuple: numba reads it as constants."""
    names = [f.name for f in (*FEATURES, *features)]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ValueError(f"feature names must be unique; repeated: {', '.join(dup)} (the "
                         f"standard features are {', '.join(f.name for f in FEATURES)})")
    return namedtuple("Columns", names)(*range(len(names)))


X = columns(())  # the standard columns: X.regime, X.duration_risk, ...
N_FEATURES = len(FEATURES)


# --- parameter layouts: how a rule's validated parameters are packed for its kernel -----------
# (a rule's own layout is generated from its params class: strategies.packing.layout)
def slots(**sizes: int) -> tuple[Any, int]:
    """Named first slots of a packed vector from each entry's size, and the total size."""
    first, at = {}, 0
    for name, size in sizes.items():
        first[name], at = at, at + size
    return namedtuple("Slots", list(first))(**first), at


# The composed machine's vector (strategies.kernels.composed): the building blocks a TOML
# rule names, packed by strategies.blocks. Per-regime entries hold one value per regime.
N_REGIMES = len(REGIMES)
HOLD = -1  # a regime whose mix is "hold": keep what is held
NO_TRADE, TRADE_AFTER_QE_REGIME, TRADE_ON_QE_SIGNALS = 0, 1, 2
M, M_SIZE = slots(
    mix_of=N_REGIMES, short_of=N_REGIMES, defend=N_REGIMES, n_mixes=1, hold_first_day=1,
    hold_reswaps=1, confirm_days=1, shorten_duration=1, trade=1, target=1, back=1,
    scale_in_days=1, hold_months=1, qe_trigger=1, qe_within=1, balance_sheet_growth=1,
    crisis_memory=1, vix_relief=1, require_healing=1)
