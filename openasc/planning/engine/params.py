"""The inputs of the cohort model, checked when they are made.

Cohorts (age band x sex, and later primary support reason) are flattened into one axis of
length ``C``; ``Cohorts`` remembers the dimensions so results can be grouped back. Every
array is converted to float64 and made read-only, so a ``Params`` can be shared between runs
and scenarios without anyone changing it underneath them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .states import DECEASED, N_STATES, STATES

if TYPE_CHECKING:
    from .carers import CarerChain

#: Tolerance for "rows sum to 1" and "deceased is absorbing".
ROW_TOLERANCE = 1e-9


class PlanningInputError(ValueError):
    """A planning input is invalid; ``key`` names the parameter (and where in it)."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")
        self.key = key


@dataclass(frozen=True)
class Cohorts:
    """Named cohort dimensions; cohort ``c`` is the c-th combination in row-major order."""

    dims: tuple[str, ...]
    levels: tuple[tuple[str, ...], ...]

    @classmethod
    def product(cls, **dims: list[str] | tuple[str, ...]) -> Cohorts:
        """E.g. ``Cohorts.product(age_band=["18-64", "65+"], sex=["female", "male"])``."""
        return cls(tuple(dims), tuple(tuple(v) for v in dims.values()))

    def __post_init__(self):
        if len(self.dims) != len(self.levels) or not self.dims:
            raise PlanningInputError("cohorts", "need one list of levels per dimension")
        for dim, lv in zip(self.dims, self.levels, strict=True):
            if not lv or len(set(lv)) != len(lv):
                raise PlanningInputError(f"cohorts.{dim}", "levels must be non-empty and unique")

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(lv) for lv in self.levels)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    @property
    def labels(self) -> list[tuple[str, ...]]:
        return list(itertools.product(*self.levels))

    def codes(self, dim: str) -> np.ndarray:
        """For each cohort, the index of its level in dimension ``dim`` (shape (C,))."""
        if dim not in self.dims:
            raise PlanningInputError("cohorts", f"no dimension {dim!r}")
        axis = self.dims.index(dim)
        return np.indices(self.shape)[axis].reshape(-1)


