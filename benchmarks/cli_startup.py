"""CPU seconds per CLI command, whole process (min of N runs; prints figures, not a test).

    .venv/bin/python benchmarks/cli_startup.py [--runs 3] [--vs OTHER_PLAYBOOK]

--vs runs the same commands with another installation's `playbook` (e.g. an older checkout's
.venv/bin/playbook) in the same run and prints the ratio.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
from pathlib import Path

COMMANDS = (["--help"], ["strategies"], ["data", "status"], ["now"], ["regimes", "--latest"])


def cpu(argv: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--vs", type=Path, default=None)
    args = parser.parse_args()
    mine = str(Path(sys.executable).parent / "playbook")
    for command in COMMANDS:
        a = min(cpu([mine, *command]) for _ in range(args.runs))
        line = f"playbook {' '.join(command):18s} {a:5.2f} s CPU"
        if args.vs:
            b = min(cpu([str(args.vs), *command]) for _ in range(args.runs))
            line += f"   vs {b:5.2f} s -> {a / b:.2f}x"
        print(line)


if __name__ == "__main__":
    main()
