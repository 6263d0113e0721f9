"""'If it started today' in the committee report: every analogue replayed, HYPOTHETICAL.

backtests.scenarios replays 2000, 2008, 2020 and 2022 from the last day every sleeve has data,
with and without their QE events; an analogue whose window holds no QE announcement is replayed
once (its no-QE path would be identical) and the page says so.

Measured (benchmarks/report_run.py; 2 cores): the six replays cost ~5 s of CPU and the section
(12 figures) ~1.5 s. Like the tear sheets, the section is therefore kept in
<reports>/.cache/analogues/ under a hash of everything it is a function of (the store's data
hash, the universe file, the Fed calendar, the episode definitions, each run's rule and
parameters, the costs, the benchmark, the horizon, the source code it runs and renders with,
and the package versions), and reused while that hash is unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pandas as pd

from backtests.data.events import FedEvent
from backtests.data.store import Store
from backtests.data.universe import DEFAULT_UNIVERSE
from backtests.engine.portfolio import Costs
from backtests.episodes.definitions import Episode
from backtests.paths import PROJECT_ROOT
from backtests.report.model import Analogues
from backtests.report.style import strategy_styles
from strategies.params import Params

MONTHS = 24  # replayed after the start (the 6, 12 and 24-month points)
KEEP = 10  # cache entries kept (~3 MB each)
PACKAGES = ("pandas", "numpy", "plotly", "vectorbt", "numba", "jinja2")
CODE = ("backtests", "strategies")
RENDERING = ("analoguepage.py", "page.py", "style.py", "fmt.py", "tables.py",
             "templates/analogues_body.html.j2", "templates/_macros.html.j2", "compact.py")


@dataclass(frozen=True)
class AnalogueInputs:
    """What the section is a function of."""

    store: Store
    data_hash: str
    events: list[FedEvent]
    episodes: dict[str, Episode]  # the catalog: anchors and the `latest` warm start
    runs: dict[str, tuple[str, Params]]  # label -> (rule, params), in the run's order
    costs: Costs
    benchmark: str
    highlight: str  # whose weights the allocation charts open on

    def key(self) -> str:
        h = hashlib.sha256()
        h.update(json.dumps({
            "data": self.data_hash, "benchmark": self.benchmark, "months": MONTHS,
            "highlight": self.highlight,
            "costs": vars(self.costs),
            "events": [(str(e.date.date()), e.type, e.description) for e in self.events],
            "episodes": {k: e.model_dump(mode="json") for k, e in self.episodes.items()},
            "runs": {k: (r, p.model_dump(mode="json")) for k, (r, p) in self.runs.items()},
            "packages": [_version(p) for p in PACKAGES]}, sort_keys=True, default=str).encode())
        h.update(Path(DEFAULT_UNIVERSE).read_bytes())
        for path in rule_files(rule for rule, _ in self.runs.values()):
            h.update(path.read_bytes())  # a user's rule file: an edit replays the section
        for path in code_files():
            h.update(str(path.relative_to(PROJECT_ROOT)).encode())
            h.update(path.read_bytes())
        return h.hexdigest()[:32]


def rule_files(rules: Iterable[str]) -> list[Path]:
    """The files that declare the runs' rules outside the package (TOML or Python rules given
    with --rules or `rules = [...]`): their source is not among code_files()."""
    from strategies.registry import get

    found = {Path(get(r).source) for r in rules if get(r).source != "built-in"}
    return sorted(p for p in found if p.is_file())


def code_files() -> list[Path]:
    """The source the section depends on: the data layer, signals, rules, engine and
    scenarios, this module, and the report modules and templates that render it (not the rest
    of the committee run or the report, the CLI, the API or the sweep, so editing those keeps
    the cache)."""
    skip = {"report", "committee", "cli", "api", "sweep"}
    out = []
    for folder in CODE:
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            rel = path.relative_to(PROJECT_ROOT / folder).parts
            if folder == "strategies" or len(rel) == 1 or rel[0] not in skip:
                out.append(path)
    report = PROJECT_ROOT / "backtests" / "report"
    return out + [Path(__file__).resolve()] + [report / n for n in RENDERING]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def build(inputs: AnalogueInputs, cache: Path | None) -> Analogues:
    """The section, from the cache when its inputs are unchanged, else replayed and kept."""
    key = inputs.key()
    entry = cache / key if cache is not None else None
    if entry is not None and (entry / "meta.json").is_file():
        os.utime(entry)  # recently used
        meta = json.loads((entry / "meta.json").read_text())
        return Analogues((entry / "section.html").read_text(encoding="utf-8"),
                         pd.read_parquet(entry / "outcomes.parquet"), True, meta["start"],
                         {k: (str(d), float(m)) for k, (d, m) in meta["arrivals"].items()})
    made = replay_all(inputs)
    if cache is not None:
        _keep(cache, key, made)
    return made


def replay_all(inputs: AnalogueInputs) -> Analogues:
    from backtests.report.analoguepage import qe_arrivals, render
    from backtests.scenarios.batch import run_analogues

    results = run_analogues(inputs.store, MONTHS, strategies=inputs.runs, costs=inputs.costs,
                            benchmark=inputs.benchmark, events=inputs.events,
                            episodes=inputs.episodes, identical_once=True)
    styles = strategy_styles(list(inputs.runs), inputs.benchmark)
    start = f"{results.replays[0].scenario.start.day:%Y-%m-%d}" if results.replays else ""
    return Analogues(render(results, styles, inputs.highlight), results.outcomes, False, start,
                     qe_arrivals(results))


def _keep(cache: Path, key: str, made: Analogues) -> None:
    """Written whole into a temporary folder, then renamed; the oldest beyond KEEP go."""
    cache.mkdir(parents=True, exist_ok=True)
    tmp = cache / f".{key}.{os.getpid()}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    (tmp / "section.html").write_text(made.html, encoding="utf-8")
    made.outcomes.to_parquet(tmp / "outcomes.parquet", index=False)
    # an entry from before meta.json existed is replayed again (build() looks for it)
    (tmp / "meta.json").write_text(json.dumps({"start": made.start,
                                               "arrivals": made.arrivals}))
    try:
        os.replace(tmp, cache / key)
    except OSError:  # another run kept the same entry meanwhile: theirs is identical
        shutil.rmtree(tmp, ignore_errors=True)
    entries = sorted((p for p in cache.iterdir() if not p.name.startswith(".")),
                     key=lambda p: p.stat().st_mtime)
    for old in entries[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)
