"""Income and the allowances set against it: disregards (reg 13 to 15, Schedule 1), the
Minimum Income Guarantee (reg 7), disability-related expenditure (Sch 1 para 4).

Fractions of a penny go the person's way (reg 11): an uplifted allowance rounds up.
Each line of the explanation is a trace entry (render function and figures; see
charging_capital.py).
"""

from __future__ import annotations

from openasc.rules.charging_inputs import COUPLE, ChargingInputError, Expense, IncomeItem
from openasc.rules.charging_rules import ChargingRules, IncomeKind
from openasc.rules.explain import Step, pounds

REGS = "Charging Regulations"
# Disability benefits whose being counted as income calls for a disability-related
# expenditure allowance (Sch 1 para 4; Annex C).
DISABILITY_BENEFITS = frozenset({"attendance_allowance", "dla_care", "pip_daily_living"})
DRE_CITES = f"{REGS} Sch 1 para 4; Statutory Guidance Annex C"
_WHO = (
    ("a single person aged 18 to 24", f"{REGS} reg 7(2)(a)"),
    ("a single person aged 25 or over", f"{REGS} reg 7(2)(b)"),
    ("a single person over pension credit age", f"{REGS} reg 7(2)(c)"),
    ("a lone parent", f"{REGS} reg 7(3)"),
    ("a member of a couple", f"{REGS} reg 7(4)(a)"),
    ("a member of a couple over pension credit age", f"{REGS} reg 7(4)(b)"),
)
LONE_PARENT, COUPLE_18, COUPLE_PENSION_AGE = 3, 4, 5


def income_of(
    items: tuple[IncomeItem, ...], r: ChargingRules, in_care_home: bool, couple: bool, trace: list
) -> tuple[int, bool]:
    """Weekly income that counts, and whether a disability benefit is among it."""
    total, disability_benefit = 0, False
    kinds = r.income_kinds
    for item in items:
        kind = kinds.get(item.kind)
        if kind is None:
            raise ChargingInputError(
                "income.kind",
                f"{item.kind!r} is not a kind of income in the rule data; use one of "
                f"{tuple(kinds)} ('other' for anything else)",
            )
        amount, rule = item.weekly_pence, kind.disregard
        if rule == "none":
            ignored = 0
        elif rule == "all":
            ignored = amount
        elif rule == "fixed":
            ignored = min(amount, kind.disregard_pence)
        elif in_care_home:  # savings_credit: the disregard is for care home residents
            cap = r.savings_credit_couple_pence if couple else r.savings_credit_single_pence
            ignored = min(amount, cap)
        else:
            ignored = 0
        counted = amount - ignored
        if counted and item.kind in DISABILITY_BENEFITS:
            disability_benefit = True
        total += counted
        trace.append((_said_income, kind, amount, ignored))
    return total, disability_benefit


def mig_of(
    r: ChargingRules,
    *,
    age: int,
    pension_age: bool,
    household: str,
    children: int,
    premiums: tuple[bool, bool, bool],
    partner_premiums: tuple[bool, bool, bool] | None = None,
    trace: list,
) -> int:
    """Reg 7: the Minimum Income Guarantee, with the premiums and child amounts that apply,
    and any local uplift. With `partner_premiums` (a couple assessed jointly) it is the
    couple's: the member amount for each of the two, and each one's premiums."""
    if household == COUPLE:
        who = COUPLE_PENSION_AGE if pension_age else COUPLE_18
        base = r.mig_couple_each[who - COUPLE_18]
        dp, edp = r.dp_couple_pence, r.edp_couple_pence
    elif children:
        # A lone parent over pension credit age keeps the higher single pension-age amount.
        who = LONE_PARENT
        base = max(r.mig_lone_parent_pence, r.mig_single[2] if pension_age else 0)
        dp, edp = r.dp_single_pence, r.edp_single_pence
    else:
        who = 2 if pension_age else (0 if age < 25 else 1)
        base = r.mig_single[who]
        dp, edp = r.dp_single_pence, r.edp_single_pence
    members = 1 if partner_premiums is None else 2
    base *= members
    trace.append((_said_mig, who, base, members))
    total = base
    for disability, enhanced, carer in (premiums, partner_premiums or (False, False, False)):
        if disability:
            total += dp
            trace.append((_said_premium, "disability premium", dp))
        if enhanced:
            total += edp
            trace.append((_said_premium, "enhanced disability premium", edp))
        if carer:
            total += r.carer_premium_pence
            trace.append((_said_premium, "carer premium", r.carer_premium_pence))
    if children:
        total += children * r.mig_child_pence
        trace.append((_said_children, r.mig_child_pence, children))
    if r.mig_uplift_percent or r.mig_uplift_pence:
        extra = -(-total * r.mig_uplift_percent // 100) + r.mig_uplift_pence
        total += extra
        trace.append((_said_uplift, extra))
    return total


def dre_of(
    items: tuple[Expense, ...], r: ChargingRules, disability_benefit: bool, trace: list
) -> int:
    """Disability-related expenditure: the items given, or else the council's standard
    allowance for someone whose disability benefits are counted as income."""
    if items:
        total = 0
        for item in items:
            total += item.weekly_pence
            trace.append((_said_dre, item))
        return total
    if disability_benefit and r.standard_dre_pence:
        trace.append((_said_standard_dre, r.standard_dre_pence))
        return r.standard_dre_pence
    return 0


# --- the words, written when the explanation is read -----------------------------------------


def _said_income(kind: IncomeKind, amount: int, ignored: int) -> Step:
    counted = amount - ignored
    if not ignored:
        return Step(f"{kind.says}: {pounds(amount)} a week counted.", counted, kind.cites)
    if not counted:
        return Step(f"{kind.says}: {pounds(amount)} a week disregarded.", 0, kind.cites)
    return Step(
        f"{kind.says}: {pounds(amount)} a week, of which {pounds(ignored)} is disregarded and "
        f"{pounds(counted)} counted.",
        counted,
        kind.cites,
    )


def _said_mig(who: int, base: int, members: int) -> Step:
    text, cites = _WHO[who]
    if members == 2:
        text = f"both members of a couple ({pounds(base // 2)} each)"
    return Step(f"Minimum Income Guarantee for {text}: {pounds(base)}.", base, cites)


def _said_premium(name: str, amount: int) -> Step:
    return Step(f"Plus the {name}: {pounds(amount)}.", amount, f"{REGS} reg 7(5) to (7)")


def _said_children(each: int, children: int) -> Step:
    amount = each * children
    return Step(
        f"Plus {pounds(each)} for each of {children} dependent children: {pounds(amount)}.",
        amount,
        f"{REGS} reg 7(1)(b)",
    )


def _said_uplift(extra: int) -> Step:
    return Step(
        f"Plus the council's own addition to the Minimum Income Guarantee: {pounds(extra)}.",
        extra,
        "Care Act 2014 s14(7); Statutory Guidance Annex C",
    )


def _said_dre(item: Expense) -> Step:
    return Step(
        f"Disability-related expense, {item.what}: {pounds(item.weekly_pence)}.",
        item.weekly_pence,
        DRE_CITES,
    )


def _said_standard_dre(amount: int) -> Step:
    return Step(
        f"The council's standard allowance for disability-related expenditure: "
        f"{pounds(amount)} (ask for an individual assessment if yours costs more).",
        amount,
        DRE_CITES,
    )
