"""Monte Carlo over parameter uncertainty, reproducible run by run.

Run ``i`` always draws from its own stream, ``SeedSequence(seed).spawn(n)[i]``, whatever
other runs are computed with it. So any subset of runs, in any order or grouping (one batch,
two halves, or one batch per Dask worker), gives the same numbers for the same seed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .model import MonthlyResults, YearlyResults, concat_yearly, simulate, to_yearly
from .params import Params
from .states import DECEASED


def run_stream(seed: int, run_id: int) -> np.random.Generator:
    """The generator of run ``run_id``: the same child as ``SeedSequence(seed).spawn(n)``."""
    if run_id < 0:
        raise ValueError("run ids start at 0")
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(run_id,))))


def draw_run(params: Params, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """One run's transitions (C, S, S) and monthly inflow (C,).

    Each transition row is drawn from Dirichlet(concentration x base row), via normalised
    Gamma variates so every row can have its own parameters; a zero in the base row stays
    zero, and the deceased row stays absorbing. Demand is scaled by one Gamma multiplier
    with mean 1 and the given coefficient of variation (common to all cohorts: a busy year
    is busy for everyone, which gives honest, wider bands for the total).
    """
    base = params.transitions
    if params.concentration is None:
        transitions = base.copy()
    else:
        g = rng.standard_gamma(params.concentration * base)
        transitions = g / g.sum(axis=-1, keepdims=True)
        transitions[:, DECEASED] = base[:, DECEASED]
    multiplier = 1.0
    if params.inflow_cv > 0:
        shape = 1.0 / params.inflow_cv**2
        multiplier = rng.gamma(shape, 1.0 / shape)
    return transitions, params.inflow * multiplier


def run_batch(params: Params, run_ids: Sequence[int], seed: int, months: int = 120):
    """Monthly results for the given runs (the run axis follows ``run_ids``)."""
    run_ids = list(run_ids)
    if not run_ids:
        raise ValueError("run_ids is empty")
    drawn = [draw_run(params, run_stream(seed, i)) for i in run_ids]
    transitions = np.stack([d[0] for d in drawn])
    inflow = np.stack([d[1] for d in drawn])
    return simulate(params, months, transitions, inflow)


def run_monte_carlo(
    params: Params, n_runs: int, seed: int, months: int = 120, chunk_size: int = 100
) -> YearlyResults:
    """Yearly results of runs 0..n_runs-1, computed ``chunk_size`` runs at a time.

    Only yearly results are kept, so memory grows with the chunk, not with ``n_runs``.
    """
    parts = [
        to_yearly(run_batch(params, range(start, min(start + chunk_size, n_runs)), seed, months))
        for start in range(0, n_runs, chunk_size)
    ]
    return concat_yearly(parts)


def run_expected(params: Params, months: int = 120) -> MonthlyResults:
    """The central projection: one run with the base parameters, no sampling."""
    return simulate(params, months)
