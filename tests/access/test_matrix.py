"""The access matrix: every page URL and every API operation, for every role and for a
visitor who has not signed in, must have an expected answer here. A new URL that is not in
these tables fails the test, so nothing can be added without deciding who may use it."""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from openasc.access.auth import create_token
from openasc.access.roles import Role
from openasc.journey import services as journey
from openasc.planning.services import start_run
from tests.returns.performance_world import TEST_METRIC, metric_registered

SMALL_SCENARIO = "name: Tiny\nadults: 5000\nyears: 1\nruns: 2\n"

R = Role
ANON = "anonymous"
ALL_ROLES = list(Role)
NORTH = {R.SOCIAL_WORKER, R.OCCUPATIONAL_THERAPIST, R.TEAM_MANAGER}  # the person's team
CASE = set(Role) - {R.ANALYST}
RECORDING = {R.FRONT_DOOR, R.SOCIAL_WORKER, R.OCCUPATIONAL_THERAPIST, R.TEAM_MANAGER,
             R.SAFEGUARDING_LEAD}  # fmt: skip
PLANNING = {R.ANALYST, R.TEAM_MANAGER, R.ADMINISTRATOR}
# Performance figures are aggregates, for the same roles; a drill-down lists only the people
# the viewer may see (tests/returns/test_pages.py).
PERFORMANCE = {R.ANALYST, R.TEAM_MANAGER, R.ADMINISTRATOR}
BREAK_GLASS = 302  # redirected to the break-glass page
SIGN_IN = 302  # redirected to sign in


def expect(ok, *, ok_code=200, outside=403, anon=SIGN_IN, **by_role):
    """Expected status per role: ok_code for roles in `ok`, `outside` for the rest."""
    table = {role: (ok_code if role in ok else outside) for role in ALL_ROLES}
    table.update({Role(k): v for k, v in by_role.items()})
    table[ANON] = anon
    return table


def person_route(ok_code=200, *, allowed=NORTH, **by_role):
    """A page about the North team's person: their team may; other case roles must break
    glass; analysts never."""
    return expect(allowed, ok_code=ok_code, outside=BREAK_GLASS, analyst=403, **by_role)


PAGES = {
    "healthz": expect(ALL_ROLES, anon=200),
    "govuk-assets": expect(ALL_ROLES, ok_code=302, anon=302),
    "sign-in": expect(ALL_ROLES, anon=200),
    "sign-in-code": expect([], outside=302, anon=302),  # only mid-sign-in with a second factor
    "sign-out": expect([], outside=405, anon=405),  # POST only
    "two-factor": expect(ALL_ROLES),
    "home": expect(ALL_ROLES),
    "people-search": expect(CASE),
    "person-new": expect(RECORDING),
    "person": person_route(),
    # Those who already have access are sent straight on to the person.
    "person-break-glass": expect(
        CASE, social_worker=302, occupational_therapist=302, team_manager=302
    ),
    # Finance may view (after breaking glass) but never edit.
    "person-edit": person_route(),
    "person-merge": person_route(
        allowed={R.TEAM_MANAGER},
        social_worker=403,
        occupational_therapist=403,
        front_door=403,
        safeguarding_lead=403,
        finance=403,
    ),
    "person-export": expect({R.ADMINISTRATOR}),
    "person-restriction": expect({R.ADMINISTRATOR}),
    "relationship-new": person_route(),
    "event-new": person_route(),
    "event": person_route(),
    "event-edit": person_route(),
    "event-status": person_route(),
    # Eligibility is recorded by the person's team (on an assessment; other events are 404).
    "eligibility": person_route(),
    # Budgets are recorded by the team; finance may see them after breaking glass. Finance
    # may also record a financial assessment (tested in tests/workspace/test_charge.py, since
    # here finance has not broken glass).
    "budget": person_route(),
    "budget-agree": person_route(),
    "charge": person_route(),
    "charge-result": person_route(),
    "break-glass-report": expect({R.TEAM_MANAGER, R.ADMINISTRATOR}),
    # Planning is aggregate only: commissioners and analysts, managers, administrators.
    "planning": expect(PLANNING),
    "planning-run": expect(PLANNING),
    "planning-run-file": expect(PLANNING),
    "performance": expect(PERFORMANCE),
    "performance-metric": expect(PERFORMANCE),
    "performance-people": expect(PERFORMANCE),
    "scrutiny": expect(PERFORMANCE),
}


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def _page_patterns():
    """Every page pattern (the API has its own table below)."""
    return [(route, p) for route, p in _patterns() if not route.startswith("api/")]


def test_every_page_url_is_in_the_matrix():
    names = {p.name for _, p in _page_patterns()}
    assert None not in names, "every page URL needs a name"
    assert names == set(PAGES), (
        f"missing from PAGES: {names - set(PAGES)}; no longer exist: {set(PAGES) - names}"
    )


