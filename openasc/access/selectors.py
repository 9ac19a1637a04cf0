"""Reads for home pages and managers: caseloads, queues, break-glass reports."""

from django.db.models import QuerySet

from .models import Allocation, BreakGlass, User
from .roles import Role

_PRIORITY_ORDER = ["urgent", "high", "normal", "low"]


def caseload(user) -> QuerySet[Allocation]:
    return (
        Allocation.objects.filter(worker=user, status=Allocation.Status.ALLOCATED)
        .select_related("person", "team")
        .order_by("opened_on")
    )


def team_queue(team) -> list[Allocation]:
    if team is None:
        return []
    rows = (
        Allocation.objects.filter(team=team, status=Allocation.Status.QUEUED)
        .select_related("person")
        .order_by("opened_on")[:500]
    )
    return sorted(rows, key=lambda a: (_PRIORITY_ORDER.index(a.priority), a.opened_on))


def break_glass_for_oversight(user) -> QuerySet[BreakGlass]:
    """Break-glass access a manager should see: their team's, or everyone's for an admin."""
    rows = BreakGlass.objects.select_related("user", "person").order_by("-created_at")
    if user.role == Role.ADMINISTRATOR:
        return rows
    return rows.filter(user__team_id=user.team_id)


def team_members(team) -> QuerySet[User]:
    return User.objects.filter(team=team, is_active=True).order_by("last_name", "first_name")
