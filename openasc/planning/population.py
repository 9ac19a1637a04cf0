"""Population projections: how many adults each cohort will have, year by year.

The engine needs, for each year of the run, each cohort's adults relative to the first year
(the "demand index"): requests grow with the population. A scenario gives it one of three
ways, under ``population:``

- ``projection: FILE.csv``: a council's own projection (e.g. ONS subnational projections)
  with columns ``year, age_band, adults`` and optionally ``sex``; every year of the run and
  every cohort must be there.
- ``variant: principal | high | low``: built-in growth rates by age band (below).
- ``growth_per_year``: one rate for everyone, or a rate per age band.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from .engine import Cohorts, PlanningInputError
from .engine.cohort_select import age_bounds

# Illustrative yearly growth by broad age, in the shape of England's principal projection
# (older adults growing fastest). An assumption for demos, not a published series: a council
# should give its own projection file.
VARIANTS = {
    "principal": {"under_65": 0.002, "65-74": 0.010, "75-84": 0.025, "85+": 0.030},
    "high": {"under_65": 0.005, "65-74": 0.015, "75-84": 0.030, "85+": 0.035},
    "low": {"under_65": 0.000, "65-74": 0.005, "75-84": 0.020, "85+": 0.025},
}
KEYS = {"projection", "variant", "growth_per_year"}


def _lower_age(band: str) -> int:
    return age_bounds(band)[0]


def _variant_rate(variant: dict, band: str) -> float:
    if band in variant:
        return variant[band]
    low = _lower_age(band)
    if low < 65:
        return variant["under_65"]
    # The nearest older band at or below this one's lower age.
    older = sorted((k for k in variant if k != "under_65"), key=_lower_age)
    return variant[max((k for k in older if _lower_age(k) <= low), key=_lower_age)]


def population_index(section, cohorts: Cohorts, years: int, base_dir: Path | None) -> np.ndarray:
    """(years, C) adults relative to year 0. PlanningInputError names the key at fault."""
    if not isinstance(section, dict) or len(set(section) & KEYS) != 1 or set(section) - KEYS:
        raise PlanningInputError("population", f"give exactly one of {sorted(KEYS)}")
    if "age_band" not in cohorts.dims:
        raise PlanningInputError("population", "the council's cohorts have no age_band")
    bands = cohorts.levels[cohorts.dims.index("age_band")]
    band_of_cohort = np.array(bands)[cohorts.codes("age_band")]
    if "projection" in section:
        path = Path(str(section["projection"]))
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        return _from_file(path, cohorts, years)
    if "variant" in section:
        name = section["variant"]
        if name not in VARIANTS:
            raise PlanningInputError("variant", f"{name!r}; expected one of {sorted(VARIANTS)}")
        rates = {band: _variant_rate(VARIANTS[name], band) for band in bands}
    else:
        growth = section["growth_per_year"]
        if isinstance(growth, dict):
            missing = [b for b in bands if b not in growth]
            if missing:
                raise PlanningInputError("growth_per_year", f"no rate for age band {missing[0]}")
            unknown = set(growth) - set(bands)
            if unknown:
                raise PlanningInputError(f"growth_per_year.{sorted(unknown)[0]}", "unknown band")
            rates = growth
        else:
            rates = dict.fromkeys(bands, growth)
    for band, rate in rates.items():
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not -0.5 < rate < 0.5:
            raise PlanningInputError(f"growth_per_year.{band}", f"{rate!r} is not a yearly rate")
    rate = np.array([rates[b] for b in band_of_cohort], dtype=float)
    return (1.0 + rate[None, :]) ** np.arange(years)[:, None]


def _from_file(path: Path, cohorts: Cohorts, years: int) -> np.ndarray:
    key = f"projection ({path})"
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise PlanningInputError(key, f"cannot read it ({exc.strerror})") from None
    if not rows or not {"year", "age_band", "adults"} <= set(rows[0]):
        raise PlanningInputError(key, "needs columns year, age_band, adults (and optionally sex)")
    by_sex = "sex" in rows[0] and "sex" in cohorts.dims
    adults: dict[tuple, float] = {}
    for line, row in enumerate(rows, start=2):
        try:
            year, count = int(row["year"]), float(row["adults"])
        except (TypeError, ValueError):
            raise PlanningInputError(
                f"{key} line {line}", "year and adults must be numbers"
            ) from None
        if not np.isfinite(count) or count < 0:
            raise PlanningInputError(f"{key} line {line}", "adults must be zero or more")
        cell = (year, row["age_band"].strip(), row["sex"].strip() if by_sex else None)
        adults[cell] = adults.get(cell, 0.0) + count
    first = min(cell[0] for cell in adults)
    labels = [dict(zip(cohorts.dims, label, strict=True)) for label in cohorts.labels]
    index = np.empty((years, cohorts.size))
    for c, label in enumerate(labels):
        sex = label.get("sex") if by_sex else None
        start = adults.get((first, label["age_band"], sex))
        if not start:
            who = f"{label['age_band']} {sex or ''}".strip()
            raise PlanningInputError(key, f"no adults for {who} in {first}")
        for y in range(years):
            value = adults.get((first + y, label["age_band"], sex))
            if value is None:
                raise PlanningInputError(
                    key, f"missing population data for {first + y}, age band {label['age_band']}"
                )
            index[y, c] = value / start
    return index
