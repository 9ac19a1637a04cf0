"""Who may see and change a person's record, and on what basis.

A practitioner sees people allocated to their team (in its queue or on a caseload). Anyone
else with a case role must break glass: give a reason, which is recorded and shown to their
manager. A restricted record is open only to the users named on it. Analysts never see
individual people.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import BigIntegerField, F, IntegerField, Q, Value
from django.utils import timezone

from openasc.common.errors import BreakGlassNeeded, NotAllowed

from . import audit
from .models import Allocation, BreakGlass
from .roles import (
    ADMIN_ROLES,
    CASE_ROLES,
    OVERSIGHT_ROLES,
    PERFORMANCE_ROLES,
    PLANNING_ROLES,
    RECORDING_ROLES,
    REGISTERING_ROLES,
    Role,
)


def role(user) -> Role | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return Role(user.role)


def can_search(user) -> bool:
    return role(user) in CASE_ROLES


def can_register(user) -> bool:
    return role(user) in REGISTERING_ROLES


def can_record(user) -> bool:
    return role(user) in RECORDING_ROLES


def is_admin(user) -> bool:
    return role(user) in ADMIN_ROLES


def can_plan(user) -> bool:
    return role(user) in PLANNING_ROLES


def can_see_performance(user) -> bool:
    """The performance pages and metrics API: aggregate figures. A drill-down to the people
    behind a figure still shows only those this user may see (see bases)."""
    return role(user) in PERFORMANCE_ROLES


def has_oversight(user) -> bool:
    return role(user) in OVERSIGHT_ROLES


def is_named_on(user, person) -> bool:
    return person.pk in _named(user, [person.pk])


def visible_to_search(user, person) -> bool:
    return not person.restricted or is_named_on(user, person)


def basis(user, person) -> str | None:
    """Why this user may see this person, or None if they may not (yet)."""
    return bases(user, [person])[person.pk]


def bases(user, people, *, open_allocations=None) -> dict[int, str | None]:
    """basis() for many people in one query (search results, lists).

    `open_allocations`, when the caller has already loaded every allocation of these people
    that is not closed (the person page shows them), is used instead of reading them again;
    the person page's access check then needs no query at all for someone in the team."""
    people = list(people)
    if role(user) not in CASE_ROLES:
        return {p.pk: None for p in people}
    found: dict[int, str | None] = dict.fromkeys((p.pk for p in people), None)
    restricted = [p.pk for p in people if p.restricted]
    open_ids = [p.pk for p in people if not p.restricted]
    preloaded = open_allocations is not None
    if preloaded:
        _give(user, found, [(a.person_id, a.worker_id) for a in open_allocations
                            if a.person_id in open_ids and _mine(user, a)])  # fmt: skip
        open_ids = [pk for pk in open_ids if found[pk] is None]
    # The reasons one can have, read together: one round trip, not one for each.
    parts = []
    if restricted:
        parts.append(_tagged(_named_qs(user, restricted), _NAMED))
    if open_ids and not preloaded:
        parts.append(_tagged(_live_qs(user, open_ids), _ALLOCATED, worker=F("worker_id")))
    if open_ids:
        glass = BreakGlass.objects.filter(
            user=user, person_id__in=open_ids, expires_at__gt=timezone.now()
        )
        parts.append(_tagged(glass, _GLASS))
    rows = []
    if parts:
        rows = list(parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0])
    _give(user, found, [(pk, worker) for kind, pk, worker in rows if kind == _ALLOCATED])
    for kind, pk, _worker in rows:
        if kind == _NAMED:
            found[pk] = "named on a restricted record"
        elif kind == _GLASS and found[pk] is None:
            found[pk] = "break glass"
    return found


def _give(user, found: dict, live: list[tuple[int, int | None]]) -> None:
    """The basis an open allocation gives: the user's own caseload before their team's."""
    for pk, worker_id in live:
        if worker_id == user.pk:
            found[pk] = "on your caseload"
        elif found[pk] is None:
            found[pk] = "allocated to your team"


_NAMED, _ALLOCATED, _GLASS = 1, 2, 3


def _tagged(qs, kind: int, worker=None):
    """(kind, person id, worker id) rows, so that different reasons can share a UNION."""
    worker = worker if worker is not None else Value(None, output_field=BigIntegerField())
    return qs.order_by().values_list(
        Value(kind, output_field=IntegerField()), F("person_id"), worker
    )


def _mine(user, allocation) -> bool:
    """An allocation that is the user's own or their team's (as _live_qs selects)."""
    return allocation.worker_id == user.pk or (
        user.team_id is not None and allocation.team_id == user.team_id
    )


def _live_qs(user, person_ids: list[int]):
    mine = Q(worker=user) | (Q(team_id=user.team_id) if user.team_id else Q(pk__in=[]))
    return Allocation.objects.filter(mine, person_id__in=person_ids).exclude(
        status=Allocation.Status.CLOSED
    )


def _named_qs(user, person_ids: list[int]):
    from openasc.people.models import Person

    through = Person.restricted_to.through
    return through.objects.filter(user_id=user.pk, person_id__in=person_ids)


def _named(user, person_ids: list[int]) -> set[int]:
    if not person_ids:
        return set()
    return set(_named_qs(user, person_ids).values_list("person_id", flat=True))


def check_view(user, person, *, open_allocations=None) -> str:
    """Return the basis for access, or raise NotAllowed / BreakGlassNeeded.
    `open_allocations`: as for bases()."""
    if role(user) not in CASE_ROLES:
        raise NotAllowed("Your role does not give access to individual people's records.")
    # For a restricted record bases() gives a basis only to the staff named on it.
    found = bases(user, [person], open_allocations=open_allocations)[person.pk]
    if person.restricted and found is None:
        raise NotAllowed("This record is restricted to named staff.")
    if found is None:
        raise BreakGlassNeeded(
            "This person is not allocated to your team. To see their record you must give "
            "a reason, which is recorded and shown to your manager."
        )
    return found


def check_record(user, person) -> str:
    """As check_view, and the role must be one that records the journey."""
    found = check_view(user, person)
    if role(user) not in RECORDING_ROLES:
        raise NotAllowed("Your role can view this record but not change it.")
    return found


def break_glass(user, person, reason: str) -> BreakGlass:
    reason = (reason or "").strip()
    if len(reason) < 10:
        from django.core.exceptions import ValidationError

        raise ValidationError({"reason": "Give a reason of at least 10 characters"})
    if role(user) not in CASE_ROLES:
        raise NotAllowed("Your role does not give access to individual people's records.")
    if person.restricted and not is_named_on(user, person):
        raise NotAllowed("This record is restricted to named staff; breaking glass is not enough.")
    grant = BreakGlass.objects.create(
        user=user,
        person=person,
        reason=reason,
        expires_at=timezone.now() + timedelta(hours=settings.BREAK_GLASS_HOURS),
    )
    audit.record(user, "break_glass", person=person, obj=grant, reason=reason)
    return grant
