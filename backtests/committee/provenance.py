"""run.json: configuration, data version, code version, packages, notes and tear-sheet record."""

from __future__ import annotations

import platform
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

from backtests.data.store import Store
from backtests.episodes.runconfig import RunConfig
from backtests.episodes.runner import MarketData, Run
from backtests.paths import PROJECT_ROOT
from backtests.report.sheets import SheetPlan
from strategies.params import Params

PACKAGES = ("pandas", "numpy", "vectorbt", "quantstats", "plotly", "pydantic", "pyarrow",
            "yfinance", "jinja2", "matplotlib")


def code_version() -> str:
    """git commit of the code (with '+dirty' if the work tree has changes), else 'unknown'."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=PROJECT_ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=PROJECT_ROOT, capture_output=True, text=True,
                               check=True).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def provenance(config: RunConfig, params: dict[str, Params], market: MarketData, store: Store,
               runs: list[Run], plan: SheetPlan) -> dict[str, Any]:
    manifest = store.manifest()
    return {
        "config": config.model_dump(),
        "params": {k: p.model_dump() for k, p in params.items()},
        "regime_params": market.context.regime_params.model_dump(),
        "data_hash": market.data_hash, "data_end": str(market.data_end.date()),
        "store_version": manifest["version"], "last_import": manifest.get("last_import"),
        "code_version": code_version(), "python": platform.python_version(),
        "packages": {p: metadata.version(p) for p in PACKAGES},
        "finished_at": f"{datetime.now(UTC):%Y-%m-%d %H:%M UTC}",
        "sleeve_coverage": {k: [[g.symbol, str(g.first.date()), str(g.last.date())]
                                for g in s.segments] for k, s in market.sleeves.items()},
        "fed_events": len(market.events),
        "run_notes": {f"{r.strategy}|{r.episode}": list(r.result.notes) for r in runs},
        "tear_sheets": plan.record(runs),
    }
