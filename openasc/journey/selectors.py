"""Reads of the journey shared by pages, API and returns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone

from openasc.access.models import Allocation
from openasc.people.models import Person
from openasc.rules import reviews
from openasc.vocab import lists as v

from . import rulebook
from .lifecycle import Status
from .models import EligibilityDecision, Event


def timeline(person) -> QuerySet[Event]:
    """Every event in the person's journey, newest first."""
    return (
        Event.objects.filter(person=person)
        .select_related("recorded_by")
        .order_by("-start_date", "-id")
    )


def open_events(person) -> QuerySet[Event]:
    return Event.objects.filter(person=person).exclude(status__in=["completed", "cancelled"])


def eligibility_of(event: Event) -> EligibilityDecision | None:
    """The eligibility decision recorded on an assessment, if there is one."""
    if event.event_type != "assessment":
        return None
    return EligibilityDecision.objects.filter(assessment=event).select_related("rules").first()


# Plan reviews ----------------------------------------------------------------------------------

# A care and support plan is reviewed while long-term support is running; short-term support
# (reablement and the like) ends rather than being reviewed.
LONG_TERM_SERVICES = tuple(t.code for t in v.SERVICE_TYPE if t.group == "long_term")
RUNNING = (Status.OPEN.value, Status.ON_HOLD.value)
_SERVICE_RUNNING = Q(event_type="service", status__in=RUNNING, service_type__in=LONG_TERM_SERVICES)
_REVIEW_DONE = Q(event_type="review", status=Status.COMPLETED.value, end_date__isnull=False)


@dataclass(frozen=True)
class PlanReview:
    """When a person's care and support plan is next due for review, and why."""

    person_id: int
    due: reviews.ReviewDue
    started: date  # the latest running long-term service began
    last_review: date | None  # the latest completed review ended
    overdue: bool
    person: object = None  # filled in for lists of people

    @property
    def first(self) -> bool:
        return self.due.kind == reviews.PLAN_FIRST


def _plan_review(person_id, started, last_review, today, rules) -> PlanReview:
    due = reviews.next_plan_review(rules, started, last_review)
    return PlanReview(person_id, due, started, last_review, reviews.is_overdue(due, today))


def plan_review_from(events: Iterable[Event], today: date | None = None) -> PlanReview | None:
    """The next plan review from a person's events already loaded (the timeline), so the
    person page needs no query of its own. None when no long-term service is running."""
    started = last = None
    person_id = None
    for e in events:
        person_id = e.person_id
        if (
            e.event_type == "service"
            and e.status in RUNNING
            and e.service_type in LONG_TERM_SERVICES
        ):
            started = e.start_date if started is None else max(started, e.start_date)
        elif e.event_type == "review" and e.status == Status.COMPLETED and e.end_date:
            last = e.end_date if last is None else max(last, e.end_date)
    if started is None:
        return None
    today = today or timezone.localdate()
    return _plan_review(person_id, started, last, today, rulebook.in_force("reviews", today))


def _may_be_due_by(horizon: date, rules) -> Q:
    """Leaves out, in the database, people whose review cannot be due by `horizon`, so only
    the rest are worked out in Python. Exact for a first review (due a fixed number of weeks
    after the service started); for a later one, a month is taken as 28 days, so nobody due
    is left out."""
    first_weeks, later_months = reviews.plan_review_limits(rules)
    first_by = horizon - timedelta(weeks=first_weeks)
    later_by = horizon - timedelta(days=28 * later_months)
    first = Q(last__isnull=True) | Q(last__lte=F("started"))
    return (first & Q(started__lte=first_by)) | Q(last__gt=F("started"), last__lte=later_by)


def reviews_due_for_team(
    team, user, *, within_days: int = 28, limit: int = 50, today: date | None = None
) -> list[PlanReview]:
    """People allocated to the team with long-term support running whose plan review is due
    within `within_days` or overdue, soonest first. Two queries whatever the team's size:
    one for every person's latest service start and review end, one for the people shown.
    Restricted records are left out unless the user is named on them."""
    if team is None:
        return []
    today = today or timezone.localdate()
    rules = rulebook.in_force("reviews", today)
    horizon = today + timedelta(days=within_days)
    allocated = (
        Allocation.objects.filter(team=team)
        .exclude(status=Allocation.Status.CLOSED)
        .filter(Q(person__restricted=False) | Q(person__restricted_to=user))
        .values("person_id")
    )
    rows = (
        Event.objects.filter(person_id__in=allocated, event_type__in=["service", "review"])
        .values("person_id")
        .annotate(
            started=Max("start_date", filter=_SERVICE_RUNNING),
            last=Max("end_date", filter=_REVIEW_DONE),
        )
        .filter(started__isnull=False)
        .filter(_may_be_due_by(horizon, rules))
        .order_by()
    )
    due = [_plan_review(r["person_id"], r["started"], r["last"], today, rules) for r in rows]
    due = sorted((d for d in due if d.due.due <= horizon), key=lambda d: (d.due.due, d.person_id))
    due = due[:limit]
    people = Person.objects.in_bulk([d.person_id for d in due])
    return [
        PlanReview(d.person_id, d.due, d.started, d.last_review, d.overdue, people[d.person_id])
        for d in due
        if d.person_id in people
    ]
