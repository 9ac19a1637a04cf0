"""Build the synthetic council "Demoshire" into an empty database.

    generate(adults=60000, years=3, seed=1) -> {"people": …, "events": …, …}

The same seed always gives the same people, events and references (for the same `as_of`
day, which defaults to today so that the demo's open cases are current). Staff accounts get
one demo password. This is not a person's action, so rows are not audited one by one: one
audit entry, "demo_generated", records the parameters and counts.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from openasc.access import audit
from openasc.access.models import Allocation, Team, User
from openasc.access.roles import Role
from openasc.common.db import refresh_planner_statistics
from openasc.journey import rulebook
from openasc.journey.models import EligibilityDecision, Event
from openasc.money.models import FinancialAssessment, SupportBudget
from openasc.people.identifiers import fold_name, name_keys
from openasc.people.models import Person, Relationship

from . import mix as m
from . import writer
from .money import MoneyRows
from .names import FAMILY, GIVEN_FEMALE, GIVEN_MALE
from .simulate import Simulation, Staff
from .staff import DEMO_PASSWORD, TEAMS, staff_plan

PERSON_COLUMNS = [
    "id", "version", "created_at", "updated_at", "council_person_id", "nhs_number",
    "given_name", "family_name", "preferred_name", "date_of_birth", "date_of_death", "gender",
    "ethnicity", "postcode", "gp_practice_code", "primary_support_reason",
    "accommodation_status", "employment_status", "has_unpaid_carer", "autism",
    "visual_impairment", "hearing_impairment", "dementia", "client_funding_status",
    "restricted", "merged_into_id", "family_folded", "given_folded", "family_key",
    "family_key_rev",
]  # fmt: skip
EVENT_COLUMNS = [
    "id", "version", "created_at", "updated_at", "person_id", "event_type", "reference",
    "client_type", "status", "start_date", "end_date", "description", "outcome", "previous_id",
    "recorded_by_id", "route_of_access", "request_reason", "contact_source", "assessment_type",
    "assessment_method", "eligible_needs_identified", "service_type", "service_component",
    "delivery_mechanism", "provider_name", "cqc_location_id", "unit_cost_pence",
    "cost_frequency", "planned_units_per_week", "review_reason", "review_method",
    "review_outcomes_achieved",
]  # fmt: skip
RELATIONSHIP_COLUMNS = [
    "id", "version", "created_at", "updated_at", "from_person_id", "to_person_id", "kind",
    "start_date", "end_date", "hours_caring_per_week", "notes",
]  # fmt: skip
ALLOCATION_COLUMNS = [
    "id", "version", "created_at", "updated_at", "person_id", "team_id", "worker_id", "status",
    "priority", "reason", "opened_on", "closed_on",
]  # fmt: skip

Progress = Callable[[str, float], None]


class NotEmpty(Exception):
    def __init__(self, people: int):
        super().__init__(
            f"The database already holds {people:,} people. The demo only goes into an empty "
            "database: point DATABASE_URL at a new one (or use --if-empty to skip quietly)."
        )


def generate(
    adults: int,
    years: int,
    seed: int,
    progress: Progress | None = None,
    *,
    as_of: date | None = None,
    password: str = DEMO_PASSWORD,
) -> dict[str, int]:
    """Generate Demoshire; returns counts of what was made."""
    if adults < 1000:
        raise ValueError("adults must be at least 1,000")
    if not 1 <= years <= 20:
        raise ValueError("years must be between 1 and 20")
    as_of = as_of or date.today()
    report = progress or (lambda stage, fraction: None)
    existing = Person.objects.count()
    if existing:
        raise NotEmpty(existing)

    with transaction.atomic():
        report("Creating teams and staff", 0.0)
        staff, users = _staff(adults, seed, password)
        report("Simulating journeys", 0.02)
        sim = Simulation(adults, years, seed, as_of.toordinal(), staff)
        expected = int(adults * m.LONG_TERM_SHARE) + int(
            adults * m.REQUESTS_PER_ADULT_YEAR * 0.93 * years
        )
        done = [0]

        def sim_progress(n: int) -> None:
            done[0] += n
            report("Simulating journeys", 0.02 + 0.33 * min(1.0, done[0] / expected))

        sim.run(sim_progress)
        total_rows = len(sim.people) + len(sim.events) + len(sim.relationships)
        total_rows += len(sim.allocations)
        written = [0]

        def write_progress(n: int) -> None:
            written[0] += n
            report("Writing to the database", 0.35 + 0.63 * min(1.0, written[0] / total_rows))

        fmt = _Formats(connection.vendor == "postgresql")
        counts = {"teams": len(staff.team_ids), "staff": len(users)}
        counts["people"] = writer.insert(
            Person, PERSON_COLUMNS, _person_rows(sim, fmt), write_progress
        )
        counts["events"] = writer.insert(
            Event, EVENT_COLUMNS, _event_rows(sim, fmt), write_progress
        )
        counts["relationships"] = writer.insert(
            Relationship, RELATIONSHIP_COLUMNS, _relationship_rows(sim, fmt), write_progress
        )
        counts["allocations"] = writer.insert(
            Allocation, ALLOCATION_COLUMNS, _allocation_rows(sim, fmt), write_progress
        )
        counts["restricted"] = writer.insert(
            Person.restricted_to.through, ["person_id", "user_id"], iter(sim.restricted)
        )
        writer.reset_sequences(Person, Event, Relationship, Allocation)
        report("Working out budgets and charges", 0.98)
        counts.update(_money(sim, seed, as_of, fmt))
        for etype in ("request", "assessment", "service", "review"):
            counts[f"{etype}s"] = sum(1 for e in sim.events if e[2] == etype)
        counts["open_events"] = sum(1 for e in sim.events if e[5] == "open")
        counts["carers"] = sum(1 for p in sim.people if p[11] == "social_carer")
        counts["long_term_now"] = _long_term_now(sim)
        counts["population_estimates"] = _population(adults, years, as_of)
        audit.record(
            None,
            "demo_generated",
            adults=adults,
            years=years,
            seed=seed,
            as_of=as_of.isoformat(),
            counts=counts,
        )
    refresh_planner_statistics(vacuum=True)
    report("Done", 1.0)
    return counts


def _population(adults: int, years: int, as_of: date) -> int:
    """The demo council's own mid-year estimates, for every year of its record."""
    from django.conf import settings

    from openasc.population.demo import demo_estimates
    from openasc.population.load import save

    span = range(as_of.year - years, as_of.year + 1)
    cells = demo_estimates(settings.COUNCIL_CODE, adults, span, as_of.year)
    return save(cells).rows


