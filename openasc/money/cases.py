"""Reads over every open case at once, for recalculating and calibrating: the people in
long-term support today, what their packages cost a week, and their latest budget and
financial assessment. A few set-based queries, whatever the number of people."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from openasc.journey.models import Event
from openasc.journey.selectors import LONG_TERM_SERVICES, RUNNING
from openasc.people.models import Person

from .models import FinancialAssessment, SupportBudget

CHUNK = 5000  # people per query: below SQLite's limit on bound parameters


@dataclass
class OpenCase:
    person_id: int
    weekly_cost_pence: int = 0
    budget: dict | None = None  # latest SupportBudget as values()
    charge: dict | None = None  # latest FinancialAssessment as values()
    date_of_birth: date | None = None
    primary_support_reason: str = ""
    postcode: str = ""


def weekly_cost(unit_cost_pence, units_per_week, frequency) -> int:
    """A component's weekly cost as CLD records it: unit cost × planned units a week."""
    if unit_cost_pence is None or frequency == "one_off":
        return 0
    return round(unit_cost_pence * float(units_per_week or 0))


def open_cases() -> dict[int, OpenCase]:
    """Everyone with long-term support running (open or on hold), keyed by person id."""
    cases: dict[int, OpenCase] = {}
    services = Event.objects.filter(
        event_type="service", status__in=RUNNING, service_type__in=LONG_TERM_SERVICES
    ).values_list("person_id", "unit_cost_pence", "planned_units_per_week", "cost_frequency")
    for pid, cost, units, freq in services.iterator(chunk_size=CHUNK):
        case = cases.get(pid) or cases.setdefault(pid, OpenCase(pid))
        case.weekly_cost_pence += weekly_cost(cost, units, freq)
    ids = sorted(cases)
    for part in _chunks(ids):
        for row in Person.objects.filter(pk__in=part).values_list(
            "pk", "date_of_birth", "primary_support_reason", "postcode"
        ):
            c = cases[row[0]]
            c.date_of_birth, c.primary_support_reason, c.postcode = row[1], row[2] or "", row[3]
        # Newest first: the first row seen for a person is their latest.
        for b in SupportBudget.objects.filter(person_id__in=part).order_by(
            "person_id", "-created_at", "-id"
        ).values("id", "person_id", "answers", "carer_support", "indicative_weekly_pence",
                 "agreed_weekly_pence", "rules_id"):  # fmt: skip
            if cases[b["person_id"]].budget is None:
                cases[b["person_id"]].budget = b
        for f in FinancialAssessment.objects.filter(person_id__in=part).order_by(
            "person_id", "-assessed_on", "-id"
        ).values("id", "person_id", "inputs", "weekly_charge_pence", "cost_of_care_weekly_pence",
                 "rules_id"):  # fmt: skip
            if cases[f["person_id"]].charge is None:
                cases[f["person_id"]].charge = f
    return cases


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]
