"""The feature matrix every rule kernel reads: one row per day, one column per feature.

Rules are compiled state machines over plain arrays; this is the one place that turns the
point-in-time inputs into those arrays (NaN = unknown, booleans as 0/1). The columns are
declared in strategies.schema (FEATURES, then a rule's own features, in that order).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strategies.schema import FEATURES, Feature, Inputs

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


def features(inputs: Inputs, extra: tuple[Feature, ...] = ()) -> np.ndarray:
    """Days x features float matrix: the standard features, then `extra` (a rule's own)."""
    import numpy as np

    declared = (*FEATURES, *extra)
    x = np.empty((len(inputs.index), len(declared)))
    for col, feature in enumerate(declared):
        x[:, col] = feature.compute(inputs)
    return x


def feature_frame(inputs: Inputs, extra: tuple[Feature, ...] = ()) -> pd.DataFrame:
    """The feature matrix as a labelled frame (for reading and tests)."""
    import pandas as pd

    names = [f.name for f in (*FEATURES, *extra)]
    return pd.DataFrame(features(inputs, extra), index=inputs.index, columns=names)
