"""Reads of the journey shared by pages, API and returns."""

from django.db.models import QuerySet

from .models import Event


def timeline(person) -> QuerySet[Event]:
    """Every event in the person's journey, newest first."""
    return (
        Event.objects.filter(person=person)
        .select_related("recorded_by")
        .order_by("-start_date", "-id")
    )


def open_events(person) -> QuerySet[Event]:
    return Event.objects.filter(person=person).exclude(status__in=["completed", "cancelled"])
