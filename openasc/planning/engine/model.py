"""The monthly cohort state-transition model.

Each month, for every run and cohort at once::

    people[t + 1] = people[t] @ transitions + inflow * entry_mix

The population array has shape (runs, cohorts, states); the only Python loop is over months.
Counts are expected numbers of people (not whole people): uncertainty comes from the
parameters (``sampling.py``), not from chance in who moves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .carers import SUPPORTED
from .params import Params
from .states import DECEASED, SHORT_TERM_SUPPORT

#: Average weeks in a month, to turn weekly unit costs into monthly ones.
WEEKS_PER_MONTH = 365.25 / 7 / 12


@dataclass(frozen=True, eq=False)
class _Results:
    """What monthly and yearly results both hold; the time axis is months or years."""

    people: np.ndarray
    admissions: np.ndarray
    discharges: np.ndarray
    requests: np.ndarray
    short_term_exits: np.ndarray
    cost: np.ndarray
    over_capacity: np.ndarray
    carers: np.ndarray
    carers_identified: np.ndarray
    carer_cost: np.ndarray

    @property
    def deaths(self) -> np.ndarray:
        """Deaths in each period, (R, T, C)."""
        return self.admissions[..., DECEASED]

    @property
    def total_cost(self) -> np.ndarray:
        """(R, T) £ in each period over all states and carer support."""
        return self.cost.sum(axis=-1) + self.carer_cost


class MonthlyResults(_Results):
    """Month-by-month results; R runs, M months, C cohorts, S states.

    people            (R, M + 1, C, S) at the start of each month (index 0 = the start)
    admissions        (R, M, C, S)     flows into each state in the month, incl. new requests
    discharges        (R, M, C, S)     flows out of each state in the month (incl. by death)
    requests          (R, M, C)        new requests in the month
    short_term_exits  (R, M, C, S)     where people leaving short-term support went
    cost              (R, M, S)        £ in the month by state, summed over cohorts
    over_capacity     (R, M, C, S)     people sent elsewhere because state S was full
    carers            (R, M + 1, C, K) unpaid carers of each cohort by carer state (K = 3
                                       with ``params.carers``, else 0: see ``carers.py``)
    carers_identified (R, M, C)        carers newly known to the council in the month
    carer_cost        (R, M)           £ of carer support in the month
    """

    @property
    def months(self) -> int:
        return self.admissions.shape[1]


def simulate(
    params: Params,
    months: int,
    transitions: np.ndarray | None = None,
    inflow: np.ndarray | None = None,
) -> MonthlyResults:
    """Project ``months`` months for a batch of runs.

    ``transitions`` (R, C, S, S) and ``inflow`` (R, C) are the per-run parameters (from
    ``sampling.draw``); if omitted, one run with the base parameters is made.
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    if transitions is None:
        transitions = params.transitions[None]
    if inflow is None:
        inflow = params.inflow[None]
    runs, cohorts, states = transitions.shape[:3]

    stay = np.diagonal(transitions, axis1=-2, axis2=-1)  # (R, C, S)
    # Moves between different states only, so admissions are sums of non-negative terms.
    moves = transitions * (1.0 - np.eye(states))
    leave = 1.0 - stay
    short_term_row = moves[:, :, SHORT_TERM_SUPPORT, :]
    arrivals = inflow[..., None] * params.entry_mix  # (R, C, S)
    demand = params.demand_by_month(months)  # (M, C): the population projection
    monthly_cost = params.unit_cost * WEEKS_PER_MONTH  # (C, S)
    uplift = (1.0 + params.annual_uplift) ** (np.arange(months) // 12)

    people = np.empty((runs, months + 1, cohorts, states))
    admissions = np.empty((runs, months, cohorts, states))
    discharges = np.empty_like(admissions)
    short_term_exits = np.empty_like(admissions)
    cost = np.empty((runs, months, states))
    over_capacity = np.zeros_like(admissions)
    people[:, 0] = params.initial
    n = people[:, 0]
    chain = params.carers
    carers = np.zeros((runs, months + 1, cohorts, 3 if chain else 0))
    carers_identified = np.zeros((runs, months, cohorts))
    carer_cost = np.zeros((runs, months))
    if chain:
        carers[:, 0] = chain.initial(n)
        starts_per, ends_per = chain.caring_changes(moves)  # (R, C, S) per person
        arriving_carers = arrivals @ chain.per_person  # (R, C) before the projection
        carer_weekly = chain.weekly_cost * WEEKS_PER_MONTH
    for t in range(months):
        moved_in = np.matmul(n[:, :, None, :], moves)[:, :, 0, :]  # the batched product
        admissions[:, t] = moved_in + arrivals * demand[t, :, None]
        discharges[:, t] = n * leave
        short_term_exits[:, t] = n[:, :, SHORT_TERM_SUPPORT, None] * short_term_row
        nxt = n * stay + admissions[:, t]
        sent = [
            _turn_away(lim, nxt, admissions[:, t], over_capacity[:, t]) for lim in params.capacity
        ]
        people[:, t + 1] = nxt
        # Cost on the average of start- and end-of-month occupancy (people arrive and leave
        # through the month).
        cost[:, t] = np.einsum("rcs,cs->rs", 0.5 * (n + nxt), monthly_cost) * uplift[t]
        if chain:
            started = (n * starts_per).sum(-1) + arriving_carers * demand[t]
            ended = (n * ends_per).sum(-1)
            for limit, moved in zip(params.capacity, sent, strict=True):
                more, fewer = chain.moved(limit.state, limit.overflow)
                started, ended = started + moved * more, ended + moved * fewer
            carers[:, t + 1], carers_identified[:, t] = chain.step(carers[:, t], started, ended)
            supported = carers[:, t, :, SUPPORTED] + carers[:, t + 1, :, SUPPORTED]
            carer_cost[:, t] = 0.5 * supported.sum(-1) * carer_weekly * uplift[t]
        n = people[:, t + 1]
    requests = np.broadcast_to(inflow[:, None, :], (runs, months, cohorts)).copy()
    requests *= demand[None]
    return MonthlyResults(
        people, admissions, discharges, requests, short_term_exits, cost, over_capacity,
        carers, carers_identified, carer_cost,
    )  # fmt: skip


def _turn_away(limit, nxt: np.ndarray, admitted: np.ndarray, over: np.ndarray) -> np.ndarray:
    """Where a state is over its places at the end of the month, send the same share of
    every cohort's admissions this month to the overflow state instead (in place). People
    already there stay: a full service stops taking people, it does not discharge them.
    Returns the people sent, (R, C)."""
    s, o = limit.state, limit.overflow
    excess = np.maximum(nxt[..., s].sum(axis=-1) - limit.places, 0.0)  # (R,)
    coming = admitted[..., s].sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(coming > 0, np.minimum(excess / coming, 1.0), 0.0)[:, None]
    sent = admitted[..., s] * share
    admitted[..., s] -= sent
    admitted[..., o] += sent
    nxt[..., s] -= sent
    nxt[..., o] += sent
    over[..., s] += sent
    return sent


class YearlyResults(_Results):
    """Results by year (12-month blocks from the start; a last part-year is kept).

    people            (R, Y, C, S) at the end of each year
    carers            (R, Y, C, K) at the end of each year
    admissions, discharges, short_term_exits, over_capacity (R, Y, C, S); requests and
    carers_identified (R, Y, C); cost (R, Y, S); carer_cost (R, Y)
    """


def to_yearly(monthly: MonthlyResults) -> YearlyResults:
    """Sum flows and cost over each year; take people at the end of each year."""
    starts = np.arange(0, monthly.months, 12)
    ends = np.minimum(starts + 12, monthly.months)

    def total(a):
        return np.add.reduceat(a, starts, axis=1)

    return YearlyResults(
        people=monthly.people[:, ends],
        admissions=total(monthly.admissions),
        discharges=total(monthly.discharges),
        requests=total(monthly.requests),
        short_term_exits=total(monthly.short_term_exits),
        cost=total(monthly.cost),
        over_capacity=total(monthly.over_capacity),
        carers=monthly.carers[:, ends],
        carers_identified=total(monthly.carers_identified),
        carer_cost=total(monthly.carer_cost),
    )


def concat_yearly(parts: list[YearlyResults]) -> YearlyResults:
    """Join yearly results of consecutive batches of runs along the run axis."""
    fields = YearlyResults.__dataclass_fields__
    return YearlyResults(**{k: np.concatenate([getattr(p, k) for p in parts]) for k in fields})


@dataclass(frozen=True, eq=False)
class RunSummary:
    """What callers of a Monte Carlo keep, small enough to send from a Dask worker: the
    cohorts summed, plus per-run measures computed from the full yearly results.

    people    (R, Y, S) at the end of each year, summed over cohorts
    cost      (R, Y, S) £ by state (already summed over cohorts in the model)
    carer_cost (R, Y)
    measures  code -> (label, unit, values (R, Y)), from the caller's reducer (the report's
              ``measures``); the engine only carries and joins them.

    Every figure is computed run by run, so a summary of a chunk of runs is exactly the
    matching rows of the summary of all runs: joining chunks changes no number.
    """

    people: np.ndarray
    cost: np.ndarray
    carer_cost: np.ndarray
    measures: dict[str, tuple[str, str, np.ndarray]]

    @classmethod
    def of(cls, yearly: YearlyResults, measures: dict | None = None) -> RunSummary:
        return cls(yearly.people.sum(axis=2), yearly.cost, yearly.carer_cost, measures or {})

    @property
    def total_cost(self) -> np.ndarray:
        """(R, Y) £, as ``YearlyResults.total_cost`` (the same sum, so the same bits)."""
        return self.cost.sum(axis=-1) + self.carer_cost

    @classmethod
    def concat(cls, parts: list[RunSummary]) -> RunSummary:
        """Join summaries of consecutive batches of runs along the run axis."""
        first = parts[0]
        measures = {
            code: (label, unit, np.concatenate([p.measures[code][2] for p in parts]))
            for code, (label, unit, _) in first.measures.items()
        }
        return cls(
            np.concatenate([p.people for p in parts]),
            np.concatenate([p.cost for p in parts]),
            np.concatenate([p.carer_cost for p in parts]),
            measures,
        )
