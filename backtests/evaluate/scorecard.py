"""Design vs hold-out scorecard: how often each strategy beat the benchmark, and by how much.

Pure functions of the long metrics table (strategy, episode, metric, value: what
runner.metrics_table returns and metrics.csv holds) and each episode's role. "Beat" is strict:
a higher total return, a higher Sharpe ratio, a shallower maximum drawdown (max_drawdown is
negative, so higher is better for all three).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

CRITERIA = {"return": "total_return", "sharpe": "sharpe", "drawdown": "max_drawdown"}
ROLES = ("design", "holdout")
COLUMNS = ["strategy", "role", "episodes",
           *[f"{k}_{part}" for k in CRITERIA for part in ("beat", "median_diff")]]


def differences(metrics: pd.DataFrame, roles: Mapping[str, str], benchmark: str
                ) -> pd.DataFrame:
    """One row per (strategy, design or hold-out episode), in table order: each criterion's
    difference from the benchmark in that episode (the benchmark itself left out)."""
    wanted = metrics[metrics["metric"].isin(list(CRITERIA.values()))]
    wide = wanted.pivot_table(index=["strategy", "episode"], columns="metric", values="value",
                              aggfunc="first")
    if benchmark not in wide.index.get_level_values("strategy"):
        raise ValueError(f"benchmark '{benchmark}' has no metrics in the table")
    base = wide.xs(benchmark, level="strategy")
    diff = wide.sub(base, level="episode").reset_index()
    diff["role"] = diff["episode"].map(dict(roles))
    keep = ((diff["strategy"] != benchmark) & diff["role"].isin(ROLES)
            & diff["episode"].isin(base.index))
    order = {k: i for i, k in enumerate(dict.fromkeys(zip(metrics["strategy"],
                                                          metrics["episode"], strict=True)))}
    diff = diff[keep].rename(columns={m: k for k, m in CRITERIA.items()})
    diff = diff.assign(_o=[order[k] for k in zip(diff["strategy"], diff["episode"],
                                                 strict=True)]).sort_values("_o")
    return diff.reindex(columns=["strategy", "episode", "role", *CRITERIA]).reset_index(drop=True)


def scorecard(metrics: pd.DataFrame, roles: Mapping[str, str], benchmark: str) -> pd.DataFrame:
    """Per strategy and role (design, holdout): episodes, wins per criterion and the median
    difference (strategies in table order; a role with no episodes is left out)."""
    diffs = differences(metrics, roles, benchmark)
    rows = []
    for strategy in dict.fromkeys(diffs["strategy"]):
        for role in ROLES:
            part = diffs[(diffs["strategy"] == strategy) & (diffs["role"] == role)]
            if part.empty:
                continue
            row: dict[str, object] = {"strategy": strategy, "role": role,
                                      "episodes": len(part)}
            for k in CRITERIA:
                d = part[k].dropna().to_numpy()
                row[f"{k}_beat"] = int((d > 0).sum())
                row[f"{k}_median_diff"] = float(np.median(d)) if d.size else float("nan")
            rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)


def holdout_sentence(card: pd.DataFrame, strategy: str, benchmark: str) -> str:
    """The in-sample banner's one sentence: the strategy's hold-out record, then its design
    record, both read from the scorecard."""
    mine = card[card["strategy"] == strategy].set_index("role")
    if "holdout" not in mine.index:
        return (f"No hold-out crisis was run, so nothing shows how {strategy} does on a crisis "
                "its rules were not written from.")
    h = mine.loc["holdout"]
    text = (f"On the {_n(h['episodes'])} hold-out crises the rules were not written from, "
            f"{strategy} beat {benchmark} on total return in {_n(h['return_beat'])} "
            f"(median difference {_pp(h['return_median_diff'])}), on Sharpe in "
            f"{_n(h['sharpe_beat'])} and on drawdown in {_n(h['drawdown_beat'])}")
    if "design" in mine.index:
        d = mine.loc["design"]
        text += (f", against {_n(d['return_beat'])} of {_n(d['episodes'])} on return (median "
                 f"{_pp(d['return_median_diff'])}) in the design crises they were written from")
    return text + "."


def _n(value: object) -> int:
    return int(value)  # type: ignore[call-overload]


def _pp(value: object) -> str:
    v = float(value)  # type: ignore[arg-type]
    return "n/a" if np.isnan(v) else f"{v * 100:+.1f} pp"
