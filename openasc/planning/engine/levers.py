"""Scenario levers of the optimised delivery model (domain.md §4), applied to parameters.

Every lever is a share of some flow moved elsewhere, so 0 (or an empty discharge mix)
means "no change" and leaves the parameters exactly as they were. Levers only move
probability within a row, so rows still sum to 1. The hospital row is changed only by the
discharge mix, so the levers do not count the same discharges twice. Applied in the order
of the fields below.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .params import Params, PlanningInputError
from .states import (
    CARE_HOME_STATES,
    DECEASED,
    IN_HOSPITAL,
    INFORMATION_AND_ADVICE,
    LONG_TERM_COMMUNITY,
    LONG_TERM_STATES,
    NO_FORMAL_SUPPORT,
    SHORT_TERM_SUPPORT,
    STATES,
    state_index,
)

FORMAL_SUPPORT = (SHORT_TERM_SUPPORT, *LONG_TERM_STATES)
COMMUNITY_ORIGINS = (NO_FORMAL_SUPPORT, INFORMATION_AND_ADVICE)


@dataclass(frozen=True)
class Levers:
    """Shares in [0, 1]; the defaults change nothing.

    front_door_resolution: share of requests that would have gone into formal support
        (short-term, long-term community, residential, nursing) resolved instead with
        information and advice.
    short_term_offer: share of people who would have started long-term community support
        (from a request, no support, or information and advice) offered short-term support
        first.
    reablement_effectiveness: share of people leaving short-term support into long-term
        support who instead end with no ongoing support.
    care_home_avoidance: share of care-home (residential and nursing) admissions from the
        community and from short-term support supported in long-term community support
        instead. Moves between care homes are not touched.
    discharge_mix: multipliers on hospital discharge destinations by state name, e.g.
        {"residential_care": 0.5, "long_term_community_support": 1.33}; the total discharge
        rate is kept, only the mix changes.
    """

    front_door_resolution: float = 0.0
    short_term_offer: float = 0.0
    reablement_effectiveness: float = 0.0
    care_home_avoidance: float = 0.0
    discharge_mix: Mapping[str, float] = field(default_factory=dict)

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
                dest = state_index(name)
            except KeyError:
                raise PlanningInputError(key, f"unknown state; expected one of {STATES}") from None
            if dest in (IN_HOSPITAL, DECEASED):
                raise PlanningInputError(key, "not a discharge destination")
            if not (np.isfinite(m) and m >= 0):
                raise PlanningInputError(key, f"{m!r} is not a multiplier >= 0")


def _move(p: np.ndarray, origins, source: int, target: int, share: float) -> None:
    """In rows ``origins`` of p (..., S), move ``share`` of the mass at ``source`` to
    ``target``, in place."""
    moved = p[..., origins, source] * share
    p[..., origins, source] -= moved
    p[..., origins, target] += moved


def apply_levers(params: Params, levers: Levers) -> Params:
    """New parameters with the levers applied (``params`` is not changed)."""
    entry = params.entry_mix.copy()[:, None, :]  # as a one-row "transition" per cohort
    p = params.transitions.copy()
    if levers.front_door_resolution:
        for s in FORMAL_SUPPORT:
            _move(entry, [0], s, INFORMATION_AND_ADVICE, levers.front_door_resolution)
    if levers.short_term_offer:
        share = levers.short_term_offer
        _move(entry, [0], LONG_TERM_COMMUNITY, SHORT_TERM_SUPPORT, share)
        _move(p, list(COMMUNITY_ORIGINS), LONG_TERM_COMMUNITY, SHORT_TERM_SUPPORT, share)
    if levers.reablement_effectiveness:
        for s in LONG_TERM_STATES:
            _move(p, [SHORT_TERM_SUPPORT], s, NO_FORMAL_SUPPORT, levers.reablement_effectiveness)
    if levers.care_home_avoidance:
        origins = [*COMMUNITY_ORIGINS, SHORT_TERM_SUPPORT, LONG_TERM_COMMUNITY]
        for s in CARE_HOME_STATES:
            _move(entry, [0], s, LONG_TERM_COMMUNITY, levers.care_home_avoidance)
            _move(p, origins, s, LONG_TERM_COMMUNITY, levers.care_home_avoidance)
    if levers.discharge_mix:
        _reweight_discharges(p, levers.discharge_mix)
    return dataclasses.replace(params, entry_mix=entry[:, 0, :], transitions=p)


def _reweight_discharges(p: np.ndarray, mix: Mapping[str, float]) -> None:
    row = p[:, IN_HOSPITAL, :]  # a view: (C, S)
    dest = [s for s in range(len(STATES)) if s not in (IN_HOSPITAL, DECEASED)]
    multiplier = np.ones(len(STATES))
    for name, m in mix.items():
        multiplier[state_index(name)] = m
    old = row[:, dest]
    new = old * multiplier[dest]
    old_total = old.sum(axis=-1, keepdims=True)
    new_total = new.sum(axis=-1, keepdims=True)
    if ((new_total == 0) & (old_total > 0)).any():
        raise PlanningInputError("levers.discharge_mix", "leaves no discharge destination")
    with np.errstate(divide="ignore", invalid="ignore"):
        row[:, dest] = np.where(new_total > 0, new * (old_total / new_total), old)
