"""Every write about money: an indicative budget from the resource allocation questionnaire,
the budget agreed in the support plan, and a financial assessment (what the person pays).
Each runs the rules in force on its date and stores the rule version with the result."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from openasc.access import audit, policy
from openasc.access.roles import Role
from openasc.common.errors import NotAllowed, ValidationError
from openasc.common.versioning import save_versioned
from openasc.journey import rulebook
from openasc.rules import charging, ras

from .charge_inputs import assessment_from
from .models import FinancialAssessment, SupportBudget


def can_assess_charge(user) -> bool:
    """Finance officers do financial assessments, and so do the roles that record the
    journey (they often give the first estimate)."""
    return policy.can_record(user) or policy.role(user) == Role.FINANCE


def check_finance(user, person) -> None:
    try:
        policy.check_record(user, person)
    except NotAllowed:
        if not can_assess_charge(user):
            raise
        policy.check_view(user, person)


def budget_from(result, snapshot, **fields) -> SupportBudget:
    """An (unsaved) budget record of a RAS result and the rule version it used."""
    return SupportBudget(indicative_weekly_pence=result.weekly_pence, rules=snapshot,
                         steps=[s.as_dict() for s in result.steps], **fields)  # fmt: skip


def charge_from(result, snapshot, inputs: dict, on: date, **fields) -> FinancialAssessment:
    """An (unsaved) financial assessment record of a charging result and its rule version."""
    return FinancialAssessment(
        assessed_on=on, setting=inputs.get("setting", ""), inputs=inputs,
        cost_of_care_weekly_pence=result.cost_of_care_pence,
        weekly_charge_pence=result.weekly_charge_pence, self_funder=result.self_funder,
        deferred_payment_eligible=result.deferred_payment_eligible,
        steps=[s.as_dict() for s in result.steps], rules=snapshot, **fields,
    )  # fmt: skip


def work_out_budget(answers: dict, carer_support: str, on: date):
    """The indicative budget for these answers (no saving), and the rule version used."""
    version = rulebook.in_force("ras", on)
    try:
        return ras.indicative_budget(answers, version, carer_support or None), version
    except ras.AnswerError as e:
        raise ValidationError({e.domain or "__all__": str(e)}) from None


def record_budget(user, person, answers: dict, carer_support: str = "", *, assessment=None):
    policy.check_record(user, person)
    result, version = work_out_budget(answers, carer_support, timezone.localdate())
    with transaction.atomic():
        budget = budget_from(result, rulebook.snapshot(version), person_id=person.pk,
                             assessment=assessment, answers=answers, recorded_by=user,
                             carer_support=carer_support or "")  # fmt: skip
        budget.save()
        audit.record(user, "create", person=person, obj=budget,
                     weekly_pence=result.weekly_pence, rules=version.id)  # fmt: skip
    return budget


def agree_budget(user, budget: SupportBudget, weekly_pence: int, expected_version: int):
    """The final budget, agreed with the person in their support plan."""
    policy.check_record(user, budget.person)
    if not isinstance(weekly_pence, int) or weekly_pence <= 0:
        raise ValidationError({"agreed_weekly_pence": "Enter the agreed weekly budget in pounds"})
    before = budget.agreed_weekly_pence
    budget.agreed_weekly_pence = weekly_pence
    with transaction.atomic():
        save_versioned(budget, expected_version, ["agreed_weekly_pence"])
        audit.record(user, "update", person=budget.person, obj=budget,
                     changed={"agreed_weekly_pence": [before, weekly_pence]})  # fmt: skip
    return budget


def work_out_charge(person, inputs: dict, on: date):
    """The weekly charge for these inputs (no saving), and the rule version used."""
    version = rulebook.in_force("charging", on)
    try:
        result = charging.assess_charge(assessment_from(person.date_of_birth, inputs, on), version)
    except charging.ChargingInputError as e:
        raise ValidationError({_form_field(e.field): _plain(e)}) from None
    return result, version


def _form_field(field: str) -> str:
    """The input a charging error is about, as the form and the API name it."""
    return "__all__" if field == "age" else field.split("[")[0].split(".")[0]


def _plain(error: charging.ChargingInputError) -> str:
    """The charging rules say "field: what to do"; a person needs only what to do."""
    if error.field == "age":
        return "The person must be 18 or over on the day assessed: check their date of birth"
    problem = str(error).removeprefix(f"{error.field}: ")
    return problem[:1].upper() + problem[1:]


def record_financial_assessment(user, person, inputs: dict, on: date | None = None):
    check_finance(user, person)
    on = on or timezone.localdate()
    result, version = work_out_charge(person, inputs, on)
    with transaction.atomic():
        fa = charge_from(result, rulebook.snapshot(version), inputs, on, person_id=person.pk,
                         recorded_by=user)  # fmt: skip
        fa.save()
        audit.record(user, "create", person=person, obj=fa,
                     weekly_charge_pence=result.weekly_charge_pence, rules=version.id)  # fmt: skip
    return fa
