"""The CLI starts without the heavy libraries: they load only inside the command that uses them."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("vectorbt", "quantstats", "plotly", "numba", "pandas", "matplotlib", "arch", "dask",
         "scipy")


def loaded_after(code: str) -> list[str]:
    probe = (f"{code}\nimport sys\nprint('LOADED:', ' '.join(m for m in {HEAVY!r} "
             "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    return out.stdout.rsplit("LOADED:", 1)[1].split()


def test_importing_the_cli_and_the_rules_loads_nothing_heavy() -> None:
    assert loaded_after("import backtests.cli\nimport strategies.registry") == []


def test_help_and_strategies_run_without_heavy_imports() -> None:
    for argv in (["--help"], ["strategies"]):
        code = ("import sys\nfrom backtests.cli import main\nsys.argv = ['playbook', "
                + ", ".join(repr(a) for a in argv) + "]\ntry:\n    main()\nexcept SystemExit:"
                "\n    pass")
        assert loaded_after(code) == [], argv


def test_now_reads_its_kernels_as_plain_python() -> None:
    code = ("import os\nos.environ['PLAYBOOK_JIT'] = '0'\nimport strategies.kernels.rules")
    assert "numba" not in loaded_after(code)
