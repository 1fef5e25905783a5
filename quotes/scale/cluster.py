"""A Dask client: connected to a running scheduler, or a local cluster started and closed here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class ScaleError(Exception):
    pass


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 1, timeout: float = 20) -> Iterator:
    """A ``distributed.Client`` for the run.

    Without ``scheduler``: a ``LocalCluster`` of ``workers`` processes with one
    thread each (spaCy pipelines are not shared between threads), closed on exit.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ScaleError("--engine dask needs Dask: pip install 'quotes[dask]'") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout=timeout)
        except (OSError, TimeoutError) as e:
            raise ScaleError(f"cannot reach the Dask scheduler at {scheduler} ({e})") from None
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