def _money(sim: Simulation, seed: int, as_of: date, fmt: _Formats) -> dict[str, int]:
    """Eligibility, budgets and charges for everyone in long-term support, by the rules."""
    versions = {d: rulebook.in_force(d, as_of) for d in ("eligibility", "ras", "charging")}
    for version in versions.values():
        rulebook.snapshot(version)
    rows = MoneyRows(sim, seed, as_of, versions)
    return {
        "eligibility_decisions": writer.insert(
            EligibilityDecision, ["assessment_id", "version", "created_at", "updated_at", "kind",
                                  "answers", "status", "steps", "rules_id"],
            rows.eligibility(fmt.stamp)),
        "budgets": writer.insert(
            SupportBudget, ["created_at", "updated_at", "person_id", "assessment_id", "answers",
                            "carer_support", "indicative_weekly_pence", "agreed_weekly_pence",
                            "steps", "rules_id"],
            rows.budgets(fmt.stamp)),
        "financial_assessments": writer.insert(
            FinancialAssessment, ["created_at", "updated_at", "person_id", "assessed_on",
                                  "setting", "inputs", "cost_of_care_weekly_pence",
                                  "weekly_charge_pence", "self_funder",
                                  "deferred_payment_eligible",
                                  "steps", "rules_id"],
            rows.charges(fmt.stamp)),
    }  # fmt: skip


def _long_term_now(sim: Simulation) -> int:
    return len({e[1] for e in sim.events if e[5] == "open" and e[17].startswith("lts_")})


# -- staff -------------------------------------------------------------------------------------


