"""Monte Carlo runs and sweeps as Dask tasks, on this machine or on a cluster.

Dask is imported inside the functions, so importing the engine stays fast and a caller that
only wants the synchronous path never loads it.

Each task computes a chunk of run ids with ``sampling.run_batch``; since run ``i`` always
draws from its own stream, the results are bit-identical to ``run_monte_carlo`` for the same
seed whatever the number of workers and the chunk size (on one machine, or on machines with
the same NumPy build: a different CPU or BLAS may round differently).

One cluster can serve several calls (baseline, scenario, sensitivity) in one command::

    with dask_client() as client:
        baseline = run_monte_carlo_dask(params, 1000, seed=1, client=client)
        scenario = run_monte_carlo_dask(apply_levers(params, levers), 1000, 1, client=client)

Sending every chunk's full yearly results back (runs x years x cohorts x states, several
arrays) costs more than the model on a small machine. A caller that needs less passes
``reduce``: each worker then reduces its own chunk (e.g. to a ``model.RunSummary``) and only
that comes back.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .model import YearlyResults, concat_yearly, to_yearly
from .params import Params
from .sampling import run_batch

#: ``progress(done, total)``: called each time a task finishes.
Progress = Callable[[int, int], None]

#: ``reduce(yearly, params)``: what a task sends back instead of its chunk's yearly results.
Reduce = Callable[[YearlyResults, Params], Any]

SYNCHRONOUS = "synchronous"


@contextmanager
def dask_client(scheduler: Any = None, n_workers: int | None = None) -> Iterator[Any]:
    """A ``distributed.Client`` for the duration of the block, then closed.

    ``scheduler``:
      None           a LocalCluster of ``n_workers`` processes (default: one per core), one
                     thread each (the model is NumPy-bound; threads would fight over the
                     GIL), no dashboard, quiet logs; started here and shut down on exit.
      "synchronous"  no cluster: yields None and callers compute in this process (tests,
                     tiny jobs, debugging).
      anything else  passed to ``distributed.Client``: the address of a running scheduler
                     ("tcp://10.0.0.5:8786") or a cluster object; that cluster is left
                     running on exit.
    """
    if scheduler == SYNCHRONOUS:
        yield None
        return
    from distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=n_workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            # The scheduler serves /health even without a dashboard, by default on 8787:
            # any free port instead, so two clusters at once do not collide (or warn).
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@contextmanager
def using_client(client: Any = None, scheduler: Any = None) -> Iterator[Any]:
    """``client`` if given (left open: its owner closes it), else ``dask_client(scheduler)``."""
    if client is not None:
        yield client
        return
    with dask_client(scheduler) as own:
        yield own


def run_tasks(
    fn: Callable[..., Any],
    shared: Any,
    arg_list: Sequence[tuple],
    client: Any = None,
    progress: Progress | None = None,
) -> list:
    """``[fn(shared, *args) for args in arg_list]``, as Dask tasks when ``client`` is given.

    ``shared`` (the parameters) is scattered to every worker once rather than pickled into
    each task. Results come back in the order of ``arg_list`` whatever order the tasks
    finish in; ``progress(done, total)`` is called as each one finishes.
    """
    total = len(arg_list)
    if client is None:
        results = []
        for done, args in enumerate(arg_list, 1):
            results.append(fn(shared, *args))
            if progress is not None:
                progress(done, total)
        return results

    from distributed import as_completed

    shared_future = client.scatter(shared, broadcast=True, hash=False)
    # pure=False: unique keys without hashing the arguments (a metric may be a lambda).
    futures = [client.submit(fn, shared_future, *args, pure=False) for args in arg_list]
    position = {f.key: i for i, f in enumerate(futures)}
    results: list = [None] * total
    try:
        for done, future in enumerate(as_completed(futures), 1):
            results[position[future.key]] = future.result()
            future.release()  # the worker can drop its copy now
            if progress is not None:
                progress(done, total)
    except BaseException:
        # A failed task or Ctrl-C: stop the rest rather than leave the cluster busy.
        client.cancel(futures)
        raise
    return results


def run_chunk(
    params: Params, start: int, stop: int, seed: int, months: int, reduce: Reduce | None = None
) -> Any:
    """Yearly results of runs ``start``..``stop - 1`` (one task), or ``reduce`` of them."""
    yearly = to_yearly(run_batch(params, range(start, stop), seed, months))
    return yearly if reduce is None else reduce(yearly, params)


def run_monte_carlo_dask(
    params: Params,
    n_runs: int,
    seed: int,
    months: int = 120,
    chunk_size: int = 100,
    scheduler: Any = None,
    progress: Progress | None = None,
    *,
    client: Any = None,
    reduce: Reduce | None = None,
) -> YearlyResults | list:
    """``sampling.run_monte_carlo`` with the chunks of runs as Dask tasks.

    Bit-identical to ``run_monte_carlo(params, n_runs, seed, months)`` (any chunk size).
    ``scheduler`` is as for ``dask_client`` and is ignored when an open ``client`` is
    given. ``progress(done, total)`` counts chunks. Only yearly results come back, so the
    memory of this process grows with ``n_runs`` x years, not months.

    With ``reduce``, each task returns ``reduce(yearly, params)`` of its own chunk (on the
    worker, with the parameters already there), and the list of those comes back in run
    order for the caller to join (``RunSummary.concat``): only the reduced results cross
    the network. ``reduce`` must be picklable (a module-level function).
    """
    if n_runs < 1 or chunk_size < 1:
        raise ValueError("n_runs and chunk_size must be at least 1")
    chunks = [
        (start, min(start + chunk_size, n_runs), seed, months, reduce)
        for start in range(0, n_runs, chunk_size)
    ]
    with using_client(client, scheduler) as c:
        parts = run_tasks(run_chunk, params, chunks, client=c, progress=progress)
    return parts if reduce is not None else concat_yearly(parts)
