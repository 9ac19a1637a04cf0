"""People: search, register, view, update, break glass — with the pages' access rules."""

from datetime import date

from openasc.access.models import AuditEntry, BreakGlass
from openasc.access.roles import Role
from openasc.people.models import Person

from ..conftest import make_person

SW = Role.SOCIAL_WORKER
NEW = {
    "given_name": "Clementine",
    "family_name": "Farrowby",
    "date_of_birth": "1961-02-14",
    "gender": "female",
    "postcode": "ds1 4ab",
    "nhs_number": "943 476 5919",
}


# Search ---------------------------------------------------------------------------------------


def test_search_marks_access_and_is_audited(api_as, person, other_person, users):
    r = api_as(SW).get("/people", name="Lovlock")  # a typo still finds Lovelock
    assert r.status_code == 200
    found = {p["id"]: p for p in r.json()}
    assert found[person.pk]["access"] == "allowed"
    assert found[person.pk]["family_name"] == "Lovelock"
    r = api_as(SW).get("/people", date_of_birth=other_person.date_of_birth.isoformat())
    assert [p["access"] for p in r.json()] == ["break_glass_required"]
    entry = AuditEntry.objects.filter(action="search").last()
    assert entry.user == users[SW]
    assert entry.detail == {"query": {"date_of_birth": "1952-01-03"}, "results": 1}


def test_search_leaves_out_restricted_people(api_as, person):
    person.restricted = True
    person.save()
    assert api_as(SW).get("/people", name="Lovelock").json() == []


def test_empty_search_is_400(api_as, person):
    r = api_as(SW).get("/people")
    assert r.status_code == 400
    assert "Enter a name" in r.json()["detail"]


def test_analyst_cannot_search(api_as, person):
    r = api_as(Role.ANALYST).get("/people", name="Lovelock")
    assert r.status_code == 403 and r.json()["code"] == "not_allowed"
    assert not AuditEntry.objects.filter(action="search").exists()


# Register -------------------------------------------------------------------------------------


def test_register_then_possible_duplicate(api_as, teams):
    r = api_as(SW).post("/people", NEW)
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["nhs_number"] == "9434765919" and body["postcode"] == "DS1 4AB"
    assert body["access_basis"] == "allocated to your team"
    again = dict(NEW, nhs_number=None, given_name="Clementina")
    r = api_as(SW).post("/people", again)
    assert r.status_code == 409
    assert r.json()["code"] == "possible_duplicates"
    assert [c["id"] for c in r.json()["candidates"]] == [body["id"]]
    r = api_as(SW).post("/people", dict(again, not_a_duplicate=True))
    assert r.status_code == 201
    assert Person.objects.filter(family_name="Farrowby").count() == 2


def test_register_refuses_bad_nhs_number(api_as, teams):
    r = api_as(SW).post("/people", dict(NEW, nhs_number="943 476 5918"))
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "invalid"
    assert body["errors"]["nhs_number"] == [
        "Enter a valid NHS number: the check digit does not match"
    ]
    assert not Person.objects.exists()


def test_register_refuses_unknown_code_naming_the_list(api_as, teams):
    r = api_as(SW).post("/people", dict(NEW, gender="robot"))
    assert r.status_code == 422
    (message,) = r.json()["errors"]["gender"]
    assert message.startswith("“robot” is not a valid gender. Choose one of: male, female")


def test_register_refuses_death_before_birth(api_as, teams):
    r = api_as(SW).post("/people", dict(NEW, date_of_death="1950-01-01"))
    assert r.status_code == 422
    assert "date_of_death" in r.json()["errors"]


def test_register_needs_a_registering_role(api_as, teams):
    r = api_as(Role.FINANCE).post("/people", NEW)
    assert r.status_code == 403
    assert r.json()["detail"] == "Your role cannot register people."


# View -----------------------------------------------------------------------------------------


def test_view_own_team_person_is_audited(api_as, person, users):
    r = api_as(SW).get(f"/people/{person.pk}")
    assert r.status_code == 200
    body = r.json()
    assert body["given_name"] == "Ada" and body["version"] == person.version
    assert body["access_basis"] == "allocated to your team"
    entry = AuditEntry.objects.get(action="view")
    assert (entry.user, entry.person_id) == (users[SW], person.pk)


