"""Shared fixtures: a small council with a team per kind and a user per role."""

from datetime import date

import pytest

from openasc.access.models import Allocation, Team, User
from openasc.access.roles import Role
from openasc.people.models import Person

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # One audit chain, so tests can follow entries one after another; the chains' own
    # tests set more.
    settings.AUDIT_CHAINS = 1
    # Planning runs within the request, without a Dask cluster: fast and deterministic.
    settings.PLANNING_RUNNER = "inline"
    settings.PLANNING_SCHEDULER = "synchronous"


@pytest.fixture
def teams(db):
    return {
        "front_door": Team.objects.create(name="Front Door", kind="front_door"),
        "north": Team.objects.create(name="North Locality", kind="locality"),
        "south": Team.objects.create(name="South Locality", kind="locality"),
    }


def make_user(username: str, role: Role, team=None, **extra) -> User:
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        team=team,
        first_name=username.title(),
        last_name="Tester",
        **extra,
    )


@pytest.fixture
def users(teams):
    """One user per role. Case workers are in the North team; the front door in its own."""
    t = teams
    return {
        Role.FRONT_DOOR: make_user("frontdoor", Role.FRONT_DOOR, t["front_door"]),
        Role.SOCIAL_WORKER: make_user("socialworker", Role.SOCIAL_WORKER, t["north"]),
        Role.OCCUPATIONAL_THERAPIST: make_user("ot", Role.OCCUPATIONAL_THERAPIST, t["north"]),
        Role.TEAM_MANAGER: make_user("manager", Role.TEAM_MANAGER, t["north"]),
        Role.FINANCE: make_user("finance", Role.FINANCE, None),
        Role.ANALYST: make_user("analyst", Role.ANALYST, None),
        Role.SAFEGUARDING_LEAD: make_user("safeguarding", Role.SAFEGUARDING_LEAD, None),
        Role.ADMINISTRATOR: make_user("admin", Role.ADMINISTRATOR, None),
    }


def make_person(**kw) -> Person:
    defaults = dict(
        council_person_id=f"T{Person.objects.count() + 1:06d}",
        given_name="Ada",
        family_name="Lovelock",
        date_of_birth=date(1940, 5, 17),
        gender="female",
        postcode="DS1 4AB",
        primary_support_reason="physical_personal_care",
    )
    defaults.update(kw)
    p = Person(**defaults)
    p.full_clean()
    p.save()
    return p


@pytest.fixture
def person(teams):
    """A person allocated to the North team (queued, no worker yet)."""
    p = make_person()
    Allocation.objects.create(person=p, team=teams["north"], opened_on=date.today())
    return p


@pytest.fixture
def other_person(teams):
    """A person allocated to the South team only."""
    p = make_person(
        given_name="Bertram", family_name="Okonjo", date_of_birth=date(1952, 1, 3), gender="male"
    )
    Allocation.objects.create(person=p, team=teams["south"], opened_on=date.today())
    return p


def demo_council(adults: int, years: int, seed: int, as_of: date):
    """A module-scoped fixture that generates a small Demoshire once for the module and
    rolls it back afterwards: ``council = demo_council(5000, 3, 4, date(2025, 6, 30))``."""
    from django.db import transaction

    from openasc.demo.generator import generate

    @pytest.fixture(scope="module")
    def council(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            generate(adults, years, seed, as_of=as_of)
            yield
            transaction.set_rollback(True)

    return council
