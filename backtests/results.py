"""Machine-readable results, written atomically (temp file + rename)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from backtests.runner import Run, metrics_table


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write via a temporary file in the same folder, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; results are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(root: Path, name: str) -> Iterator[Path]:
    """Build `root/name` in a hidden temporary folder; rename it into place only on success,
    then point `root/latest` at it (a symlink swapped with os.replace)."""
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".tmp-{name}"
    tmp.mkdir()
    try:
        yield tmp
        tmp.rename(root / name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    link_tmp = root / f".latest-{name}"
    link_tmp.unlink(missing_ok=True)
    link_tmp.symlink_to(name, target_is_directory=True)
    os.replace(link_tmp, root / "latest")


def write_results(runs: list[Run], out: Path, benchmark: str | None,
                  intervals: pd.DataFrame | None = None) -> list[Path]:
    """metrics.csv (long, with bootstrap interval rows when `intervals` is given),
    returns.parquet and weights.parquet (long: date, run, sleeve)."""
    table = metrics_table(runs, benchmark, intervals)
    returns = pd.DataFrame({f"{r.strategy}|{r.episode}": r.result.returns for r in runs})
    weights = pd.concat(
        [r.result.weights.rename_axis(index="date").reset_index().melt(
            id_vars="date", var_name="sleeve", value_name="weight").assign(
            run=f"{r.strategy}|{r.episode}") for r in runs], ignore_index=True)
    files = {out / "metrics.csv": lambda p: table.to_csv(p, index=False, float_format="%.10g"),
             out / "returns.parquet": lambda p: returns.to_parquet(p),
             out / "weights.parquet": lambda p: weights.to_parquet(p, index=False)}
    for path, write in files.items():
        atomic_write(path, write)
    return list(files)
