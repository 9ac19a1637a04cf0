from datetime import date, timedelta

from openasc.access.models import AuditEntry
from openasc.access.roles import Role
from openasc.journey.models import Event


def _date(prefix: str, d: date) -> dict:
    return {
        f"{prefix}-day": str(d.day),
        f"{prefix}-month": str(d.month),
        f"{prefix}-year": str(d.year),
    }


def _request_data(**changes) -> dict:
    data = {
        "client_type": "service_user",
        **_date("start_date", date.today() - timedelta(days=3)),
        "route_of_access": "community",
        "request_reason": "new_needs",
        "contact_source": "family_friend",
        "description": "Daughter rang: falls at home",
    }
    data.update(changes)
    return data


def test_request_form_is_prefilled(sign_in, users, person):
    body = (
        sign_in(users[Role.SOCIAL_WORKER])
        .get(f"/people/{person.pk}/events/new/request")
        .content.decode()
    )
    today = date.today()
    assert f'name="start_date-day" type="text" inputmode="numeric" value="{today.day}"' in body
    assert 'value="service_user" checked' in body
    assert "<title>Record a request – openasc</title>" in body


def test_record_request_and_complete_to_assessment(sign_in, users, person):
    client = sign_in(users[Role.SOCIAL_WORKER])
    response = client.post(f"/people/{person.pk}/events/new/request", _request_data())
    assert response["Location"] == f"/people/{person.pk}"
    request = Event.objects.get(event_type="request")
    assert request.status == "open" and request.contact_source == "family_friend"
    assert request.reference in client.get(response["Location"]).content.decode()

    body = client.get(f"/events/{request.pk}/status").content.decode()
    assert 'value="completed"' in body and 'value="planned"' not in body
    response = client.post(
        f"/events/{request.pk}/status",
        {
            "status": "completed",
            **_date("end_date", date.today()),
            "outcome": "progress_assessment",
            "version": str(request.version),
        },
    )
    assert response["Location"] == f"/people/{person.pk}"
    assessment = Event.objects.get(event_type="assessment")
    assert assessment.previous_id == request.pk and assessment.status == "open"
    body = client.get(response["Location"]).content.decode()
    assert "govuk-notification-banner--success" in body
    assert f"Next step: Assessment {assessment.reference}" in body


def test_completing_needs_end_date_and_outcome(sign_in, users, person):
    client = sign_in(users[Role.SOCIAL_WORKER])
    client.post(f"/people/{person.pk}/events/new/request", _request_data())
    request = Event.objects.get()
    body = client.post(
        f"/events/{request.pk}/status", {"status": "completed", "version": str(request.version)}
    ).content.decode()
    assert '<a href="#end_date-day">Enter the date it ended</a>' in body
    assert '<a href="#outcome">Choose the outcome</a>' in body
    request.refresh_from_db()
    assert request.status == "open"


def test_outcome_must_suit_the_event_type(sign_in, users, person):
    client = sign_in(users[Role.SOCIAL_WORKER])
    client.post(f"/people/{person.pk}/events/new/request", _request_data())
    request = Event.objects.get()
    body = client.post(
        f"/events/{request.pk}/status",
        {
            "status": "completed",
            **_date("end_date", date.today()),
            "outcome": "continuation",  # an outcome of a service or review, not a request
            "version": str(request.version),
        },
    ).content.decode()
    assert "Choose an outcome of a request" in body


def test_end_date_before_start_date(sign_in, users, person):
    client = sign_in(users[Role.SOCIAL_WORKER])
    client.post(f"/people/{person.pk}/events/new/request", _request_data())
    request = Event.objects.get()
    body = client.post(
        f"/events/{request.pk}/status",
        {
            "status": "completed",
            **_date("end_date", request.start_date - timedelta(days=1)),
            "outcome": "nfa_information",
            "version": str(request.version),
        },
    ).content.decode()
    assert "End date must be the same as or after the start date" in body
    assert '<a href="#end_date-day">' in body and "<title>Error: " in body
    request.refresh_from_db()
    assert request.status == "open" and request.end_date is None


def test_impossible_start_date(sign_in, users, person):
    data = _request_data(**{"start_date-day": "31", "start_date-month": "2"})
    body = (
        sign_in(users[Role.SOCIAL_WORKER])
        .post(f"/people/{person.pk}/events/new/request", data)
        .content.decode()
    )
    assert '<a href="#start_date-day">Start date must be a real date</a>' in body
    assert not Event.objects.exists()


def test_unknown_vocab_value(sign_in, users, person):
    body = (
        sign_in(users[Role.SOCIAL_WORKER])
        .post(f"/people/{person.pk}/events/new/request", _request_data(route_of_access="teleport"))
        .content.decode()
    )
    assert '<a href="#route_of_access">Choose route of access from the list</a>' in body
    assert 'id="route_of_access-error"' in body and "govuk-select--error" in body
    assert not Event.objects.exists()


def test_missing_required_request_fields_come_from_the_service(sign_in, users, person):
    body = (
        sign_in(users[Role.SOCIAL_WORKER])
        .post(f"/people/{person.pk}/events/new/request", _request_data(contact_source=""))
        .content.decode()
    )
    assert '<a href="#contact_source">' in body
    assert not Event.objects.exists()


def test_service_cost_entered_in_pounds_stored_in_pence(sign_in, users, person):
    data = {
        "client_type": "service_user",
        **_date("start_date", date.today()),
        "status": "open",
        "service_type": "lts_community",
        "delivery_mechanism": "direct_payment",
        "unit_cost": "21.50",
        "planned_units_per_week": "7.5",
    }
    client = sign_in(users[Role.SOCIAL_WORKER])
    body = client.get(f"/people/{person.pk}/events/new/service").content.decode()
    assert 'name="unit_cost"' in body and 'inputmode="decimal"' in body
    response = client.post(f"/people/{person.pk}/events/new/service", data)
    assert response.status_code == 302, response.content.decode()
    service = Event.objects.get()
    assert service.unit_cost_pence == 2150
    assert "£21.50" in client.get(f"/events/{service.pk}").content.decode()


def test_event_page_and_stale_edit(sign_in, users, person):
    client = sign_in(users[Role.SOCIAL_WORKER])
    client.post(f"/people/{person.pk}/events/new/request", _request_data())
    request = Event.objects.get()
    body = client.get(f"/events/{request.pk}").content.decode()
    assert "Family member, friend or neighbour" in body
    assert AuditEntry.objects.filter(action="view", object_type="event").exists()
    old = _request_data(description="my change", version=str(request.version))
    response = client.post(
        f"/events/{request.pk}/edit", _request_data(description="theirs", version="1")
    )
    assert response["Location"] == f"/events/{request.pk}"
    body = client.post(f"/events/{request.pk}/edit", old).content.decode()
    assert "changed by someone else" in body and "my change" in body
    request.refresh_from_db()
    assert request.description == "theirs"


def test_other_team_must_break_glass_to_record(sign_in, users, other_person):
    response = sign_in(users[Role.SOCIAL_WORKER]).get(
        f"/people/{other_person.pk}/events/new/request"
    )
    assert response["Location"] == f"/people/{other_person.pk}/break-glass"


def test_finance_can_view_but_not_record(sign_in, users, person):
    from openasc.access import policy

    finance = users[Role.FINANCE]
    policy.break_glass(finance, person, "Checking a charging query")
    client = sign_in(finance)
    body = client.get(f"/people/{person.pk}").content.decode()
    assert "Record a request" not in body
    assert client.get(f"/people/{person.pk}/events/new/request").status_code == 403
