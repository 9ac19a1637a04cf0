"""Who may see and change a person's record, and on what basis.

A practitioner sees people allocated to their team (in its queue or on a caseload). Anyone
else with a case role must break glass: give a reason, which is recorded and shown to their
manager. A restricted record is open only to the users named on it. Analysts never see
individual people.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from openasc.common.errors import BreakGlassNeeded, NotAllowed

from . import audit
from .models import Allocation, BreakGlass
from .roles import (
    ADMIN_ROLES,
    CASE_ROLES,
    OVERSIGHT_ROLES,
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


def has_oversight(user) -> bool:
    return role(user) in OVERSIGHT_ROLES


def is_named_on(user, person) -> bool:
    return person.pk in _named(user, [person.pk])


def visible_to_search(user, person) -> bool:
    return not person.restricted or is_named_on(user, person)


def basis(user, person) -> str | None:
    """Why this user may see this person, or None if they may not (yet)."""
    return bases(user, [person])[person.pk]


def bases(user, people) -> dict[int, str | None]:
    """basis() for many people in a few queries (search results, lists); one query when
    everyone is on the user's caseload or team."""
    people = list(people)
    if role(user) not in CASE_ROLES:
        return {p.pk: None for p in people}
    found: dict[int, str | None] = dict.fromkeys((p.pk for p in people), None)
    restricted = [p.pk for p in people if p.restricted]
    for pk in _named(user, restricted):
        found[pk] = "named on a restricted record"
    open_ids = [p.pk for p in people if not p.restricted]
    mine = Q(worker=user) | (Q(team_id=user.team_id) if user.team_id else Q(pk__in=[]))
    live = (
        Allocation.objects.filter(mine, person_id__in=open_ids)
        .exclude(status=Allocation.Status.CLOSED)
        .values_list("person_id", "worker_id")
    )
    for pk, worker_id in live:
        if worker_id == user.pk:
            found[pk] = "on your caseload"
        elif found[pk] is None:
            found[pk] = "allocated to your team"
    rest = [pk for pk in open_ids if found[pk] is None]
    if rest:
        glass = BreakGlass.objects.filter(
            user=user, person_id__in=rest, expires_at__gt=timezone.now()
        ).values_list("person_id", flat=True)
        for pk in glass:
            found[pk] = "break glass"
    return found


def _named(user, person_ids: list[int]) -> set[int]:
    if not person_ids:
        return set()
    from openasc.people.models import Person

    through = Person.restricted_to.through
    return set(
        through.objects.filter(user_id=user.pk, person_id__in=person_ids).values_list(
            "person_id", flat=True
        )
    )


def check_view(user, person) -> str:
    """Return the basis for access, or raise NotAllowed / BreakGlassNeeded."""
    if role(user) not in CASE_ROLES:
        raise NotAllowed("Your role does not give access to individual people's records.")
    if person.restricted and not is_named_on(user, person):
        raise NotAllowed("This record is restricted to named staff.")
    found = basis(user, person)
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