def _staff(adults: int, seed: int, password: str) -> tuple[Staff, list[User]]:
    rng = random.Random(f"staff-{seed}")
    team_ids = {}
    for key, (name, kind) in TEAMS.items():
        team, _ = Team.objects.get_or_create(name=name, defaults={"kind": kind})
        team_ids[key] = team.pk
    hashed = make_password(password)  # one hash for every demo account: hashing is slow
    plan = staff_plan(adults)
    existing = {u.username: u for u in User.objects.filter(username__in=[u for u, _, _ in plan])}
    new = []
    for username, role, key in plan:
        if username in existing:
            continue
        female = rng.random() < 0.75  # most of the social care workforce are women
        new.append(
            User(
                username=username,
                password=hashed,
                role=role,
                team_id=team_ids[key] if key else None,
                first_name=rng.choice(GIVEN_FEMALE if female else GIVEN_MALE),
                last_name=rng.choice(FAMILY),
                email=f"{username}@demoshire.invalid",
                is_staff=role == Role.ADMINISTRATOR,
            )
        )
    User.objects.bulk_create(new)
    users = list(User.objects.filter(username__in=[u for u, _, _ in plan]).order_by("id"))
    by_name = {u.username: u for u in users}
    workers: dict[str, list[int]] = {key: [] for key in TEAMS}
    for username, role, key in plan:
        if key and role != Role.TEAM_MANAGER:
            workers[key].append(by_name[username].pk)
    caseload = {"front_door": m.FRONT_DOOR_CASELOAD}
    return Staff(team_ids, workers, caseload), users


# -- rows in database form ---------------------------------------------------------------------


class _Formats:
    """Dates and times as the database stores them, cached per day (there are few days)."""

    def __init__(self, postgres: bool):
        self.postgres = postgres
        self._days: dict[int, str] = {}
        self._stamps: dict[int, str] = {}

    def day(self, ordinal: int | None) -> str | None:
        if ordinal is None:
            return None
        s = self._days.get(ordinal)
        if s is None:
            s = self._days[ordinal] = date.fromordinal(ordinal).isoformat()
        return s

    def stamp(self, ordinal: int) -> str:
        s = self._stamps.get(ordinal)
        if s is None:
            s = date.fromordinal(ordinal).isoformat() + " 09:00:00"
            if self.postgres:
                s += "+00"
            self._stamps[ordinal] = s
        return s


def _person_rows(sim: Simulation, fmt: _Formats):
    keys: dict[str, tuple[str, str, str]] = {}

    def search_keys(name: str) -> tuple[str, str, str]:
        k = keys.get(name)
        if k is None:
            k = keys[name] = (fold_name(name), *name_keys(name))
        return k

    for p in sim.people:
        stamp = fmt.stamp(p[21])
        fam = search_keys(p[4])
        yield (
            p[0], 1, stamp, stamp, p[1], p[2], p[3], p[4], "", fmt.day(p[5]), fmt.day(p[6]),
            p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15], p[16], p[17], p[18],
            p[19], p[20], None, fam[0], search_keys(p[3])[0], fam[1], fam[2],
        )  # fmt: skip


def _event_rows(sim: Simulation, fmt: _Formats):
    day, stamp = fmt.day, fmt.stamp
    for e in sim.events:
        created = stamp(e[6])
        updated = stamp(e[7]) if e[7] is not None else created
        yield (e[0], 1, created, updated, e[1], e[2], e[3], e[4], e[5], day(e[6]), day(e[7]),
               "", e[8], e[9], e[10]) + e[11:]  # fmt: skip


def _relationship_rows(sim: Simulation, fmt: _Formats):
    for rid, frm, to, kind, start, end, hours in sim.relationships:
        stamp = fmt.stamp(start)
        yield (rid, 1, stamp, stamp, frm, to, kind, fmt.day(start), fmt.day(end), hours, "")


def _allocation_rows(sim: Simulation, fmt: _Formats):
    for aid, pid, team, worker, status, prio, reason, opened, closed in sim.allocations:
        stamp = fmt.stamp(opened)
        yield (aid, 1, stamp, stamp, pid, team, worker, status, prio, reason, fmt.day(opened),
               fmt.day(closed))  # fmt: skip
