"""Financial assessment: what a person pays each week towards their care and support.

Care Act 2014 s14 and s17; the Care and Support (Charging and Assessment of Resources)
Regulations 2014 ("Charging Regulations"); the Care and Support Statutory Guidance, chapter 8
and Annexes B (capital) and C (income). The figures are dated rule data
(data/charging/<date>.yaml) compiled once per version (charging_rules.py).

The order of the decision, each line explained in the result's steps:
1. Is the service free by law (reablement for 6 weeks, community equipment and minor
   adaptations, s117 after-care, carers' support, assessments, advice, CJD)?
2. Light-touch: the person agrees to pay the full cost, or clearly has capital above the
   upper limit (reg 10).
3. Capital (charging_capital.py): above the upper limit the person pays the full cost;
   between the limits it adds tariff income.
4. Income (charging_income.py) less the allowances: the Minimum Income Guarantee,
   disability-related expenditure and housing costs at home (reg 7, Sch 1); the Personal
   Expenses Allowance in a care home (reg 6).
The charge is never negative and never more than the cost of the care.

Public API: assess_charge(assessment, version) -> ChargeResult; compile_rules(version); the
input dataclasses in charging_inputs.py, re-exported here.
"""

from __future__ import annotations

from openasc.rules.charging_capital import Capital, capital_of, tariff_income
from openasc.rules.charging_free import free_service
from openasc.rules.charging_income import income_of
from openasc.rules.charging_inputs import (
    ADAPTATION,
    ADVICE,
    ASSESSMENT,
    CARE,
    CARER_SUPPORT,
    COUPLE,
    EQUIPMENT,
    NON_RESIDENTIAL,
    PERMANENT,
    REABLEMENT,
    RESIDENTIAL,
    S117,
    SINGLE,
    TEMPORARY,
    Assessment,
    CapitalItem,
    ChargingInputError,
    Expense,
    HousingCosts,
    IncomeItem,
    Partner,
)
from openasc.rules.charging_result import (
    ADVICE_STEP,
    DEFERRED_STEP,
    ChargeResult,
    said_assessable,
    said_capital,
    said_light_touch,
    said_low_cost,
    said_self_funder,
)
from openasc.rules.charging_rules import ChargingRules, compile_rules
from openasc.rules.charging_sums import (
    at_home_allowances,
    cap_charge,
    charge_at_home,
    charge_in_care_home,
    couple_jointly,
    maximum_step,
)
from openasc.rules.ruleset import RuleVersion

__all__ = [
    "ADAPTATION",
    "ADVICE",
    "ASSESSMENT",
    "CARE",
    "CARER_SUPPORT",
    "COUPLE",
    "EQUIPMENT",
    "NON_RESIDENTIAL",
    "PERMANENT",
    "REABLEMENT",
    "RESIDENTIAL",
    "S117",
    "SINGLE",
    "TEMPORARY",
    "Assessment",
    "CapitalItem",
    "ChargeResult",
    "ChargingInputError",
    "ChargingRules",
    "Expense",
    "HousingCosts",
    "IncomeItem",
    "Partner",
    "assess_charge",
    "compile_rules",
]


def assess_charge(a: Assessment, version: RuleVersion | ChargingRules) -> ChargeResult:
    """The weekly charge for `a` under a charging rule version (or its compiled rules)."""
    r = compile_rules(version)
    trace: list = []
    free, note = free_service(a, r)
    if free:
        trace.append(note)
        return _result(a, r, 0, trace, free_reason=note.says)
    if note is not None:
        trace.append(note)
    if a.agrees_to_pay_full_cost or a.capital_clearly_above_limit:
        trace.append((said_light_touch, a.agrees_to_pay_full_cost, a.cost_of_care_pence))
        trace.append(ADVICE_STEP)
        return _result(a, r, a.cost_of_care_pence, trace, self_funder=True, light_touch=True)

    in_care_home = a.setting == RESIDENTIAL
    permanent_home = in_care_home and a.stay == PERMANENT
    if permanent_home:
        upper, lower = r.upper_pence, r.lower_pence
    else:
        upper, lower = r.other_upper_pence, r.other_lower_pence
    cap = capital_of(a, a.capital, r, trace)
    capital = cap.total_pence
    deferred = _deferred(cap, upper) if permanent_home else None
    if capital > upper:
        return _self_funder(a, r, capital, upper, deferred, in_care_home, trace)
    tariff = tariff_income(capital, lower, r)
    trace.append((said_capital, capital, lower, upper, tariff))
    couple = a.household == COUPLE
    income, disability_benefit = income_of(a.income, r, in_care_home, couple, trace)
    assessable = income + tariff
    trace.append((said_assessable, assessable))
    mig = pea = None
    joint = False
    if in_care_home:
        pea = r.pea_pence
        charge = charge_in_care_home(a, r, assessable, trace)
    else:
        mig, dre = at_home_allowances(a, r, disability_benefit, trace)
        charge = charge_at_home(a, r, assessable, mig + dre + a.housing.total_pence, trace)
        if couple and r.couples_jointly and a.partner is not None:
            charge, joint = couple_jointly(a, r, charge, assessable, dre, trace)
    cost = a.cost_of_care_pence
    low_cost = r.low_cost_max_pence is not None and cost <= r.low_cost_max_pence
    if low_cost:
        trace.append((said_low_cost, charge, cost))
    if deferred:
        trace.append(DEFERRED_STEP)
    return _result(
        a,
        r,
        charge,
        trace,
        deferred=deferred,
        tariff=tariff,
        assessable=assessable,
        mig=mig,
        pea=pea,
        capital=capital,
        jointly=joint,
        light_touch=low_cost and charge == cost,
    )


def _self_funder(
    a: Assessment,
    r: ChargingRules,
    capital: int,
    upper: int,
    deferred: bool | None,
    in_care_home: bool,
    trace: list,
) -> ChargeResult:
    cost = a.cost_of_care_pence
    trace.append((said_self_funder, capital, upper, cost))
    charge = cap_charge(cost, r, in_care_home)
    if charge != cost:
        trace.append((maximum_step, charge))
    trace.append(ADVICE_STEP)
    if deferred:
        trace.append(DEFERRED_STEP)
    return _result(a, r, charge, trace, self_funder=True, deferred=deferred, capital=capital)


def _deferred(cap: Capital, upper: int) -> bool:
    """Deferred Payment Regulations reg 2: a permanent care home resident whose home is not
    disregarded (the first 12 weeks aside) and whose other capital is within the upper
    limit."""
    if not cap.home_pence or cap.home_kept_for_relative:
        return False
    return cap.total_pence - (cap.home_pence if cap.home_counted else 0) <= upper


def _result(
    a: Assessment,
    r: ChargingRules,
    charge: int,
    trace: list,
    *,
    free_reason: str | None = None,
    self_funder: bool = False,
    deferred: bool | None = None,
    tariff: int = 0,
    assessable: int = 0,
    mig: int | None = None,
    pea: int | None = None,
    capital: int = 0,
    light_touch: bool = False,
    jointly: bool = False,
) -> ChargeResult:
    cost = a.cost_of_care_pence
    return ChargeResult(
        charge,
        cost,
        cost - charge,
        self_funder,
        deferred,
        free_reason,
        tariff,
        assessable,
        mig,
        pea,
        capital,
        light_touch,
        jointly,
        r.version_id,
        tuple(trace),
    )
