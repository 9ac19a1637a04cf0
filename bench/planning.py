"""How fast is the planning engine?

    .venv/bin/python bench/planning.py [--adults 1200000] [--years 10] [--runs 1000]
                                       [--chunk 100] [--workers 2]
                                       [--dask]

1. Monte Carlo: a council of ``--adults`` adults (demo parameters in age band x sex cohorts),
   monthly for ``--years`` years, ``--runs`` runs in chunks of ``--chunk`` runs, keeping yearly
   results. With ``--workers N`` the chunks are shared among N processes (the stand-in for the
   Dask sweep) and the result is checked to be identical to the one-process result.
   Prints seconds and peak memory (largest resident set of this process and of the workers).
   With ``--dask`` the same job also runs as Dask tasks (``run_monte_carlo_dask``) on a
   LocalCluster of 2 worker processes, checked identical to the one-process result; seconds
   with and without starting the cluster, and peak memory of this process during that part
   plus each worker's (their sum is an upper bound on the peak of the whole). Then the
   reduced path that ``openasc plan run`` takes: each task sends back only a ``RunSummary``
   of its chunk (``runner.summarise``: the report's measures and the chart series), checked
   identical to summarising the one-process result.
2. Speed-up: the per-person reference (openasc.planning.engine.reference) on a small case
   (``--ref-people`` people, ``--ref-months`` months, one run), timed per simulated
   person-month and extrapolated to the alive person-months of part 1.
Results (JSON) go to bench/out/planning.json.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

from openasc.planning.engine import (  # noqa: E402
    concat_yearly,
    demo_params,
    percentile_bands,
    run_batch,
    run_expected,
    short_term_no_ongoing_support_share,
    to_yearly,
)
from openasc.planning.engine.demo import OLDER, WORKING_AGE  # noqa: E402
from openasc.planning.engine.outcomes import care_home_admissions_per_100k  # noqa: E402
from openasc.planning.engine.reference import alive_person_months, simulate_people  # noqa: E402
from openasc.planning.engine.states import DECEASED, LONG_TERM_STATES  # noqa: E402
from openasc.planning.scenario import EXAMPLES, load_scenario  # noqa: E402


def _chunk(args):
    params, start, stop, seed, months = args
    return to_yearly(run_batch(params, range(start, stop), seed, months))


def monte_carlo(params, runs, seed, months, chunk, workers):
    jobs = [(params, s, min(s + chunk, runs), seed, months) for s in range(0, runs, chunk)]
    if workers <= 1:
        return concat_yearly([_chunk(j) for j in jobs])
    with ProcessPoolExecutor(workers) as pool:
        return concat_yearly(list(pool.map(_chunk, jobs)))


def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _identical(a, b) -> bool:
    return all(
        np.array_equal(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)
    )


def reset_peak() -> None:
    """Reset this process's peak resident memory to its current size (Linux 4.0+), so the
    Dask part is measured on its own; if refused, the peak includes what came before."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_since_reset_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return peak_mb()


def _same_summary(a, b) -> bool:
    arrays = [(a.people, b.people), (a.cost, b.cost), (a.carer_cost, b.carer_cost)]
    arrays += [(a.measures[k][2], b.measures[k][2]) for k in a.measures]
    return a.measures.keys() == b.measures.keys() and all(
        np.array_equal(x, y, equal_nan=True) for x, y in arrays
    )


def _mb(*arrays) -> float:
    return sum(a.nbytes for a in arrays) / 2**20


