"""A rule declared once: its parameters, its mixes, its state machine, its words.

Two kinds share this one declaration:
- compiled: `kernel(x, p)` is a state machine over the feature matrix `x` (days x features:
  strategies.schema.FEATURES, then the rule's own `features`) and its packed parameters `p`
  (the layout generated from its params class); it returns days x mixes coefficients, and
  target weights = coefficients x mix matrix. The engine, `now` and the sweep call it alike.
- pandas (`kernel is None`): `pandas(inputs, params)` returns the target weights itself; the
  sweep runs it through the single-run path.

A compiled rule in your own file (`playbook ... --rules my_rules.py`, or load_rules):

    import numpy as np
    from pydantic import Field
    from strategies.kernels import kernel
    from strategies.kernels.steps import duration_swap
    from strategies.mixes import Mix
    from strategies.packing import layout
    from strategies.params import Params
    from strategies.registry import register
    from strategies.schema import X, series
    from strategies.strategy import compiled

    class CurveParams(Params):                # one declaration per parameter
        risk_on: Mix = Field(default_factory=lambda: {"us_equity": 0.8, "gold": 0.2})
        safe: Mix = Field(default_factory=lambda: {"intermediate_treasury": 0.6, "cash": 0.4})
        safe_short: Mix = Field(default_factory=lambda: {"short_treasury": 0.6, "cash": 0.4})
        inverted_below: float = Field(0.0, description="2s10s spread (pp) that means 'inverted'")
        shorten_duration: bool = Field(True, description="no duration while inflation is high")

    CURVE = series("curve", "T10Y2Y", "the 2s10s spread")  # a feature from any stored series
    P, MIX = layout(CurveParams).slots, layout(CurveParams).mixes  # named slots, generated
    C = len(X)                                 # its column: after the standard features

    @kernel                                    # numba-compiled (plain Python if PLAYBOOK_JIT=0)
    def curve_rule(x, p):
        out = np.zeros((x.shape[0], 3))
        for i in range(x.shape[0]):
            if x[i, C] < p[P.inverted_below]:  # NaN (unknown) compares False: stays risk-on
                out[i, duration_swap(x, i, p[P.shorten_duration] > 0, MIX.safe,
                                     MIX.safe_short)] = 1.0
            else:
                out[i, MIX.risk_on] = 1.0
        return out

    register(compiled("curve_rule", CurveParams, curve_rule, features=(CURVE,),
                      description="Risk off while the yield curve is inverted."))

`x` columns: strategies.schema.X (regime, duration_risk, inflation_high, qe_since, fed13,
vix_relief, speed, month_start), then the rule's own features in order; `p`: the rule's
packed parameters (numbers, booleans 0/1, a choice as its position, a set of regimes as one
flag per regime), in field order; mixes: its Mix fields, in field order. Regime codes are
strategies.schema.CALM ... RECOVERY; shared steps are in strategies.kernels.steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from strategies.base import Kernel, coefficients, weights
from strategies.packing import Layout, layout
from strategies.params import Params
from strategies.schema import REGIMES, Feature, Inputs, X

if TYPE_CHECKING:
    import pandas as pd

MixesOf = Callable[[Any], list[dict[str, float]]]
PandasRule = Callable[[Inputs, Any], "pd.DataFrame"]


@dataclass(frozen=True)
class Strategy:
    """One rule. Build it with `compiled(...)` or `pandas_rule(...)`, then `register` it."""

    name: str
    params: type[Params]
    kernel_ref: Kernel | str | None  # the kernel, or "module:function" imported on first use
    mixes: MixesOf  # params -> the mixes its coefficients weigh, in kernel order
    pack: Callable[[Any], list[float]]  # params -> the kernel's float vector
    scenario: str = "custom"  # which scenario of the article it encodes (or "benchmark")
    headline: str = ""  # that scenario in brief, one line
    description: str = ""  # what the rule does, one line
    reasoning: str = ""  # the article's words and how the rule reads them
    features: tuple[Feature, ...] = ()  # its own features, after the standard columns
    pandas: PandasRule | None = None
    source: str = "built-in"  # where it was declared (a file for user rules)
    layout: Layout | None = field(default=None, compare=False)  # its packed slots, if generated
    # the pack reads no Mix field (a generated layout's, a rule file's plan): a sweep packs
    # once per value of the other swept parameters
    mix_free_pack: bool = field(default=False, compare=False)

    @property
    def kernel(self) -> Kernel | None:
        """The compiled state machine; None for a pandas rule (see `pandas`). Built-ins name
        theirs as "module:function" so importing the registry compiles nothing."""
        if isinstance(self.kernel_ref, str):
            import importlib

            module, _, fn = self.kernel_ref.partition(":")
            return getattr(importlib.import_module(module), fn)
        return self.kernel_ref

    @property
    def summary(self) -> str:
        return self.description

    @property
    def doc(self) -> str:
        """The description, then the reasoning's paragraphs (blank-line separated)."""
        import inspect

        return "\n\n".join(t for t in (self.description, inspect.cleandoc(self.reasoning)) if t)

    def rule(self, inputs: Inputs, params: Any) -> pd.DataFrame:
        """Target weights (dates x sleeves; a NaN row = no order that day)."""
        if self.kernel is None:
            if self.pandas is None:
                raise ValueError(f"rule '{self.name}' has neither a kernel nor a pandas "
                                 "function: declare one of them")
            return self.pandas(inputs, params)
        coefs = coefficients(self.kernel, inputs, self.pack(params), self.features)
        return weights(coefs, self.mixes(params), inputs.index)

    def target_after(self, inputs: Inputs, params: Any, regime: str) -> pd.Series:
        """The target the rule would state after one more day like the last one but in
        `regime` (or the target still in force if that day states none): `now`'s "what
        happens next". A pandas rule has no state machine to ask: an error."""
        import numpy as np
        import pandas as pd

        from strategies.features import features

        kernel = self.kernel
        if kernel is None:
            raise ValueError(f"rule '{self.name}' is a pandas rule: it cannot say what it "
                             "would do in another regime")
        x = features(inputs, self.features)
        x = np.vstack([x, x[-1:]])
        x[-1, X.regime] = REGIMES.index(regime)
        coefs = np.asarray(kernel(x, np.asarray(self.pack(params), dtype="float64")))
        index = pd.DatetimeIndex([*inputs.index, inputs.index[-1] + pd.Timedelta(days=1)])
        return weights(coefs, self.mixes(params), index).dropna(how="all").iloc[-1]


