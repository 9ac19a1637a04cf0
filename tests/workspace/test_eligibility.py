"""The eligibility page on an assessment: asking the regulation 2 or 3 questions, saving the
determination through the rules engine, and showing it on the assessment's page."""

from datetime import date

import pytest

from openasc.access import policy
from openasc.access.roles import Role
from openasc.journey import services as journey
from openasc.journey.eligibility import record_eligibility
from openasc.journey.models import EligibilityDecision
from tests.conftest import make_user

ADULT_OUTCOMES = [
    "nutrition", "personal_hygiene", "toilet_needs", "clothing", "home_safety",
    "habitable_home", "relationships", "work_education_volunteering", "community",
    "caring_for_child",
]  # fmt: skip


def _assessment(user, person, assessment_type="long_term_first"):
    return journey.record_event(user, person, "assessment", {
        "start_date": date.today(), "assessment_type": assessment_type,
        "assessment_method": "face_to_face"})  # fmt: skip


@pytest.fixture
def assessment(users, person):
    return _assessment(users[Role.SOCIAL_WORKER], person)


def _eligible(**changes) -> dict:
    """Unable to achieve nutrition and personal hygiene, with a significant impact."""
    data = {f"outcome_{code}": "achieved" for code in ADULT_OUTCOMES}
    data.update({
        "impairment_or_illness": "yes",
        "outcome_nutrition": "unable", "grounds_nutrition": ["without_assistance"],
        "outcome_personal_hygiene": "unable",
        "grounds_personal_hygiene": ["pain_distress_anxiety", "takes_significantly_longer"],
        "wellbeing_significant": "yes", "wellbeing_areas": ["dignity", "health"],
        "wellbeing_reasons": "Not eating properly and distressed by washing",
    })  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_blank_form_asks_the_adult_questions(sw_client, assessment):
    body = sw_client.get(f"/events/{assessment.pk}/eligibility").content.decode()
    assert "<title>Record eligibility for" in body
    assert "physical or mental impairment or illness" in body
    for code in ADULT_OUTCOMES:
        assert f'name="outcome_{code}"' in body and f'name="grounds_{code}"' in body
    assert "Managing and maintaining nutrition" in body and "Regulation 2(2)(a)" in body
    # Nothing is assumed: every outcome starts as not yet recorded.
    assert body.count('value="not_yet" checked') == len(ADULT_OUTCOMES) + 2
    assert 'name="providing_necessary_care"' not in body
    assert 'name="version" value=""' in body


def test_saving_shows_the_decision_on_the_assessment(sw_client, assessment):
    response = sw_client.post(f"/events/{assessment.pk}/eligibility", _eligible())
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == f"/events/{assessment.pk}"
    decision = EligibilityDecision.objects.get(assessment=assessment)
    assert decision.status == "eligible" and decision.kind == "adult"
    assert decision.answers["outcomes"]["nutrition"] == ["without_assistance"]
    assert decision.answers["outcomes"]["clothing"] == "achieved"
    assert decision.answers["wellbeing"]["areas"] == ["dignity", "health"]
    assessment.refresh_from_db()
    assert assessment.eligible_needs_identified == "yes"

    body = sw_client.get(response["Location"]).content.decode()
    assert "Eligibility recorded: Eligible" in body
    assert '<strong class="govuk-tag govuk-tag--green">Eligible</strong>' in body
    assert "Your needs meet the eligibility criteria." in body
    assert "Eligibility Criteria Regulations 2015, reg 2(1)(a)" in body  # each step's citation
    assert "Change eligibility" in body


def test_partly_recorded_is_not_yet_determined(sw_client, assessment):
    data = {"outcome_nutrition": "unable", "grounds_nutrition": ["without_assistance"]}
    sw_client.post(f"/events/{assessment.pk}/eligibility", data)
    decision = EligibilityDecision.objects.get(assessment=assessment)
    assert decision.status == "not_yet_determined"
    assert decision.answers["impairment_or_illness"] is None
    assert decision.answers["outcomes"]["clothing"] is None
    body = sw_client.get(f"/events/{assessment.pk}").content.decode()
    assert "govuk-tag--grey" in body and "Not yet determined" in body


@pytest.mark.parametrize(
    "changes, link, message",
    [
        ({"grounds_nutrition": None}, "#grounds_nutrition",
         "Select at least one reason they are unable to achieve managing and maintaining"),
        ({"grounds_clothing": ["without_assistance"]}, "#grounds_clothing",
         "Choose “Unable to achieve” for being appropriately clothed"),
        ({"wellbeing_reasons": ""}, "#wellbeing_reasons",
         "Give the reasons for the well-being judgement"),
        ({"wellbeing_areas": None}, "#wellbeing_areas",
         "Select the areas of well-being that are affected"),
        ({"grounds_nutrition": ["teleport"]}, "#grounds_nutrition", "Choose reasons from the list"),
        ({"impairment_or_illness": "maybe"}, "#impairment_or_illness",
         "Choose yes, no or not yet recorded"),
    ],
)  # fmt: skip
def test_invalid_answers_show_the_error_summary(sw_client, assessment, changes, link, message):
    response = sw_client.post(f"/events/{assessment.pk}/eligibility", _eligible(**changes))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Record eligibility" in body
    assert 'class="govuk-error-summary"' in body
    assert f'<a href="{link}">{message}' in body
    assert not EligibilityDecision.objects.exists()


