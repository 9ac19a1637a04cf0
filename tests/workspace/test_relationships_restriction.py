"""Recording carers and representatives, and restricting a record to named staff."""

import pytest

from openasc.access.models import AuditEntry
from openasc.access.roles import Role
from openasc.people.models import Relationship
from openasc.people.selectors import SearchQuery, search
from tests.conftest import make_person


@pytest.fixture
def carer(db):
    return make_person(given_name="Carys", family_name="Lovelock", date_of_birth="1966-02-02")


def test_record_a_carer(client, users, person, carer):
    client.force_login(users[Role.SOCIAL_WORKER])
    response = client.post(
        f"/people/{person.pk}/relationships/new",
        {"other": carer.council_person_id, "kind": "carer", "hours_caring_per_week": "35"},
    )
    assert response.status_code == 302
    rel = Relationship.objects.get(to_person=person)
    assert (rel.from_person, rel.kind, rel.hours_caring_per_week) == (carer, "carer", 35)
    page = client.get(f"/people/{person.pk}").content.decode()
    assert "Carys Lovelock" in page and "35 hours a week" in page


def test_relationship_errors_are_explained(client, users, person):
    client.force_login(users[Role.SOCIAL_WORKER])
    url = f"/people/{person.pk}/relationships/new"
    page = client.post(url, {"other": "NOPE123", "kind": "carer"}).content.decode()
    assert "No person has council person id NOPE123" in page
    page = client.post(url, {"other": "X", "kind": "carer", "hours_caring_per_week": "200"})
    assert "168 or fewer" in page.content.decode()
    assert not Relationship.objects.exists()


def test_relationship_with_self_refused(client, users, person):
    client.force_login(users[Role.SOCIAL_WORKER])
    page = client.post(
        f"/people/{person.pk}/relationships/new",
        {"other": person.council_person_id, "kind": "advocate"},
    ).content.decode()
    assert "cannot be in a relationship with themselves" in page


def test_administrator_restricts_a_record(client, users, person):
    admin, sw = users[Role.ADMINISTRATOR], users[Role.SOCIAL_WORKER]
    client.force_login(admin)
    response = client.post(
        f"/people/{person.pk}/restriction", {"restricted": "on", "usernames": "manager"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.restricted
    assert list(person.restricted_to.values_list("username", flat=True)) == ["manager"]
    assert AuditEntry.objects.filter(action="restrict", person_id=person.pk).exists()
    # The social worker's team still holds the allocation, but the record is now closed to them
    client.force_login(sw)
    assert client.get(f"/people/{person.pk}").status_code == 403
    assert search(SearchQuery(name="Lovelock"), visible_to=sw) == []
    assert [m.person for m in search(SearchQuery(name="Lovelock"),
                                     visible_to=users[Role.TEAM_MANAGER])] == [person]  # fmt: skip


def test_restriction_needs_known_named_staff(client, users, person):
    client.force_login(users[Role.ADMINISTRATOR])
    page = client.post(
        f"/people/{person.pk}/restriction", {"restricted": "on", "usernames": "ghost"}
    ).content.decode()
    assert "No active staff user called ghost" in page
    page = client.post(
        f"/people/{person.pk}/restriction", {"restricted": "on", "usernames": ""}
    ).content.decode()
    assert "Name at least one member of staff" in page
    person.refresh_from_db()
    assert not person.restricted


@pytest.mark.parametrize("page", ["person", "person-edit", "relationship-new"])
def test_every_page_showing_a_person_is_audited(client, users, person, page):
    from django.urls import reverse

    client.force_login(users[Role.SOCIAL_WORKER])
    assert client.get(reverse(page, args=[person.pk])).status_code == 200
    entry = AuditEntry.objects.get(action="view", person_id=person.pk)
    assert entry.detail["page"] == page and entry.username == "socialworker"
