"""Who may see and change a person's record, and on what basis.

A practitioner sees people allocated to their team (in its queue or on a caseload). Anyone
else with a case role must break glass: give a reason, which is recorded and shown to their
manager. A restricted record is open only to the users named on it. Analysts never see
individual people.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from openasc.common.errors import BreakGlassNeeded, NotAllowed

from . import audit
from .models import Allocation, BreakGlass
from .roles import (
    ADMIN_ROLES,
    CASE_ROLES,
    OVERSIGHT_ROLES,
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
    """basis() for many people in a handful of queries (search results, lists)."""
    people = list(people)
    if role(user) not in CASE_ROLES:
        return {p.pk: None for p in people}
    ids = [p.pk for p in people]
    live = Allocation.objects.filter(person_id__in=ids).exclude(status=Allocation.Status.CLOSED)
    mine = set(live.filter(worker=user).values_list("person_id", flat=True))
    team = (
        set(live.filter(team_id=user.team_id).values_list("person_id", flat=True))
        if user.team_id
        else set()
    )
    glass = set(
        BreakGlass.objects.filter(
            user=user, person_id__in=ids, expires_at__gt=timezone.now()
        ).values_list("person_id", flat=True)
    )
    named = _named(user, [p.pk for p in people if p.restricted])
    found: dict[int, str | None] = {}
    for p in people:
        if p.restricted:
            found[p.pk] = "named on a restricted record" if p.pk in named else None
        elif p.pk in mine:
            found[p.pk] = "on your caseload"
        elif p.pk in team:
            found[p.pk] = "allocated to your team"
        elif p.pk in glass:
            found[p.pk] = "break glass"
        else:
            found[p.pk] = None
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