def _array(key: str, value, shape: tuple[int, ...]) -> np.ndarray:
    try:
        arr = np.array(value, dtype=float)  # a copy, so the caller's array stays theirs
    except (TypeError, ValueError):
        raise PlanningInputError(key, f"expected numbers in shape {shape}") from None
    if arr.shape != shape:
        raise PlanningInputError(key, f"expected shape {shape}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise PlanningInputError(key, "contains a value that is not a finite number")
    arr.flags.writeable = False
    return arr


def _where(arr_mask: np.ndarray, cohorts: Cohorts) -> str:
    """'[cohort, state...]' of the first True entry, for error messages."""
    idx = tuple(int(i) for i in np.argwhere(arr_mask)[0])
    return "[" + ", ".join([repr(cohorts.labels[idx[0]])] + [str(i) for i in idx[1:]]) + "]"


def check_probabilities(key: str, arr: np.ndarray, cohorts: Cohorts) -> None:
    """Entries in [0, 1] and the last axis summing to 1."""
    bad = (arr < 0) | (arr > 1)
    if bad.any():
        raise PlanningInputError(key + _where(bad, cohorts), "probability outside [0, 1]")
    off = np.abs(arr.sum(axis=-1) - 1.0) > ROW_TOLERANCE
    if off.any():
        raise PlanningInputError(key + _where(off, cohorts), "row does not sum to 1")


@dataclass(frozen=True)
class Capacity:
    """At most ``places`` people in ``state`` at once (all cohorts together); people who
    would have been admitted beyond that go to ``overflow`` instead (e.g. reablement full,
    so home care)."""

    state: int
    places: float
    overflow: int

    def __post_init__(self):
        key = f"capacity.{STATES[self.state]}"
        if not (np.isfinite(self.places) and self.places >= 0):
            raise PlanningInputError(key, f"{self.places!r} is not a number of places >= 0")
        if self.overflow == self.state or self.overflow == DECEASED:
            raise PlanningInputError(key + ".overflow", "must be another state, not deceased")


@dataclass(frozen=True, eq=False)  # arrays: compare fields with numpy, not ==
class Params:
    """Everything one run of the model needs.

    Shapes (C cohorts, S states):
      initial         (C, S)    people in each state at the start
      inflow          (C,)      new requests per month
      entry_mix       (C, S)    where requests go in their first month (rows sum to 1)
      transitions     (C, S, S) monthly probability of moving from row state to column state
      unit_cost       (C, S)    £ per person per week in each state ((S,) is broadcast)
      annual_uplift   float     unit costs rise by this share each year (0.03 = 3%)
      adult_population (C,)     all adults in the area, for rates per 100,000 (optional)
      concentration   float     Dirichlet concentration for transition uncertainty; None = none
      inflow_cv       float     coefficient of variation of the demand multiplier per run
      demand_index    (Y, C)    population projection: year y's adults relative to year 0,
                                which scales that year's inflow (None = no change)
      capacity        tuple of Capacity limits, applied in order each month
    carers          the unpaid carers' chain (``carers.CarerChain``), or None
    """

    cohorts: Cohorts
    initial: np.ndarray
    inflow: np.ndarray
    entry_mix: np.ndarray
    transitions: np.ndarray
    unit_cost: np.ndarray
    annual_uplift: float = 0.0
    adult_population: np.ndarray | None = None
    concentration: float | None = None
    inflow_cv: float = 0.0
    demand_index: np.ndarray | None = None
    capacity: tuple[Capacity, ...] = ()
    carers: CarerChain | None = None
    notes: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self):
        c, s = self.cohorts.size, N_STATES
        put = object.__setattr__
        put(self, "initial", _array("initial", self.initial, (c, s)))
        put(self, "inflow", _array("inflow", self.inflow, (c,)))
        put(self, "entry_mix", _array("entry_mix", self.entry_mix, (c, s)))
        put(self, "transitions", _array("transitions", self.transitions, (c, s, s)))
        cost = np.asarray(self.unit_cost, dtype=float)
        if cost.shape == (s,):
            cost = np.broadcast_to(cost, (c, s))
        put(self, "unit_cost", _array("unit_cost", cost, (c, s)))
        if self.adult_population is not None:
            put(self, "adult_population", _array("adult_population", self.adult_population, (c,)))
        if self.demand_index is not None:
            index = np.asarray(self.demand_index, dtype=float)
            put(self, "demand_index", _array("population", index, (len(index), c)))
            if len(index) == 0:
                raise PlanningInputError("population", "the projection has no years")
            if (index < 0).any():
                year, cohort = (int(i) for i in np.argwhere(index < 0)[0])
                label = self.cohorts.labels[cohort]
                raise PlanningInputError(f"population[year {year}, {label!r}]", "negative value")
        put(self, "capacity", tuple(self.capacity))
        for key in ("initial", "inflow", "unit_cost", "adult_population"):
            arr = getattr(self, key)
            if arr is not None and (arr < 0).any():
                raise PlanningInputError(key + _where(arr < 0, self.cohorts), "negative value")
        check_probabilities("entry_mix", self.entry_mix, self.cohorts)
        if (self.entry_mix[:, DECEASED] > 0).any():
            raise PlanningInputError("entry_mix", "requests cannot enter the deceased state")
        check_probabilities("transitions", self.transitions, self.cohorts)
        dead_row = self.transitions[:, DECEASED, DECEASED]
        if (np.abs(dead_row - 1.0) > ROW_TOLERANCE).any():
            raise PlanningInputError(
                "transitions", "deceased must be absorbing (P[dead, dead] = 1)"
            )
        if not (np.isfinite(self.annual_uplift) and self.annual_uplift > -1):
            raise PlanningInputError("annual_uplift", "must be a number above -1")
        if self.concentration is not None and not (
            np.isfinite(self.concentration) and self.concentration > 0
        ):
            raise PlanningInputError("concentration", "must be positive (or None)")
        if not (np.isfinite(self.inflow_cv) and self.inflow_cv >= 0):
            raise PlanningInputError("inflow_cv", "must be zero or positive")

    @property
    def n_cohorts(self) -> int:
        return self.cohorts.size

    def demand_by_month(self, months: int) -> np.ndarray:
        """(months, C) multiplier on the inflow in each month, from the projection."""
        year = np.arange(months) // 12
        if self.demand_index is None:
            return np.ones((months, self.n_cohorts))
        if year[-1] >= len(self.demand_index):
            raise PlanningInputError(
                "population",
                f"the projection covers {len(self.demand_index)} years; "
                f"the run needs {year[-1] + 1}",
            )
        return self.demand_index[year]
