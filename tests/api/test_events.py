"""The journey through the API: record, read, edit and move events."""

from datetime import date, timedelta

import pytest

from openasc.access.models import AuditEntry, User
from openasc.access.roles import Role
from openasc.journey import services
from openasc.journey.models import Event

SW = Role.SOCIAL_WORKER
TODAY = date.today()
REQUEST = {
    "event_type": "request",
    "start_date": (TODAY - timedelta(days=3)).isoformat(),
    "route_of_access": "community",
    "request_reason": "new_needs",
    "contact_source": "family_friend",
}


@pytest.fixture
def request_event(api_as, person):
    r = api_as(SW).post(f"/people/{person.pk}/events", REQUEST)
    assert r.status_code == 201, r.json()
    return r.json()


def test_record_and_read_an_event(api_as, person, request_event, users):
    assert request_event["reference"].startswith("REQ-")
    assert request_event["status"] == "open" and request_event["version"] == 1
    r = api_as(SW).get(f"/events/{request_event['id']}")
    assert r.status_code == 200 and r.json()["route_of_access"] == "community"
    assert AuditEntry.objects.filter(action="view", person_id=person.pk).count() == 1
    r = api_as(SW).get(f"/people/{person.pk}/events")
    assert [e["id"] for e in r.json()] == [request_event["id"]]


def test_record_refuses_fields_of_another_type(api_as, person):
    r = api_as(SW).post(f"/people/{person.pk}/events", dict(REQUEST, service_type="lts_community"))
    assert r.status_code == 422
    assert r.json()["errors"]["service_type"][0].startswith(
        "A request does not record service_type; its fields are route_of_access"
    )


def test_record_refuses_missing_required_and_unknown_codes(api_as, person):
    body = {k: v for k, v in REQUEST.items() if k != "route_of_access"}
    r = api_as(SW).post(f"/people/{person.pk}/events", body)
    assert r.status_code == 422 and "route_of_access" in r.json()["errors"]
    r = api_as(SW).post(f"/people/{person.pk}/events", dict(REQUEST, request_reason="whim"))
    assert r.status_code == 422
    (message,) = r.json()["errors"]["request_reason"]
    assert message.startswith("“whim” is not a valid request reason. Choose one of:")
    assert not Event.objects.exists()


def test_record_refuses_end_before_start(api_as, person):
    body = dict(REQUEST, end_date=(TODAY - timedelta(days=5)).isoformat())
    r = api_as(SW).post(f"/people/{person.pk}/events", body)
    assert r.status_code == 422
    assert r.json()["errors"]["end_date"] == [
        "End date must be the same as or after the start date"
    ]


def test_other_team_cannot_record_or_read(api_as, other_person, users):
    r = api_as(SW).post(f"/people/{other_person.pk}/events", REQUEST)
    assert r.status_code == 403 and r.json()["code"] == "break_glass_required"
    r = api_as(SW).get(f"/people/{other_person.pk}/events")
    assert r.status_code == 403 and r.json()["code"] == "break_glass_required"


def test_event_of_other_team_needs_break_glass(api_as, other_person, teams):
    south = User.objects.create_user("southsw", role=SW, team=teams["south"])
    event = services.record_event(south, other_person, "request", dict(REQUEST, start_date=TODAY))
    r = api_as(SW).get(f"/events/{event.pk}")
    assert r.status_code == 403 and r.json()["code"] == "break_glass_required"
    r = api_as(SW).patch(f"/events/{event.pk}", {"version": 1, "description": "mine now"})
    assert r.status_code == 403
    event.refresh_from_db()
    assert event.description == ""


def test_update_event_and_stale_version(api_as, request_event):
    url = f"/events/{request_event['id']}"
    r = api_as(SW).patch(url, {"version": 1, "description": "Daughter phoned"})
    assert r.status_code == 200 and r.json()["version"] == 2
    r = api_as(SW).patch(url, {"version": 1, "description": "Son phoned"})
    assert r.status_code == 409 and r.json()["code"] == "stale_version"
    assert Event.objects.get(pk=request_event["id"]).description == "Daughter phoned"


def test_update_event_refuses_other_type_fields_and_end_before_start(api_as, request_event):
    url = f"/events/{request_event['id']}"
    r = api_as(SW).patch(url, {"version": 1, "review_reason": "planned"})
    assert r.status_code == 422 and "review_reason" in r.json()["errors"]
    r = api_as(SW).patch(url, {"version": 1, "end_date": "2000-01-01"})
    assert r.status_code == 422 and "end_date" in r.json()["errors"]
    assert Event.objects.get(pk=request_event["id"]).version == 1


def test_complete_opens_the_next_event(api_as, request_event):
    r = api_as(SW).post(
        f"/events/{request_event['id']}/status",
        {
            "status": "completed",
            "version": 1,
            "end_date": TODAY.isoformat(),
            "outcome": "progress_assessment",
        },
    )
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["event"]["status"] == "completed" and body["event"]["version"] == 2
    assert body["next_event"]["event_type"] == "assessment"
    assert body["next_event"]["previous_id"] == request_event["id"]


def test_status_move_errors(api_as, request_event):
    url = f"/events/{request_event['id']}/status"
    r = api_as(SW).post(url, {"status": "completed", "version": 1})
    assert r.status_code == 422 and "outcome" in r.json()["errors"]
    r = api_as(SW).post(url, {"status": "planned", "version": 1})
    assert r.status_code == 422
    assert "cannot become planned" in r.json()["errors"]["status"][0]
    r = api_as(SW).post(url, {"status": "finished", "version": 1})
    assert r.status_code == 422 and "status" in r.json()["errors"]
    r = api_as(SW).post(url, {"status": "on_hold", "version": 7})
    assert r.status_code == 409
    r = api_as(SW).post(url, {"status": "on_hold", "version": 1})
    assert r.status_code == 200 and r.json()["next_event"] is None


def test_service_cost_in_pence(api_as, person):
    body = {
        "event_type": "service",
        "start_date": TODAY.isoformat(),
        "service_type": "lts_community",
        "delivery_mechanism": "direct_payment",
        "unit_cost_pence": 2350,
        "planned_units_per_week": "10.5",
    }
    r = api_as(SW).post(f"/people/{person.pk}/events", body)
    assert r.status_code == 201, r.json()
    assert r.json()["unit_cost_pence"] == 2350 and r.json()["status"] == "open"
    r = api_as(SW).post(f"/people/{person.pk}/events", dict(body, unit_cost_pence=12.5))
    assert r.status_code == 422 and "unit_cost_pence" in r.json()["errors"]


def test_unknown_event_is_404(api_as, db, users):
    assert api_as(SW).get("/events/424242").status_code == 404
