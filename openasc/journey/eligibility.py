"""Recording an assessment's eligibility determination: the practitioner's answers go through
the rules engine (openasc.rules.eligibility), and the answers, the result with its reasons
and the rule version are stored together, so the decision can be explained and re-run."""

from __future__ import annotations

from django.db import transaction

from openasc.access import audit, policy
from openasc.common.errors import ValidationError
from openasc.common.versioning import StaleVersion, save_versioned
from openasc.rules import eligibility as rules

from . import rulebook
from .models import EligibilityDecision, Event

# What a determination sets on the assessment's CLD field "eligible needs identified".
CLD_ANSWER = {rules.ELIGIBLE: "yes", rules.NOT_ELIGIBLE: "no", rules.NOT_YET_DETERMINED: ""}


CARER_ASSESSMENTS = {"carer", "joint_carer"}


def kind_of(assessment: Event) -> str:
    """Carers' assessments (on their own or joint with the person cared for, or any assessment
    of someone recorded as a carer) use regulation 3; every other assessment regulation 2."""
    is_carer = assessment.assessment_type in CARER_ASSESSMENTS or assessment.client_type == "carer"
    return "carer" if is_carer else "adult"


def case_from(kind: str, answers: dict) -> rules.AdultAssessment | rules.CarerAssessment:
    """The rules engine's input from stored answers (JSON: lists, not tuples)."""
    wb = answers.get("wellbeing") or {}
    wellbeing = rules.WellbeingJudgement(
        significant=wb.get("significant"),
        areas=tuple(wb.get("areas") or ()),
        reasons=wb.get("reasons") or "",
    )
    outcomes = {
        code: (value if value in (None, rules.ACHIEVED) else tuple(value))
        for code, value in (answers.get("outcomes") or {}).items()
    }
    if kind == "carer":
        return rules.CarerAssessment(
            outcomes=outcomes,
            providing_necessary_care=answers.get("providing_necessary_care"),
            health_at_risk=answers.get("health_at_risk"),
            wellbeing=wellbeing,
        )
    return rules.AdultAssessment(
        outcomes=outcomes,
        impairment_or_illness=answers.get("impairment_or_illness"),
        wellbeing=wellbeing,
    )


def determine(kind: str, answers: dict, version) -> rules.Eligibility:
    """Run the engine; its input errors become form errors on the answer named."""
    try:
        case = case_from(kind, answers)
        if kind == "carer":
            return rules.carer_eligibility(case, version)
        return rules.adult_eligibility(case, version)
    except rules.AssessmentError as e:
        raise ValidationError({e.field or "__all__": str(e)}) from None


def record_eligibility(
    user, assessment: Event, answers: dict, expected_version: int | None = None
) -> EligibilityDecision:
    """Record (or re-record) the eligibility of an assessment with the rules in force on the
    assessment's start date. A second save must name the version it was editing."""
    policy.check_record(user, assessment.person)
    if assessment.event_type != "assessment":
        raise ValidationError("Eligibility is determined on an assessment")
    kind = kind_of(assessment)
    version = rulebook.in_force("eligibility", assessment.start_date)
    result = determine(kind, answers, version)
    steps = [s.as_dict() for s in result.steps]
    with transaction.atomic():
        snap = rulebook.snapshot(version)
        decision = EligibilityDecision.objects.filter(assessment=assessment).first()
        if decision is None:
            if expected_version is not None:
                raise StaleVersion("eligibility decision")
            decision = EligibilityDecision.objects.create(
                assessment=assessment, kind=kind, answers=answers, status=result.status,
                steps=steps, rules=snap, recorded_by=user,
            )  # fmt: skip
        else:
            if expected_version is None:
                raise StaleVersion("eligibility decision")
            decision.kind, decision.answers, decision.status = kind, answers, result.status
            decision.steps, decision.rules, decision.recorded_by = steps, snap, user
            fields = ["kind", "answers", "status", "steps", "rules", "recorded_by"]
            save_versioned(decision, expected_version, fields)
        Event.objects.filter(pk=assessment.pk).update(
            eligible_needs_identified=CLD_ANSWER[result.status]
        )
        audit.record(user, "eligibility", person=assessment.person, obj=decision,
                     status=result.status, rules=version.id)  # fmt: skip
    return decision


def rerun(decision: EligibilityDecision) -> rules.Eligibility:
    """The same answers through the same rule version the decision used: it must agree."""
    return determine(decision.kind, decision.answers, rulebook.version_of(decision.rules))