def test_other_team_needs_break_glass_then_opens(api_as, other_person, users):
    sw = api_as(SW)
    r = sw.get(f"/people/{other_person.pk}")
    assert r.status_code == 403
    assert r.json()["code"] == "break_glass_required"
    assert "give a reason" in r.json()["detail"]
    assert not AuditEntry.objects.filter(action="view").exists()

    r = sw.post(f"/people/{other_person.pk}/break-glass", {"reason": "short"})
    assert r.status_code == 422 and "reason" in r.json()["errors"]
    r = sw.post(f"/people/{other_person.pk}/break-glass", {"reason": "Urgent call from the GP"})
    assert r.status_code == 201
    assert BreakGlass.objects.filter(user=users[SW], person=other_person).exists()

    r = sw.get(f"/people/{other_person.pk}")
    assert r.status_code == 200
    assert r.json()["access_basis"] == "break glass"


def test_restricted_person_is_refused(api_as, person):
    person.restricted = True
    person.save()
    r = api_as(SW).get(f"/people/{person.pk}")
    assert r.status_code == 403
    assert r.json()["code"] == "not_allowed"
    assert "restricted" in r.json()["detail"]
    r = api_as(SW).post(f"/people/{person.pk}/break-glass", {"reason": "I really need to see"})
    assert r.status_code == 403


def test_analyst_refused_on_every_person_operation(api_as, person):
    analyst = api_as(Role.ANALYST)
    for r in (
        analyst.get(f"/people/{person.pk}"),
        analyst.patch(f"/people/{person.pk}", {"version": 1}),
        analyst.post(f"/people/{person.pk}/break-glass", {"reason": "Curious about this"}),
        analyst.get(f"/people/{person.pk}/events"),
    ):
        assert r.status_code == 403, r.content
    assert not AuditEntry.objects.filter(action="view").exists()


def test_unknown_person_is_404(api_as, db, users):
    r = api_as(SW).get("/people/999999")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


# Update ---------------------------------------------------------------------------------------


def test_update_person(api_as, person):
    r = api_as(SW).patch(
        f"/people/{person.pk}", {"version": 1, "preferred_name": "Addie", "ethnicity": None}
    )
    assert r.status_code == 200, r.json()
    assert r.json()["preferred_name"] == "Addie" and r.json()["version"] == 2
    person.refresh_from_db()
    assert person.preferred_name == "Addie" and person.gender == "female"


def test_stale_version_is_409_and_nothing_overwritten(api_as, person):
    sw = api_as(SW)
    first = sw.patch(f"/people/{person.pk}", {"version": 1, "given_name": "Adeline"})
    assert first.status_code == 200
    r = sw.patch(f"/people/{person.pk}", {"version": 1, "given_name": "Adela"})
    assert r.status_code == 409
    assert r.json()["code"] == "stale_version"
    assert "changed by someone else" in r.json()["detail"]
    person.refresh_from_db()
    assert (person.given_name, person.version) == ("Adeline", 2)


def test_update_needs_version_and_refuses_nulls(api_as, person):
    r = api_as(SW).patch(f"/people/{person.pk}", {"given_name": "Adeline"})
    assert r.status_code == 422 and "version" in r.json()["errors"]
    r = api_as(SW).patch(f"/people/{person.pk}", {"version": 1, "family_name": None})
    assert r.status_code == 422
    assert "family_name cannot be null" in r.json()["detail"]


def test_update_refuses_nhs_number_of_another_person(api_as, person):
    make_person(nhs_number="9434765919", given_name="Other", date_of_birth=date(1970, 1, 1))
    r = api_as(SW).patch(f"/people/{person.pk}", {"version": 1, "nhs_number": "9434765919"})
    assert r.status_code == 422 and "nhs_number" in r.json()["errors"]
    person.refresh_from_db()
    assert person.nhs_number is None and person.version == 1


def test_update_other_team_needs_break_glass(api_as, other_person):
    r = api_as(SW).patch(f"/people/{other_person.pk}", {"version": 1, "given_name": "Bert"})
    assert r.status_code == 403 and r.json()["code"] == "break_glass_required"
    other_person.refresh_from_db()
    assert other_person.given_name == "Bertram"
