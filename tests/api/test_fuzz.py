"""Schemathesis: generated requests for every operation in the real OpenAPI document, sent
through the WSGI app as a social worker whose team has people. No input may cause a 500."""

from datetime import date, timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from openasc.access.auth import create_token
from openasc.access.roles import Role
from openasc.config.wsgi import application
from openasc.journey import services as journey

# Loading the document makes one request through the app; it needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def keep_connection():
    """The raw WSGI app closes the database connection after each request, which would end
    the test's transaction; Django's own test client avoids this the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(users, person, other_person, keep_connection):
    """A token, and the ids of real records so that many requests reach the services."""
    sw = users[Role.SOCIAL_WORKER]
    event = journey.record_event(
        sw,
        person,
        "request",
        {
            "start_date": date.today() - timedelta(days=2),
            "route_of_access": "community",
            "request_reason": "new_needs",
            "contact_source": "family_friend",
        },
    )
    return {
        "key": create_token(sw, "fuzz"),
        "people": [person.pk, other_person.pk],
        "events": [event.pk],
    }


def _aim_at_real_records(case, world) -> None:
    """Point two in three generated ids at records that exist (the rest stay random)."""
    raw = (case.path_parameters or {}).get("id")
    if not isinstance(raw, int) or raw % 3 == 0:
        return
    pool = world["events"] if "/events/" in case.path else world["people"]
    case.path_parameters["id"] = pool[raw % len(pool)]


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_server_errors(case, world):
    _aim_at_real_records(case, world)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {world['key']}"}, checks=[not_a_server_error]
    )