def compiled(name: str, params: type[Params], kernel: Kernel | str, *, scenario: str = "custom",
             headline: str = "", description: str = "", reasoning: str = "",
             features: tuple[Feature, ...] = (),
             mixes: MixesOf | None = None, pack: Callable[[Any], list[float]] | None = None,
             source: str = "built-in", pack_reads_mixes: bool = True) -> Strategy:
    """A compiled rule; its packed layout and mixes are generated from `params` (its Mix
    fields, in declaration order) unless `mixes`/`pack` say otherwise (a `pack` of your own
    may read any field, unless `pack_reads_mixes=False` says it reads no Mix field)."""
    lay = layout(params)
    return Strategy(name, params, kernel,
                    mixes or (lambda p: [getattr(p, m) for m in lay.mixes._fields]),
                    pack or lay.pack, scenario, headline, description, reasoning, tuple(features),
                    None, source, None if pack else lay,  # a layout only where it is the pack
                    pack is None or not pack_reads_mixes)


def pandas_rule(name: str, params: type[Params], fn: PandasRule, *,
                scenario: str = "custom", headline: str = "", description: str = "",
                reasoning: str = "", mixes: MixesOf | None = None,
                source: str = "built-in") -> Strategy:
    """A rule written in pandas: `fn(inputs, params)` returns target weights."""
    doc = (fn.__doc__ or "").strip()
    first, _, rest = doc.partition("\n")
    return Strategy(name, params, None, mixes or (lambda p: []), lambda p: [], scenario,
                    headline, description or first, reasoning or rest.strip(),
                    (), fn, source)
