"""Run labels: a rule's name and the parameters, thresholds and costs that differ from its
defaults, as results and the CLI show them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backtests.engine.costs import Costs
    from strategies.params import Params
    from strategies.regimes import RegimeParams


def label_for(strategy: str, params: Params, regime: RegimeParams, costs: Costs,
              base_regime: RegimeParams) -> str:
    """The rule's name and what differs from its defaults: contrarian_qe[scale_in_days=10]."""
    from backtests.engine.costs import DEFAULT

    changed = [f"{k}={short(v)}" for k, v in params.model_dump().items()
               if v != type(params)().model_dump()[k]]
    defaults = base_regime.model_dump()
    changed += [f"regime.{k}={v}" for k, v in regime.model_dump().items() if v != defaults[k]]
    changed += [f"{k}={getattr(costs, k)}" for k in ("fee_bps", "slippage_bps", "band")
                if getattr(costs, k) != getattr(DEFAULT, k)]
    return f"{strategy}[{', '.join(changed)}]" if changed else strategy


def short(value: object) -> str:
    """A parameter value as people read it: a mix as {sleeve=weight} to 3 digits."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={w:.3g}" if isinstance(w, float) else f"{k}={w}"
                               for k, w in value.items()) + "}"
    return str(value)
