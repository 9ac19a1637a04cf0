"""The weekly sum: income less the allowances the law protects, at home (reg 7, Sch 1) or
in a care home (reg 6), within the cost of the care and any council maximum; and the
council's option to assess a couple jointly. Each line of the explanation is a trace entry
(see charging_capital.py)."""

from __future__ import annotations

from openasc.rules.charging_capital import capital_of, tariff_income
from openasc.rules.charging_income import dre_of, income_of, mig_of
from openasc.rules.charging_inputs import COUPLE, TEMPORARY, Assessment
from openasc.rules.charging_rules import ChargingRules
from openasc.rules.explain import Step, pounds

REGS = "Charging Regulations"
_NOTHING = (False, False, False)


def at_home_allowances(
    a: Assessment, r: ChargingRules, disability_benefit: bool, trace: list
) -> tuple[int, int]:
    """Care other than in a care home: the Minimum Income Guarantee (reg 7) and disability-
    related expenditure (Sch 1 para 4); housing costs (Sch 1 para 2) are explained here."""
    mig = mig_of(
        r,
        age=a.age,
        pension_age=_pension_age(a),
        household=a.household,
        children=a.dependent_children,
        premiums=(a.disability_premium, a.enhanced_disability_premium, a.carer_premium),
        trace=trace,
    )
    dre = dre_of(a.dre, r, disability_benefit, trace)
    if a.housing.total_pence:
        trace.append((_said_housing, a.housing.total_pence))
    return mig, dre


def charge_at_home(
    a: Assessment, r: ChargingRules, assessable: int, allowances: int, trace: list
) -> int:
    """Income above the allowances, times the council's percentage, within its maximum."""
    left = max(0, assessable - allowances)
    trace.append((_said_left_at_home, assessable, allowances, left))
    charge = left
    if r.charge_percent != 100:
        charge = left * r.charge_percent // 100
        trace.append((_said_percent, r.charge_percent, charge))
    return _limit(a, r, charge, False, trace)


def charge_in_care_home(a: Assessment, r: ChargingRules, assessable: int, trace: list) -> int:
    """Reg 6: income less the Personal Expenses Allowance (and, on a temporary stay, the
    costs of keeping the home, Sch 1 para 2), never more than the cost."""
    allowances = r.pea_pence
    trace.append((_said_pea, allowances))
    housing = a.housing.total_pence
    if a.stay == TEMPORARY and housing:
        allowances += housing
        trace.append((_said_keeping_home, housing))
    left = max(0, assessable - allowances)
    trace.append((_said_left_in_care_home, assessable, allowances, left))
    return _limit(a, r, left, True, trace)


def _limit(a: Assessment, r: ChargingRules, charge: int, in_care_home: bool, trace: list) -> int:
    cost = a.cost_of_care_pence
    if charge > cost:
        charge = cost
        trace.append((_said_cost_limit, cost))
    capped = cap_charge(charge, r, in_care_home)
    if capped != charge:
        trace.append((maximum_step, capped))
    trace.append((_said_charge, capped, cost))
    return capped


def cap_charge(charge: int, r: ChargingRules, in_care_home: bool) -> int:
    # The council's maximum weekly charge is for care other than in a care home.
    if not in_care_home and r.maximum_charge_pence is not None:
        return min(charge, r.maximum_charge_pence)
    return charge


def _pension_age(a: Assessment) -> bool:
    # Reg 7(4)(b): a couple gets the higher amount when either has pension credit age.
    partner = a.partner
    return a.over_pension_credit_age or (partner is not None and partner.over_pension_credit_age)


