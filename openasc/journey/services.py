"""Every write to the journey: record an event, edit it, move its status. Completing an event
with a "progress to …" outcome opens the next one."""

from __future__ import annotations

import secrets
from datetime import date

from django.db import transaction

from openasc.access import audit, policy
from openasc.common.errors import ValidationError
from openasc.common.versioning import save_versioned

from . import lifecycle
from .lifecycle import Status
from .models import REQUIRED_FIELDS, TYPE_FIELDS, Event

COMMON_FIELDS = ["client_type", "start_date", "end_date", "description", "outcome"]
PREFIX = {"request": "REQ", "assessment": "ASM", "service": "SRV", "review": "REV"}


def new_reference(event_type: str) -> str:
    return f"{PREFIX[event_type]}-{secrets.token_hex(5).upper()}"


def _check_required(event: Event) -> None:
    if event.status in (Status.PLANNED, Status.CANCELLED):
        return
    missing = {
        f: f"Enter the {Event._meta.get_field(f).verbose_name}"
        for f in REQUIRED_FIELDS[event.event_type]
        if getattr(event, f) in (None, "")
    }
    if missing:
        raise ValidationError(missing)


def _check_dates(event: Event) -> None:
    person = event.person
    errors = {}
    if event.start_date and event.start_date < person.date_of_birth:
        errors["start_date"] = "Start date must be after the person's date of birth"
    if event.start_date and event.start_date > date.today() and event.event_type != "service":
        errors["start_date"] = "Start date must be today or in the past"
    if person.date_of_death and event.start_date and event.start_date > person.date_of_death:
        errors["start_date"] = "Start date must be on or before the person's date of death"
    if event.end_date and event.end_date > date.today():
        errors["end_date"] = "End date must be today or in the past"
    if errors:
        raise ValidationError(errors)


def record_event(user, person, event_type: str, data: dict) -> Event:
    policy.check_record(user, person)
    if event_type not in TYPE_FIELDS:
        raise ValidationError({"event_type": f"“{event_type}” is not a type of event"})
    fields = COMMON_FIELDS + TYPE_FIELDS[event_type] + ["status"]
    event = Event(
        person=person,
        event_type=event_type,
        recorded_by=user,
        reference=new_reference(event_type),
        **{k: v for k, v in data.items() if k in fields and v is not None},
    )
    if event.status not in (Status.OPEN, Status.PLANNED):
        raise ValidationError({"status": "A new event starts open or planned; complete it after"})
    event.full_clean()
    _check_dates(event)
    _check_required(event)
    with transaction.atomic():
        event.save()
        audit.record(user, "create", person=person, obj=event, event_type=event_type)
    return event


def update_event(user, event: Event, data: dict, expected_version: int) -> Event:
    """Edit the details of an event. Status moves go through move_event."""
    policy.check_record(user, event.person)
    if event.status in lifecycle.CLOSED and set(data) - {"description"}:
        raise ValidationError("This event is closed; only its description can be changed")
    fields = [f for f in COMMON_FIELDS + TYPE_FIELDS[event.event_type] if f in data]
    changed = {}
    for f in fields:
        if getattr(event, f) != data[f]:
            changed[f] = [str(getattr(event, f)), str(data[f])]
            setattr(event, f, data[f])
    _check_dates(event)
    _check_required(event)
    with transaction.atomic():
        save_versioned(event, expected_version, fields)
        audit.record(user, "update", person=event.person, obj=event, changed=changed)
    return event


def move_event(
    user,
    event: Event,
    target: str,
    expected_version: int,
    *,
    end_date: date | None = None,
    outcome: str = "",
) -> tuple[Event, Event | None]:
    """Change an event's status along an allowed move. Completing needs an end date and an
    outcome; a "progress to …" outcome opens the next event, linked to this one."""
    policy.check_record(user, event.person)
    if target not in Status.__members__.values():
        raise ValidationError({"status": f"“{target}” is not a status"})
    if not lifecycle.can_move(event.status, target):
        allowed = ", ".join(s.label.lower() for s in lifecycle.allowed_moves(event.status))
        raise ValidationError(
            {
                "status": (
                    f"A {Status(event.status).label.lower()} event cannot become "
                    f"{Status(target).label.lower()}"
                    + (f"; it can become {allowed}" if allowed else "")
                )
            }
        )
    before = event.status
    # Put the caller's object back if the move is refused, so a page that shows the error
    # does not show the refused status as if it had been saved.
    undo = (event.status, event.end_date, event.outcome)
    event.status = target
    if target in lifecycle.CLOSED:
        event.end_date = (
            end_date or event.end_date or (date.today() if target == "cancelled" else None)
        )
        event.outcome = outcome or event.outcome
    try:
        event.full_clean()
        _check_dates(event)
        _check_required(event)
    except ValidationError:
        event.status, event.end_date, event.outcome = undo
        raise
    following = None
    with transaction.atomic():
        save_versioned(event, expected_version, ["status", "end_date", "outcome"])
        audit.record(
            user,
            "status",
            person=event.person,
            obj=event,
            moved=[before, target],
            outcome=event.outcome,
        )
        next_type = (
            lifecycle.next_event_type(event.event_type, event.outcome)
            if target == Status.COMPLETED
            else None
        )
        if next_type:
            following = _open_next(user, event, next_type)
    return event, following


def _open_next(user, event: Event, next_type: str) -> Event:
    defaults: dict = {}
    status = Status.OPEN
    if next_type == "service":
        status = Status.PLANNED  # the plan or reablement details are agreed next
        if event.outcome == "progress_reablement":
            defaults = {"service_type": "sts_st_max", "service_component": "reablement"}
    elif next_type == "assessment" and event.event_type == "review":
        defaults = {"assessment_type": "long_term_review"}
    elif next_type == "assessment":
        defaults = {
            "assessment_type": "carer" if event.client_type != "service_user" else "long_term_first"
        }
    elif next_type == "review":
        defaults = {"review_reason": "planned"}
    following = Event(
        person=event.person,
        event_type=next_type,
        status=status,
        start_date=event.end_date,
        client_type=event.client_type,
        previous=event,
        recorded_by=user,
        reference=new_reference(next_type),
        **defaults,
    )
    following.save()
    audit.record(
        user,
        "create",
        person=event.person,
        obj=following,
        event_type=next_type,
        opened_by=event.reference,
    )
    return following
