"""Subject access request export."""

from datetime import date, timedelta

import pytest

from openasc.access import audit, sar
from openasc.access.models import Allocation, AuditEntry
from openasc.access.roles import Role
from openasc.common.errors import NotAllowed
from openasc.journey import services as journey
from openasc.people import services as people
from tests.conftest import make_person

REQUEST = {
    "start_date": date.today() - timedelta(days=3),
    "route_of_access": "community",
    "request_reason": "new_needs",
    "contact_source": "self",
}


def test_only_admin_may_export(users, person):
    for role in Role:
        if role != Role.ADMINISTRATOR:
            with pytest.raises(NotAllowed):
                sar.export_person(users[role], person)
    assert not AuditEntry.objects.filter(action="export").exists()


def test_export_contents_and_audit(users, person, teams):
    sw, admin = users[Role.SOCIAL_WORKER], users[Role.ADMINISTRATOR]
    event = journey.record_event(sw, person, "request", REQUEST)
    audit.record(sw, "view", person=person, obj=person)
    dup = make_person(given_name="Adah", family_name="Lovelock")
    Allocation.objects.create(person=dup, team=teams["north"], opened_on=date.today())
    dup_event = journey.record_event(sw, dup, "request", REQUEST)
    audit.record(sw, "view", person=dup, obj=dup)
    people.merge_people(users[Role.TEAM_MANAGER], person, dup, "Same person, typo in name")
    person.refresh_from_db()

    out = sar.export_person(admin, person)

    assert out["person"]["id"] == person.pk
    assert {e["id"] for e in out["events"]} == {event.pk, dup_event.pk}
    assert [m["id"] for m in out["merged_records"]] == [dup.pk]
    assert len(out["merges"]) == 1
    views = [a for a in out["audit"] if a["action"] == "view"]
    assert [v["who"] for v in views] == ["socialworker", "socialworker"]  # both records
    export = AuditEntry.objects.get(action="export")
    assert export.person_id == person.pk and export.user_id == admin.pk
    assert "restricted_to" not in out["person"]
