"""Sweeps on a Dask cluster (the `distributed` package): chunks go to the workers.

Each worker process loads the market once from the data store (the store must be readable by
every worker: a shared path, or a copy of the store folder at the same path) and checks that
its data hash is the client's, so every worker computes on exactly the same data. The chunk
functions are the in-process ones (backtests.sweep.chunks): results are identical.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from backtests.episodes.runner import MarketData
from backtests.errors import ConfigError
from backtests.sweep.run import Executor, InProcess

_MARKETS: dict[str, MarketData] = {}  # per worker process: store folder -> market


def _market(root: str, data_hash: str) -> MarketData:
    from backtests.data.store import Store
    from backtests.episodes.runner import load_market

    market = _MARKETS.get(root)
    if market is None or market.data_hash != data_hash:
        market = load_market(Store(Path(root)))
        _MARKETS[root] = market
    if market.data_hash != data_hash:
        raise ConfigError(f"the store at {root} on this worker holds data {market.data_hash[:12]}"
                          f", the client's holds {data_hash[:12]}; give every worker the same "
                          "store (a shared path, or a copy of the client's store folder)")
    return market


def _on_worker(fn: Callable[..., Any], root: str, data_hash: str, args: tuple[Any, ...]) -> Any:
    """Run a chunk function on this worker's market (numba uses the worker's threads)."""
    import numba
    from distributed import get_worker

    numba.set_num_threads(max(1, min(int(numba.config.NUMBA_NUM_THREADS),  # type: ignore[attr-defined]
                                     int(getattr(get_worker(), "nthreads", 1)))))
    return fn(_market(root, data_hash), *args)


def _warm(root: str, data_hash: str) -> None:
    """Load the market on a worker before any chunk arrives."""
    _market(root, data_hash)


class DaskExecutor:
    """Sends each chunk to the cluster and gathers the results in order."""

    def __init__(self, client: Any, store_root: Path, data_hash: str) -> None:
        self.client, self.root, self.data_hash = client, str(Path(store_root).resolve()), data_hash
        client.run(_warm, self.root, data_hash)  # every worker loads the market once, now
        self.workers = max(1, len(client.scheduler_info().get("workers", {})))

    def map(self, fn: Callable[..., Any], items: list[tuple[Any, ...]]) -> list[Any]:
        futures = [self.client.submit(_on_worker, fn, self.root, self.data_hash, item,
                                      pure=False) for item in items]
        return list(self.client.gather(futures))


@contextmanager
def executor(market: MarketData, store_root: Path, scheduler: str | None = None,
             workers: int | None = None) -> Iterator[Executor]:
    """A Dask executor for `--scheduler tcp://HOST:8786` (an existing cluster) or `--workers N`
    (a LocalCluster of N single-threaded processes on this machine); else in-process."""
    if scheduler and workers:
        raise ConfigError("give --scheduler ADDRESS (an existing cluster) or --workers N (a "
                          "local one), not both")
    if not scheduler and not workers:
        yield InProcess(market)
        return
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers {workers}: must be at least 1")
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except OSError as e:
            raise ConfigError(f"--scheduler {scheduler}: cannot reach a Dask scheduler ({e}); "
                              "start one with `dask scheduler` and workers with "
                              f"`dask worker {scheduler}`") from None
        with client:
            yield DaskExecutor(client, store_root, market.data_hash)
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield DaskExecutor(client, store_root, market.data_hash)
