"""The council's record as CLD events (``events_table``): one row per event, the person's
details as they stand now, cancelled and planned events left out.

A person merged into another is counted under the survivor (their events moved with the
merge). Used by the CLD export and by the measures, so both see the same events.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator
from datetime import date

from django.conf import settings
from django.db.models import Q

from openasc.journey.lifecycle import Status
from openasc.journey.models import Event
from openasc.people.models import Person

from .events_table import TABLE, create_sql, postcode_district

CHUNK = 20_000
PERSON_FIELDS = (
    "id", "nhs_number", "council_person_id", "date_of_birth", "date_of_death", "gender",
    "ethnicity", "primary_support_reason", "accommodation_status", "employment_status",
    "postcode",
)  # fmt: skip
EVENT_FIELDS = (
    "id", "person_id", "client_type", "event_type", "reference", "start_date", "end_date",
    "outcome", "route_of_access", "assessment_type", "eligible_needs_identified",
    "service_type", "service_component", "delivery_mechanism", "unit_cost_pence",
    "cost_frequency", "planned_units_per_week", "review_reason", "review_outcomes_achieved",
)  # fmt: skip


def _blank(value):
    return value if value not in ("", None) else None


def people_by_id() -> dict[int, tuple]:
    """Person id -> (person_key, nhs_number, la_person_id, date_of_birth, date_of_death,
    gender, ethnicity, primary_support_reason, accommodation_status, employment_status,
    locality)."""
    out = {}
    rows = Person.objects.values_list(*PERSON_FIELDS).iterator(chunk_size=CHUNK)
    for pk, nhs, local, dob, dod, *coded, postcode in rows:
        key = f"nhs:{nhs}" if nhs else f"la:{local}"
        out[pk] = (
            key, _blank(nhs), local, dob, dod, *(_blank(c) for c in coded),
            postcode_district(postcode),
        )  # fmt: skip
    return out


def record_rows(events=None) -> Iterator[tuple]:
    """Rows in ``COLUMNS`` order for ``events`` (default: every event that counts)."""
    council = settings.COUNCIL_CODE
    people = people_by_id()
    if events is None:
        events = Event.objects.exclude(status__in=[Status.CANCELLED, Status.PLANNED])
    rows = events.order_by().values_list(*EVENT_FIELDS).iterator(chunk_size=CHUNK)
    for pk, person_id, client_type, etype, ref, start, end, *rest in rows:
        person = people[person_id]
        outcome, route, a_type, eligible, s_type, component, delivery = rest[:7]
        pence, frequency, units, r_reason, r_outcomes = rest[7:]
        yield (
            council, 1, pk, *person[:7], _blank(client_type), *person[7:10], etype, ref, start,
            end, _blank(outcome), _blank(route), _blank(a_type), _blank(eligible),
            _blank(s_type), _blank(component), _blank(delivery),
            None if pence is None else pence / 100, _blank(frequency),
            None if units is None else float(units), _blank(r_reason), _blank(r_outcomes),
            person[10],
        )  # fmt: skip


def in_period(date_from: date, date_to: date):
    """Events CLD counts in [date_from, date_to]: requests, assessments and reviews that
    ended in it, services active in it (started by its end, not ended before its start)."""
    counted = Event.objects.exclude(status__in=[Status.CANCELLED, Status.PLANNED])
    ended = Q(end_date__gte=date_from, end_date__lte=date_to)
    active = Q(event_type="service", start_date__lte=date_to) & (
        Q(end_date__isnull=True) | Q(end_date__gte=date_from)
    )
    return counted.filter(ended & ~Q(event_type="service") | active)


def load_record(con, table: str = TABLE, events=None) -> int:
    """Fill DuckDB table ``table`` (replaced if there) from the record; returns its rows.

    Rows go through a temporary CSV file: DuckDB's COPY reads it far faster than inserts
    from Python, and memory stays flat however large the record."""
    con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(create_sql(table))
    with tempfile.NamedTemporaryFile("w", suffix=".csv", newline="", delete=False) as f:
        out = csv.writer(f)
        total = 0
        for row in record_rows(events):
            out.writerow(row)
            total += 1
    try:
        con.execute(f"COPY {table} FROM '{f.name}' (FORMAT csv, HEADER false, NULLSTR '')")
    finally:
        os.unlink(f.name)
    return total
