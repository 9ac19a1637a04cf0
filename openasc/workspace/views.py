"""The practitioner's pages: home, finding and registering people, the person's record and
journey, break glass, merging, subject access export and the break-glass report.

Views are thin: they check access, call services and selectors, and turn service errors into
form errors (ValidationError, StaleVersion) or a 403 page (PermissionDenied)."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from openasc.access import audit, policy, sar
from openasc.access.models import Allocation
from openasc.access.selectors import break_glass_for_oversight, caseload, team_queue
from openasc.common.errors import BreakGlassNeeded, StaleVersion
from openasc.journey import lifecycle
from openasc.journey import services as journey
from openasc.journey.models import TYPE_FIELDS, Event
from openasc.journey.selectors import (
    eligibility_of,
    plan_review_from,
    reviews_due_for_team,
    timeline,
)
from openasc.money.selectors import latest_budget, latest_financial_assessment
from openasc.money.services import can_assess_charge
from openasc.people import services as people
from openasc.people.models import Person
from openasc.people.selectors import SearchQuery, relationships, search
from openasc.vocab import lists as v
from openasc.vocab.fields import CodeField

from .forms import (
    PERSON_FIELDS,
    PERSON_ORDER,
    BreakGlassForm,
    MergeForm,
    PersonEditForm,
    PersonForm,
    RegisterForm,
    RelationshipForm,
    RestrictionForm,
    SearchForm,
    StatusForm,
    event_form_class,
    event_initial,
)
from .pages import allow, person_or_404, render_page, require, workspace_view

NO_PEOPLE = "Your role does not give access to individual people's records."
PRIORITY_COLOURS = {"urgent": "red", "high": "orange", "normal": "blue", "low": "grey"}
ELIGIBILITY_COLOURS = {"eligible": "green", "not_eligible": "red", "not_yet_determined": "grey"}
STATUS_COLOURS = {
    "planned": "grey",
    "open": "blue",
    "on_hold": "yellow",
    "completed": "green",
    "cancelled": "red",
}
EVENT_ACTIONS = [("request", "Record a request"), ("assessment", "Record an assessment")]
EVENT_ACTIONS += [("service", "Record a service"), ("review", "Record a review")]


def _post(request):
    return request.POST if request.method == "POST" else None


# Home ---------------------------------------------------------------------------------------


@workspace_view
@require_safe
def home(request):
    user = request.user
    if not policy.can_search(user):
        return render_page(request, "home_analyst.html")
    return render_page(
        request,
        "home.html",
        {
            "caseload": list(caseload(user)),
            "queue": team_queue(user.team),
            "reviews": reviews_due_for_team(user.team, user),
            "oversight": policy.has_oversight(user),
            "colours": PRIORITY_COLOURS,
        },
    )


# Finding and registering people ------------------------------------------------------------


@workspace_view
@require_safe
def people_search(request):
    require(policy.can_search(request.user), NO_PEOPLE)
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        query = SearchQuery(
            name=d["name"],
            nhs_number=d["nhs_number"] or "",
            date_of_birth=d["dob"],
            postcode=d["postcode"],
        )
        matches = search(query, visible_to=request.user)
        audit.record(
            request.user,
            "search",
            query={
                "name": query.name,
                "nhs_number": query.nhs_number,
                "date_of_birth": query.date_of_birth.isoformat() if query.date_of_birth else None,
                "postcode": query.postcode,
            },
            results=len(matches),
        )
        access = policy.bases(request.user, [m.person for m in matches])
        results = [(m.person, access[m.person.pk]) for m in matches]
    return render_page(
        request,
        "people_search.html",
        {"form": form, "results": results, "can_register": policy.can_register(request.user)},
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def person_new(request):
    user = request.user
    require(policy.can_register(user), "Your role cannot register people.")
    form = RegisterForm(_post(request))
    candidates = []
    if form.is_bound and form.is_valid():
        try:
            person = people.register_person(
                user, form.person_data(), not_a_duplicate=form.cleaned_data["not_a_duplicate"]
            )
        except people.PossibleDuplicates as e:
            candidates = [(p, policy.visible_to_search(user, p)) for p in e.candidates]
            form.add_error(
                "not_a_duplicate",
                "This person may already be on record. Check the possible matches; if none "
                "is this person, tick the box",
            )
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(request, f"{person} is registered as {person.council_person_id}")
            return redirect("person", person.pk)
    return render_page(request, "person_new.html", {"form": form, "candidates": candidates})


# The person's record -------------------------------------------------------------------------


def _display(obj, name: str) -> str:
    field = type(obj)._meta.get_field(name)
    value = getattr(obj, name)
    if value in (None, ""):
        return ""
    if isinstance(field, CodeField) and field.vocab is not None:
        return field.vocab.label(value)
    if name == "nhs_number":
        return f"{value[:3]} {value[3:6]} {value[6:]}"
    if hasattr(value, "strftime"):
        return value.strftime("%-d %B %Y")
    return str(value)


def _label(model, name: str) -> str:
    text = str(model._meta.get_field(name).verbose_name)
    return text[0].upper() + text[1:]


@functools.cache
def _person_labels() -> dict[str, str]:
    """The question each detail answers, as the forms ask it (built once: a form with every
    CLD list as choices is too dear to build on every page view)."""
    return {name: str(f.label) for name, f in PersonForm().fields.items()}


@workspace_view
@require_safe
def person(request, pk: int):
    person = person_or_404(pk)
    # The page lists the open allocations, and they are what gives most people access: read
    # them first, once, for both.
    allocations = list(
        person.allocations.exclude(status=Allocation.Status.CLOSED)
        .select_related("team", "worker")
        .order_by("opened_on")
    )
    # A merged record's history now lives with the record it was merged into, so access
    # follows that record (and its own allocations).
    if person.merged_into_id:
        basis = allow(request, person.merged_into, obj=person)
    else:
        basis = allow(request, person, obj=person, open_allocations=allocations)
    can_record = policy.can_record(request.user) and not person.merged_into_id
    edit_href = reverse("person-edit", args=[person.pk]) if can_record else None
    labels = _person_labels()
    details = [
        {"key": "Council person id", "value": person.council_person_id},
        *(
            {"key": labels[name], "value": _display(person, name), "href": edit_href}
            for name in PERSON_ORDER
        ),
    ]
    events = list(timeline(person))
    return render_page(
        request,
        "person.html",
        {
            "person": person,
            "basis": basis,
            "details": details,
            "relationships": list(relationships(person)),
            "allocations": allocations,
            "events": events,
            "budget": latest_budget(person),
            "charge": latest_financial_assessment(person),
            "review": plan_review_from(events),
            "can_record": can_record,
            "can_charge": can_assess_charge(request.user) and not person.merged_into_id,
            "can_merge": policy.has_oversight(request.user) and not person.merged_into_id,
            "can_export": policy.is_admin(request.user),
            "event_actions": EVENT_ACTIONS,
            "status_colours": STATUS_COLOURS,
            "priority_colours": PRIORITY_COLOURS,
            "outcome_label": v.EVENT_OUTCOME.label,
            "type_label": v.EVENT_TYPE.label,
        },
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def person_break_glass(request, pk: int):
    person = person_or_404(pk)
    try:
        policy.check_view(request.user, person)
    except BreakGlassNeeded:
        pass  # the expected case; NotAllowed (restricted, or the wrong role) is a 403
    else:
        return redirect("person", person.pk)
    form = BreakGlassForm(_post(request))
    if form.is_bound and form.is_valid():
        try:
            policy.break_glass(request.user, person, form.cleaned_data["reason"])
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            return redirect("person", person.pk)
    return render_page(request, "break_glass.html", {"form": form, "person": person})


@workspace_view
@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    person = person_or_404(pk)
    allow(request, person, record=True)
    initial = {name: getattr(person, name) for name in PERSON_FIELDS}
    initial["nhs_number"] = person.nhs_number or ""
    initial["version"] = person.version
    form = PersonEditForm(_post(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            people.update_person(
                request.user, person, form.person_data(), form.cleaned_data["version"]
            )
        except StaleVersion as e:
            form.add_error(None, str(e))
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(request, f"{person}’s details are saved")
            return redirect("person", person.pk)
    return render_page(request, "person_edit.html", {"form": form, "person": person})


@workspace_view
@require_http_methods(["GET", "POST"])
def person_merge(request, pk: int):
    user = request.user
    require(policy.has_oversight(user), "Only a team manager or administrator can merge records.")
    survivor = person_or_404(pk)
    allow(request, survivor)
    form = MergeForm(_post(request))
    duplicate = None
    if form.is_bound and form.is_valid():
        duplicate = _find_duplicate(request, form, survivor)
        if duplicate is not None and form.cleaned_data["confirm"]:
            try:
                people.merge_people(user, survivor, duplicate, form.cleaned_data["reason"])
            except ValidationError as e:
                form.add_service_errors(e)
            else:
                messages.success(
                    request,
                    f"{duplicate.council_person_id} is merged into {survivor.council_person_id}",
                )
                return redirect("person", survivor.pk)
        elif duplicate is not None and request.POST.get("step") == "confirm":
            form.add_error("confirm", "Tick the box to confirm these are the same person")
    return render_page(
        request,
        "person_merge.html",
        {"form": form, "person": survivor, "duplicate": duplicate},
    )


def _find_duplicate(request, form: MergeForm, survivor: Person) -> Person | None:
    wanted = form.cleaned_data["duplicate"].strip()
    found = Person.objects.filter(council_person_id__iexact=wanted).first()
    if found is None:
        form.add_error("duplicate", f"No person has council person id {wanted}")
        return None
    if found.pk == survivor.pk:
        form.add_error("duplicate", "Enter the id of the other record, not this one")
        return None
    if found.merged_into_id:
        form.add_error("duplicate", f"{wanted} has already been merged into another record")
        return None
    try:
        policy.check_view(request.user, found)
    except BreakGlassNeeded:
        form.add_error(
            "duplicate", f"Open {wanted} first (giving a reason to see it), then merge it"
        )
        return None
    return found


@workspace_view
@require_safe
def person_export(request, pk: int):
    require(policy.is_admin(request.user), "Only an administrator can export a record.")
    person = person_or_404(pk)
    response = JsonResponse(
        sar.export_person(request.user, person), json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = (
        f'attachment; filename="subject-access-{person.council_person_id}.json"'
    )
    return response


# The journey -----------------------------------------------------------------------------------


@workspace_view
@require_http_methods(["GET", "POST"])
def event_new(request, pk: int, event_type: str):
    if event_type not in TYPE_FIELDS:
        raise Http404("No such type of event")
    person = person_or_404(pk)
    allow(request, person, record=True)
    form_class = event_form_class(event_type, creating=True)
    initial = {"start_date": timezone.localdate(), "client_type": "service_user"}
    form = form_class(_post(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            event = journey.record_event(request.user, person, event_type, form.event_data())
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(
                request, f"{v.EVENT_TYPE.label(event_type)} {event.reference} recorded"
            )
            return redirect("person", person.pk)
    return render_page(
        request,
        "event_form.html",
        {"form": form, "person": person, "event": None, "event_type": event_type},
    )


def _event_or_404(pk: int) -> Event:
    return get_object_or_404(
        Event.objects.select_related("person", "previous", "recorded_by"), pk=pk
    )


@workspace_view
@require_safe
def event(request, pk: int):
    event = _event_or_404(pk)
    allow(request, event.person, obj=event)
    rows = [
        {"key": "Type", "value": v.EVENT_TYPE.label(event.event_type)},
        {"key": "Status", "value": event.status_label},
        *(
            {"key": _label(Event, name), "value": _display(event, name)}
            for name in ["client_type", "start_date", "end_date", "outcome"]
        ),
        *(
            {"key": _label(Event, name), "value": _event_value(event, name)}
            for name in TYPE_FIELDS[event.event_type]
        ),
        {"key": "Notes", "value": event.description},
        {
            "key": "Recorded by",
            "value": event.recorded_by.display_name if event.recorded_by else "",
        },
    ]
    return render_page(
        request,
        "event.html",
        {
            "event": event,
            "rows": rows,
            "can_record": policy.can_record(request.user),
            "moves": lifecycle.allowed_moves(event.status),
            "next_events": list(event.next_events.all()),
            "eligibility": eligibility_of(event),
            "eligibility_colours": ELIGIBILITY_COLOURS,
        },
    )


def _event_value(event: Event, name: str) -> str:
    if name == "unit_cost_pence":
        pence = event.unit_cost_pence
        return "" if pence is None else f"£{pence / 100:,.2f}"
    return _display(event, name)


@workspace_view
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    event = _event_or_404(pk)
    allow(request, event.person, record=True)
    closed = event.status in lifecycle.CLOSED
    form_class = event_form_class(event.event_type, creating=False, closed=closed)
    form = form_class(_post(request), initial=event_initial(event))
    if form.is_bound and form.is_valid():
        try:
            journey.update_event(
                request.user, event, form.event_data(), form.cleaned_data["version"]
            )
        except StaleVersion as e:
            form.add_error(None, str(e))
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(request, f"{event} is saved")
            return redirect("event", event.pk)
    return render_page(
        request,
        "event_form.html",
        {"form": form, "person": event.person, "event": event, "event_type": event.event_type},
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def event_status(request, pk: int):
    event = _event_or_404(pk)
    allow(request, event.person, record=True)
    form = StatusForm(event, _post(request), initial={"version": event.version})
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        try:
            event, following = journey.move_event(
                request.user,
                event,
                d["status"],
                d["version"],
                end_date=d["end_date"],
                outcome=d["outcome"] if d["status"] in lifecycle.CLOSED else "",
            )
        except StaleVersion as e:
            form.add_error(None, str(e))
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            text = f"{event} is now {event.status_label.lower()}"
            if following is not None:
                text += f". Next step: {following} ({following.status_label.lower()})"
            messages.success(request, text)
            return redirect("person", event.person_id)
    return render_page(
        request,
        "event_status.html",
        {"form": form, "event": event, "closed": not lifecycle.allowed_moves(event.status)},
    )


# Oversight ---------------------------------------------------------------------------------------


@workspace_view
@require_safe
def break_glass_report(request):
    require(
        policy.has_oversight(request.user),
        "Only team managers and administrators can see the break-glass report.",
    )
    page = Paginator(break_glass_for_oversight(request.user), 50).get_page(request.GET.get("page"))
    return render_page(request, "break_glass_report.html", {"page": page, "now": timezone.now()})


# Relationships and restriction ---------------------------------------------------------------


@workspace_view
@require_http_methods(["GET", "POST"])
def relationship_new(request, pk: int):
    """Record someone around the person: an unpaid carer, a nominee, an advocate, an attorney
    or a deputy. The other person must be on record (register them first if not)."""
    person = person_or_404(pk)
    allow(request, person, record=True)
    form = RelationshipForm(_post(request))
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        wanted = d["other"].strip()
        other = Person.objects.filter(council_person_id__iexact=wanted, merged_into=None).first()
        if other is None:
            form.add_error("other", f"No person has council person id {wanted}")
        else:
            try:
                people.add_relationship(
                    request.user, from_person=other, to_person=person, kind=d["kind"],
                    start_date=d["start_date"], hours_caring_per_week=d["hours_caring_per_week"],
                )  # fmt: skip
            except ValidationError as e:
                form.add_service_errors(e)
            else:
                messages.success(request, f"{other} is recorded as {person}’s {d['kind']}")
                return redirect("person", person.pk)
    return render_page(request, "relationship_new.html", {"form": form, "person": person})


@workspace_view
@require_http_methods(["GET", "POST"])
def person_restriction(request, pk: int):
    require(policy.is_admin(request.user), "Only an administrator can restrict a record.")
    person = person_or_404(pk)
    named = ", ".join(person.restricted_to.values_list("username", flat=True))
    initial = {"restricted": person.restricted, "usernames": named}
    form = RestrictionForm(_post(request), initial=initial)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        try:
            people.set_restriction(request.user, person, d["restricted"], d["usernames"].split(","))
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            state = "restricted to named staff" if d["restricted"] else "no longer restricted"
            messages.success(request, f"The record of {person} is {state}")
            return redirect("home")
    return render_page(request, "person_restriction.html", {"form": form, "person": person})
