"""Plausible parameters for an English council, for demos, tests and the benchmark.

Not calibrated: rough shapes from the national figures in domain.md §4 (about 4% of adults
make a request each year; about 1.9% of adults are in long-term support). Calibration from
the council's own record replaces these.

Cohorts are age band x sex x primary support reason. The reasons describe people who come
to adult social care: learning disability is a large share of working-age long-term support
(nationally about 104,000 in the community and 27,000 in residential care) and a small share
of older people's; it is a smaller share of requests, because that support lasts for life.
"""

from __future__ import annotations

import numpy as np

from . import states as st
from .delivery import UNDIVIDED, split_by_delivery
from .params import Cohorts, Params

AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-84", "85+")
SEXES = ("female", "male")
# The level names the calibration uses, where it has them ("other": sensory, memory and
# cognition, social support).
SUPPORT_REASONS = ("physical", "learning_disability", "mental_health", "other")
WORKING_AGE = AGE_BANDS[:5]
OLDER = AGE_BANDS[5:]

# Share of adults in each age band (England-like), and requests per adult per year.
AGE_SHARE = np.array([0.11, 0.17, 0.16, 0.16, 0.15, 0.12, 0.09, 0.04])
REQUEST_RATE = np.array([0.012, 0.012, 0.013, 0.015, 0.02, 0.05, 0.12, 0.30])
# Share of adults in long-term support by age band (about 1.9% overall).
LONG_TERM_RATE = np.array([0.006, 0.006, 0.007, 0.009, 0.012, 0.02, 0.05, 0.16])
# Monthly probability of death outside hospital, rising with age.
MONTHLY_DEATH = np.array([0.0003, 0.0004, 0.0006, 0.001, 0.002, 0.004, 0.009, 0.02])

# Shares by primary support reason (order of SUPPORT_REASONS), working age then older:
# of people in long-term support, and of requests (and of the population, so that rates per
# 100,000 by age band are unchanged).
LONG_TERM_SHARE = np.array([[0.30, 0.45, 0.17, 0.08], [0.62, 0.03, 0.05, 0.30]])
REQUEST_SHARE = np.array([[0.50, 0.08, 0.27, 0.15], [0.70, 0.01, 0.04, 0.25]])

# £ per week (2019/20-like prices). The hospital figure is an NHS cost: a whole-system view.
WEEKLY = {
    st.INFORMATION_AND_ADVICE: 15.0, st.SHORT_TERM_SUPPORT: 350.0, UNDIVIDED: 320.0,
    st.RESIDENTIAL_CARE: 700.0, st.NURSING_CARE: 900.0, st.IN_HOSPITAL: 2000.0,
}  # fmt: skip
WEEKLY_COST = np.array([WEEKLY.get(s, 0.0) for s in range(st.N_STATES)])
# Long-term community support by reason (supported living makes learning disability dearest).
COMMUNITY_COST = np.array([320.0, 600.0, 250.0, 300.0])
# Working-age care-home placements cost more than older people's; learning disability most.
WORKING_AGE_RESIDENTIAL = np.array([1100.0, 1500.0, 1000.0, 1100.0])
WORKING_AGE_NURSING = 1100.0

# Where requests go first: no support, advice, short-term, community (undivided), residential,
# nursing, hospital.
ENTRY = {
    st.NO_FORMAL_SUPPORT: 0.15, st.INFORMATION_AND_ADVICE: 0.55, st.SHORT_TERM_SUPPORT: 0.12,
    UNDIVIDED: 0.08, st.RESIDENTIAL_CARE: 0.007, st.NURSING_CARE: 0.003, st.IN_HOSPITAL: 0.09,
}  # fmt: skip
ENTRY_MIX = np.array([ENTRY.get(s, 0.0) for s in range(st.N_STATES)])
# How community support is held (direct payment, council-managed budget, commissioned), by
# working age and older: England-like, with direct payments commoner below 65.
DELIVERY_MIX = np.array([[0.35, 0.45, 0.20], [0.15, 0.60, 0.25]])


