"""ASCOF-like proxies and uncertainty bands from yearly results.

These are proxies, not the published measures: the model counts flows between states, not
"new clients" or 91-day follow-ups.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .model import YearlyResults
from .params import Params, PlanningInputError
from .states import CARE_HOME_STATES, DECEASED, INFORMATION_AND_ADVICE, NO_FORMAL_SUPPORT


@dataclass(frozen=True, eq=False)
class Bands:
    """Percentile bands over runs (default 5th, 50th and 95th)."""

    low: np.ndarray
    median: np.ndarray
    high: np.ndarray


def percentile_bands(values: np.ndarray, q: Sequence[float] = (5, 50, 95), axis: int = 0):
    """Low, median and high percentiles of ``values`` over ``axis`` (the run axis)."""
    if len(q) != 3 or not (0 <= q[0] <= q[1] <= q[2] <= 100):
        raise PlanningInputError("q", "need three increasing percentiles in [0, 100]")
    low, median, high = np.percentile(values, q, axis=axis)
    return Bands(low, median, high)


def _groups(params: Params, dim: str, groups: Mapping[str, Sequence[str]] | None):
    codes = params.cohorts.codes(dim)  # checks the dimension exists
    levels = params.cohorts.levels[params.cohorts.dims.index(dim)]
    if groups is None:
        groups = {lv: [lv] for lv in levels}
    masks = []
    for name, members in groups.items():
        unknown = set(members) - set(levels)
        if unknown:
            raise PlanningInputError(f"groups.{name}", f"unknown {dim} {sorted(unknown)}")
        masks.append(np.isin(codes, [levels.index(m) for m in members]))
    return tuple(groups), np.array(masks, dtype=float).T  # (C, G)


def care_home_admissions_per_100k(
    yearly: YearlyResults,
    params: Params,
    dim: str = "age_band",
    groups: Mapping[str, Sequence[str]] | None = None,
) -> tuple[tuple[str, ...], np.ndarray]:
    """2B/2C-style proxy: admissions to residential and nursing care per 100,000 adults.

    Grouped by the levels of ``dim`` (or by ``groups``, e.g. {"18-64": [...], "65+": [...]}).
    Returns (group names, array (R, Y, G)). Moves from residential to nursing care count as
    admissions here; the published measure counts only new placements.
    """
    if params.adult_population is None:
        raise PlanningInputError("adult_population", "needed for rates per 100,000 adults")
    names, member = _groups(params, dim, groups)
    admitted = yearly.admissions[..., list(CARE_HOME_STATES)].sum(axis=-1) @ member
    adults = params.adult_population @ member
    with np.errstate(divide="ignore", invalid="ignore"):
        return names, np.where(adults > 0, admitted / adults * 100_000, np.nan)


def short_term_no_ongoing_support_share(yearly: YearlyResults) -> np.ndarray:
    """2A-style proxy, (R, Y): share of people leaving short-term support (other than by
    death) who went on to no formal support or to information and advice only."""
    exits = yearly.short_term_exits.sum(axis=2)  # over cohorts -> (R, Y, S)
    independent = exits[..., NO_FORMAL_SUPPORT] + exits[..., INFORMATION_AND_ADVICE]
    ended = exits.sum(axis=-1) - exits[..., DECEASED]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(ended > 0, independent / ended, np.nan)
