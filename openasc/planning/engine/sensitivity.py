"""One-at-a-time sensitivity, for a tornado chart: which assumption moves the answer most?

Each ``Factor`` is set to its low and then its high setting with everything else at the
base (base parameters with the base levers applied), and the metric is worked out on the
expected projection (``run_expected``: no sampling, so differences are the factor's alone).
The default metric is the total cost over the horizon, £ (sum of every year's cost).

A factor is named by what it changes:

  levers.<field>               a share lever of ``Levers``, set to the setting (0.3 = 30%)
  inflow                       new requests per month x the setting (1.1 = 10% more demand)
  unit_cost.<state>            that state's weekly unit cost x the setting
  annual_uplift                the yearly price uplift, set to the setting (0.05 = 5% a year)
  transitions.<from>.<to>      the monthly probability of moving from one state to another
                               x the setting; the difference is taken from (or given back
                               to) staying put in <from>, so each row still sums to 1

Parameter factors change the world before the base levers are applied: the plan stays the
same, the assumption differs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .distributed import Progress, run_tasks, using_client
from .levers import Levers, apply_levers, lever_applies
from .model import YearlyResults, to_yearly
from .params import ROW_TOLERANCE, Params, PlanningInputError
from .sampling import run_expected
from .states import (
    COMMUNITY_STATES,
    DECEASED,
    IN_HOSPITAL,
    NURSING_CARE,
    RESIDENTIAL_CARE,
    STATES,
    state_group,
    state_index,
)

Metric = Callable[[YearlyResults], float]


@dataclass(frozen=True)
class Factor:
    """An assumption to vary: ``name`` says what it changes (see the module docstring),
    ``label`` says it for a commissioner, ``low`` and ``high`` are its two settings."""

    name: str
    label: str
    low: float
    high: float


@dataclass(frozen=True)
class TornadoBar:
    """The metric with the factor at its low and high settings, and at the base."""

    name: str
    label: str
    low_value: float
    high_value: float
    base_value: float

    @property
    def swing(self) -> float:
        return abs(self.high_value - self.low_value)


def total_cost(results: YearlyResults) -> float:
    """Total cost over the horizon, £: every year and state, averaged over runs (one run
    in the expected projection)."""
    return float(results.cost.sum(axis=(1, 2)).mean())


def share_levers() -> list[str]:
    """The fields of ``Levers`` that are shares (a float default), whatever fields it has."""
    return [f.name for f in dataclasses.fields(Levers) if isinstance(f.default, float)]


def apply_factor(
    params: Params, levers: Levers, factor: Factor, setting: float
) -> tuple[Params, Levers]:
    """The parameters and levers with ``factor`` at ``setting``; PlanningInputError keyed
    ``factors.<name>`` if the factor is unknown or the setting impossible."""
    key = f"factors.{factor.name}"
    kind, _, rest = factor.name.partition(".")
    try:
        if not np.isfinite(setting):
            raise PlanningInputError(key, f"setting {setting!r} is not a finite number")
        if kind == "levers":
            if rest not in share_levers():
                raise PlanningInputError(key, f"no share lever {rest!r}; have {share_levers()}")
            return params, dataclasses.replace(levers, **{rest: setting})
        if kind == "annual_uplift" and not rest:
            return dataclasses.replace(params, annual_uplift=setting), levers
        if setting < 0:
            raise PlanningInputError(key, f"multiplier {setting!r} is negative")
        if kind == "inflow" and not rest:
            return dataclasses.replace(params, inflow=params.inflow * setting), levers
        if kind == "unit_cost" and rest:
            cost = np.array(params.unit_cost)
            cost[:, _states(key, rest)] *= setting
            return dataclasses.replace(params, unit_cost=cost), levers
        if kind == "transitions" and rest.count(".") == 1:
            a, b = (_state(key, s) for s in rest.split("."))
            transitions = _scale_move(key, params, a, b, setting)
            return dataclasses.replace(params, transitions=transitions), levers
    except PlanningInputError as err:
        if err.key.startswith(key):
            raise
        # E.g. a lever outside [0, 1]: say which factor asked for it.
        raise PlanningInputError(key, str(err)) from err
    raise PlanningInputError(
        key,
        "unknown factor; expected levers.<field>, inflow, unit_cost.<state>, annual_uplift "
        "or transitions.<from>.<to>",
    )


def _states(key: str, name: str) -> list[int]:
    """A state or a group of states (``long_term_community_support``) by name."""
    try:
        return list(state_group(name))
    except KeyError:
        raise PlanningInputError(key, f"unknown state {name!r}; expected one of {STATES}") from None


def _state(key: str, name: str) -> int:
    try:
        return state_index(name)
    except KeyError:
        raise PlanningInputError(key, f"unknown state {name!r}; expected one of {STATES}") from None


def _scale_move(key: str, params: Params, a: int, b: int, m: float) -> np.ndarray:
    """Transitions with P[a -> b] x m, balanced by P[a -> a] so rows still sum to 1."""
    if a in (b, DECEASED):
        raise PlanningInputError(key, "not a move between two states (deceased is absorbing)")
    t = np.array(params.transitions)
    old = t[:, a, b]
    stay = t[:, a, a] - old * (m - 1.0)
    short = stay < -ROW_TOLERANCE
    if short.any():
        cohort = params.cohorts.labels[int(np.argmax(short))]
        raise PlanningInputError(
            key,
            f"x{m:g} needs more than the chance of staying in {STATES[a]} "
            f"(cohort {cohort!r}): not possible",
        )
    # Clip only rounding: by the check above both stay within [0, 1] but for ~1e-16.
    t[:, a, b] = np.clip(old * m, 0.0, 1.0)
    t[:, a, a] = np.clip(stay, 0.0, 1.0)
    return t


def evaluate(
    params: Params,
    levers: Levers,
    factor: Factor | None,
    setting: float,
    months: int,
    metric: Metric,
) -> float:
    """The metric with ``factor`` at ``setting`` (``factor`` None: the base); one task."""
    if factor is not None:
        params, levers = apply_factor(params, levers, factor, setting)
    return float(metric(to_yearly(run_expected(apply_levers(params, levers), months))))


def tornado(
    params: Params,
    levers: Levers | None = None,
    factors: Sequence[Factor] | None = None,
    metric: Metric = total_cost,
    months: int = 120,
    scheduler: Any = None,
    progress: Progress | None = None,
    *,
    client: Any = None,
) -> list[TornadoBar]:
    """One bar per factor, the largest swing first (ties keep the order of ``factors``).

    ``factors`` defaults to ``default_factors(params)``. Every factor is checked here before
    any task starts, so a bad name fails fast. The 1 + 2 x factors evaluations are Dask
    tasks (``scheduler`` and ``client`` as for ``distributed.run_monte_carlo_dask``; each
    is small, so "synchronous" suits a few factors); the result does not depend on the
    number of workers.
    """
    levers = levers if levers is not None else Levers()
    factors = list(factors) if factors is not None else default_factors(params)
    jobs: list[tuple] = [(levers, None, 0.0, months, metric)]
    for f in factors:
        for setting in (f.low, f.high):
            apply_factor(params, levers, f, setting)  # fail fast, in this process
            jobs.append((levers, f, setting, months, metric))
    with using_client(client, scheduler) as c:
        values = run_tasks(evaluate, params, jobs, client=c, progress=progress)
    base = values[0]
    bars = [
        TornadoBar(f.name, f.label, values[1 + 2 * i], values[2 + 2 * i], base)
        for i, f in enumerate(factors)
    ]
    return sorted(bars, key=lambda bar: -bar.swing)


#: A sensible high for each known share lever, and words for it; other share levers get
#: 0.2 and their field name.
LEVER_HIGHS = {
    "front_door_resolution": (0.2, "Requests resolved at the front door with advice"),
    "short_term_offer": (0.5, "Short-term support offered before long-term care"),
    "direct_payment_uptake": (0.3, "Direct payments instead of managed or commissioned support"),
    "reablement_effectiveness": (0.3, "Reablement ending with no ongoing support"),
    "care_home_avoidance": (0.2, "Care home admissions supported at home instead"),
    "ld_support_hours_reduction": (0.08, "Learning disability support hours reduced"),
    "ld_residential_moves": (0.43, "Learning disability residents moving to supported living"),
    "trusted_provider_hours_reduction": (0.05, "Older adults' home care hours (trusted providers)"),
    "community_replacement_hours_reduction": (
        0.06,
        "Home care hours replaced by community support",
    ),
}


def default_factors(params: Params) -> list[Factor]:
    """Demand ±10%; each share lever 0 to a sensible high; residential, nursing and
    long-term community unit costs ±10%; uplift 0% to 5% a year; hospital discharges to
    residential care ±25%. Factors that cannot change anything for ``params`` (a unit cost
    or discharge probability that is zero everywhere) are left out."""
    factors = [Factor("inflow", "Demand: new requests ±10%", 0.9, 1.1)]
    for name in share_levers():
        if not lever_applies(name, params.cohorts):
            continue  # e.g. learning disability levers for cohorts without that reason
        high, words = LEVER_HIGHS.get(name, (0.2, name.replace("_", " ").capitalize()))
        factors.append(Factor(f"levers.{name}", f"{words}, 0–{high:.0%}", 0.0, high))
    for name, states, words in (
        (STATES[RESIDENTIAL_CARE], [RESIDENTIAL_CARE], "Residential care"),
        (STATES[NURSING_CARE], [NURSING_CARE], "Nursing care"),
        ("long_term_community_support", list(COMMUNITY_STATES), "Long-term community support"),
    ):
        if params.unit_cost[:, states].any():
            factors.append(Factor(f"unit_cost.{name}", f"{words} weekly cost ±10%", 0.9, 1.1))
    factors.append(Factor("annual_uplift", "Annual price uplift, 0–5% a year", 0.0, 0.05))
    if params.transitions[:, IN_HOSPITAL, RESIDENTIAL_CARE].any():
        factors.append(
            Factor(
                f"transitions.{STATES[IN_HOSPITAL]}.{STATES[RESIDENTIAL_CARE]}",
                "Hospital discharges to residential care ±25%",
                0.75,
                1.25,
            )
        )
    return factors