def dask_monte_carlo(params, runs, seed, months, chunk, expected) -> dict:
    """The Monte Carlo as Dask tasks on 2 local worker processes (``--dask``): reduced on
    the workers (as ``openasc plan run``), then with every chunk's yearly results sent back."""
    from openasc.planning.engine.distributed import dask_client, run_monte_carlo_dask
    from openasc.planning.engine.model import RunSummary
    from openasc.planning.runner import summarise

    reset_peak()
    t0 = time.perf_counter()
    with dask_client(n_workers=2) as client:
        started = time.perf_counter() - t0
        # Warm up: both workers import the engine and the report before either part is timed.
        run_monte_carlo_dask(params, 2, seed, 12, 1, client=client, reduce=summarise)

        reset_peak()
        t1, cpu = time.perf_counter(), time.process_time()
        parts = run_monte_carlo_dask(params, runs, seed, months, chunk, client=client,
                                     reduce=summarise)  # fmt: skip
        reduced = RunSummary.concat(parts)
        seconds_reduced = time.perf_counter() - t1
        # CPU of this process (receiving and joining): less noisy than wall time when the
        # machine is shared.
        cpu_reduced = time.process_time() - cpu
        main_reduced_mb = peak_since_reset_mb()
        workers_reduced = sorted(client.run(peak_mb).values())

        reset_peak()
        t1, cpu = time.perf_counter(), time.process_time()
        yearly = run_monte_carlo_dask(params, runs, seed, months, chunk, client=client)
        seconds = time.perf_counter() - t1
        cpu_full = time.process_time() - cpu
        main_mb = peak_since_reset_mb()
        # Each worker process's own peak over its whole life (it started just now).
        workers = sorted(client.run(peak_mb).values())
    with_start = time.perf_counter() - t0
    same = _identical(expected, yearly)
    t1 = time.perf_counter()
    one_process = summarise(expected, params)  # what 1 process adds to reduce its results
    seconds_summarise = time.perf_counter() - t1
    same_reduced = _same_summary(one_process, reduced)
    total_mb = main_mb + sum(workers)
    total_reduced_mb = main_reduced_mb + sum(workers_reduced)
    sent = _mb(*(getattr(yearly, f.name) for f in dataclasses.fields(yearly)))
    sent_reduced = _mb(reduced.people, reduced.cost, reduced.carer_cost,
                       *(v for _, _, v in reduced.measures.values()))  # fmt: skip
    print(
        f"monte carlo on Dask, reduced on the workers: 2 worker processes in "
        f"{seconds_reduced:.2f} s ({cpu_reduced:.2f} s CPU here, {sent_reduced:,.0f} MB sent "
        f"back); identical to 1 process: {same_reduced}; peak memory "
        f"{total_reduced_mb:,.0f} MB at most (this process {main_reduced_mb:,.0f} MB, workers "
        f"{', '.join(f'{w:,.0f}' for w in workers_reduced)} MB); summarising the "
        f"1-process result takes {seconds_summarise:.2f} s more there"
    )
    print(
        f"monte carlo on Dask, yearly results sent back: 2 worker processes in {seconds:.2f} s "
        f"({cpu_full:.2f} s CPU here, {sent:,.0f} MB sent back); "
        f"identical to 1 process: {same}; peak memory {total_mb:,.0f} MB at most "
        f"(this process {main_mb:,.0f} MB, workers {', '.join(f'{w:,.0f}' for w in workers)} MB)"
    )
    print(
        f"  the cluster: {started:.2f} s to start; {with_start:.2f} s for both parts with "
        "starting and stopping it"
    )
    return {
        "dask_workers": 2,
        "seconds_dask": seconds,
        "seconds_dask_reduced": seconds_reduced,
        "seconds_summarise_1": seconds_summarise,
        "cpu_seconds_dask_main": cpu_full,
        "cpu_seconds_dask_reduced_main": cpu_reduced,
        "mb_sent_back_dask": sent,
        "mb_sent_back_dask_reduced": sent_reduced,
        "seconds_dask_with_cluster_start": with_start,
        "seconds_dask_cluster_start": started,
        "identical_dask": same,
        "identical_dask_reduced": same_reduced,
        "peak_mb_dask_main": main_mb,
        "peak_mb_dask_workers": workers,
        "peak_mb_dask_total": total_mb,
        "peak_mb_dask_reduced_main": main_reduced_mb,
        "peak_mb_dask_reduced_workers": workers_reduced,
        "peak_mb_dask_reduced_total": total_reduced_mb,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--adults", type=int, default=1_200_000)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--chunk", type=int, default=100)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--dask", action="store_true", help="also time run_monte_carlo_dask")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ref-people", type=int, default=10_000)
    ap.add_argument("--ref-months", type=int, default=12)
    a = ap.parse_args()
    months = 12 * a.years
    # The whole model: with the unpaid carers' chain of the example scenario.
    carers = load_scenario(EXAMPLES / "optimised-model.yaml").baseline.carers
    params = dataclasses.replace(demo_params(a.adults), carers=carers)
    print(
        f"council: {a.adults:,} adults, {params.n_cohorts} cohorts with unpaid carers, "
        f"{params.initial.sum():,.0f} people known at the start, "
        f"{params.inflow.sum() * 12:,.0f} requests a year"
    )

    t0 = time.perf_counter()
    yearly = monte_carlo(params, a.runs, a.seed, months, a.chunk, 1)
    one_process = time.perf_counter() - t0
    print(
        f"monte carlo: {a.runs:,} runs x {months} months in {one_process:.2f} s "
        f"(1 process, chunks of {a.chunk}); peak resident memory {peak_mb():.0f} MB"
    )
    result = {"adults": a.adults, "runs": a.runs, "months": months, "seconds_1": one_process}
    if a.workers > 1:
        t0 = time.perf_counter()
        parallel = monte_carlo(params, a.runs, a.seed, months, a.chunk, a.workers)
        seconds = time.perf_counter() - t0
        same = all(
            np.array_equal(getattr(yearly, f.name), getattr(parallel, f.name))
            for f in dataclasses.fields(yearly)
        )
        print(
            f"monte carlo: {a.workers} processes in {seconds:.2f} s (incl. starting them); "
            f"identical to 1 process: {same}; "
            f"worker peak {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB"
        )
        result |= {"workers": a.workers, f"seconds_{a.workers}": seconds, "identical": same}
    result["peak_mb"] = peak_mb()
    if a.dask:
        result |= dask_monte_carlo(params, a.runs, a.seed, months, a.chunk, yearly)

    cost = percentile_bands(yearly.total_cost / 1e6)
    lts = percentile_bands(yearly.people[..., list(LONG_TERM_STATES)].sum(axis=(-1, -2)))
    groups = {"18-64": WORKING_AGE, "65+": OLDER}
    _, care_home = care_home_admissions_per_100k(yearly, params, groups=groups)
    ch = percentile_bands(care_home)
    d2 = percentile_bands(short_term_no_ongoing_support_share(yearly))
    carers = percentile_bands(yearly.carers.sum(axis=(-1, -2)))
    for y in (0, a.years - 1):
        print(
            f"  year {y + 1}: cost £{cost.median[y]:,.0f}m "
            f"(90% band {cost.low[y]:,.0f}-{cost.high[y]:,.0f}); "
            f"long-term support {lts.median[y]:,.0f}; care-home admissions per 100k "
            f"18-64 {ch.median[y, 0]:.0f}, 65+ {ch.median[y, 1]:.0f}; "
            f"short-term ending with no ongoing support {d2.median[y]:.1%}; "
            f"unpaid carers {carers.median[y]:,.0f}"
        )

    # The per-person reference on a small case of about --ref-people people.
    small = demo_params(round(a.adults * a.ref_people / params.initial.sum()))
    small = dataclasses.replace(small, initial=np.round(small.initial))
    t0 = time.perf_counter()
    counts = simulate_people(small, a.ref_months, seed=a.seed)
    ref_seconds = time.perf_counter() - t0
    per_pm = ref_seconds / alive_person_months(counts)
    alive = run_expected(params, months).people[0, :-1, :, :DECEASED].sum() * a.runs
    ref_estimate = per_pm * alive
    print(
        f"reference: {small.initial.sum():,.0f} people x {a.ref_months} months x 1 run in "
        f"{ref_seconds:.2f} s = {per_pm * 1e9:,.0f} ns per person-month"
    )
    print(
        f"  the Monte Carlo above is {alive:,.0f} person-months: person by person about "
        f"{ref_estimate / 3600:,.1f} h, so a speed-up of {ref_estimate / one_process:,.0f}x "
        "(1 process)"
    )
    result |= {
        "reference_seconds_per_person_month": per_pm,
        "person_months": float(alive),
        "speed_up_1_process": ref_estimate / one_process,
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "planning.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
