"""The same seed builds the same council; another seed builds a different one."""

from datetime import date

import pytest
from django.db import transaction

from openasc.demo.generator import NotEmpty, generate
from openasc.journey.models import Event
from openasc.people.models import Person

AS_OF = date(2025, 6, 30)
PERSON_FIELDS = [
    f.attname for f in Person._meta.concrete_fields if f.attname not in ("created_at", "updated_at")
]


def _build(seed: int) -> tuple[list, list]:
    """Generate a small council, read it back, and roll it away."""
    with transaction.atomic():
        generate(2000, 1, seed, as_of=AS_OF)
        people = list(Person.objects.order_by("id").values_list(*PERSON_FIELDS))
        events = list(
            Event.objects.order_by("id").values_list(
                "reference", "person__council_person_id", "event_type", "status", "start_date",
                "end_date", "outcome", "previous__reference", "service_type", "unit_cost_pence",
                "service_component", "delivery_mechanism", "provider_name",
                "planned_units_per_week", "recorded_by__username",
            )
        )  # fmt: skip
        transaction.set_rollback(True)
    return people, events


@pytest.mark.django_db
def test_same_seed_same_people_and_events():
    first = _build(11)
    second = _build(11)
    assert first[0] and first[1]
    assert first[0] == second[0]
    assert first[1] == second[1]


@pytest.mark.django_db
def test_different_seed_different_council():
    people_a, events_a = _build(11)
    people_b, events_b = _build(12)
    refs_a = {e[0] for e in events_a}
    refs_b = {e[0] for e in events_b}
    assert not refs_a & refs_b
    cpid = PERSON_FIELDS.index("council_person_id")
    assert {p[cpid] for p in people_a}.isdisjoint({p[cpid] for p in people_b})


@pytest.mark.django_db
def test_refuses_a_database_with_people(person):
    with pytest.raises(NotEmpty, match="already holds 1 people"):
        generate(2000, 1, 1, as_of=AS_OF)


@pytest.mark.django_db
@pytest.mark.parametrize(("adults", "years"), [(999, 1), (5000, 0), (5000, 21)])
def test_rejects_unusable_sizes(adults, years):
    with pytest.raises(ValueError, match="adults must be|years must be"):
        generate(adults, years, 1, as_of=AS_OF)
