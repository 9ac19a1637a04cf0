"""The audit trail is a hash chain, append-only in the database, and verify() finds tampering."""

from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from openasc.access import audit
from openasc.access.models import AuditEntry, AuditHead
from openasc.access.roles import Role

# Written out (not interpolated) so the SQL below is plain text.
TABLE = "access_auditentry"
assert AuditEntry._meta.db_table == TABLE


def _drop_triggers(cursor):
    if connection.vendor == "postgresql":
        cursor.execute("DROP TRIGGER IF EXISTS audit_append_only ON access_auditentry")
    else:
        cursor.execute("DROP TRIGGER IF EXISTS audit_no_update")
        cursor.execute("DROP TRIGGER IF EXISTS audit_no_delete")


def _create_triggers(cursor):
    if connection.vendor == "postgresql":
        cursor.execute(
            "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON access_auditentry "
            "FOR EACH ROW EXECUTE FUNCTION openasc_audit_append_only()"
        )
    else:
        cursor.execute(
            "CREATE TRIGGER audit_no_update BEFORE UPDATE ON access_auditentry "
            "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END"
        )
        cursor.execute(
            "CREATE TRIGGER audit_no_delete BEFORE DELETE ON access_auditentry "
            "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END"
        )


@contextmanager
def triggers_off():
    """Play the part of someone with raw database access, then put the guard back."""
    with connection.cursor() as c:
        _drop_triggers(c)
    try:
        yield
    finally:
        with connection.cursor() as c:
            _create_triggers(c)


@pytest.fixture
def chain(users, person):
    sw = users[Role.SOCIAL_WORKER]
    return [audit.record(sw, "view", person=person, reason=f"visit {i}") for i in range(4)]


def test_entries_chain(chain):
    assert AuditEntry.objects.order_by("pk").first().prev_hash == audit.GENESIS
    for before, after in zip(chain, chain[1:], strict=False):
        assert after.prev_hash == before.hash
        assert after.hash == after.compute_hash()
    assert AuditHead.objects.get(pk=1).hash == chain[-1].hash


def test_verify_passes_on_a_clean_chain(chain):
    report = audit.verify()
    assert report.ok and report.checked == AuditEntry.objects.count()


def test_orm_cannot_change_or_delete(chain):
    entry = AuditEntry.objects.get(pk=chain[1].pk)
    entry.reason = "changed"
    with pytest.raises(RuntimeError, match="append-only"):
        entry.save()
    with pytest.raises(RuntimeError, match="append-only"):
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).reason == "visit 1"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE access_auditentry SET reason = 'changed' WHERE id = %s",
        "DELETE FROM access_auditentry WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_delete(chain, sql):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(sql, [chain[1].pk])
    assert AuditEntry.objects.get(pk=chain[1].pk).reason == "visit 1"


def test_verify_finds_an_altered_entry(chain):
    with triggers_off(), connection.cursor() as c:
        c.execute(
            "UPDATE access_auditentry SET reason = 'nothing to see' WHERE id = %s", [chain[2].pk]
        )
    report = audit.verify()
    assert not report.ok and report.broken_at == chain[2].pk
    assert "altered" in report.problem
    # The guard is back once the test's own tampering is done.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("DELETE FROM access_auditentry WHERE id = %s", [chain[0].pk])


def test_verify_finds_a_removed_entry(chain):
    with triggers_off(), connection.cursor() as c:
        c.execute("DELETE FROM access_auditentry WHERE id = %s", [chain[1].pk])
    report = audit.verify()
    assert not report.ok and report.broken_at == chain[2].pk
    assert "removed or inserted" in report.problem


def test_chain_head_finds_removal_of_the_newest_entries(chain):
    with triggers_off(), connection.cursor() as c:
        c.execute("DELETE FROM access_auditentry WHERE id >= %s", [chain[2].pk])
    report = audit.verify()
    assert not report.ok and report.broken_at is None
    assert "newest entries were removed" in report.problem


def test_verify_finds_inserted_entries(chain):
    # bulk_create skips save(), as a writer going round audit.record would.
    last = chain[-1]
    forged = AuditEntry(at=timezone.now(), action="view", prev_hash="f" * 64, reason="forged")
    forged.hash = forged.compute_hash()
    AuditEntry.objects.bulk_create([forged])
    report = audit.verify()
    assert not report.ok and "removed or inserted" in report.problem
    assert report.checked == AuditEntry.objects.filter(pk__lte=last.pk).count()


def test_verify_finds_a_wrong_hash(chain):
    forged = AuditEntry(
        at=timezone.now(), action="view", prev_hash=chain[-1].hash, reason="x", hash="0" * 63 + "1"
    )
    AuditEntry.objects.bulk_create([forged])
    report = audit.verify()
    assert not report.ok and "altered" in report.problem


def test_several_chains_verify_and_catch_tampering(settings, users, person):
    settings.AUDIT_CHAINS = 4
    sw = users[Role.SOCIAL_WORKER]
    entries = [audit.record(sw, "view", person=person, reason=f"visit {i}") for i in range(40)]
    assert len({e.chain for e in entries}) > 1  # 40 picks from 4 chains: all on one is 4^-39
    assert audit.verify().ok and audit.total_entries() == AuditEntry.objects.count()
    for head in AuditHead.objects.all():
        newest = AuditEntry.objects.filter(chain=head.pk).order_by("-pk").first()
        assert head.hash == newest.hash
    # Moving an entry to another chain breaks it (the chain is part of what is hashed).
    victim = entries[10]
    with triggers_off(), connection.cursor() as c:
        c.execute(
            "UPDATE access_auditentry SET chain = %s WHERE id = %s",
            [victim.chain % 4 + 1, victim.pk],
        )
    report = audit.verify()
    assert not report.ok


def test_the_stored_hash_is_the_hash_of_what_is_stored(users, person):
    """Whichever way an entry is appended (PostgreSQL works the hash out in SQL), verifying
    it from the stored row gives the same hash, whatever text the entry holds."""
    awkward = {"note": 'quotes " and \\ and "prev_hash":"@@previous-hash@@"', "ünï": "çødé",
               "prev_hash": "@@previous-hash@@", "n": 3}  # fmt: skip
    entries = [
        audit.record(users[Role.SOCIAL_WORKER], "view", person=person, reason=text, **awkward)
        for text in ("", "Reason with “curly quotes” and a \\n newline\n", "@@previous-hash@@")
    ]
    for entry in entries:
        stored = AuditEntry.objects.get(pk=entry.pk)
        assert stored.hash == entry.hash == stored.compute_hash()
        assert stored.prev_hash == entry.prev_hash
    assert audit.verify().ok
