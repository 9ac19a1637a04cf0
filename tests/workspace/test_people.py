import json
from datetime import date

import pytest

from openasc.access.models import Allocation, AuditEntry, BreakGlass
from openasc.access.roles import Role
from openasc.people.models import Person
from tests.conftest import make_person


def test_home_shows_team_queue_with_priority(sign_in, users, person):
    body = sign_in(users[Role.SOCIAL_WORKER]).get("/").content.decode()
    assert "My caseload" in body and "My team’s queue" in body
    assert f'href="/people/{person.pk}"' in body and "govuk-tag--blue" in body
    assert "Break-glass report" not in body


def test_manager_home_links_to_break_glass_report(sign_in, users, person):
    body = sign_in(users[Role.TEAM_MANAGER]).get("/").content.decode()
    assert 'href="/manage/break-glass"' in body


def test_analyst_home_has_no_people(sign_in, users, person):
    body = sign_in(users[Role.ANALYST]).get("/").content.decode()
    assert "aggregate reports" in body and person.family_name not in body


def test_search_finds_a_typo_and_is_audited(sign_in, users, person):
    client = sign_in(users[Role.SOCIAL_WORKER])
    response = client.get("/people/search", {"name": "Ada Lovelok"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="/people/{person.pk}"' in body and "You have access" in body
    entry = AuditEntry.objects.filter(action="search").get()
    assert entry.detail == {
        "query": {"name": "Ada Lovelok", "nhs_number": "", "date_of_birth": None, "postcode": ""},
        "results": 1,
    }


def test_search_marks_other_teams_people_break_glass(sign_in, users, other_person):
    client = sign_in(users[Role.SOCIAL_WORKER])
    body = client.get(
        "/people/search", {"dob-day": "3", "dob-month": "1", "dob-year": "1952"}
    ).content.decode()
    assert "Bertram Okonjo" in body and "Break glass needed" in body


@pytest.mark.parametrize(
    "params, message, link",
    [
        ({"nhs_number": "943 476 5910"}, "the check digit does not match", "#nhs_number"),
        ({"nhs_number": "12345"}, "Enter an NHS number of 10 digits", "#nhs_number"),
        (
            {"dob-day": "31", "dob-month": "2", "dob-year": "1950"},
            "Date of birth must be a real date",
            "#dob-day",
        ),
        ({"dob-day": "3", "dob-year": "1950"}, "Date of birth must include a month", "#dob-month"),
        ({"postcode": "NOT A CODE"}, "Enter a real postcode", "#postcode"),
        ({"name": ""}, "Enter a name, NHS number, date of birth or postcode", None),
    ],
)
def test_search_validation(sign_in, users, params, message, link):
    response = sign_in(users[Role.SOCIAL_WORKER]).get("/people/search", params)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Find a person" in body and message in body
    if link:
        assert f'<a href="{link}">' in body
    assert not AuditEntry.objects.filter(action="search").exists()


def test_impossible_date_highlights_the_date_inputs(sign_in, users):
    body = (
        sign_in(users[Role.SOCIAL_WORKER])
        .get("/people/search", {"dob-day": "31", "dob-month": "2", "dob-year": "1950"})
        .content.decode()
    )
    assert body.count("govuk-date-input__input govuk-input--width-") == 3
    assert body.count(" govuk-input--error") == 3
    assert 'value="31"' in body  # what the user typed stays


def test_analyst_cannot_search(sign_in, users):
    response = sign_in(users[Role.ANALYST]).get("/people/search", {"name": "Ada"})
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()


def test_person_page_for_north_team(sign_in, users, person):
    response = sign_in(users[Role.SOCIAL_WORKER]).get(f"/people/{person.pk}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in body and "Ada Lovelock" in body
    assert "Physical Support: Personal care support" in body  # vocab label, not the code
    assert "North Locality" in body and "allocated to your team" in body
    assert f'href="/people/{person.pk}/events/new/request"' in body
    entry = AuditEntry.objects.get(action="view")
    assert entry.person_id == person.pk and entry.detail == {
        "basis": "allocated to your team",
        "page": "person",
    }


def test_break_glass_required_then_allowed(sign_in, users, other_person):
    client = sign_in(users[Role.SOCIAL_WORKER])
    url = f"/people/{other_person.pk}"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == f"{url}/break-glass"
    assert not AuditEntry.objects.filter(action="view").exists()
    body = client.post(f"{url}/break-glass", {"reason": "short"}).content.decode()
    assert "Give a reason of at least 10 characters" in body and "Error: " in body
    assert not BreakGlass.objects.exists()
    response = client.post(f"{url}/break-glass", {"reason": "Covering the duty desk: carer phoned"})
    assert response["Location"] == url
    body = client.get(url).content.decode()
    assert "You are seeing this record by breaking glass" in body
    assert AuditEntry.objects.get(action="view").detail == {
        "basis": "break glass",
        "page": "person",
    }


def test_restricted_record_is_403_for_unnamed_user(sign_in, users, person):
    person.restricted = True
    person.save()
    client = sign_in(users[Role.SOCIAL_WORKER])
    for url in (f"/people/{person.pk}", f"/people/{person.pk}/break-glass"):
        response = client.get(url)
        assert response.status_code == 403
        assert "restricted to named staff" in response.content.decode()
    person.restricted_to.add(users[Role.SOCIAL_WORKER])
    assert client.get(f"/people/{person.pk}").status_code == 200


def test_analyst_cannot_open_a_person(sign_in, users, person):
    response = sign_in(users[Role.ANALYST]).get(f"/people/{person.pk}")
    assert response.status_code == 403


def test_unknown_person_is_404(sign_in, users):
    response = sign_in(users[Role.SOCIAL_WORKER]).get("/people/999999")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


NEW_PERSON = {
    "given_name": "Ada",
    "family_name": "Lovelocke",
    "date_of_birth-day": "17",
    "date_of_birth-month": "5",
    "date_of_birth-year": "1940",
    "gender": "female",
    "postcode": "ds1 4ab",
}


def test_register_warns_of_duplicates_then_creates(sign_in, users, person):
    client = sign_in(users[Role.SOCIAL_WORKER])
    response = client.post("/people/new", NEW_PERSON)
    body = response.content.decode()
    assert response.status_code == 200
    assert "This person may already be on record" in body and "Ada Lovelock" in body
    assert 'name="not_a_duplicate"' in body and "<title>Error: " in body
    assert Person.objects.count() == 1
    response = client.post("/people/new", {**NEW_PERSON, "not_a_duplicate": "on"})
    created = Person.objects.get(family_name="Lovelocke")
    assert response["Location"] == f"/people/{created.pk}"
    assert created.postcode == "DS1 4AB"
    assert "is registered as" in client.get(response["Location"]).content.decode()


def test_register_rejects_invalid_nhs_number_and_future_birth(sign_in, users):
    data = {**NEW_PERSON, "nhs_number": "9434765910", "date_of_birth-year": "2999"}
    body = sign_in(users[Role.SOCIAL_WORKER]).post("/people/new", data).content.decode()
    assert "the check digit does not match" in body
    assert "Date of birth must be in the past" in body
    assert not Person.objects.exists()


def test_register_rejects_unknown_vocab_value(sign_in, users):
    data = {**NEW_PERSON, "ethnicity": "martian"}
    body = sign_in(users[Role.SOCIAL_WORKER]).post("/people/new", data).content.decode()
    assert '<a href="#ethnicity">Choose ethnicity from the list</a>' in body
    assert not Person.objects.exists()


def _edit_data(person, **changes):
    data = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth-day": str(person.date_of_birth.day),
        "date_of_birth-month": str(person.date_of_birth.month),
        "date_of_birth-year": str(person.date_of_birth.year),
        "gender": person.gender,
        "postcode": person.postcode,
        "primary_support_reason": person.primary_support_reason,
        "version": str(person.version),
    }
    data.update(changes)
    return data


def test_edit_person(sign_in, users, person):
    client = sign_in(users[Role.SOCIAL_WORKER])
    body = client.get(f"/people/{person.pk}/edit").content.decode()
    assert f'name="version" value="{person.version}"' in body
    response = client.post(f"/people/{person.pk}/edit", _edit_data(person, preferred_name="Addy"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.preferred_name == "Addy" and person.version == 2


def test_edit_with_stale_version_is_refused(sign_in, users, person):
    client = sign_in(users[Role.SOCIAL_WORKER])
    stale = _edit_data(person, preferred_name="Mine")
    client.post(f"/people/{person.pk}/edit", _edit_data(person, preferred_name="Theirs"))
    response = client.post(f"/people/{person.pk}/edit", stale)
    body = response.content.decode()
    assert response.status_code == 200
    assert "changed by someone else while you were editing it" in body
    assert "govuk-error-summary" in body and 'value="Mine"' in body
    person.refresh_from_db()
    assert person.preferred_name == "Theirs" and person.version == 2


def test_merge_two_records(sign_in, users, teams, person):
    duplicate = make_person(given_name="Ada", family_name="Lovelok", nhs_number="9434765919")
    url = f"/people/{person.pk}/merge"
    client = sign_in(users[Role.TEAM_MANAGER])
    body = client.post(url, {"duplicate": duplicate.council_person_id, "reason": "same person"})
    assert "giving a reason to see it" in body.content.decode()  # not in the manager's team
    Allocation.objects.create(person=duplicate, team=teams["north"], opened_on=date.today())
    assert sign_in(users[Role.SOCIAL_WORKER]).get(url).status_code == 403
    client = sign_in(users[Role.TEAM_MANAGER])
    reason = "Same person: registered twice by the front door"
    step1 = client.post(url, {"duplicate": duplicate.council_person_id, "reason": reason})
    assert "Check these are the same person" in step1.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None
    unticked = client.post(
        url, {"duplicate": duplicate.council_person_id, "reason": reason, "step": "confirm"}
    )
    assert "Tick the box" in unticked.content.decode()
    done = client.post(
        url,
        {"duplicate": duplicate.council_person_id, "reason": reason, "confirm": "on"},
    )
    assert done["Location"] == f"/people/{person.pk}"
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == person.pk
    body = client.get(f"/people/{duplicate.pk}").content.decode()
    assert "This record was merged into Ada Lovelock" in body
    assert f'href="/people/{person.pk}"' in body


def test_merge_unknown_id(sign_in, users, person):
    body = (
        sign_in(users[Role.TEAM_MANAGER])
        .post(f"/people/{person.pk}/merge", {"duplicate": "NOPE", "reason": "same person"})
        .content.decode()
    )
    assert "No person has council person id NOPE" in body


def test_export_is_for_administrators(sign_in, users, person):
    assert sign_in(users[Role.TEAM_MANAGER]).get(f"/people/{person.pk}/export").status_code == 403
    response = sign_in(users[Role.ADMINISTRATOR]).get(f"/people/{person.pk}/export")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["person"]["id"] == person.pk


def test_break_glass_report(sign_in, users, other_person):
    from openasc.access import policy

    policy.break_glass(users[Role.SOCIAL_WORKER], other_person, "Covering the duty desk")
    body = sign_in(users[Role.TEAM_MANAGER]).get("/manage/break-glass").content.decode()
    assert "Covering the duty desk" in body and "Bertram Okonjo" in body
    assert sign_in(users[Role.SOCIAL_WORKER]).get("/manage/break-glass").status_code == 403


def test_dates_before_year_1000_are_refused(sign_in, users):
    body = (
        sign_in(users[Role.SOCIAL_WORKER])
        .get("/people/search", {"dob-day": "1", "dob-month": "1", "dob-year": "52"})
        .content.decode()
    )
    assert "Year must include 4 numbers" in body and '<a href="#dob-year">' in body


@pytest.mark.parametrize("role", list(Role))
def test_every_role_gets_a_home_page_with_one_h1(sign_in, users, person, role):
    response = sign_in(users[role]).get("/")
    body = response.content.decode()
    assert response.status_code == 200 and body.count("<h1") == 1
    assert users[role].display_name in body and 'action="/sign-out"' in body