@pytest.fixture
def world(users, person, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the performance pages' snapshot
    settings.RETURNS_SNAPSHOT_SECONDS = 3600  # built once for the test, not per page
    sw = users[R.SOCIAL_WORKER]
    event = journey.record_event(sw, person, "request", {
        "start_date": date.today(), "route_of_access": "community",
        "request_reason": "new_needs", "contact_source": "self"})  # fmt: skip
    assessment = journey.record_event(sw, person, "assessment", {
        "start_date": date.today(), "assessment_type": "long_term_first",
        "assessment_method": "face_to_face"})  # fmt: skip
    run = start_run(users[R.ANALYST], SMALL_SCENARIO)
    with metric_registered():  # a measure with a drill-down, whatever else is registered
        yield {"person": person, "event": event, "assessment": assessment, "run": run}


def _page_url(route: str, world) -> str:
    url = "/" + route
    event = world["assessment"] if route.endswith("/eligibility") else world["event"]
    if route.startswith("planning/"):
        pk = world["run"].pk
    else:
        pk = event.pk if route.startswith("events/") else world["person"].pk
    for key, value in {
        "<int:pk>": pk,
        "<str:name>": "cost.svg",
        "<str:code>": TEST_METRIC.code if route.endswith("/people") else "ascof-2a",
        "<int:year>": "2024",
        "<str:event_type>": "request",
        "<path:path>": "fonts/light-94a07e06a1-v2.woff2",
    }.items():
        url = url.replace(key, str(value))
    return url


@pytest.mark.parametrize("who", [*ALL_ROLES, ANON], ids=str)
def test_page_access(client, users, world, who):
    if who != ANON:
        client.force_login(users[who])
    failures = []
    for route, pattern in _page_patterns():
        url = _page_url(route, world)
        got = client.get(url).status_code
        want = PAGES[pattern.name][who]
        if got != want:
            failures.append(f"{url} ({pattern.name}): expected {want}, got {got}")
    assert not failures, f"{who}:\n" + "\n".join(failures)


# API -----------------------------------------------------------------------------------------

API_AUTH = 401
API = {
    ("get", "/people"): expect(CASE, anon=API_AUTH),
    ("post", "/people"): expect(RECORDING, ok_code=201, anon=API_AUTH),
    ("get", "/people/{id}"): expect(NORTH, anon=API_AUTH),
    ("patch", "/people/{id}"): expect(NORTH, anon=API_AUTH),
    ("post", "/people/{id}/break-glass"): expect(CASE, ok_code=201, anon=API_AUTH),
    ("get", "/people/{id}/events"): expect(NORTH, anon=API_AUTH),
    ("post", "/people/{id}/events"): expect(NORTH, ok_code=201, anon=API_AUTH),
    ("get", "/events/{id}"): expect(NORTH, anon=API_AUTH),
    ("patch", "/events/{id}"): expect(NORTH, anon=API_AUTH),
    ("post", "/events/{id}/status"): expect(NORTH, anon=API_AUTH),
    ("get", "/vocab"): expect(ALL_ROLES, anon=200),
    ("get", "/vocab/{slug}"): expect(ALL_ROLES, anon=200),
    ("get", "/metrics"): expect(PERFORMANCE, anon=API_AUTH),
    ("get", "/metrics/{code}/data"): expect(PERFORMANCE, anon=API_AUTH),
}


def _api_operations(client):
    doc = client.get("/api/v1/openapi.json").json()
    return [(m, path) for path, ops in doc["paths"].items() for m in ops
            if m in {"get", "post", "patch", "put", "delete"}]  # fmt: skip


def test_every_api_operation_is_in_the_matrix(client, db):
    ops = set(_api_operations(client))
    prefix = "/api/v1"
    ops = {(m, p.removeprefix(prefix)) for m, p in ops}
    assert ops == set(API), f"missing: {ops - set(API)}; no longer exist: {set(API) - ops}"


def _api_call(client, method, path, world, headers, counter):
    person, event = world["person"], world["event"]
    path = path.replace("{id}", str(event.pk if path.startswith("/events") else person.pk))
    path = path.replace("{slug}", "gender")
    if path == "/metrics/{code}/data":
        path = "/metrics/ascof-2a/data?from=2024-04-01&to=2025-03-31"
    if (method, path) == ("get", "/people"):
        path += "?name=Lovelock"
    body = {
        ("post", "/people"): {"given_name": "Test", "family_name": f"Newperson{counter}",
                              "date_of_birth": f"19{50 + counter}-01-01"},
        ("patch", "/people/{id}"): {"version": person.version, "preferred_name": "Ada"},
        ("post", "/people/{id}/break-glass"): {"reason": "Checking a call from the GP surgery"},
        ("post", "/people/{id}/events"): {
            "event_type": "request", "start_date": date.today().isoformat(),
            "route_of_access": "community", "request_reason": "new_needs",
            "contact_source": "self"},
        ("patch", "/events/{id}"): {"version": event.version, "description": "Checked"},
        ("post", "/events/{id}/status"): {"status": "on_hold", "version": event.version},
    }.get((method, path_key(path.split("?")[0], world)))  # fmt: skip
    fn = getattr(client, method)
    kwargs = {"content_type": "application/json", "data": body} if body is not None else {}
    return fn("/api/v1" + path, headers=headers, **kwargs)


def path_key(path: str, world) -> str:
    return (path.replace(str(world["event"].pk), "{id}", 1) if path.startswith("/events")
            else path.replace(str(world["person"].pk), "{id}", 1))  # fmt: skip


@pytest.mark.parametrize("who", [*ALL_ROLES, ANON], ids=str)
def test_api_access(client, users, world, who):
    headers = {}
    if who != ANON:
        headers["Authorization"] = f"Bearer {create_token(users[who], 'matrix')}"
    failures = []
    # Breaking glass last: it changes what the other operations allow.
    ops = sorted(API, key=lambda op: (op[1].endswith("break-glass"), op))
    for counter, (method, path) in enumerate(ops):
        world["person"].refresh_from_db()
        world["event"].refresh_from_db()
        got = _api_call(client, method, path, world, headers, counter).status_code
        want = API[(method, path)][who]
        if got != want:
            failures.append(f"{method.upper()} {path}: expected {want}, got {got}")
    assert not failures, f"{who}:\n" + "\n".join(failures)
