"""Plausible parameters for an English council, for demos, tests and the benchmark.

Not calibrated: rough shapes from the national figures in domain.md §4 (about 4% of adults
make a request each year; about 1.9% of adults are in long-term support). Calibration from
the council's own record replaces these.
"""

from __future__ import annotations

import numpy as np

from . import states as st
from .params import Cohorts, Params

AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-84", "85+")
SEXES = ("female", "male")
WORKING_AGE = AGE_BANDS[:5]
OLDER = AGE_BANDS[5:]

# Share of adults in each age band (England-like), and requests per adult per year.
AGE_SHARE = np.array([0.11, 0.17, 0.16, 0.16, 0.15, 0.12, 0.09, 0.04])
REQUEST_RATE = np.array([0.012, 0.012, 0.013, 0.015, 0.02, 0.05, 0.12, 0.30])
# Share of adults in long-term support by age band (about 1.9% overall).
LONG_TERM_RATE = np.array([0.006, 0.006, 0.007, 0.009, 0.012, 0.02, 0.05, 0.16])
# Monthly probability of death outside hospital, rising with age.
MONTHLY_DEATH = np.array([0.0003, 0.0004, 0.0006, 0.001, 0.002, 0.004, 0.009, 0.02])

# £ per week (2019/20-like prices). The hospital figure is an NHS cost: a whole-system view.
WEEKLY_COST = np.array([0.0, 15.0, 350.0, 320.0, 700.0, 900.0, 2000.0, 0.0])

# Where requests go first (rows: no support, advice, short-term, community, residential,
# nursing, hospital, deceased).
ENTRY_MIX = np.array([0.15, 0.55, 0.12, 0.08, 0.007, 0.003, 0.09, 0.0])


def _monthly_moves(death: float, older: bool) -> np.ndarray:
    """Monthly transition matrix for one cohort; the death risk is added to each row's
    base risk and taken from staying put. Working-age adults move into care homes far less
    often (about 14 vs 580 admissions per 100,000 a year nationally)."""
    n, ia, sts, ltc, res, nur, hosp, dead = range(st.N_STATES)
    p = np.zeros((st.N_STATES, st.N_STATES))
    p[n, [ia, sts, ltc, res, nur, hosp]] = [0.002, 0.0005, 0.0005, 0.00005, 0.00003, 0.001]
    p[ia, [n, sts, ltc, hosp]] = [0.85, 0.01, 0.02, 0.005]
    p[sts, [n, ia, ltc, res, nur, hosp]] = [0.33, 0.05, 0.2, 0.02, 0.01, 0.04]
    p[ltc, [n, res, nur, hosp]] = [0.012, 0.002, 0.0015, 0.012]
    p[res, [nur, hosp]] = [0.005, 0.01]
    p[nur, [hosp]] = [0.01]
    p[hosp, [n, sts, ltc, res, nur]] = [0.2, 0.2, 0.15, 0.05, 0.03]
    if not older:
        p[:dead, [res, nur]] *= 0.15
    extra_death = np.array([2, 1, 2, 2, 3, 4, 5, 0]) * death
    p[:, dead] += extra_death
    p[dead, dead] = 1.0
    for s in range(dead):
        p[s, s] = 1.0 - p[s].sum()
    return p


def demo_params(adults: int = 1_200_000, concentration: float | None = 400.0) -> Params:
    """A council of ``adults`` adults in age band x sex cohorts."""
    cohorts = Cohorts.product(age_band=AGE_BANDS, sex=SEXES)
    # Slightly more women at older ages.
    female = np.array([0.49, 0.5, 0.5, 0.5, 0.51, 0.52, 0.55, 0.62])
    population = (adults * AGE_SHARE[:, None] * np.stack([female, 1 - female], axis=1)).ravel()
    band = cohorts.codes("age_band")
    long_term = population * LONG_TERM_RATE[band]
    care_home_share = np.where(band >= 5, 0.35, 0.2)
    initial = np.zeros((cohorts.size, st.N_STATES))
    initial[:, st.NO_FORMAL_SUPPORT] = population * LONG_TERM_RATE[band] * 1.8
    initial[:, st.INFORMATION_AND_ADVICE] = population * REQUEST_RATE[band] / 12 * 0.6
    initial[:, st.SHORT_TERM_SUPPORT] = population * REQUEST_RATE[band] / 12 * 0.2
    initial[:, st.LONG_TERM_COMMUNITY] = long_term * (1 - care_home_share)
    initial[:, st.RESIDENTIAL_CARE] = long_term * care_home_share * 0.65
    initial[:, st.NURSING_CARE] = long_term * care_home_share * 0.35
    initial[:, st.IN_HOSPITAL] = population * REQUEST_RATE[band] / 12 * 0.08
    entry_mix = np.tile(ENTRY_MIX, (cohorts.size, 1))
    working = band < len(WORKING_AGE)
    care_home = list(st.CARE_HOME_STATES)
    entry_mix[np.ix_(working, care_home)] *= 0.15  # see _monthly_moves
    entry_mix[:, st.NO_FORMAL_SUPPORT] = 1 - np.delete(entry_mix, st.NO_FORMAL_SUPPORT, 1).sum(1)
    return Params(
        cohorts=cohorts,
        initial=initial,
        inflow=population * REQUEST_RATE[band] / 12,
        entry_mix=entry_mix,
        transitions=np.stack(
            [_monthly_moves(MONTHLY_DEATH[b], b >= len(WORKING_AGE)) for b in band]
        ),
        unit_cost=WEEKLY_COST,
        annual_uplift=0.03,
        adult_population=population,
        concentration=concentration,
        inflow_cv=0.05,
        notes=("demo parameters, not calibrated",),
    )
