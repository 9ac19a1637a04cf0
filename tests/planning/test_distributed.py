"""Monte Carlo and sensitivity as Dask tasks: the same numbers as one process, whatever the
number of workers and the chunk size. Pure NumPy and Dask: no database."""

from __future__ import annotations

import dataclasses
import json
import logging

import numpy as np
import pytest

from openasc.planning.engine import YearlyResults, demo_params, run_monte_carlo
from openasc.planning.engine.distributed import (
    dask_client,
    run_monte_carlo_dask,
    run_tasks,
)
from openasc.planning.engine.model import RunSummary
from openasc.planning.engine.sensitivity import tornado
from openasc.planning.report import compare
from openasc.planning.runner import Outcome, chart_texts, run_scenario, summarise
from openasc.planning.scenario import EXAMPLES, load_scenario

RUNS, SEED, MONTHS = 12, 42, 24


def assert_identical(a: YearlyResults, b: YearlyResults) -> None:
    for f in dataclasses.fields(a):
        assert np.array_equal(getattr(a, f.name), getattr(b, f.name)), f.name


@pytest.fixture(scope="module")
def params():
    return demo_params()


@pytest.fixture(scope="module")
def expected(params):
    return run_monte_carlo(params, RUNS, seed=SEED, months=MONTHS)


@pytest.fixture(scope="module")
def scenario():
    """The example scenario (64 cohorts, unpaid carers, capacity limits), small."""
    return load_scenario(EXAMPLES / "optimised-model.yaml", runs=RUNS, years=2, seed=SEED)


@pytest.fixture(scope="module")
def one_process(scenario):
    """The comparison and charts from every run's yearly results in this process: what
    ``run_scenario`` gave before it reduced on the workers."""
    base, changed = (
        run_monte_carlo(p, RUNS, SEED, scenario.months)
        for p in (scenario.baseline, scenario.changed)
    )
    comparison = compare(scenario, base, changed)
    return _as_text(comparison), chart_texts(Outcome(comparison, base, changed))


def _as_text(comparison) -> str:
    # JSON text, so NaN (a share of nobody) compares equal to NaN.
    return json.dumps(comparison.to_dict())


@pytest.fixture(scope="module")
def two_workers():
    """A real LocalCluster of two worker processes, as ``dask_client()`` makes by default."""
    with dask_client(n_workers=2) as client:
        yield client


@pytest.mark.parametrize("chunk_size", [1, 5, 7, 100])
def test_synchronous_matches_run_monte_carlo_whatever_the_chunk_size(params, expected, chunk_size):
    got = run_monte_carlo_dask(
        params, RUNS, SEED, MONTHS, chunk_size=chunk_size, scheduler="synchronous"
    )
    assert_identical(expected, got)


def test_progress_counts_chunks_up_to_the_total(params):
    calls = []
    run_monte_carlo_dask(
        params,
        10,
        SEED,
        12,
        chunk_size=4,
        scheduler="synchronous",
        progress=lambda *a: calls.append(a),
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_nonsense_sizes_are_refused(params):
    for n_runs, chunk in ((0, 10), (10, 0)):
        with pytest.raises(ValueError):
            run_monte_carlo_dask(params, n_runs, SEED, 12, chunk, scheduler="synchronous")


@pytest.mark.slow
@pytest.mark.parametrize("chunk_size", [3, 5])
def test_two_worker_processes_match_one_process(params, expected, two_workers, chunk_size):
    calls = []
    got = run_monte_carlo_dask(
        params,
        RUNS,
        SEED,
        MONTHS,
        chunk_size=chunk_size,
        progress=lambda *a: calls.append(a),
        client=two_workers,
    )
    assert_identical(expected, got)
    total = -(-RUNS // chunk_size)
    # Chunks may finish in any order, but the count goes up by one to the total.
    assert calls == [(done, total) for done in range(1, total + 1)]


@pytest.mark.slow
def test_a_scheduler_address_connects_to_a_running_cluster(params, expected, two_workers):
    address = two_workers.scheduler.address
    assert_identical(expected, run_monte_carlo_dask(params, RUNS, SEED, MONTHS, 4, address))


@pytest.mark.slow
def test_one_worker_matches_one_process(params, expected):
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=False,
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        assert_identical(
            expected, run_monte_carlo_dask(params, RUNS, SEED, MONTHS, 5, client=client)
        )


@pytest.mark.slow
def test_tornado_on_workers_matches_synchronous(params, two_workers):
    calls = []
    on_workers = tornado(params, months=24, client=two_workers, progress=lambda *a: calls.append(a))
    assert on_workers == tornado(params, months=24, scheduler="synchronous")
    assert calls[-1] == (len(calls), len(calls)) and len(calls) == 1 + 2 * len(on_workers)


def _fail(shared, x):
    if x == 2:
        raise RuntimeError("task 2 failed")
    return x


@pytest.mark.slow
def test_a_failed_task_raises_in_the_caller(two_workers):
    assert run_tasks(_fail, None, [(0,), (1,)], client=two_workers) == [0, 1]
    with pytest.raises(RuntimeError, match="task 2 failed"):
        run_tasks(_fail, None, [(0,), (1,), (2,)], client=two_workers)
    with pytest.raises(RuntimeError, match="task 2 failed"):
        run_tasks(_fail, None, [(2,)])


def assert_same_summary(a: RunSummary, b: RunSummary) -> None:
    for name in ("people", "cost", "carer_cost", "total_cost"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.measures.keys() == b.measures.keys()
    for code, (label, unit, values) in a.measures.items():
        assert b.measures[code][:2] == (label, unit)
        assert np.array_equal(values, b.measures[code][2], equal_nan=True), code


@pytest.mark.parametrize("chunk_size", [1, 5, 7, 100])
def test_reduced_chunks_join_to_the_summary_of_all_runs(scenario, chunk_size):
    params = scenario.changed
    parts = run_monte_carlo_dask(
        params, RUNS, SEED, MONTHS, chunk_size, scheduler="synchronous", reduce=summarise
    )
    assert len(parts) == -(-RUNS // chunk_size)
    whole = summarise(run_monte_carlo(params, RUNS, SEED, MONTHS), params)
    assert_same_summary(whole, RunSummary.concat(parts))


@pytest.mark.parametrize("chunk_size", [1, 5, 100])
def test_run_scenario_reduced_matches_one_process(scenario, one_process, chunk_size):
    outcome = run_scenario(scenario, scheduler="synchronous", chunk_size=chunk_size)
    assert isinstance(outcome.baseline, RunSummary)
    assert (_as_text(outcome.comparison), chart_texts(outcome)) == one_process


@pytest.mark.slow
@pytest.mark.parametrize("chunk_size", [1, 5, 7])
def test_run_scenario_on_two_workers_matches_one_process(
    scenario, one_process, two_workers, chunk_size
):
    calls = []
    outcome = run_scenario(
        scenario,
        client=two_workers,
        chunk_size=chunk_size,
        progress=lambda *a: calls.append(a),
    )
    # The same comparison (so JSON, CSV and summary) and the same chart bytes.
    assert (_as_text(outcome.comparison), chart_texts(outcome)) == one_process
    total = -(-RUNS // chunk_size)
    assert [c[2] for c in calls] == ["baseline"] * total + ["scenario"] * total
