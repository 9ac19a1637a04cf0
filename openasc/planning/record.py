"""The episodes table from the council's own record, and calibration and backtests on it.

Read-only selectors over the journey (``Event``) and ``Person`` tables: two queries, read
with ``values_list(...).iterator()`` so that a council of hundreds of thousands of events
is read in one pass without building model instances. Only service users' events count
(carers are not modelled by the engine); cancelled events, and services planned but not
started, are left out, as CLD leaves them out. The output is statistical (counts by cohort
and state), never about one person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Unpack

from openasc.journey.lifecycle import Status
from openasc.journey.models import Event
from openasc.people.models import Person

from .backtest import Backtest, BacktestOptions, backtest
from .calibration import DEFAULT_DIMS, Calibration, calibrate
from .episodes import Episodes, EventRow, PersonRow, build_episodes, person_key

EVENT_FIELDS = (
    "person_id", "event_type", "start_date", "end_date", "outcome", "route_of_access",
    "service_type", "unit_cost_pence", "cost_frequency", "planned_units_per_week",
    "delivery_mechanism",
)  # fmt: skip
CHUNK = 20_000


def record_rows() -> tuple[list[PersonRow], list[EventRow]]:
    """Every person, and every service user's event that counts, as plain rows."""
    keys, people = {}, []
    for pk, nhs, local, dob, dod, gender, psr in Person.objects.values_list(
        "id", "nhs_number", "council_person_id", "date_of_birth", "date_of_death", "gender",
        "primary_support_reason",
    ).iterator(chunk_size=CHUNK):  # fmt: skip
        keys[pk] = person_key(nhs, local)
        people.append(PersonRow(keys[pk], dob, dod, gender, psr))
    rows = (
        Event.objects.filter(client_type="service_user")
        .exclude(status__in=[Status.CANCELLED, Status.PLANNED])
        .order_by()  # the model's default ordering would make the database sort every row
        .values_list(*EVENT_FIELDS)
        .iterator(chunk_size=CHUNK)
    )
    events = [
        EventRow(
            keys[pid], etype, start, end, outcome or "", route or "", stype or "", cost,
            freq or "", float(units) if units is not None else None, delivery or "",
        )
        for pid, etype, start, end, outcome, route, stype, cost, freq, units, delivery in rows
    ]  # fmt: skip
    return people, events


def episodes_from_record(as_of: date | None = None) -> Episodes:
    """The episodes table as the record stood at the end of ``as_of`` (default: all of it)."""
    people, events = record_rows()
    return build_episodes(people, events, as_of)


def calibrate_from_record(
    date_from: date,
    date_to: date,
    population=None,
    *,
    dims: Sequence[str] = DEFAULT_DIMS,
    levels: Mapping[str, Sequence[str]] | None = None,
    pseudo_counts: float = 20.0,
) -> Calibration:
    """Calibrate on the whole months of ``[date_from, date_to)``, reading the record as it
    stood when the window closed (so the same window always gives the same figures, and
    requests still open then count as waiting). ``population``: adults per cohort (see
    ``calibration.calibrate``)."""
    episodes = episodes_from_record(as_of=date_to - timedelta(days=1))
    return calibrate(
        episodes, date_from, date_to, population,
        dims=dims, levels=levels, pseudo_counts=pseudo_counts, source="the council's record",
    )  # fmt: skip


def backtest_from_record(
    date_from: date,
    split: date,
    date_to: date,
    population=None,
    **options: Unpack[BacktestOptions],
) -> Backtest:
    """Calibrate on ``[date_from, split)`` from the record as it stood at the split, project
    to ``date_to`` and compare with the record as it stands now. ``options``: as
    ``backtest``'s."""
    people, events = record_rows()
    history = build_episodes(people, events, as_of=split - timedelta(days=1))
    outcome = build_episodes(people, events)
    return backtest(
        history, outcome, date_from, split, date_to, population,
        source="the council's record", **options,
    )  # fmt: skip
