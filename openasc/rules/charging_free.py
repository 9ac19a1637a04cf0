"""Care and support that must be provided free of charge (Charging Regulations reg 3 and 4;
Care Act 2014; Statutory Guidance chapter 8), and the ones that stop being free."""

from __future__ import annotations

from openasc.rules.charging_inputs import (
    ADAPTATION,
    ASSESSMENT,
    CARE,
    CARER_SUPPORT,
    EQUIPMENT,
    REABLEMENT,
    S117,
    Assessment,
)
from openasc.rules.charging_rules import ChargingRules
from openasc.rules.explain import Step, pounds

REGS = "Charging Regulations"


def free_service(a: Assessment, r: ChargingRules) -> tuple[bool, Step | None]:
    """Whether the service is free, and the step that says why (or why it is charged)."""
    service = a.service
    if a.has_cjd:
        return True, Step(
            "Free: care and support for a person with Creutzfeldt-Jakob disease.",
            0,
            f"{REGS} reg 4",
        )
    if service == CARE:
        return False, None
    if service == REABLEMENT:
        week, weeks = (a.on - a.service_started).days // 7 + 1, r.reablement_weeks
        if week <= weeks:
            says = f"Free: intermediate care and reablement, week {week} of the first {weeks}."
            return True, Step(says, 0, f"{REGS} reg 3(2)(b)")
        says = f"Intermediate care and reablement in week {week}, after the first {weeks} free"
        return False, Step(
            f"{says} weeks, is charged for like other care.", None, f"{REGS} reg 3(2)(b)"
        )
    if service == EQUIPMENT:
        return True, Step("Free: community equipment (an aid).", 0, f"{REGS} reg 3(2)(a)")
    if service == ADAPTATION:
        cost, limit = a.item_cost_pence, r.minor_adaptation_limit_pence
        if cost <= limit:
            says = f"Free: a minor adaptation costing {pounds(cost)}, no more than {pounds(limit)}."
            return True, Step(says, 0, f"{REGS} reg 3(2)(a)")
        says = (
            f"An adaptation costing {pounds(cost)}, more than {pounds(limit)}, may be charged for."
        )
        return False, Step(says, None, f"{REGS} reg 3(2)(a)")
    if service == S117:
        return True, Step(
            "Free: after-care under section 117 of the Mental Health Act 1983.",
            0,
            "Mental Health Act 1983 s117; Care Act 2014 s75",
        )
    if service == CARER_SUPPORT:
        cite = "Care Act 2014 s14(1)(b); Statutory Guidance chapter 8"
        if r.carer_support_free:
            return True, Step(
                "Free: the council does not charge carers for their support.", 0, cite
            )
        return False, Step("The council charges carers for support to them.", None, cite)
    if service == ASSESSMENT:
        return True, Step(
            "Free: assessments of needs and financial assessments.",
            0,
            "Care Act 2014 s9, s10 and s17; Statutory Guidance chapter 8",
        )
    return True, Step(
        "Free: information and advice.", 0, "Care Act 2014 s4; Statutory Guidance chapter 8"
    )
