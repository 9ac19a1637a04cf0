"""axe-core finds no WCAG 2.2 A/AA or best-practice violations on any practitioner page, in its
normal state and, where it has a form, with errors showing.

Each case brings the page into one state; the test id names the page and state."""

import json
import re
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

import pyotp
import pytest
from django.test import override_settings
from playwright.sync_api import expect

from openasc.access import policy
from openasc.access.models import Allocation
from openasc.access.roles import Role
from openasc.journey import services as journey
from openasc.journey.eligibility import record_eligibility
from openasc.money import services as money
from openasc.people import services as people
from openasc.planning import services as planning_services
from openasc.planning.models import PlanningRun
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import PASSWORD, make_person, make_user
from tests.returns.performance_world import CODE, metric_registered, query


@dataclass
class Council:
    page: object
    log_in: object
    users: dict
    person: object  # allocated to North, where the practitioners and the manager are
    other: object  # allocated to South
    duplicate: object  # a second North record of the same person
    request: object  # an open request on `person`

    def as_(self, role: Role):
        return self.log_in(self.users[role])


@pytest.fixture
def council(page, log_in, users, person, other_person, teams):
    worker = users[Role.SOCIAL_WORKER]
    duplicate = make_person(given_name="Ada", family_name="Lovelocke", postcode="DS1 4AD")
    Allocation.objects.create(person=duplicate, team=teams["north"], opened_on=date.today())
    request = journey.record_event(
        worker,
        person,
        "request",
        {
            "start_date": date.today() - timedelta(days=2),
            "route_of_access": "community",
            "request_reason": "new_needs",
            "contact_source": "self",
        },
    )
    policy.break_glass(users[Role.OCCUPATIONAL_THERAPIST], other_person, "Covering the duty desk")
    return Council(page, log_in, users, person, other_person, duplicate, request)