def _monthly_moves(death: float, older: bool, lifelong: bool) -> np.ndarray:
    """Monthly transition matrix for one cohort; the death risk is added to each row's
    base risk and taken from staying put. Working-age adults move into care homes far less
    often (about 14 vs 580 admissions per 100,000 a year nationally). ``lifelong``: support
    for a learning disability rarely ends, so few leave long-term community support."""
    n, ia, sts, res, nur, hosp, dead = (
        st.NO_FORMAL_SUPPORT, st.INFORMATION_AND_ADVICE, st.SHORT_TERM_SUPPORT,
        st.RESIDENTIAL_CARE, st.NURSING_CARE, st.IN_HOSPITAL, st.DECEASED,
    )  # fmt: skip
    ltc = UNDIVIDED  # split by delivery mechanism in demo_params
    p = np.zeros((st.N_STATES, st.N_STATES))
    p[n, [ia, sts, ltc, res, nur, hosp]] = [0.002, 0.0005, 0.0005, 0.00005, 0.00003, 0.001]
    p[ia, [n, sts, ltc, hosp]] = [0.85, 0.01, 0.02, 0.005]
    p[sts, [n, ia, ltc, res, nur, hosp]] = [0.33, 0.05, 0.2, 0.02, 0.01, 0.04]
    p[ltc, [n, res, nur, hosp]] = [0.002 if lifelong else 0.012, 0.002, 0.0015, 0.012]
    p[res, [nur, hosp]] = [0.005, 0.01]
    p[nur, [hosp]] = [0.01]
    p[hosp, [n, sts, ltc, res, nur]] = [0.2, 0.2, 0.15, 0.05, 0.03]
    if not older:
        p[:, [res, nur]] *= 0.15
    risk = {n: 2, ia: 1, sts: 2, ltc: 2, res: 3, nur: 4, hosp: 5}  # x the base death risk
    for s, times in risk.items():
        p[s, dead] += times * death
        p[s, s] = 1.0 - p[s].sum()
    p[dead, dead] = 1.0
    for s in st.COMMUNITY_STATES:
        if s != ltc:
            p[s, s] = 1.0  # rows the split replaces; "stay put" keeps them valid till then
    return p


def demo_params(adults: int = 1_200_000, concentration: float | None = 400.0) -> Params:
    """A council of ``adults`` adults in age band x sex x primary support reason cohorts."""
    cohorts = Cohorts.product(age_band=AGE_BANDS, sex=SEXES, primary_support_reason=SUPPORT_REASONS)
    band = cohorts.codes("age_band")
    reason = cohorts.codes("primary_support_reason")
    older = band >= len(WORKING_AGE)
    # Slightly more women at older ages.
    female = np.array([0.49, 0.5, 0.5, 0.5, 0.51, 0.52, 0.55, 0.62])
    by_sex = np.stack([female, 1 - female], axis=1).ravel()[cohorts.codes("sex") + 2 * band]
    age_sex = adults * AGE_SHARE[band] * by_sex  # adults in each cohort's age band and sex
    request_share = REQUEST_SHARE[older.astype(int), reason]
    long_term_share = LONG_TERM_SHARE[older.astype(int), reason]
    population = age_sex * request_share
    requests = age_sex * REQUEST_RATE[band] / 12 * request_share  # per month
    long_term = age_sex * LONG_TERM_RATE[band] * long_term_share
    ld = reason == SUPPORT_REASONS.index("learning_disability")
    # Adults with a learning disability in care homes are nearly all in residential care.
    care_home_share = np.where(older, 0.35, np.where(ld, 0.22, 0.2))
    residential_part = np.where(ld, 0.95, 0.65)
    initial = np.zeros((cohorts.size, st.N_STATES))
    initial[:, st.NO_FORMAL_SUPPORT] = long_term * 1.8
    initial[:, st.INFORMATION_AND_ADVICE] = requests * 0.6
    initial[:, st.SHORT_TERM_SUPPORT] = requests * 0.2
    initial[:, UNDIVIDED] = long_term * (1 - care_home_share)
    initial[:, st.RESIDENTIAL_CARE] = long_term * care_home_share * residential_part
    initial[:, st.NURSING_CARE] = long_term * care_home_share * (1 - residential_part)
    initial[:, st.IN_HOSPITAL] = requests * 0.08
    entry_mix = np.tile(ENTRY_MIX, (cohorts.size, 1))
    care_home = list(st.CARE_HOME_STATES)
    entry_mix[np.ix_(~older, care_home)] *= 0.15  # see _monthly_moves
    entry_mix[:, st.NO_FORMAL_SUPPORT] = 1 - np.delete(entry_mix, st.NO_FORMAL_SUPPORT, 1).sum(1)
    unit_cost = np.tile(WEEKLY_COST, (cohorts.size, 1))
    unit_cost[:, UNDIVIDED] = COMMUNITY_COST[reason]
    unit_cost[~older, st.RESIDENTIAL_CARE] = WORKING_AGE_RESIDENTIAL[reason[~older]]
    unit_cost[~older, st.NURSING_CARE] = WORKING_AGE_NURSING
    undivided = Params(
        cohorts=cohorts,
        initial=initial,
        inflow=requests,
        entry_mix=entry_mix,
        transitions=np.stack(
            [
                _monthly_moves(MONTHLY_DEATH[b], bool(o), bool(life))
                for b, o, life in zip(band, older, ld, strict=True)
            ]
        ),
        unit_cost=unit_cost,
        annual_uplift=0.03,
        adult_population=population,
        concentration=concentration,
        inflow_cv=0.05,
        notes=("demo parameters, not calibrated",),
    )
    return split_by_delivery(undivided, DELIVERY_MIX[older.astype(int)])
