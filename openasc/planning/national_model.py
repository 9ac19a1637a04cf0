"""England as one planning model, for the national validation (``national.py``).

Built from the published volumes and unit costs of the Newton / CCN report and the stated
assumptions in ``data/national_england.yaml``; stocks and flows become monthly
probabilities (a 72-week average package ends with probability 4.35 / 72 a month) and the
model starts in its steady state, so the baseline costs the same every year. Pure: no Django.

The cohorts are age band x primary support reason x need x community service. Six hold
people; the rest of the product is empty:

  older_moderate   65+ with home-care packages: short-term services, trusted providers and
                   community connection act here
  older_high       65+ whose needs lead to a care home today (from the community or hospital);
                   those diverted get an upper-quartile home-care package
  ld_community     18-64 with a learning disability in the community (supported living etc.)
  ld_residential   18-64 with a learning disability in residential care; those who move get
                   a supported-living package costing a little less
  wa_home_care     other 18-64s with home care or a direct payment
  wa_other         other 18-64s in care homes, supported living and other support

Working-age cohorts are held as they are (no flows): their opportunities act on the people
in support, while the engine's front-door, short-term and care-home levers are not aimed by
age and the report's opportunities for those are for older adults only.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .engine.delivery import UNDIVIDED, split_by_delivery
from .engine.model import WEEKS_PER_MONTH
from .engine.params import Cohorts, Params, PlanningInputError
from .engine.states import (
    CARE_HOME_STATES,
    DECEASED,
    IN_HOSPITAL,
    INFORMATION_AND_ADVICE,
    LONG_TERM_STATES,
    N_STATES,
    NO_FORMAL_SUPPORT,
    NURSING_CARE,
    RESIDENTIAL_CARE,
    SHORT_TERM_SUPPORT,
)

#: Community support, built undivided and split by delivery mechanism last (``_delivery``).
COMMUNITY = UNDIVIDED
COHORTS = Cohorts.product(
    age_band=("18-64", "65+"),
    primary_support_reason=("learning_disability", "other"),
    need=("high", "moderate"),
    community_service=("home_care", "supported_living"),
)
GROUPS = {
    "older_moderate": ("65+", "other", "moderate", "home_care"),
    "older_high": ("65+", "other", "high", "home_care"),
    "ld_community": ("18-64", "learning_disability", "moderate", "supported_living"),
    "ld_residential": ("18-64", "learning_disability", "high", "supported_living"),
    "wa_home_care": ("18-64", "other", "moderate", "home_care"),
    "wa_other": ("18-64", "other", "high", "supported_living"),
}
#: States that cost the council or the NHS; no-support and advice are free and lead nowhere
#: costed in this model, so the steady state is solved over these.
COSTED = (SHORT_TERM_SUPPORT, COMMUNITY, RESIDENTIAL_CARE, NURSING_CARE, IN_HOSPITAL)


def _steady_state(transitions: np.ndarray, arrivals: np.ndarray) -> np.ndarray:
    """People in each costed state when arrivals (per month) balance leavers: n = n P + a.
    States nobody leaves must be ones nobody enters (they stay empty)."""
    k = [s for s in COSTED if transitions[s, s] < 1]
    closed = [s for s in COSTED if s not in k]
    if (arrivals[closed] > 0).any() or transitions[np.ix_(k, closed)].any():
        raise PlanningInputError("inputs", "people enter a state nobody leaves: no steady state")
    n = np.zeros(N_STATES)
    p = transitions[np.ix_(k, k)]
    n[k] = np.linalg.solve((np.eye(len(k)) - p).T, arrivals[k])
    return n


def long_term_during_year(params: Params) -> np.ndarray:
    """(C,) people in long-term support at some time in a year, at the starting occupancy:
    those in it at the start plus those starting it (from a request or another state) in the
    year, as the report counts its 838,530. Moves between long-term states are not new."""
    lt = list(LONG_TERM_STATES)
    other = [s for s in range(N_STATES) if s not in lt]
    n = params.initial
    starts = params.inflow * params.entry_mix[:, lt].sum(axis=1)
    starts = starts + np.einsum("cs,cst->c", n[:, other], params.transitions[:, other][:, :, lt])
    return n[:, lt].sum(axis=1) + 12 * starts


class _England:
    """The arrays of the national ``Params``, filled in group by group."""

    def __init__(self, f: dict):
        self.f = f
        self.c = {name: COHORTS.labels.index(label) for name, label in GROUPS.items()}
        size, s = COHORTS.size, N_STATES
        self.t = np.tile(np.eye(s), (size, 1, 1))  # everyone stays put unless set below
        self.t[:, INFORMATION_AND_ADVICE] = np.eye(s)[NO_FORMAL_SUPPORT]  # advice, then none
        self.entry = np.tile(np.eye(s)[NO_FORMAL_SUPPORT], (size, 1))
        self.inflow = np.zeros(size)
        self.initial = np.zeros((size, s))
        self.cost = np.zeros((size, s))
        self.cost[:, IN_HOSPITAL] = f["hospital_weekly_cost"]
        self.population = np.zeros(size)

    def leave(self, i: int, state: int, rate: float, to: dict[int, float]) -> None:
        """People leave ``state`` at ``rate`` a month, shared out as ``to`` says."""
        self.t[i, state] = 0.0
        self.t[i, state, state] = 1.0 - rate
        for dest, share in to.items():
            self.t[i, state, dest] += rate * share

    def requests(self, i: int, per_month: float, to: dict[int, float]) -> None:
        """Requests per month; ``to`` says how many a month go to each state, and
        information and advice gets the rest."""
        self.inflow[i] = per_month
        self.entry[i] = 0.0
        for state, n in to.items():
            self.entry[i, state] = n / per_month
        self.entry[i, INFORMATION_AND_ADVICE] = 1.0 - self.entry[i].sum()

    def settle(self, i: int) -> None:
        self.initial[i] = _steady_state(self.t[i], self.inflow[i] * self.entry[i])

    def params(self) -> Params:
        return Params(
            cohorts=COHORTS,
            initial=self.initial,
            inflow=self.inflow,
            entry_mix=self.entry,
            transitions=self.t,
            unit_cost=self.cost,
            adult_population=self.population,
            notes=("England 2019/20, national validation (openasc.planning.national)",),
        )


def _older_high(e: _England) -> None:
    """Older adults whose needs lead to a care home: 2 in 3 straight from the community,
    1 in 3 from hospital, where most go to a care home and the rest home with a large
    package. Care-home stays and those packages end (by death) after the same time."""
    f, i = e.f, e.c["older_high"]
    admissions = f["older_care_home_admissions"] / 12
    from_hospital = admissions * f["older_care_home_admissions_from_hospital"]
    to_care_home = f["high_need_hospital_discharges_to_care_home"]
    via_hospital = from_hospital / to_care_home
    direct = admissions - from_hospital
    e.requests(i, direct + via_hospital, {RESIDENTIAL_CARE: direct, IN_HOSPITAL: via_hospital})
    e.leave(i, IN_HOSPITAL, 1.0, {RESIDENTIAL_CARE: to_care_home, COMMUNITY: 1 - to_care_home})
    e.leave(i, RESIDENTIAL_CARE, WEEKS_PER_MONTH / f["care_home_stay_weeks"], {DECEASED: 1.0})
    e.leave(i, COMMUNITY, _package_ends(f), {DECEASED: 1.0})
    # Residential and nursing care are not told apart: the report gives one weekly cost.
    e.cost[i, list(CARE_HOME_STATES)] = f["care_home_weekly_cost"]
    hours = f["upper_quartile_home_care_hours_per_week"]
    e.cost[i, COMMUNITY] = hours * f["home_care_hourly_cost"]
    e.settle(i)


def _older_moderate(e: _England) -> None:
    """Older adults with home care: some have short-term services first, the others start
    long-term support straight from a request; so many that older adults in home care (here
    and in older_high) are the published number."""
    f, i = e.f, e.c["older_moderate"]
    short_term = f["extra_older_short_term"] / f["extra_older_short_term_increase"] / 12
    to_long_term, deaths = f["short_term_to_long_term_today"], f["short_term_deaths"]
    ends = {COMMUNITY: to_long_term, DECEASED: deaths}
    ends[NO_FORMAL_SUPPORT] = 1 - to_long_term - deaths
    e.leave(i, SHORT_TERM_SUPPORT, WEEKS_PER_MONTH / f["short_term_weeks"], ends)
    e.leave(i, COMMUNITY, _package_ends(f), {NO_FORMAL_SUPPORT: 1.0})
    in_home_care = f["older_home_care_people"] - e.initial[e.c["older_high"], COMMUNITY]
    straight_in = in_home_care * _package_ends(f) - short_term * to_long_term
    if straight_in <= 0:
        raise PlanningInputError("inputs.older_home_care_people", "too few for these flows")
    older_requests = f["requests"] * f["older_share_of_requests"] / 12
    e.requests(
        i,
        older_requests - e.inflow[e.c["older_high"]],
        {SHORT_TERM_SUPPORT: short_term, COMMUNITY: straight_in},
    )
    episode = f["reablement_saving_per_person"] / f["reablement_return"]
    e.cost[i, SHORT_TERM_SUPPORT] = episode / f["short_term_weeks"]
    e.cost[i, COMMUNITY] = f["older_home_care_hours_per_week"] * f["home_care_hourly_cost"]
    e.settle(i)
    e.population[i] = f["adults"] * f["older_share_of_adults"]


def _working_age(e: _England) -> None:
    """Working-age adults, held as they are (see the module docstring). Adults with a
    learning disability are the published numbers; other adults are the rest of the 838,530
    people in long-term support during the year."""
    f, c = e.f, e.c
    e.initial[c["ld_community"], COMMUNITY] = f["ld_working_age_in_community"]
    e.cost[c["ld_community"], COMMUNITY] = f["ld_community_weekly_cost"]
    i = c["ld_residential"]
    e.initial[i, RESIDENTIAL_CARE] = f["ld_in_residential_care"]
    e.cost[i, RESIDENTIAL_CARE] = f["ld_residential_weekly_cost"]
    e.cost[i, COMMUNITY] = f["ld_residential_weekly_cost"] - f["ld_move_weekly_saving"]
    rest = f["people_in_long_term_support"] - long_term_during_year(e.params()).sum()
    home_care = f["working_age_other_home_care_share"]
    residential = f["working_age_other_residential_share"]
    i = c["wa_home_care"]
    e.initial[i, COMMUNITY] = rest * home_care
    hours = f["working_age_home_care_hours_per_week"]
    e.cost[i, COMMUNITY] = hours * f["home_care_hourly_cost"]
    working_age_requests = f["requests"] * (1 - f["older_share_of_requests"]) / 12
    e.requests(i, working_age_requests, {})  # advice only: no cost
    e.population[i] = f["adults"] * (1 - f["older_share_of_adults"])
    i = c["wa_other"]
    e.initial[i, RESIDENTIAL_CARE] = rest * residential
    e.initial[i, COMMUNITY] = rest * (1 - home_care - residential)
    e.cost[i, RESIDENTIAL_CARE] = f["working_age_residential_weekly_cost"]
    e.cost[i, COMMUNITY] = f["working_age_other_community_weekly_cost"]


def _package_ends(f: dict) -> float:
    """Monthly chance a long-term package ends: it lasts the published 72 weeks on average."""
    return WEEKS_PER_MONTH / f["long_term_package_weeks"]


def _delivery(params: Params, f: dict) -> Params:
    """Community support shared out by how it is held: the published direct payments, an
    assumed managed share, and commissioned support for the rest (the same everywhere)."""
    direct = f["direct_payment_people"] / params.initial[:, COMMUNITY].sum()
    managed = f["managed_budget_share_of_community"]
    if direct + managed > 1:
        raise PlanningInputError(
            "inputs.managed_budget_share_of_community", "with direct payments, more than all"
        )
    return split_by_delivery(params, [direct, managed, 1 - direct - managed])


def national_params(inputs: Mapping[str, float]) -> Params:
    """England as a ``Params`` in its steady state, from the values of the national file's
    ``inputs`` (see the module docstring)."""
    england = _England(dict(inputs))
    _older_high(england)
    _older_moderate(england)
    _working_age(england)  # last: it counts everyone else in long-term support
    return _delivery(england.params(), england.f)