def couple_jointly(
    a: Assessment, r: ChargingRules, own: int, assessable: int, own_dre: int, trace: list
) -> tuple[int, bool]:
    """The council's option to assess a couple's joint resources: both are worked out and
    the lower charged, so the option can only help the person (Statutory Guidance Annex C).
    The partner's capital gives tariff income against their own limits; the allowances are
    the couple's MIG with both people's premiums, both people's DRE and housing costs."""
    p = a.partner
    quiet: list = []  # the joint working is summarised in one line
    cap = capital_of(a, p.capital, r, quiet)
    partner_tariff = tariff_income(cap.total_pence, r.other_lower_pence, r)
    partner_income, partner_benefit = income_of(p.income, r, False, True, quiet)
    joint_income = assessable + partner_income + partner_tariff
    mig = mig_of(
        r,
        age=a.age,
        pension_age=_pension_age(a),
        household=COUPLE,
        children=a.dependent_children,
        premiums=(a.disability_premium, a.enhanced_disability_premium, a.carer_premium),
        partner_premiums=(p.disability_premium, p.enhanced_disability_premium, p.carer_premium),
        trace=quiet,
    )
    allowances = (
        mig
        + own_dre
        + dre_of(p.dre, r, partner_benefit, quiet)
        + a.housing.total_pence
        + p.housing.total_pence
    )
    joint = max(0, joint_income - allowances) * r.charge_percent // 100
    joint = cap_charge(min(joint, a.cost_of_care_pence), r, False)
    charge = min(joint, own)
    trace.append((_said_joint, joint_income, allowances, joint, own, charge))
    return charge, joint < own


# --- the words, written when the explanation is read -----------------------------------------


def maximum_step(charge: int) -> Step:
    return Step(
        f"No more than the council's maximum weekly charge, {pounds(charge)}.",
        charge,
        "Statutory Guidance chapter 8",
    )


def _said_housing(housing: int) -> Step:
    return Step(
        f"Housing costs (rent, mortgage, council tax, after benefits): {pounds(housing)}.",
        housing,
        f"{REGS} Sch 1 para 2",
    )


def _said_left_at_home(assessable: int, allowances: int, left: int) -> Step:
    return Step(
        f"Income of {pounds(assessable)} less allowances of {pounds(allowances)} leaves "
        f"{pounds(left)} a week you can afford to pay.",
        left,
        "Care Act 2014 s14(7); Statutory Guidance Annex C",
    )


def _said_percent(percent: int, charge: int) -> Step:
    return Step(
        f"The council asks for {percent}% of that: {pounds(charge)}.",
        charge,
        "Statutory Guidance chapter 8",
    )


def _said_pea(pea: int) -> Step:
    return Step(
        f"Personal Expenses Allowance you keep: {pounds(pea)} a week.", pea, f"{REGS} reg 6"
    )


def _said_keeping_home(housing: int) -> Step:
    return Step(
        f"Costs of keeping your home during a temporary stay: {pounds(housing)}.",
        housing,
        f"{REGS} Sch 1 para 2",
    )


def _said_left_in_care_home(assessable: int, allowances: int, left: int) -> Step:
    return Step(
        f"Income of {pounds(assessable)} less {pounds(allowances)} leaves {pounds(left)} a week.",
        left,
        f"{REGS} reg 6",
    )


def _said_cost_limit(cost: int) -> Step:
    return Step(
        f"No more than the cost of your care, {pounds(cost)} a week.",
        cost,
        "Care Act 2014 s14",
    )


def _said_charge(charge: int, cost: int) -> Step:
    return Step(
        f"Your charge: {pounds(charge)} a week; the council pays the rest, "
        f"{pounds(cost - charge)}.",
        charge,
        "Care Act 2014 s14",
    )


def _said_joint(joint_income: int, allowances: int, joint: int, own: int, charge: int) -> Step:
    return Step(
        f"Assessed together with your partner: joint income {pounds(joint_income)}, joint "
        f"allowances {pounds(allowances)}, giving a charge of {pounds(joint)} against "
        f"{pounds(own)} on your own. You pay the lower: {pounds(charge)} a week.",
        charge,
        "Statutory Guidance Annex C (couples)",
    )
