"""Who may see and change a person's record, and on what basis."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openasc.access import policy
from openasc.access.models import Allocation, AuditEntry, BreakGlass
from openasc.access.roles import Role
from openasc.common.errors import BreakGlassNeeded, NotAllowed
from tests.conftest import make_person


def test_team_queue_gives_access(users, person):
    for role in (Role.SOCIAL_WORKER, Role.OCCUPATIONAL_THERAPIST, Role.TEAM_MANAGER):
        assert policy.check_view(users[role], person) == "allocated to your team"


def test_caseload_gives_access_across_teams(users, other_person):
    sw = users[Role.SOCIAL_WORKER]
    with pytest.raises(BreakGlassNeeded):
        policy.check_view(sw, other_person)
    Allocation.objects.filter(person=other_person).update(
        worker=sw, status=Allocation.Status.ALLOCATED
    )
    assert policy.check_view(sw, other_person) == "on your caseload"


def test_closed_allocation_gives_no_access(users, person):
    Allocation.objects.filter(person=person).update(status=Allocation.Status.CLOSED)
    with pytest.raises(BreakGlassNeeded):
        policy.check_view(users[Role.SOCIAL_WORKER], person)


def test_break_glass_needs_a_reason_and_is_audited(users, other_person):
    sw = users[Role.SOCIAL_WORKER]
    for reason in ("", "   ", "too short", " 123456789 "):
        with pytest.raises(ValidationError):
            policy.break_glass(sw, other_person, reason)
    assert not BreakGlass.objects.exists()
    grant = policy.break_glass(sw, other_person, "Duty call from the hospital ward")
    assert policy.check_view(sw, other_person) == "break glass"
    entry = AuditEntry.objects.get(action="break_glass")
    assert entry.person_id == other_person.pk and entry.user_id == sw.pk
    assert entry.reason == "Duty call from the hospital ward"
    assert entry.object_id == str(grant.pk)


def test_break_glass_expires(users, other_person):
    sw = users[Role.SOCIAL_WORKER]
    grant = policy.break_glass(sw, other_person, "Out of hours safeguarding call")
    assert grant.expires_at > timezone.now()
    BreakGlass.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(BreakGlassNeeded):
        policy.check_view(sw, other_person)


def test_restricted_record_only_for_named_users(users, person):
    sw, ot = users[Role.SOCIAL_WORKER], users[Role.OCCUPATIONAL_THERAPIST]
    person.restricted = True
    person.save()
    person.restricted_to.add(sw)
    assert policy.check_view(sw, person) == "named on a restricted record"
    with pytest.raises(NotAllowed, match="restricted"):
        policy.check_view(ot, person)  # same team, not named
    with pytest.raises(NotAllowed, match="restricted"):
        policy.break_glass(ot, person, "I really need to see this record")
    assert policy.visible_to_search(sw, person) and not policy.visible_to_search(ot, person)


def test_analyst_never_sees_a_person(users, person):
    analyst = users[Role.ANALYST]
    analyst.team = person.allocations.first().team
    analyst.save()
    with pytest.raises(NotAllowed):
        policy.check_view(analyst, person)
    with pytest.raises(NotAllowed):
        policy.break_glass(analyst, person, "Checking a figure in the dashboard")
    assert not policy.can_search(analyst)


def test_finance_needs_break_glass_and_cannot_record(users, person):
    finance = users[Role.FINANCE]
    with pytest.raises(BreakGlassNeeded):
        policy.check_view(finance, person)
    policy.break_glass(finance, person, "Invoice query from the provider")
    assert policy.check_view(finance, person) == "break glass"
    with pytest.raises(NotAllowed, match="not change"):
        policy.check_record(finance, person)


def test_check_record_refuses_view_only_roles(users, person):
    admin = users[Role.ADMINISTRATOR]
    policy.break_glass(admin, person, "Subject access request preparation")
    assert policy.check_view(admin, person) == "break glass"
    with pytest.raises(NotAllowed):
        policy.check_record(admin, person)
    assert policy.check_record(users[Role.SOCIAL_WORKER], person) == "allocated to your team"


def test_inactive_user_has_no_role(users, person):
    sw = users[Role.SOCIAL_WORKER]
    sw.is_active = False
    assert policy.role(sw) is None
    with pytest.raises(NotAllowed):
        policy.check_view(sw, person)


def test_role_helpers(users):
    assert policy.can_register(users[Role.FRONT_DOOR])
    assert not policy.can_register(users[Role.FINANCE])
    assert policy.is_admin(users[Role.ADMINISTRATOR]) and not policy.is_admin(
        users[Role.TEAM_MANAGER]
    )
    assert policy.has_oversight(users[Role.TEAM_MANAGER])
    assert not policy.has_oversight(users[Role.SOCIAL_WORKER])


def test_bases_reads_every_reason_in_one_query(users, teams, django_assert_num_queries):
    sw = users[Role.SOCIAL_WORKER]

    def someone(name: str, **kw):
        return make_person(given_name=name, family_name="Basis", **kw)

    team, mine, glass, named, hidden, nobody = (
        someone(n) for n in ("Team", "Mine", "Glass", "Named", "Hidden", "Nobody")
    )
    Allocation.objects.create(person=team, team=teams["north"], opened_on=date.today())
    Allocation.objects.create(
        person=mine, team=teams["south"], worker=sw, status="allocated", opened_on=date.today()
    )
    Allocation.objects.create(
        person=nobody, team=teams["north"], status="closed", opened_on=date.today()
    )
    policy.break_glass(sw, glass, "Duty call from the hospital ward")
    for p in (named, hidden):
        p.restricted = True
        p.save()
    named.restricted_to.add(sw)
    Allocation.objects.create(person=hidden, team=teams["north"], opened_on=date.today())
    everyone = [team, mine, glass, named, hidden, nobody]
    with django_assert_num_queries(1):
        found = policy.bases(sw, everyone)
    assert found == {
        team.pk: "allocated to your team",
        mine.pk: "on your caseload",
        glass.pk: "break glass",
        named.pk: "named on a restricted record",
        hidden.pk: None,  # allocated to the team, but restricted to others
        nobody.pk: None,  # the allocation is closed
    }
    # The person page passes the allocations it shows: no query when they give access.
    open_allocations = list(Allocation.objects.exclude(status="closed"))
    with django_assert_num_queries(0):
        assert policy.check_view(sw, team, open_allocations=open_allocations) == (
            "allocated to your team"
        )
    with django_assert_num_queries(1):  # not allocated: break glass is looked for
        assert policy.check_view(sw, glass, open_allocations=open_allocations) == "break glass"
    with pytest.raises(NotAllowed, match="restricted"):
        policy.check_view(sw, hidden, open_allocations=open_allocations)
