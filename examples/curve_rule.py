"""A rule in Python that reads a feature the built-in rules do not: the 2s10s Treasury curve.

playbook backtest --rules examples/curve_rule.py --strategy curve_guard --episode 2008_gfc

Calm markets hold the strategic mix unless the curve (10-year minus 2-year yield, as published)
is inverted below `inversion`: then, and in corrections and crises, the defensive mix. A
compiled state machine: the engine, `now` and the sweep all run this one function.
"""

import numpy as np
from pydantic import Field

from strategies.kernels import kernel
from strategies.mixes import Mix
from strategies.packing import layout
from strategies.params import Params
from strategies.registry import register
from strategies.schema import CORRECTION, CRISIS, columns, series
from strategies.strategy import compiled

CURVE = series("curve_2s10s", "T10Y2Y", "10-year minus 2-year Treasury yield, pp")


class CurveParams(Params):
    strategic: Mix = Field(default_factory=lambda: {"us_equity": 0.6,
                                                    "intermediate_treasury": 0.4})
    defensive: Mix = Field(default_factory=lambda: {"us_equity": 0.2, "short_treasury": 0.5,
                                                    "gold": 0.2})
    inversion: float = Field(-0.25, ge=-3, le=3, description="curve below this: defend")


C, P = columns((CURVE,)), layout(CurveParams).slots  # named column and slot numbers


@kernel
def curve_guard(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    out = np.zeros((x.shape[0], 2))  # columns: the mixes, in field order
    for i in range(x.shape[0]):
        r = int(x[i, C.regime])
        inverted = x[i, C.curve_2s10s] < p[P.inversion]  # NaN (unknown) is not inverted
        out[i, 1 if r in (CORRECTION, CRISIS) or inverted else 0] = 1.0
    return out


register(compiled("curve_guard", CurveParams, curve_guard, features=(CURVE,),
                  description="Defensive in corrections, crises and while the 2s10s curve is "
                              "inverted; strategic otherwise.", source=__file__), replace=True)