def _submit(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    expect(page).to_have_title(re.compile("^Error: "))


def _date(page, prefix: str, d: date) -> None:
    for part, value in (("day", d.day), ("month", d.month), ("year", d.year)):
        page.locator(f"#{prefix}-{part}").fill(str(value))


def _totp_user():
    return make_user(
        "twofactor", Role.SOCIAL_WORKER, None, totp_secret=pyotp.random_base32(), totp_enabled=True
    )


# Signing in -------------------------------------------------------------------------------------


def sign_in_page(c):
    c.page.goto("/sign-in")


def sign_in_errors(c):
    c.page.goto("/sign-in")
    _submit(c.page, "Sign in")


def sign_in_code(c):
    _totp_user()
    sign_in(c.page, "twofactor", PASSWORD)
    expect(c.page).to_have_url(re.compile("/sign-in/code$"))


def sign_in_code_errors(c):
    sign_in_code(c)
    c.page.get_by_label("Code from your authenticator app").fill("12345")
    _submit(c.page, "Continue")


def two_factor(c):
    c.as_(Role.SOCIAL_WORKER).goto("/account/two-factor")


def two_factor_setting_up(c):
    two_factor(c)
    c.page.get_by_role("button", name="Set up two-factor sign-in").click()
    expect(c.page.get_by_role("img", name="QR code for your app")).to_be_visible()


def two_factor_errors(c):
    two_factor_setting_up(c)
    c.page.get_by_label("Code from your authenticator app").fill("12345")
    _submit(c.page, "Turn on two-factor sign-in")


# Home and finding people ------------------------------------------------------------------------


def home_practitioner(c):
    c.as_(Role.SOCIAL_WORKER).goto("/")
    expect(c.page.get_by_role("link", name="Ada Lovelock", exact=True)).to_be_visible()


def home_analyst(c):
    c.as_(Role.ANALYST).goto("/")


def home_manager(c):
    c.as_(Role.TEAM_MANAGER).goto("/")
    expect(c.page.get_by_role("button", name="Break-glass report")).to_be_visible()


def search(c):
    c.as_(Role.SOCIAL_WORKER).goto("/people/search")


def search_results(c):
    c.as_(Role.SOCIAL_WORKER).goto("/people/search?name=Lovelock")
    expect(c.page.get_by_text("2 people found")).to_be_visible()


def search_results_break_glass(c):
    c.as_(Role.SOCIAL_WORKER).goto("/people/search?name=Bertram+Okonjo")
    expect(c.page.get_by_text("Break glass needed")).to_be_visible()


def search_errors(c):
    c.as_(Role.SOCIAL_WORKER).goto("/people/search?nhs_number=123&dob-day=31&dob-month=2")
    expect(c.page).to_have_title(re.compile("^Error: "))


def search_nothing_entered(c):
    c.as_(Role.SOCIAL_WORKER).goto("/people/search?name=")
    expect(c.page).to_have_title(re.compile("^Error: "))


def person_new(c):
    c.as_(Role.SOCIAL_WORKER).goto("/people/new")


def person_new_errors(c):
    person_new(c)
    _submit(c.page, "Register person")


def person_new_duplicates(c):
    person_new(c)
    page = c.page
    page.get_by_label("Given name").fill("Ada")
    page.get_by_label("Family name").fill("Lovelock")
    _date(page, "date_of_birth", date(1940, 5, 17))
    page.get_by_role("group", name="Gender").get_by_label("Female", exact=True).check()
    _submit(page, "Register person")
    expect(page.get_by_role("heading", name="This person may already be on record")).to_be_visible()


# The person's record ----------------------------------------------------------------------------


def person_page(c):
    c.as_(Role.SOCIAL_WORKER).goto(f"/people/{c.person.pk}")
    expect(c.page.get_by_role("link", name=c.request.reference, exact=True)).to_be_visible()


def person_page_break_glass(c):
    c.as_(Role.OCCUPATIONAL_THERAPIST).goto(f"/people/{c.other.pk}")
    expect(c.page.get_by_text("You are seeing this record by breaking glass")).to_be_visible()


def break_glass(c):
    c.as_(Role.SOCIAL_WORKER).goto(f"/people/{c.other.pk}")
    expect(c.page).to_have_url(re.compile("/break-glass$"))


def break_glass_errors(c):
    break_glass(c)
    _submit(c.page, "See the record")


def person_edit(c):
    c.as_(Role.SOCIAL_WORKER).goto(f"/people/{c.person.pk}/edit")


def person_edit_stale(c):
    person_edit(c)
    fresh = type(c.person).objects.get(pk=c.person.pk)
    people.update_person(
        c.users[Role.TEAM_MANAGER], fresh, {"preferred_name": "Addie"}, fresh.version
    )
    c.page.get_by_label("Preferred name").fill("Ada")
    _submit(c.page, "Save details")
    expect(c.page.locator(".govuk-error-summary")).to_contain_text("changed by someone else")


def merge(c):
    c.as_(Role.TEAM_MANAGER).goto(f"/people/{c.person.pk}/merge")


def merge_errors(c):
    merge(c)
    _submit(c.page, "Continue")


def merge_confirm(c):
    merge(c)
    c.page.get_by_label("Council person id of the duplicate record").fill(
        c.duplicate.council_person_id
    )
    c.page.get_by_label("Why are these the same person?").fill("Same date of birth and address")
    c.page.get_by_role("button", name="Continue").click()
    expect(c.page.get_by_role("heading", name="Check these are the same person")).to_be_visible()


def merge_confirm_errors(c):
    merge_confirm(c)
    _submit(c.page, "Merge records")


def relationship_new(c):
    c.as_(Role.SOCIAL_WORKER).goto(f"/people/{c.person.pk}/relationships/new")


def relationship_new_errors(c):
    relationship_new(c)
    c.page.get_by_label("Hours of care a week (unpaid carers only, optional)").fill("200")
    _submit(c.page, "Save")


def restriction(c):
    c.as_(Role.ADMINISTRATOR).goto(f"/people/{c.person.pk}/restriction")


def restriction_errors(c):
    restriction(c)
    c.page.get_by_label("Restrict this record to named staff").check()
    _submit(c.page, "Save")


# The journey ------------------------------------------------------------------------------------


def _event_new(event_type: str, errors: bool):
    def case(c):
        c.as_(Role.SOCIAL_WORKER).goto(f"/people/{c.person.pk}/events/new/{event_type}")
        if errors:
            _submit(c.page, f"Record {event_type}")

    return case


def event_page(c):
    c.as_(Role.SOCIAL_WORKER).goto(f"/events/{c.request.pk}")


def event_edit(c):
    c.as_(Role.SOCIAL_WORKER).goto(f"/events/{c.request.pk}/edit")


def event_status(c):
    c.as_(Role.SOCIAL_WORKER).goto(f"/events/{c.request.pk}/status")


def event_status_errors(c):
    event_status(c)
    c.page.get_by_label("Completed").check()
    _submit(c.page, "Save status")


# Eligibility, budgets and charges -----------------------------------------------------------------

ELIGIBLE = {
    "impairment_or_illness": True,
    "outcomes": {"nutrition": ["without_assistance"], "personal_hygiene": ["endangers_safety"],
                 "clothing": "achieved"},
    "wellbeing": {"significant": True, "areas": ["dignity"], "reasons": "Distressed by washing"},
}  # fmt: skip
AT_HOME = {
    "setting": "non_residential", "cost_of_care_pence": 30000,
    "capital": [{"kind": "savings", "value_pence": 1600000, "owners": 1}],
    "income": [{"kind": "state_pension", "weekly_pence": 23000}],
    "dre": [{"what": "Extra heating", "weekly_pence": 500}],
}  # fmt: skip


def _assessment(c, assessment_type="long_term_first"):
    return journey.record_event(c.users[Role.SOCIAL_WORKER], c.person, "assessment", {
        "start_date": date.today(), "assessment_type": assessment_type,
        "assessment_method": "face_to_face"})  # fmt: skip


def eligibility(c):
    c.as_(Role.SOCIAL_WORKER).goto(f"/events/{_assessment(c).pk}/eligibility")


def eligibility_carer(c):
    c.as_(Role.SOCIAL_WORKER).goto(f"/events/{_assessment(c, 'carer').pk}/eligibility")
    expect(c.page.get_by_text("so the eligibility criteria for carers apply")).to_be_visible()


def eligibility_errors(c):
    eligibility(c)
    c.page.locator("#outcome_nutrition-2").check()  # unable to achieve, with no reason
    c.page.locator("#grounds_clothing").check()  # a reason, for an outcome not chosen
    c.page.locator("#wellbeing_significant").check()  # yes, with no areas or reasons
    _submit(c.page, "Save eligibility")
    expect(c.page.locator(".govuk-error-summary li")).to_have_count(4)


def eligibility_stale(c):
    assessment = _assessment(c)
    decision = record_eligibility(c.users[Role.SOCIAL_WORKER], assessment, ELIGIBLE)
    c.as_(Role.SOCIAL_WORKER).goto(f"/events/{assessment.pk}/eligibility")
    record_eligibility(c.users[Role.TEAM_MANAGER], assessment, ELIGIBLE, decision.version)
    _submit(c.page, "Save eligibility")
    expect(c.page.locator(".govuk-error-summary")).to_contain_text("changed by someone else")


def eligibility_result(c):
    assessment = _assessment(c)
    record_eligibility(c.users[Role.SOCIAL_WORKER], assessment, ELIGIBLE)
    c.as_(Role.SOCIAL_WORKER).goto(f"/events/{assessment.pk}")
    expect(c.page.get_by_text("Your needs meet the eligibility criteria.")).to_be_visible()


def budget(c):
    c.as_(Role.SOCIAL_WORKER).goto(f"/people/{c.person.pk}/budget")


def budget_errors(c):
    budget(c)
    _submit(c.page, "Work out budget")


def budget_result(c):
    money.record_budget(c.users[Role.SOCIAL_WORKER], c.person, {"personal_care": "all"}, "some")
    c.as_(Role.SOCIAL_WORKER).goto(f"/people/{c.person.pk}/budget/agree")
    expect(
        c.page.get_by_role("table", name="How the indicative budget was worked out")
    ).to_be_visible()


def budget_agree_errors(c):
    budget_result(c)
    c.page.get_by_label("Agreed weekly budget").fill("lots")
    _submit(c.page, "Agree budget")


def budget_none(c):
    c.as_(Role.SOCIAL_WORKER).goto(f"/people/{c.person.pk}/budget/agree")


def charge(c):
    c.as_(Role.SOCIAL_WORKER).goto(f"/people/{c.person.pk}/charge")


def charge_errors(c):
    charge(c)
    c.page.get_by_label("In a care home").check()
    c.page.locator("#capital_main_home").fill("200,000")
    c.page.locator("#income_state_pension").fill("a lot")
    c.page.locator("#dre_1_what").fill("Extra heating")
    _submit(c.page, "Work out the charge")


def charge_result(c):
    money.record_financial_assessment(c.users[Role.SOCIAL_WORKER], c.person, AT_HOME)
    c.as_(Role.SOCIAL_WORKER).goto(f"/people/{c.person.pk}/charge/result")
    expect(c.page.get_by_role("table", name="How the charge was worked out")).to_be_visible()


def charge_result_deferred(c):
    moved_in = date.today() - timedelta(weeks=20)
    inputs = {"setting": "residential", "cost_of_care_pence": 90000, "stay": "permanent",
              "permanent_stay_started": moved_in.isoformat(),
              "capital": [{"kind": "main_home", "value_pence": 20000000, "owners": 1}]}  # fmt: skip
    money.record_financial_assessment(c.users[Role.SOCIAL_WORKER], c.person, inputs)
    c.as_(Role.SOCIAL_WORKER).goto(f"/people/{c.person.pk}/charge/result")
    expect(c.page.get_by_text("deferred payment agreement").first).to_be_visible()


def _overdue_service(c):
    journey.record_event(c.users[Role.SOCIAL_WORKER], c.person, "service", {
        "start_date": date.today() - timedelta(weeks=10), "status": "open",
        "service_type": "lts_community", "delivery_mechanism": "direct_payment"})  # fmt: skip


def person_page_money(c):
    sw = c.users[Role.SOCIAL_WORKER]
    money.agree_budget(sw, money.record_budget(sw, c.person, {"personal_care": "all"}), 25000, 1)
    money.record_financial_assessment(sw, c.person, AT_HOME)
    _overdue_service(c)
    c.as_(Role.SOCIAL_WORKER).goto(f"/people/{c.person.pk}")
    expect(c.page.get_by_text("Overdue")).to_be_visible()


def home_reviews_due(c):
    _overdue_service(c)
    c.as_(Role.SOCIAL_WORKER).goto("/")
    table = c.page.get_by_role("table", name=re.compile("^Reviews due"))
    expect(table.get_by_text("Overdue")).to_be_visible()


# Planning ---------------------------------------------------------------------------------------

TINY = "name: Tiny\nadults: 5000\nyears: 2\nruns: 3\nscenario: {levers: {short_term_offer: 0.5}}\n"


def planning(c):
    planning_services.start_run(c.users[Role.ANALYST], TINY)
    c.as_(Role.ANALYST).goto("/planning")
    expect(c.page.get_by_role("table", name="Past runs").get_by_text("Tiny")).to_be_visible()


def planning_errors(c):
    c.as_(Role.ANALYST).goto("/planning")
    c.page.locator("#scenario_text").fill("scenario: {levers: {teleport: 1}}")
    c.page.locator("#runs").fill("many")
    _submit(c.page, "Run the scenario")


def planning_run(c):
    c.as_(Role.ANALYST).goto("/planning")
    c.page.locator("#scenario_text").fill(TINY)
    c.page.get_by_role("button", name="Run the scenario").click()
    expect(c.page.get_by_role("heading", name="Summary")).to_be_visible()
    expect(c.page.get_by_role("img", name=re.compile("^Chart of total cost"))).to_be_visible()


def planning_run_in_progress(c):
    run = PlanningRun.objects.create(
        name="Waiting", scenario_text=TINY, runs=3, years=2, seed=1, status="running",
        progress=40, stage="Running the baseline",
    )  # fmt: skip
    c.as_(Role.TEAM_MANAGER).goto(f"/planning/runs/{run.pk}")
    expect(c.page.get_by_text("40% done")).to_be_visible()


# Performance ------------------------------------------------------------------------------------


@contextmanager
def _performance():
    """A snapshot of this test's record (built once: the record does not change), and a
    measure that lists its people. Pages load in full before the case returns, so the
    settings need last only that long; the first look at a snapshot works out every figure,
    so the pages get longer than the usual time to load."""
    with (
        tempfile.TemporaryDirectory() as var,
        metric_registered(),
        override_settings(VAR_DIR=var, RETURNS_SNAPSHOT_SECONDS=3600),
    ):
        yield


def performance(c):
    with _performance():
        c.as_(Role.TEAM_MANAGER).goto("/performance", timeout=120_000)
    expect(c.page.get_by_role("table", name=re.compile("^Operational measures"))).to_be_visible()


def performance_errors(c):
    with _performance():
        c.as_(Role.TEAM_MANAGER).goto(
            "/performance?week-day=31&week-month=2&week-year=2025", timeout=120_000
        )
    expect(c.page).to_have_title(re.compile("^Error: "))


def performance_metric(c):
    with _performance():
        c.as_(Role.ANALYST).goto(
            f"/performance/{CODE}?{query('month', date.today(), breakdown='sex')}",
            timeout=120_000,
        )
    expect(c.page.get_by_role("table", name="Figures")).to_be_visible()


def performance_metric_ascof(c):
    with _performance():
        c.as_(Role.ADMINISTRATOR).goto(
            f"/performance/ascof-2e?{query('year', date(2024, 4, 1))}", timeout=120_000
        )


def performance_people(c):
    with _performance():
        c.as_(Role.TEAM_MANAGER).goto(
            f"/performance/{CODE}/people?{query('month', date.today())}", timeout=120_000
        )
    expect(c.page.get_by_role("link", name="Ada Lovelock", exact=True)).to_be_visible()


def performance_people_analyst(c):
    with _performance():
        c.as_(Role.ANALYST).goto(
            f"/performance/{CODE}/people?{query('month', date.today())}", timeout=120_000
        )
    expect(c.page.get_by_text("your role does not give access")).to_be_visible()


# Oversight and errors ---------------------------------------------------------------------------


def break_glass_report(c):
    c.as_(Role.TEAM_MANAGER).goto("/manage/break-glass")
    expect(c.page.get_by_text("Covering the duty desk")).to_be_visible()


def forbidden(c):
    response = c.as_(Role.ANALYST).goto(f"/people/{c.person.pk}")
    assert response.status == 403
    expect(c.page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")


def not_found(c):
    response = c.as_(Role.SOCIAL_WORKER).goto("/people/999999")
    assert response.status == 404
    expect(c.page.get_by_role("heading", level=1)).to_have_text("Page not found")


CASES = {
    case.__name__.replace("_", "-"): case
    for case in [
        sign_in_page, sign_in_errors, sign_in_code, sign_in_code_errors,
        two_factor, two_factor_setting_up, two_factor_errors,
        home_practitioner, home_analyst, home_manager,
        search, search_results, search_results_break_glass, search_errors,
        search_nothing_entered,
        person_new, person_new_errors, person_new_duplicates,
        person_page, person_page_break_glass, break_glass,
        break_glass_errors, person_edit, person_edit_stale,
        merge, merge_errors, merge_confirm, merge_confirm_errors,
        relationship_new, relationship_new_errors, restriction, restriction_errors,
        event_page, event_edit, event_status, event_status_errors,
        break_glass_report, forbidden, not_found,
        planning, planning_errors, planning_run, planning_run_in_progress,
        eligibility, eligibility_carer, eligibility_errors, eligibility_stale,
        eligibility_result, budget, budget_errors, budget_result, budget_agree_errors,
        budget_none, charge, charge_errors, charge_result, charge_result_deferred,
        person_page_money, home_reviews_due,
        performance, performance_errors, performance_metric, performance_metric_ascof,
        performance_people, performance_people_analyst,
    ]
}  # fmt: skip
for _type in ("request", "assessment", "service", "review"):
    CASES[f"event-new-{_type}"] = _event_new(_type, errors=False)
    CASES[f"event-new-{_type}-errors"] = _event_new(_type, errors=True)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_page_has_no_axe_violations(council, case):
    case(council)
    violations = axe_violations(council.page)
    assert violations == [], (
        f"{council.page.url} ({council.page.title()}) has accessibility problems:\n"
        + json.dumps(violations, indent=2)
    )


def test_govuk_stylesheet_loads(page, log_in, users):
    """axe's contrast checks mean something only with the real CSS applied."""
    log_in(users[Role.SOCIAL_WORKER]).goto("/")
    for href in page.eval_on_selector_all("link[rel=stylesheet]", "ls => ls.map(l => l.href)"):
        response = page.request.get(href)
        assert response.ok and "text/css" in response.headers["content-type"], href
    rules = page.evaluate("() => [...document.styleSheets].map(s => [s.href, s.cssRules.length])")
    assert any(href.endswith("govuk-frontend.min.css") and n > 500 for href, n in rules), rules
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "GDS Transport" in font


def test_axe_reports_violations(page):
    """The harness itself: a page with known faults must not come back clean."""
    page.set_content("<html><body><img src='data:,'><a href='#'></a></body></html>")
    found = {v["id"] for v in axe_violations(page)}
    assert {"html-has-lang", "image-alt", "link-name"} <= found, found


# The scrutiny pack (returns.views_scrutiny) -------------------------------------------------------
# Its own test, not a CASES entry: until the performance pages wire /performance/scrutiny/<year>,
# tests.returns.test_scrutiny's urlpatterns do (drop the urls mark once it is wired).


@pytest.mark.urls("tests.returns.test_scrutiny")
def test_scrutiny_pack_has_no_axe_violations(council, settings, tmp_path):
    settings.VAR_DIR, settings.RETURNS_SNAPSHOT_SECONDS = tmp_path, 0
    today = date.today()
    year = today.year if today.month >= 4 else today.year - 1
    council.as_(Role.ANALYST).goto(f"/performance/scrutiny/{year}")
    expect(council.page.get_by_role("heading", name="Equity: for whom")).to_be_visible()
    violations = axe_violations(council.page)
    assert violations == [], json.dumps(violations, indent=2)
