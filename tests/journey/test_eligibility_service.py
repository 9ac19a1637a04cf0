"""Recording eligibility on an assessment: the engine's result is stored with its rule
version, sets the CLD field, re-runs to the same answer and refuses a stale save."""

from datetime import date

import pytest

from openasc.access.models import AuditEntry
from openasc.access.roles import Role
from openasc.common.errors import NotAllowed, StaleVersion, ValidationError
from openasc.journey import eligibility
from openasc.journey import services as journey

pytestmark = pytest.mark.django_db

WELLBEING = {
    "significant": True,
    "areas": ["health", "control"],
    "reasons": "Falls at night and cannot wash without help",
}


def assessment(user, person, kind="long_term_first"):
    return journey.record_event(
        user,
        person,
        "assessment",
        {"start_date": date.today(), "assessment_type": kind, "assessment_method": "face_to_face"},
    )


def adult(unmet: dict, significant=True):
    return {
        "impairment_or_illness": True,
        "outcomes": {"nutrition": "achieved", **unmet},
        "wellbeing": {**WELLBEING, "significant": significant},
    }


def test_two_unmet_outcomes_with_significant_impact_is_eligible(users, person):
    sw = users[Role.SOCIAL_WORKER]
    event = assessment(sw, person)
    decision = eligibility.record_eligibility(
        sw,
        event,
        adult(
            {"personal_hygiene": ["without_assistance"], "toilet_needs": ["pain_distress_anxiety"]}
        ),
    )
    assert decision.status == "eligible" and decision.kind == "adult"
    assert decision.rules_id.startswith("eligibility/")
    assert any("reg 2" in s["cites"] for s in decision.steps)
    event.refresh_from_db()
    assert event.eligible_needs_identified == "yes"
    assert eligibility.rerun(decision).status == "eligible"
    assert AuditEntry.objects.filter(action="eligibility", person_id=person.pk).count() == 1


def test_one_unmet_outcome_is_not_eligible_and_recorded_as_no(users, person):
    sw = users[Role.SOCIAL_WORKER]
    event = assessment(sw, person)
    codes = [
        "personal_hygiene",
        "toilet_needs",
        "clothing",
        "home_safety",
        "habitable_home",
        "relationships",
        "work_education_volunteering",
        "community",
        "caring_for_child",
    ]
    answers = adult(
        {"personal_hygiene": ["without_assistance"], **dict.fromkeys(codes[1:], "achieved")}
    )
    decision = eligibility.record_eligibility(sw, event, answers)
    assert decision.status == "not_eligible"
    event.refresh_from_db()
    assert event.eligible_needs_identified == "no"


def test_a_carers_assessment_uses_regulation_3(users, person):
    sw = users[Role.SOCIAL_WORKER]
    event = assessment(sw, person, kind="carer")
    answers = {
        "providing_necessary_care": True,
        "health_at_risk": True,
        "outcomes": {},
        "wellbeing": WELLBEING,
    }
    decision = eligibility.record_eligibility(sw, event, answers)
    assert decision.kind == "carer"
    assert any("reg 3" in s["cites"] for s in decision.steps)


def test_unable_with_no_ground_names_the_outcome(users, person):
    sw = users[Role.SOCIAL_WORKER]
    with pytest.raises(ValidationError) as e:
        eligibility.record_eligibility(sw, assessment(sw, person), adult({"personal_hygiene": []}))
    assert any("personal_hygiene" in key for key in e.value.message_dict)


def test_a_second_save_must_name_the_version(users, person):
    sw = users[Role.SOCIAL_WORKER]
    event = assessment(sw, person)
    first = eligibility.record_eligibility(sw, event, adult({}, significant=None))
    assert first.status == "not_yet_determined"
    with pytest.raises(StaleVersion):
        eligibility.record_eligibility(sw, event, adult({}))
    second = eligibility.record_eligibility(sw, event, adult({}), expected_version=first.version)
    assert second.version == first.version + 1
    with pytest.raises(StaleVersion):
        eligibility.record_eligibility(sw, event, adult({}), expected_version=first.version)


def test_only_recording_roles_on_an_assessment(users, person):
    sw = users[Role.SOCIAL_WORKER]
    event = assessment(sw, person)
    with pytest.raises(NotAllowed):
        eligibility.record_eligibility(users[Role.ANALYST], event, adult({}))
    request = journey.record_event(
        sw,
        person,
        "request",
        {
            "start_date": date.today(),
            "route_of_access": "community",
            "request_reason": "new_needs",
            "contact_source": "self",
        },
    )
    with pytest.raises(ValidationError):
        eligibility.record_eligibility(sw, request, adult({}))


def test_joint_carer_assessments_and_carers_use_regulation_3(users, person):
    sw = users[Role.SOCIAL_WORKER]
    assert eligibility.kind_of(assessment(sw, person, kind="joint_carer")) == "carer"
    event = assessment(sw, person)
    event.client_type = "carer"
    assert eligibility.kind_of(event) == "carer"
    assert eligibility.kind_of(assessment(sw, person)) == "adult"
