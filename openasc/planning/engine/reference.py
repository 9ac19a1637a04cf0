"""A straightforward per-person version of the model, for checking and benchmarking only.

Each person is simulated month by month with Python's ``random`` module, using the same
transition probabilities and entry mix as the cohort model; whole people, so counts vary by
chance around the cohort model's expected values. Fractional starting numbers and inflows
are rounded at random so their expectations match.
"""

from __future__ import annotations

import bisect
import itertools
import random

import numpy as np

from .params import Params
from .states import DECEASED, N_STATES


def _whole(x: float, rng: random.Random) -> int:
    whole = int(x)
    return whole + (rng.random() < x - whole)


def _pick(cumulative: list[float], rng: random.Random) -> int:
    # min(): guard against a cumulative total a hair below 1 from rounding.
    return min(bisect.bisect_right(cumulative, rng.random()), N_STATES - 1)


def simulate_people(params: Params, months: int, seed: int) -> np.ndarray:
    """Counts of people by month, cohort and state, shape (months + 1, C, S)."""
    rng = random.Random(seed)
    cohorts = params.n_cohorts
    rows = [
        [list(itertools.accumulate(params.transitions[c, s])) for s in range(N_STATES)]
        for c in range(cohorts)
    ]
    entry = [list(itertools.accumulate(params.entry_mix[c])) for c in range(cohorts)]
    states = [
        [s for s in range(N_STATES) for _ in range(_whole(params.initial[c, s], rng))]
        for c in range(cohorts)
    ]
    counts = np.zeros((months + 1, cohorts, N_STATES), dtype=np.int64)
    for c in range(cohorts):
        counts[0, c] = np.bincount(states[c], minlength=N_STATES)
    for t in range(months):
        for c in range(cohorts):
            row = rows[c]
            # The deceased stay deceased: no need to draw for them.
            moved = [s if s == DECEASED else _pick(row[s], rng) for s in states[c]]
            arrivals = _whole(params.inflow[c], rng)
            moved.extend(_pick(entry[c], rng) for _ in range(arrivals))
            states[c] = moved
            counts[t + 1, c] = np.bincount(moved, minlength=N_STATES)
    return counts


def alive_person_months(counts: np.ndarray) -> int:
    """Person-months the reference simulates (the deceased are skipped)."""
    return int(counts[:-1, :, :DECEASED].sum())
