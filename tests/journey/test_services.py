from datetime import date, timedelta

import pytest

from openasc.access.roles import Role
from openasc.common.errors import BreakGlassNeeded, StaleVersion, ValidationError
from openasc.journey import services
from openasc.journey.models import Event

REQUEST = {
    "start_date": date.today() - timedelta(days=3),
    "route_of_access": "community",
    "request_reason": "new_needs",
    "contact_source": "family_friend",
}


def test_request_progresses_to_assessment(users, person):
    sw = users[Role.SOCIAL_WORKER]
    req = services.record_event(sw, person, "request", REQUEST)
    req, nxt = services.move_event(
        sw, req, "completed", req.version, end_date=date.today(), outcome="progress_assessment"
    )
    assert req.status == "completed" and req.version == 2
    assert nxt.event_type == "assessment" and nxt.previous_id == req.pk
    assert nxt.status == "open" and nxt.start_date == date.today()


def test_stale_version_refused_and_nothing_overwritten(users, person):
    sw = users[Role.SOCIAL_WORKER]
    req = services.record_event(sw, person, "request", REQUEST)
    first = Event.objects.get(pk=req.pk)
    second = Event.objects.get(pk=req.pk)
    services.update_event(sw, first, {"description": "first edit"}, first.version)
    with pytest.raises(StaleVersion):
        services.update_event(sw, second, {"description": "second edit"}, second.version)
    assert Event.objects.get(pk=req.pk).description == "first edit"


def test_end_before_start_rejected(users, person):
    sw = users[Role.SOCIAL_WORKER]
    req = services.record_event(sw, person, "request", REQUEST)
    with pytest.raises(ValidationError) as e:
        services.move_event(
            sw,
            req,
            "completed",
            req.version,
            end_date=req.start_date - timedelta(days=1),
            outcome="nfa_information",
        )
    assert "end_date" in e.value.message_dict


def test_completed_event_cannot_reopen(users, person):
    sw = users[Role.SOCIAL_WORKER]
    req = services.record_event(sw, person, "request", REQUEST)
    req, _ = services.move_event(
        sw, req, "completed", req.version, end_date=date.today(), outcome="nfa_information"
    )
    with pytest.raises(ValidationError):
        services.move_event(sw, req, "open", req.version)


def test_other_team_needs_break_glass(users, other_person):
    with pytest.raises(BreakGlassNeeded):
        services.record_event(users[Role.SOCIAL_WORKER], other_person, "request", REQUEST)
