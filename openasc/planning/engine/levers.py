"""Scenario levers of the optimised delivery model (domain.md §4), applied to parameters.

Every lever is a share, so 0 (or an empty discharge mix) means "no change" and leaves the
parameters exactly as they were. Flow levers only move probability within a row, so rows
still sum to 1; the one lever that moves people already in a state (learning disability
accommodation) moves them between states of the same cohort, so nobody is lost. The
hospital row is changed only by the discharge mix, so the levers do not count the same
discharges twice. Hours levers scale weekly unit costs; where two act on the same cohort
they multiply ((1 - a) x (1 - b)), so each is a share of what the other leaves. Flow levers
are applied in the order of the fields below; the hours levers change only unit costs, so
their order does not matter.

Levers aimed at a group (older adults, working-age adults with a learning disability) find it
from the cohort levels (``cohort_select``); a non-zero lever whose group the cohorts cannot
show is an error naming the lever.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from . import cohort_select
from .params import Cohorts, Params, PlanningInputError
from .states import (
    CARE_HOME_STATES,
    COMMUNITY_COMMISSIONED,
    COMMUNITY_DIRECT_PAYMENT,
    COMMUNITY_MANAGED_BUDGET,
    COMMUNITY_STATES,
    DECEASED,
    IN_HOSPITAL,
    INFORMATION_AND_ADVICE,
    LONG_TERM_STATES,
    NO_FORMAL_SUPPORT,
    RESIDENTIAL_CARE,
    SHORT_TERM_SUPPORT,
    STATES,
    state_group,
)

FORMAL_SUPPORT = (SHORT_TERM_SUPPORT, *LONG_TERM_STATES)
COMMUNITY_ORIGINS = (NO_FORMAL_SUPPORT, INFORMATION_AND_ADVICE)
#: Rows from which people can start community support (everything but it and death).
NOT_IN_COMMUNITY = tuple(s for s in range(len(STATES)) if s not in (*COMMUNITY_STATES, DECEASED))


@dataclass(frozen=True)
class Levers:
    """Shares in [0, 1]; the defaults change nothing.

    front_door_resolution: share of requests that would have gone into formal support
        (short-term, long-term community, residential, nursing) resolved instead with
        information and advice.
    short_term_offer: share of people who would have started long-term community support
        (from a request, no support, or information and advice) offered short-term support
        first.
    direct_payment_uptake: share of people who would have started council-managed or
        council-commissioned community support (from anywhere) who take a direct payment
        instead (the Care Act's preference for a personal budget held as a direct payment).
    reablement_effectiveness: share of people leaving short-term support into long-term
        support who instead end with no ongoing support.
    care_home_avoidance: share of care-home (residential and nursing) admissions from the
        community and from short-term support supported in long-term community support
        instead. Moves between care homes are not touched.
    discharge_mix: multipliers on hospital discharge destinations by state name, e.g.
        {"residential_care": 0.5, "long_term_community_support": 1.33} (a group name
        multiplies each of its states); the total discharge rate is kept, only the mix
        changes.
    ld_support_hours_reduction: share cut from the weekly cost of long-term community
        support for working-age adults with a learning disability (fewer formal support
        hours through strengths-based practice and community links; domain: 8%).
    ld_residential_moves: share of working-age adults with a learning disability in
        residential care who move to supported living or Shared Lives (long-term community
        support), and the same share of their new admissions to residential care from the
        community, short-term or long-term community support (domain: up to 43%). Existing
        residents move once, at the start (a change to ``initial``), not month by month: a
        monthly rate would in time move everyone, not a share. So the scenario starts as if
        the moves were done; read later years for the settled position.
    trusted_provider_hours_reduction: share cut from the weekly cost of home care for
        adults aged 65 or over (providers trusted to adjust packages; domain: 5%).
    community_replacement_hours_reduction: share cut from the weekly cost of home care for
        all adults (community support replacing small packages; domain: 4-6%, average 4.7%).

    The three hours levers act on long-term community support however it is held; the two
    home-care ones only on home care where the cohorts say which that is
    (``cohort_select.home_care``). Levers that send people into community support instead
    of somewhere else share them out as that row already shares its community support
    between the delivery mechanisms (``_move_to_community``).
    """

    front_door_resolution: float = 0.0
    short_term_offer: float = 0.0
    direct_payment_uptake: float = 0.0
    reablement_effectiveness: float = 0.0
    care_home_avoidance: float = 0.0
    discharge_mix: Mapping[str, float] = field(default_factory=dict)
    ld_support_hours_reduction: float = 0.0
    ld_residential_moves: float = 0.0
    trusted_provider_hours_reduction: float = 0.0
    community_replacement_hours_reduction: float = 0.0

    def __post_init__(self):
        for f in dataclasses.fields(self):
            if f.name == "discharge_mix":
                continue
            value = getattr(self, f.name)
            if not (np.isfinite(value) and 0.0 <= value <= 1.0):
                raise PlanningInputError(f"levers.{f.name}", f"{value!r} is not a share in [0, 1]")
        for name, m in self.discharge_mix.items():
            key = f"levers.discharge_mix.{name}"
            try:
                dest = state_group(name)
            except KeyError:
                raise PlanningInputError(key, f"unknown state; expected one of {STATES}") from None
            if {IN_HOSPITAL, DECEASED} & set(dest):
                raise PlanningInputError(key, "not a discharge destination")
            if not (np.isfinite(m) and m >= 0):
                raise PlanningInputError(key, f"{m!r} is not a multiplier >= 0")


def _move(p: np.ndarray, origins, source: int, target: int, share: float) -> None:
    """In rows ``origins`` of p (..., S), move ``share`` of the mass at ``source`` to
    ``target``, in place."""
    moved = p[..., origins, source] * share
    p[..., origins, source] -= moved
    p[..., origins, target] += moved


def _move_to_community(p: np.ndarray, origins, source: int, share: float) -> None:
    """Like ``_move`` into community support, shared between the delivery mechanisms as
    each row already shares its community support (all commissioned where it has none)."""
    community = list(COMMUNITY_STATES)
    rows = p[..., origins, :]  # a copy (list index)
    now = rows[..., community]
    total = now.sum(axis=-1, keepdims=True)
    fallback = np.eye(len(STATES))[COMMUNITY_COMMISSIONED, community]
    with np.errstate(divide="ignore", invalid="ignore"):
        mix = np.where(total > 0, now / total, fallback)
    moved = rows[..., source] * share
    rows[..., source] -= moved
    rows[..., community] += moved[..., None] * mix
    p[..., origins, :] = rows


def _older_home_care(cohorts: Cohorts, who: str) -> np.ndarray:
    return cohort_select.older_adults(cohorts, who) & cohort_select.home_care(cohorts)


def _all_home_care(cohorts: Cohorts, who: str) -> np.ndarray:
    return cohort_select.home_care(cohorts)


#: The levers aimed at a group of cohorts, and how to find it.
TARGETED = {
    "ld_support_hours_reduction": cohort_select.working_age_learning_disability,
    "ld_residential_moves": cohort_select.working_age_learning_disability,
    "trusted_provider_hours_reduction": _older_home_care,
    "community_replacement_hours_reduction": _all_home_care,
}


def lever_targets(levers: Levers, cohorts: Cohorts) -> dict[str, np.ndarray]:
    """For each non-zero targeted lever, the cohorts it acts on (boolean mask (C,)).

    PlanningInputError naming ``levers.<field>`` if the cohorts cannot show its group."""
    return {
        name: pick(cohorts, f"levers.{name}")
        for name, pick in TARGETED.items()
        if getattr(levers, name)
    }


def lever_applies(name: str, cohorts: Cohorts) -> bool:
    """Whether share lever ``name`` can act on these cohorts: an untargeted lever always can,
    a targeted one only if the cohorts show its group (so a sensitivity chart can leave out
    the learning disability levers for a council calibrated by age band and sex only)."""
    if name not in TARGETED:
        return True
    try:
        TARGETED[name](cohorts, f"levers.{name}")
    except PlanningInputError:
        return False
    return True


def apply_levers(params: Params, levers: Levers) -> Params:
    """New parameters with the levers applied (``params`` is not changed)."""
    targets = lever_targets(levers, params.cohorts)  # fail before doing anything
    entry = params.entry_mix.copy()[:, None, :]  # as a one-row "transition" per cohort
    p = params.transitions.copy()
    initial = params.initial.copy()
    cost = params.unit_cost.copy()
    if levers.front_door_resolution:
        for s in FORMAL_SUPPORT:
            _move(entry, [0], s, INFORMATION_AND_ADVICE, levers.front_door_resolution)
    if levers.short_term_offer:
        share = levers.short_term_offer
        for s in COMMUNITY_STATES:
            _move(entry, [0], s, SHORT_TERM_SUPPORT, share)
            _move(p, list(COMMUNITY_ORIGINS), s, SHORT_TERM_SUPPORT, share)
    if levers.direct_payment_uptake:
        share = levers.direct_payment_uptake
        for s in (COMMUNITY_MANAGED_BUDGET, COMMUNITY_COMMISSIONED):
            _move(entry, [0], s, COMMUNITY_DIRECT_PAYMENT, share)
            _move(p, list(NOT_IN_COMMUNITY), s, COMMUNITY_DIRECT_PAYMENT, share)
    if levers.reablement_effectiveness:
        for s in LONG_TERM_STATES:
            _move(p, [SHORT_TERM_SUPPORT], s, NO_FORMAL_SUPPORT, levers.reablement_effectiveness)
    if levers.care_home_avoidance:
        origins = [*COMMUNITY_ORIGINS, SHORT_TERM_SUPPORT, *COMMUNITY_STATES]
        for s in CARE_HOME_STATES:
            _move_to_community(entry, [0], s, levers.care_home_avoidance)
            _move_to_community(p, origins, s, levers.care_home_avoidance)
    if levers.discharge_mix:
        _reweight_discharges(p, levers.discharge_mix)
    for name in (
        "ld_support_hours_reduction",
        "trusted_provider_hours_reduction",
        "community_replacement_hours_reduction",
    ):
        if name in targets:
            cost[np.ix_(targets[name], COMMUNITY_STATES)] *= 1.0 - getattr(levers, name)
    if "ld_residential_moves" in targets:
        ld, share = targets["ld_residential_moves"], levers.ld_residential_moves
        # Same origins as care-home avoidance: hospital discharges are the discharge mix's.
        origins = [*COMMUNITY_ORIGINS, SHORT_TERM_SUPPORT, *COMMUNITY_STATES]
        occupancy = initial[:, None, :]  # a view: one "row" per cohort
        for arr, rows in ((entry, [0]), (p, origins), (occupancy, [0])):
            part = arr[ld]  # a copy (boolean index): move within it, then put it back
            _move_to_community(part, rows, RESIDENTIAL_CARE, share)
            arr[ld] = part
    return dataclasses.replace(
        params, entry_mix=entry[:, 0, :], transitions=p, initial=initial, unit_cost=cost
    )


def _reweight_discharges(p: np.ndarray, mix: Mapping[str, float]) -> None:
    row = p[:, IN_HOSPITAL, :]  # a view: (C, S)
    dest = [s for s in range(len(STATES)) if s not in (IN_HOSPITAL, DECEASED)]
    multiplier = np.ones(len(STATES))
    for name, m in mix.items():
        multiplier[list(state_group(name))] = m
    old = row[:, dest]
    new = old * multiplier[dest]
    old_total = old.sum(axis=-1, keepdims=True)
    new_total = new.sum(axis=-1, keepdims=True)
    if ((new_total == 0) & (old_total > 0)).any():
        raise PlanningInputError("levers.discharge_mix", "leaves no discharge destination")
    with np.errstate(divide="ignore", invalid="ignore"):
        row[:, dest] = np.where(new_total > 0, new * (old_total / new_total), old)
