"""Argument checks, written once for the notebook API and the CLI: how arguments are spelled
in messages, and the checks of run options (metric, blocks, output folder, tear sheets, run
labels, cluster, replay window).

Each turns a user's value into a validated object or raises one clean line (ConfigError or
StrategyError) naming the argument, the value and the fix, with a "did you mean" where a name
was mistyped. `where` is the argument's name as the user wrote it: "episode" in Python,
"--episode" on the command line; `Names` spells every argument for one of the two (PYTHON,
CLI). Rule parameters, regime thresholds and costs are checked in backtests.api.paramchecks,
episodes in backtests.api.episodechecks.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from backtests.errors import ConfigError, quote
from backtests.files import writable_folder

SHEETS = ("highlight", "all", "none")


@dataclass(frozen=True)
class Names:
    """How the user spelled the arguments: as Python keywords (`episode`, `window=(A, B)`) or
    as command-line options (`--episode`, `--from A --to B`). A check takes its argument's
    spelling from here, so both doors get the same message in their own words."""

    cli: bool = False

    def __call__(self, arg: str) -> str:
        """The argument: `episode` / `--episode`; rule parameters are `parameters` / `--set`."""
        if self.cli:
            return "--" + {"params": "set"}.get(arg, arg).replace("_", "-")
        return {"params": "parameters"}.get(arg, arg)

    def given(self, arg: str, value: str) -> str:
        """The argument with a value: `months=N` / `--months N`."""
        if self.cli:
            return {"window": "--from DATE --to DATE"}.get(arg, f"{self(arg)} {value}")
        return f"{arg}={value}"

    def command(self, name: str) -> str:
        """A message's prefix: Python names the method (`replay: `), a command needs none."""
        return "" if self.cli else f"{name}: "


PYTHON, CLI = Names(cli=False), Names(cli=True)


def hint(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" — did you mean '{close[0]}'?" if close else ""


def one_of(where: str, value: str, choices: Sequence[str]) -> ConfigError:
    """The error for a name that is not among `choices` (the CLI's wording, plus a hint)."""
    return ConfigError(f"{where}: {quote(value)} is not one of {', '.join(choices)}"
                       + hint(value, choices))



def metric(value: str, where: str = "metric") -> str:
    """A sweep's ranking metric: one of the metrics every combination is scored on."""
    from backtests.sweep.run import CORE

    if value not in CORE:
        raise one_of(where, value, list(CORE))
    return value


def blocks(value: int, where: str = "blocks") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 2 or value % 2:
        raise ConfigError(f"{where} {value}: must be an even number >= 2")
    return value


def out_folder(path: str | Path, where: str = "out") -> Path:
    """An output folder that can be written, checked (and created) before any work."""
    return writable_folder(Path(path), where)


def tear_sheets(value: bool | str, where: str = "tear_sheets") -> str:
    """Which quantstats tear sheets a report builds: True = "all", False = "none"."""
    mode = ({True: "all", False: "none"}[value] if isinstance(value, bool) else value)
    if mode not in SHEETS:
        raise one_of(where, str(mode), SHEETS)
    return str(mode)


def labels(chosen: Sequence[str], known: Sequence[str], where: str = "strategies") -> list[str]:
    """Run labels of a configuration to keep."""
    for label in chosen:
        if label not in known:
            raise one_of(where, label, known)
    return list(chosen)


def cluster(scheduler: str | None, workers: int | None, names: Names = PYTHON) -> None:
    """Where a sweep runs: an existing Dask cluster, a local one of N workers, or in-process."""
    if scheduler and workers:
        raise ConfigError(f"give {names.given('scheduler', 'ADDRESS')} (an existing cluster) or "
                          f"{names.given('workers', 'N')} (a local one), not both")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int)
                                or workers < 1):
        raise ConfigError(f"{names('workers')} {workers}: must be at least 1")


def replay_choice(analogue: str | None, months: int | None, window: Sequence[str] | None,
                  names: Names = PYTHON) -> None:
    """A replay names a crisis (and how many months of it) or a window of history, not both."""
    from backtests.scenarios.analogue import ANALOGUES

    say = names.command("replay")
    if window is not None and (analogue is not None or months is not None):
        raise ConfigError(f"{say}use either {names.given('analogue', 'NAME')} "
                          f"[{names.given('months', 'N')}] or "
                          f"{names.given('window', '(FIRST_DAY, LAST_DAY)')}")
    if window is None and analogue is None:
        raise ConfigError(f"{say}name a crisis with {names.given('analogue', '').rstrip()} "
                          f"({', '.join(ANALOGUES)}) or a window with "
                          f"{names.given('window', '(FIRST_DAY, LAST_DAY)')}")
    if window is not None and (isinstance(window, str) or len(window) != 2):
        raise ConfigError(f"{say}{names('window')} = {quote(window)}: give (FIRST_DAY, "
                          "LAST_DAY), e.g. ('2007-10-09', '2009-03-09')")
