"""The planning engine: a monthly cohort state-transition model of adult social care.

Pure NumPy; imports nothing from Django. Typical use::

    params = demo_params()
    scenario = apply_levers(params, Levers(short_term_offer=0.5))
    yearly = run_monte_carlo(scenario, n_runs=1000, seed=1, months=120)
    bands = percentile_bands(yearly.total_cost)
"""

from .demo import demo_params
from .levers import Levers, apply_levers
from .model import (
    MonthlyResults,
    YearlyResults,
    concat_yearly,
    simulate,
    to_yearly,
)
from .outcomes import (
    Bands,
    care_home_admissions_per_100k,
    percentile_bands,
    short_term_no_ongoing_support_share,
)
from .params import Cohorts, Params, PlanningInputError
from .sampling import draw_run, run_batch, run_expected, run_monte_carlo, run_stream
from .states import STATES

__all__ = [
    "STATES",
    "Bands",
    "Cohorts",
    "Levers",
    "MonthlyResults",
    "Params",
    "PlanningInputError",
    "YearlyResults",
    "apply_levers",
    "care_home_admissions_per_100k",
    "concat_yearly",
    "demo_params",
    "draw_run",
    "percentile_bands",
    "run_batch",
    "run_expected",
    "run_monte_carlo",
    "run_stream",
    "short_term_no_ongoing_support_share",
    "simulate",
    "to_yearly",
]
