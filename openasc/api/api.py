"""The REST API, version 1. Thin: each operation checks access through access.policy, calls a
selector or a service, writes the audit trail as the pages do, and returns a schema."""

from __future__ import annotations

from datetime import date

from ninja import NinjaAPI, Path, Query, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer

from openasc.access import audit, policy
from openasc.access.auth import user_for_token
from openasc.common.errors import NotAllowed, ValidationError
from openasc.journey import selectors as journey_selectors
from openasc.journey import services as journey_services
from openasc.journey.models import TYPE_FIELDS, Event
from openasc.people import selectors as people_selectors
from openasc.people import services as people_services
from openasc.vocab.lists import ALL_LISTS

from . import errors
from .errors import ERROR_RESPONSES
from .metrics import router as metrics_router
from .schemas import (
    MAX_ID,
    BreakGlassIn,
    BreakGlassOut,
    EventIn,
    EventOut,
    EventPatch,
    PersonIn,
    PersonOut,
    PersonPatch,
    SearchResult,
    StatusIn,
    StatusOut,
    Text,
    VocabOut,
    VocabSummary,
    foreign_fields,
    vocab_slug,
)

DESCRIPTION = """
The openasc API gives council systems the same person record and journey (requests,
assessments, services and reviews) that practitioners see in the workspace, with the same
access rules and the same audit trail.

**Authentication.** Every operation except this document and `/vocab` needs an API token,
sent as `Authorization: Bearer <key>`. A token acts as the staff member it was issued to; an
administrator issues it and the key is shown once. A missing, wrong, expired or revoked
token gets 401.

**Access rules.** Only case roles may search for or open people (an analyst gets 403). You may
open a person allocated to your team or on your caseload; anyone else answers 403 with code
`break_glass_required` until you `POST /people/{id}/break-glass` with a reason, which is
recorded and shown to your manager. A restricted record is open only to the staff named on it.
Every search, view and change is written to the audit trail.

**Writes.** Records carry a `version`: send the one you read with a PATCH or status change;
if someone else saved in between you get 409 `stale_version` and nothing is written. Codes
come from the national defined lists (`GET /vocab`); money is in whole pence; dates are ISO
(YYYY-MM-DD).

**Performance metrics.** `/metrics` and `/metrics/{code}/data` give the aggregate
figures of the performance pages (ASCOF and operational measures, by week, month, quarter or
financial year, with breakdowns) to team managers, analysts and administrators.

**Errors** always have the shape `{"detail", "code", "errors": {field: [messages]}}`.

The interactive docs page is switched off because Swagger UI needs inline styles that the
site's Content-Security-Policy forbids; load this document into any OpenAPI viewer instead.
""".strip()


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <key>`, checked against the hashed tokens (access.auth)."""

    def authenticate(self, request, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class OpenAscAPI(NinjaAPI):
    def get_operation_id(self, operation) -> str:
        # Plain function names ("get_person") read better in generated clients.
        return operation.view_func.__name__


api = OpenAscAPI(
    title="openasc API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    docs_url=None,
    openapi_url="/openapi.json",
)
errors.install(api)
# Performance measures (aggregates): their own module, for the performance pages' roles.
api.add_router("/metrics", metrics_router)

R = ERROR_RESPONSES
Id = Path(..., ge=1, le=MAX_ID, description="The record's id")


def _case_worker(request):
    """The signed-in user, if their role works with individual people."""
    user = request.auth
    if not policy.can_search(user):
        raise NotAllowed("Your role does not give access to individual people's records.")
    return user


def _blank_nulls(data: dict, keep_null: set[str]) -> dict:
    """Text and code columns store '' rather than null."""
    return {k: ("" if v is None and k not in keep_null else v) for k, v in data.items()}


def _person_out(user, person):
    person.access_basis = policy.basis(user, person)
    return person


def _event(pk: int) -> Event:
    return Event.objects.select_related("person").get(pk=pk)


# People ---------------------------------------------------------------------------------------


class SearchParams(Schema):
    name: Text(200) = ""
    nhs_number: Text(20) = ""
    date_of_birth: date | None = None
    postcode: Text(10) = ""
    limit: int = Query(25, ge=1, le=100)


@api.get("/people", response={200: list[SearchResult], **R}, tags=["people"])
def search_people(request, params: Query[SearchParams]):
    """Find people by name (tolerant of typos), NHS number, date of birth or postcode."""
    user = _case_worker(request)
    query = people_selectors.SearchQuery(
        name=params.name,
        nhs_number=params.nhs_number,
        date_of_birth=params.date_of_birth,
        postcode=params.postcode,
    )
    if query.empty:
        raise HttpError(400, "Enter a name, NHS number, date of birth or postcode to search")
    matches = people_selectors.search(query, visible_to=user, limit=params.limit)
    asked = {
        k: (v.isoformat() if isinstance(v, date) else v)
        for k, v in params.dict(exclude={"limit"}).items()
        if v
    }
    audit.record(user, "search", query=asked, results=len(matches))
    access = policy.bases(user, [m.person for m in matches])
    out = []
    for m in matches:
        p = m.person
        p.score = round(m.score, 1)
        p.access = "allowed" if access[p.pk] else "break_glass_required"
        out.append(p)
    return out


@api.post("/people", response={201: PersonOut, **R}, tags=["people"])
def register_person(request, payload: PersonIn):
    """Register a new person. If people already on record may be them, the answer is 409
    with the candidates; check them, and send again with `not_a_duplicate: true`."""
    user = request.auth
    data = _blank_nulls(payload.dict(exclude={"not_a_duplicate"}), {"nhs_number", "date_of_death"})
    person = people_services.register_person(user, data, not_a_duplicate=payload.not_a_duplicate)
    return Status(201, _person_out(user, person))


@api.get("/people/{id}", response={200: PersonOut, **R}, tags=["people"])
def get_person(request, id: int = Id):
    user = _case_worker(request)
    person = people_selectors.get_person(id)
    basis = policy.check_view(user, person)
    audit.record(user, "view", person=person, obj=person, basis=basis)
    return _person_out(user, person)


@api.patch("/people/{id}", response={200: PersonOut, **R}, tags=["people"])
def update_person(request, payload: PersonPatch, id: int = Id):
    """Change a person's details. Send only the fields to change, and the version you read."""
    user = _case_worker(request)
    person = people_selectors.get_person(id)
    data = _blank_nulls(
        payload.dict(exclude_unset=True, exclude={"version"}), {"nhs_number", "date_of_death"}
    )
    person = people_services.update_person(user, person, data, payload.version)
    return _person_out(user, person)


@api.post("/people/{id}/break-glass", response={201: BreakGlassOut, **R}, tags=["people"])
def break_glass(request, payload: BreakGlassIn, id: int = Id):
    """Open a person who is not allocated to your team, for a limited time, giving a reason
    that is recorded and shown to your manager."""
    user = _case_worker(request)
    person = people_selectors.get_person(id)
    return Status(201, policy.break_glass(user, person, payload.reason))


# Journey --------------------------------------------------------------------------------------

EVENT_NULLABLE = {"end_date", "unit_cost_pence", "planned_units_per_week"}


def _refuse_foreign_fields(event_type: str, data: dict) -> None:
    extra = foreign_fields(event_type, set(data))
    if extra:
        fields = ", ".join(TYPE_FIELDS[event_type])
        raise ValidationError(
            {f: f"A {event_type} does not record {f}; its fields are {fields}" for f in extra}
        )


@api.get("/people/{id}/events", response={200: list[EventOut], **R}, tags=["journey"])
def person_events(request, id: int = Id):
    """The person's journey, newest first."""
    user = _case_worker(request)
    person = people_selectors.get_person(id)
    basis = policy.check_view(user, person)
    audit.record(user, "view", person=person, obj=person, basis=basis, part="timeline")
    return list(journey_selectors.timeline(person))


@api.post("/people/{id}/events", response={201: EventOut, **R}, tags=["journey"])
def record_event(request, payload: EventIn, id: int = Id):
    """Record a request, assessment, service or review. Send the fields of its type only."""
    user = _case_worker(request)
    person = people_selectors.get_person(id)
    data = payload.dict(exclude_unset=True, exclude={"event_type"})
    data["status"] = payload.status
    policy.check_record(user, person)  # before saying anything about the input
    _refuse_foreign_fields(payload.event_type, data)
    event = journey_services.record_event(user, person, payload.event_type, data)
    return Status(201, event)


@api.get("/events/{id}", response={200: EventOut, **R}, tags=["journey"])
def get_event(request, id: int = Id):
    user = _case_worker(request)
    event = _event(id)
    basis = policy.check_view(user, event.person)
    audit.record(user, "view", person=event.person, obj=event, basis=basis)
    return event


@api.patch("/events/{id}", response={200: EventOut, **R}, tags=["journey"])
def update_event(request, payload: EventPatch, id: int = Id):
    """Change an event's details. Status changes go through POST /events/{id}/status."""
    user = _case_worker(request)
    event = _event(id)
    data = _blank_nulls(payload.dict(exclude_unset=True, exclude={"version"}), EVENT_NULLABLE)
    policy.check_record(user, event.person)  # before saying anything about the event
    _refuse_foreign_fields(event.event_type, data)
    return journey_services.update_event(user, event, data, payload.version)


@api.post("/events/{id}/status", response={200: StatusOut, **R}, tags=["journey"])
def move_event(request, payload: StatusIn, id: int = Id):
    """Move an event to another status. Completing needs an end date and an outcome; a
    'progress to …' outcome opens the next event, returned as `next_event`."""
    user = _case_worker(request)
    event = _event(id)
    event, following = journey_services.move_event(
        user,
        event,
        payload.status,
        payload.version,
        end_date=payload.end_date,
        outcome=payload.outcome or "",
    )
    return {"event": event, "next_event": following}


# Vocabulary (public: the national lists hold no personal data) -------------------------------

BY_SLUG = {vocab_slug(dl): dl for dl in ALL_LISTS.values()}


def _vocab(dl) -> dict:
    return {
        "slug": vocab_slug(dl),
        "name": dl.name,
        "cld_field": dl.cld_field,
        "terms": [
            {"code": t.code, "r1": t.r1, "r2": t.r2, "label": t.label, "group": t.group} for t in dl
        ],
    }


@api.get("/vocab", response={200: list[VocabSummary], **R}, auth=None, tags=["vocabulary"])
def list_vocab(request):
    """The defined lists, by slug, with their codes. Needs no token."""
    return [
        {"slug": s, "name": dl.name, "cld_field": dl.cld_field, "codes": dl.codes}
        for s, dl in BY_SLUG.items()
    ]


@api.get("/vocab/{slug}", response={200: VocabOut, **R}, auth=None, tags=["vocabulary"])
def get_vocab(request, slug: Text(60)):
    """One defined list: each code with its CLD Release 1 and Release 2 text. Needs no token."""
    dl = BY_SLUG.get(slug)
    if dl is None:
        raise HttpError(
            404, f"There is no defined list “{slug}”. Lists: {', '.join(sorted(BY_SLUG))}."
        )
    return _vocab(dl)
