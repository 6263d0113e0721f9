"""Time the committee run: CPU of the whole process tree, wall time, and each step's share.

    .venv/bin/python benchmarks/report_run.py [--repeat 3] [--scale] [--tear-sheets MODE]

Runs `playbook run` exactly as a user would (a fresh process each time, warm numba cache
after the first, one reports folder) and prints, per repetition, the CPU (user + system of
the process and every child it waited for, tear-sheet workers included) and the wall time,
then the per-step breakdown the run wrote to run.json. Tear sheets and the "If it started
today" section whose inputs did not change are reused from the reports folder's caches from the
second run on (the first run in its fresh folder is cold); `--cold` empties them before every
run. `--scale` runs 7 strategies x 10 episodes: the six of
data/episodes.toml plus four extra windows defined below, the size the committee run is
growing to (hold-out crises are being added).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTRA = {  # start, end: windows that only make the run the size it is growing to
    "x1998_ltcm": ("1998-01-02", "1999-06-30"), "x2011_euro": ("2011-01-03", "2012-12-31"),
    "x2015_china": ("2015-01-02", "2016-12-30"), "x2022_rates": ("2021-11-01", "2023-12-29")}
SCALE = """
import sys
from pathlib import Path
from backtests.data.store import Store
from backtests.episodes.definitions import Episode, load_episodes
from backtests.committee.job import build_report
from backtests.episodes.runconfig import load_config
extra = {extra!r}
catalog = load_episodes()
for name, (start, end) in extra.items():
    catalog[name] = Episode(description=name, start=start, end=end, warmup_days=320)
config = load_config()
config = config.model_copy(update={{"episodes": [*config.episodes, *extra],
                                    "tear_sheets": {mode!r}}})
build_report(config, Store.resolve(None), Path(sys.argv[1]), catalog=catalog)
"""


def children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def once(out: Path, scale: bool, mode: str) -> tuple[float, float]:
    if scale:
        cmd = [sys.executable, "-c", SCALE.format(extra=EXTRA, mode=mode), str(out)]
    else:
        cmd = [str(ROOT / ".venv" / "bin" / "playbook"), "run", "--out", str(out),
               "--tear-sheets", mode]
    cpu, wall = children_cpu(), time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return children_cpu() - cpu, time.perf_counter() - wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scale", action="store_true", help="7 strategies x 10 episodes")
    ap.add_argument("--tear-sheets", default="highlight", choices=["highlight", "all", "none"])
    ap.add_argument("--cold", action="store_true",
                    help="empty the caches (tear sheets, analogues) before each run")
    args = ap.parse_args()
    cpus, walls = [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for i in range(args.repeat):
            if args.cold:
                shutil.rmtree(out / ".cache", ignore_errors=True)
            cpu, wall = once(out, args.scale, args.tear_sheets)
            cpus.append(cpu)
            walls.append(wall)
            print(f"run {i + 1}: {cpu:6.1f} s CPU  {wall:6.1f} s wall", flush=True)
        steps = json.loads((out / "latest" / "run.json").read_text())["timings"]
    size = ("7 x 10 (scale)" if args.scale else "default configuration") + (
        ", cold caches" if args.cold else "")
    print(f"\n{size}, tear sheets {args.tear_sheets}: CPU min {min(cpus):.1f} s, median "
          f"{statistics.median(cpus):.1f} s; wall min {min(walls):.1f} s, median "
          f"{statistics.median(walls):.1f} s (whole process tree; run.json's total starts "
          "after the imports)")
    print(f"{'step':<16}{'CPU s':>8}{'wall s':>8}  note")
    for name, s in steps.items():
        print(f"{name:<16}{s['cpu_s']:>8.1f}{s['wall_s']:>8.1f}  {s.get('note', '')}")


if __name__ == "__main__":
    main()
