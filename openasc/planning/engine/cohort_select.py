"""Which cohorts a lever acts on: older adults, working-age adults with a learning disability,
people whose long-term community support is home care.

Cohorts are found from their level names, so the same lever works on the demo council
(age bands "18-24" ... "85+"), a calibrated council and the national model ("18-64", "65+"):

  age_band                 "65-74", "85+", "65+", "18-64": a band whose lower bound is 65 or
                           more is older adults; one whose upper bound is below 65 is working
                           age. A band across 65 (e.g. "60-69") is neither.
  primary_support_reason   a level named "learning_disability" (any case, spaces or hyphens,
                           e.g. CLD's "Learning Disability Support") is learning disability.
  community_service        optional; if present, only its "home_care" level gets home care (home
                           care and direct payments); without it, all long-term community
                           support is taken to be home care.

Each selector returns a boolean mask over cohorts (shape (C,)). ``who`` is the key to name in
errors (e.g. "levers.trusted_provider_hours_reduction").
"""

from __future__ import annotations

import re

import numpy as np

from .params import Cohorts, PlanningInputError

OLDER_FROM = 65
AGE_BAND = "age_band"
SUPPORT_REASON = "primary_support_reason"
COMMUNITY_SERVICE = "community_service"
_BAND = re.compile(r"^\s*(\d+)\s*(?:(?:-|–|to)\s*(\d+)|\+|\s+and\s+over)\s*$", re.IGNORECASE)


def _levels(cohorts: Cohorts, dim: str, who: str, why: str) -> tuple[str, ...]:
    if dim not in cohorts.dims:
        raise PlanningInputError(
            who, f"needs a cohort dimension {dim!r} ({why}); the cohorts have {cohorts.dims}"
        )
    return cohorts.levels[cohorts.dims.index(dim)]


def age_bounds(band: str) -> tuple[int, int | None]:
    """(lower, upper) years of an age band; upper is None for an open band ("85+")."""
    m = _BAND.match(band)
    if not m:
        raise PlanningInputError(
            f"cohorts.{AGE_BAND}", f"age band {band!r} not understood; expected e.g. '65-74', '85+'"
        )
    return int(m.group(1)), (int(m.group(2)) if m.group(2) else None)


def _band_mask(cohorts: Cohorts, who: str, older: bool) -> np.ndarray:
    bands = _levels(cohorts, AGE_BAND, who, "to find older and working-age adults")
    keep = []
    for band in bands:
        lower, upper = age_bounds(band)
        keep.append(lower >= OLDER_FROM if older else upper is not None and upper < OLDER_FROM)
    return np.array(keep)[cohorts.codes(AGE_BAND)]


def older_adults(cohorts: Cohorts, who: str) -> np.ndarray:
    """Cohorts aged 65 or over; an error naming ``who`` if there are none."""
    mask = _band_mask(cohorts, who, older=True)
    if not mask.any():
        raise PlanningInputError(who, f"no age band of {OLDER_FROM} or over to act on")
    return mask


def _normal(level: str) -> str:
    return re.sub(r"[^a-z]+", "_", level.lower()).strip("_")


def working_age_learning_disability(cohorts: Cohorts, who: str) -> np.ndarray:
    """Cohorts aged under 65 whose primary support reason is learning disability; an error
    naming ``who`` if there are none."""
    reasons = _levels(cohorts, SUPPORT_REASON, who, "to find adults with a learning disability")
    ld = np.array([_normal(r).startswith("learning_disabilit") for r in reasons])
    if not ld.any():
        raise PlanningInputError(
            who, f"no 'learning_disability' level in {SUPPORT_REASON} (levels: {reasons})"
        )
    mask = ld[cohorts.codes(SUPPORT_REASON)] & _band_mask(cohorts, who, older=False)
    if not mask.any():
        raise PlanningInputError(who, "no working-age (under 65) cohort with a learning disability")
    return mask


def home_care(cohorts: Cohorts) -> np.ndarray:
    """Cohorts whose long-term community support is home care (see the module docstring)."""
    if COMMUNITY_SERVICE not in cohorts.dims:
        return np.ones(cohorts.size, dtype=bool)
    levels = cohorts.levels[cohorts.dims.index(COMMUNITY_SERVICE)]
    return np.array([_normal(v) == "home_care" for v in levels])[cohorts.codes(COMMUNITY_SERVICE)]
