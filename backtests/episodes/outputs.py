"""Machine-readable results, written atomically (temp file + rename)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from backtests.episodes.runner import Run, metrics_table
from backtests.slug import check_name


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write via a temporary file in the same folder, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".tmp-{path.name}.")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; results are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def new_run_id(root: Path, digest: str) -> str:
    """A unique id '<UTC time>-<digest>[-n]' for a folder under root, reserved at once.

    The id is reserved by creating root/.tmp-<id> (mkdir is atomic and exclusive), so two
    runs started in the same second, even of the same configuration, get different ids;
    atomic_folder then builds in that reserved folder.
    """
    check_name(digest, "run id digest")
    root.mkdir(parents=True, exist_ok=True)
    base = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{digest}"
    for n in range(1, 10_000):
        name = base if n == 1 else f"{base}-{n}"
        if (root / name).exists():
            continue
        try:
            (root / f".tmp-{name}").mkdir()
        except FileExistsError:
            continue
        if (root / name).exists():  # finished between the check and the mkdir
            (root / f".tmp-{name}").rmdir()
            continue
        return name
    raise RuntimeError(f"no free run id under {root} for {base}")


@contextmanager
def atomic_folder(root: Path, name: str) -> Iterator[Path]:
    """Build `root/name` in a hidden temporary folder; rename it into place only on success,
    then point `root/latest` at it (a symlink swapped with os.replace).

    The temporary folder may already exist, empty, when new_run_id reserved the name.
    """
    check_name(name, "output folder name")
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".tmp-{name}"
    try:
        tmp.mkdir()
    except FileExistsError:
        if any(tmp.iterdir()):  # not a reservation: another writer is using this name
            raise
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