def test_changing_carries_the_version_and_refuses_a_stale_save(sw_client, users, assessment):
    sw_client.post(f"/events/{assessment.pk}/eligibility", _eligible())
    decision = EligibilityDecision.objects.get()
    body = sw_client.get(f"/events/{assessment.pk}/eligibility").content.decode()
    assert "<title>Change eligibility for" in body
    assert f'name="version" value="{decision.version}"' in body
    assert 'value="without_assistance" checked' in body  # the answers are kept

    # Someone else saves in between: the page's version is now stale.
    record_eligibility(
        users[Role.TEAM_MANAGER], assessment, decision.answers, expected_version=decision.version
    )
    stale = _eligible(impairment_or_illness="no", version=str(decision.version))
    body = sw_client.post(f"/events/{assessment.pk}/eligibility", stale).content.decode()
    assert 'class="govuk-error-summary"' in body
    assert "changed by someone else" in body
    decision.refresh_from_db()
    assert decision.version == 2 and decision.answers["impairment_or_illness"] is True

    fresh = _eligible(impairment_or_illness="no", version="2")
    assert sw_client.post(f"/events/{assessment.pk}/eligibility", fresh).status_code == 302
    decision.refresh_from_db()
    assert decision.status == "not_eligible" and decision.version == 3


def test_a_save_racing_the_first_decision_is_refused(sw_client, users, assessment):
    """The page was opened before anyone decided: it has no version, so it must not
    overwrite a decision recorded meanwhile."""
    record_eligibility(users[Role.TEAM_MANAGER], assessment, {"impairment_or_illness": True})
    body = sw_client.post(f"/events/{assessment.pk}/eligibility", _eligible()).content.decode()
    assert "changed by someone else" in body
    assert EligibilityDecision.objects.get().answers == {"impairment_or_illness": True}


def test_carers_assessment_asks_the_carer_questions(sw_client, users, person):
    assessment = _assessment(users[Role.SOCIAL_WORKER], person, "carer")
    body = sw_client.get(f"/events/{assessment.pk}/eligibility").content.decode()
    assert 'name="providing_necessary_care"' in body and 'name="health_at_risk"' in body
    assert 'name="impairment_or_illness"' not in body
    assert body.count('name="outcome_') == 8 * 3  # eight outcomes, three radios each
    assert "Engaging in recreational activities" in body
    data = {
        "providing_necessary_care": "yes", "health_at_risk": "yes",
        "wellbeing_significant": "yes", "wellbeing_areas": ["health"],
        "wellbeing_reasons": "Exhausted by caring every night",
    }  # fmt: skip
    assert sw_client.post(f"/events/{assessment.pk}/eligibility", data).status_code == 302
    decision = EligibilityDecision.objects.get()
    assert decision.kind == "carer" and decision.status == "eligible"
    body = sw_client.get(f"/events/{assessment.pk}").content.decode()
    assert "carers (regulation 3)" in body


def test_only_assessments_have_eligibility(sw_client, users, person):
    request = journey.record_event(users[Role.SOCIAL_WORKER], person, "request", {
        "start_date": date.today(), "route_of_access": "community",
        "request_reason": "new_needs", "contact_source": "self"})  # fmt: skip
    assert sw_client.get(f"/events/{request.pk}/eligibility").status_code == 404
    assert sw_client.post(f"/events/{request.pk}/eligibility", _eligible()).status_code == 404
    assert "eligibility" not in sw_client.get(f"/events/{request.pk}").content.decode().lower()


def test_event_page_links_to_record_eligibility(sw_client, assessment):
    body = sw_client.get(f"/events/{assessment.pk}").content.decode()
    assert "Eligibility has not been recorded for this assessment yet." in body
    assert f'href="/events/{assessment.pk}/eligibility"' in body and "Record eligibility" in body


def test_roles_that_cannot_record_are_refused(
    sign_in, users, teams, person, assessment, other_person
):
    finance = users[Role.FINANCE]
    policy.break_glass(finance, person, "Checking a charging query")
    client = sign_in(finance)
    assert client.get(f"/events/{assessment.pk}/eligibility").status_code == 403
    assert client.post(f"/events/{assessment.pk}/eligibility", _eligible()).status_code == 403
    assert "Record eligibility" not in client.get(f"/events/{assessment.pk}").content.decode()
    assert sign_in(users[Role.ANALYST]).get(
        f"/events/{assessment.pk}/eligibility").status_code == 403  # fmt: skip
    assert not EligibilityDecision.objects.exists()

    # Another team's practitioner must break glass first.
    theirs = _assessment(make_user("south", Role.SOCIAL_WORKER, teams["south"]), other_person)
    response = sign_in(users[Role.SOCIAL_WORKER]).get(f"/events/{theirs.pk}/eligibility")
    assert response["Location"] == f"/people/{other_person.pk}/break-glass"
