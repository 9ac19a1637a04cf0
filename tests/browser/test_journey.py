"""A practitioner's day in the browser: find a person, record a request, move them on to an
assessment and complete it; and the two ways access is refused or granted."""

import re
from datetime import date

from playwright.sync_api import expect

from openasc.access.models import AuditEntry, BreakGlass
from openasc.access.roles import Role
from openasc.journey.models import Event
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, make_user


def _banner(page):
    return page.locator(".govuk-notification-banner--success")


def _timeline_row(page, event_type: str):
    table = page.get_by_role("table", name="Timeline, newest first")
    return table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=event_type, exact=True)
    )


def _fill_date(page, prefix: str, d: date) -> None:
    page.locator(f"#{prefix}-day").fill(str(d.day))
    page.locator(f"#{prefix}-month").fill(str(d.month))
    page.locator(f"#{prefix}-year").fill(str(d.year))


def test_request_to_completed_assessment(page, users, person):
    worker = users[Role.SOCIAL_WORKER]
    today = date.today()

    sign_in(page, "socialworker", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    expect(page.get_by_text("Signed in as")).to_contain_text(worker.display_name)

    # Find the person, misspelling the family name.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Find a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a person")
    page.get_by_label("Name", exact=True).fill("Ada Lovelok")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 person found")).to_be_visible()
    result = page.get_by_role("row", name=re.compile("Ada Lovelock"))
    expect(result).to_contain_text("You have access")
    result.get_by_role("link", name="Ada Lovelock").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Lovelock")
    expect(page.get_by_text("because it is allocated to your team")).to_be_visible()
    expect(page.get_by_text("Nothing recorded yet.")).to_be_visible()

    # Record the request.
    page.get_by_role("button", name="Record a request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a request")
    expect(page.locator("#start_date-day")).to_have_value(str(today.day))
    page.get_by_label("Route of access").select_option(label="Community or other route")
    page.get_by_label("Request reason").select_option(label="New needs")
    page.get_by_label("Contact source").select_option(label="Family member, friend or neighbour")
    page.get_by_label("Notes").fill("Daughter rang: two falls at home this month")
    page.get_by_role("button", name="Record request").click()

    request = Event.objects.get(person=person, event_type="request")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Lovelock")
    expect(_banner(page)).to_contain_text(f"Request {request.reference} recorded")
    row = _timeline_row(page, "Request")
    expect(row).to_contain_text(request.reference)
    expect(row).to_contain_text("Open")

    # Complete it: the outcome opens an assessment.
    row.get_by_role("link", name=f"Change status of {request.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Change the status of {request.reference}"
    )
    page.get_by_role("button", name="Save status").click()  # nothing chosen yet
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the new status")
    page.get_by_label("Completed").check()
    _fill_date(page, "end_date", today)
    page.get_by_label("Outcome").select_option(
        label="Progress to assessment, review or reassessment"
    )
    page.get_by_role("button", name="Save status").click()

    assessment = Event.objects.get(person=person, event_type="assessment")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Lovelock")
    expect(_banner(page)).to_contain_text(
        f"Request {request.reference} is now completed. "
        f"Next step: Assessment {assessment.reference} (open)"
    )
    expect(_timeline_row(page, "Request")).to_contain_text("Completed")
    expect(_timeline_row(page, "Request")).to_contain_text(
        "Progress to assessment, review or reassessment"
    )
    row = _timeline_row(page, "Assessment")
    expect(row).to_contain_text(assessment.reference)
    expect(row).to_contain_text("Open")

    # Open the assessment, fill in its details and complete it.
    row.get_by_role("link", name=assessment.reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Assessment {assessment.reference}")
    expect(page.get_by_text("This follows")).to_contain_text(f"Request {request.reference}")
    page.get_by_role("button", name="Change details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Change assessment {assessment.reference}"
    )
    expect(page.get_by_label("Assessment type")).to_have_value("long_term_first")
    page.get_by_label("Assessment method").select_option(label="Face to face")
    page.get_by_role("group", name="Eligible needs identified").get_by_label("Yes").check()
    page.get_by_role("button", name="Save assessment").click()
    expect(_banner(page)).to_contain_text(f"Assessment {assessment.reference} is saved")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Face to face")

    page.get_by_role("button", name="Change status").click()
    page.get_by_label("Completed").check()
    _fill_date(page, "end_date", today)
    page.get_by_label("Outcome").select_option(label="Progress to support planning or services")
    page.get_by_role("button", name="Save status").click()

    service = Event.objects.get(person=person, event_type="service")
    expect(_banner(page)).to_contain_text(
        f"Assessment {assessment.reference} is now completed. "
        f"Next step: Service {service.reference} (planned)"
    )
    expect(_timeline_row(page, "Assessment")).to_contain_text("Completed")
    expect(_timeline_row(page, "Service")).to_contain_text("Planned")

    # What the database holds.
    request.refresh_from_db()
    assessment.refresh_from_db()
    assert (request.status, request.outcome, request.end_date) == (
        "completed",
        "progress_assessment",
        today,
    )
    assert (request.route_of_access, request.request_reason, request.contact_source) == (
        "community",
        "new_needs",
        "family_friend",
    )
    assert assessment.previous_id == request.pk and assessment.status == "completed"
    assert assessment.outcome == "progress_services"
    assert (assessment.assessment_method, assessment.eligible_needs_identified) == (
        "face_to_face",
        "yes",
    )
    assert service.previous_id == assessment.pk and service.status == "planned"
    assert {e.recorded_by_id for e in (request, assessment, service)} == {worker.pk}

    mine = AuditEntry.objects.filter(user=worker)
    search = mine.get(action="search")
    assert search.detail["query"]["name"] == "Ada Lovelok" and search.detail["results"] == 1
    views = mine.filter(action="view", person_id=person.pk)
    assert views.filter(object_type="person", object_id=str(person.pk)).exists()
    assert views.filter(object_type="event", object_id=str(assessment.pk)).exists()
    assert mine.filter(action="status", object_id=str(request.pk)).exists()


def test_another_team_breaks_glass_to_see_the_person(page, teams, person):
    make_user("southworker", Role.SOCIAL_WORKER, teams["south"])
    sign_in(page, "southworker", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")

    page.goto(f"/people/{person.pk}")
    expect(page).to_have_url(re.compile(rf"/people/{person.pk}/break-glass$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Give a reason to see this record")
    reason = page.get_by_label("Why do you need to see this record?")
    reason.fill("Duty")
    page.get_by_role("button", name="See the record").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Give a reason of at least 10 characters"
    )
    assert not BreakGlass.objects.exists()

    reason.fill("Covering the duty desk: carer phoned about a missed visit")
    page.get_by_role("button", name="See the record").click()
    expect(page).to_have_url(re.compile(rf"/people/{person.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Lovelock")
    expect(page.get_by_role("region", name="Important")).to_contain_text(
        "You are seeing this record by breaking glass"
    )
    grant = BreakGlass.objects.get(person=person)
    assert grant.user.username == "southworker" and grant.reason.startswith("Covering")
    assert AuditEntry.objects.filter(action="break_glass", person_id=person.pk).exists()
    assert AuditEntry.objects.get(action="view", person_id=person.pk).detail["basis"] == (
        "break glass"
    )


def test_analyst_cannot_open_a_person(page, users, person):
    sign_in(page, "analyst", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Welcome"))
    expect(page.get_by_role("link", name="Find a person")).to_have_count(0)

    response = page.goto(f"/people/{person.pk}")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    expect(page.get_by_text("Your role does not give access")).to_be_visible()
    assert not AuditEntry.objects.filter(action="view", person_id=person.pk).exists()


def test_eligibility_budget_and_charge(page, users, person):
    """After an assessment: record eligibility, work out and agree the budget, then work out
    what the person pays, and see it all on their page."""
    from openasc.journey import rulebook
    from openasc.journey import services as journey
    from openasc.journey.models import EligibilityDecision
    from openasc.money.models import FinancialAssessment, SupportBudget

    worker = users[Role.SOCIAL_WORKER]
    assessment = journey.record_event(worker, person, "assessment", {
        "start_date": date.today(), "assessment_type": "long_term_first",
        "assessment_method": "face_to_face"})  # fmt: skip
    sign_in(page, "socialworker", PASSWORD)
    page.goto(f"/events/{assessment.pk}")
    expect(page.get_by_text("Eligibility has not been recorded")).to_be_visible()
    page.get_by_role("button", name="Record eligibility").click()

    def group(name):
        return page.get_by_role("group", name=name, exact=True)

    group(
        "Do their needs arise from, or relate to, a physical or mental impairment or illness?"
    ).get_by_label("Yes").check()
    for outcome in ["Managing and maintaining nutrition", "Maintaining personal hygiene"]:
        group(outcome).get_by_label("Unable to achieve").check()
    page.get_by_role("button", name="Save eligibility").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select at least one reason they are unable to achieve managing and maintaining"
    )
    for outcome in ["managing and maintaining nutrition", "maintaining personal hygiene"]:
        group(f"Why they are unable to achieve it ({outcome})").get_by_label(
            "Unable to achieve it without assistance"
        ).check()
    group(
        "Is there, or is there likely to be, a significant impact on their well-being?"
    ).get_by_label("Yes").check()
    group("Which areas of well-being are affected?").get_by_label(
        "Personal dignity (including treatment of the individual with respect)"
    ).check()
    page.get_by_label("Reasons for the judgement").fill("Not eating; cannot wash without help")
    page.get_by_role("button", name="Save eligibility").click()
    expect(_banner(page)).to_contain_text("Eligibility recorded: Eligible")
    expect(page.get_by_text("Your needs meet the eligibility criteria.")).to_be_visible()
    assert EligibilityDecision.objects.get(assessment=assessment).status == "eligible"

    # The indicative budget, from the person's page.
    page.get_by_role("link", name="Back to Ada Lovelock").click()
    page.get_by_role("link", name="Work out personal budget").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Work out an indicative budget")
    for domain in rulebook.in_force("ras").data["domains"].values():
        group(domain["label"]).get_by_role("radio").first.check()
    group("Personal care").get_by_label("Needs help with all personal care every day").check()
    group("How much does an unpaid carer help?").get_by_label(
        "No unpaid carer is able to help"
    ).check()
    page.get_by_role("button", name="Work out budget").click()
    expect(_banner(page)).to_contain_text("Indicative budget worked out: £102.00 a week")
    page.get_by_label("Agreed weekly budget").fill("120")
    page.get_by_role("button", name="Agree budget").click()
    expect(_banner(page)).to_contain_text("Weekly budget of £120.00 agreed")
    assert SupportBudget.objects.get(person=person).agreed_weekly_pence == 12000

    # What they pay: the cost of care starts as the agreed budget.
    page.get_by_role("link", name="Assess weekly charge").click()
    expect(page.get_by_label("Cost of their care a week")).to_have_value("120.00")
    page.get_by_label("At home or in the community").check()
    page.get_by_label("State Pension").fill("230.00")
    page.get_by_role("button", name="Work out the charge").click()
    fa = FinancialAssessment.objects.get(person=person)
    expect(_banner(page)).to_contain_text("Financial assessment recorded")
    expect(page.get_by_role("table", name="How the charge was worked out")).to_be_visible()
    page.get_by_role("link", name="Back").click()
    card = page.locator(".govuk-summary-card")
    expect(card).to_contain_text("£120.00 a week, agreed")
    expect(card).to_contain_text(f"£{fa.weekly_charge_pence / 100:,.2f} a week")
