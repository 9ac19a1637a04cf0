"""Writing and verifying the tamper-evident audit trail."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead

GENESIS = "0" * 64


def record(user, action: str, *, person=None, obj=None, reason: str = "", **detail) -> AuditEntry:
    """Append one entry: who (user), when (now), what (action, object, detail) and why.

    Entries go onto one of settings.AUDIT_CHAINS chains, picked at random: every page view
    writes an entry, and with a single chain every view in the council would queue for the
    one lock. Each chain is complete and verified on its own, so tampering shows as before."""
    chain = random.randrange(settings.AUDIT_CHAINS) + 1
    entry = AuditEntry(
        at=timezone.now(),
        user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "username", "") or "",
        action=action,
        person_id=getattr(person, "pk", person),
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or "") if obj is not None else "",
        reason=reason,
        detail=detail,
        chain=chain,
    )
    if connection.vendor == "postgresql" and _append_in_one_statement(entry):
        return entry
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=chain, defaults={"hash": GENESIS}
        )
        entry.prev_hash = head.hash
        entry.hash = entry.compute_hash()
        entry.save()
        AuditHead.objects.filter(pk=chain).update(hash=entry.hash, count=head.count + 1)
    return entry


# PostgreSQL appends in one statement, not five (begin, lock the head, insert, move the head,
# commit): a page view's audit entry then costs one round trip. The hash is the same SHA-256
# of the same canonical text, worked out by the database around the previous hash it locked.
_APPEND = """
WITH head AS (SELECT hash FROM access_audithead WHERE id = %(chain)s FOR UPDATE),
new AS (
    INSERT INTO access_auditentry (at, user_id, username, action, person_id, object_type,
                                   object_id, reason, detail, chain, prev_hash, hash)
    SELECT %(at)s, %(user_id)s, %(username)s, %(action)s, %(person_id)s, %(object_type)s,
           %(object_id)s, %(reason)s, %(detail)s::jsonb, %(chain)s, head.hash,
           encode(sha256(convert_to(%(before)s || head.hash || %(after)s, 'UTF8')), 'hex')
    FROM head
    RETURNING id, prev_hash, hash
)
UPDATE access_audithead SET hash = new.hash, count = access_audithead.count + 1
FROM new WHERE access_audithead.id = %(chain)s
RETURNING new.id, new.prev_hash, new.hash
"""
_MARK = "@@previous-hash@@"


def _append_in_one_statement(entry: AuditEntry) -> bool:
    """False if the chain has no head yet (its first entry goes the ordinary way)."""
    entry.prev_hash = _MARK
    text = entry.canonical().decode("ascii")  # json.dumps escapes everything else
    # Split at the top-level "prev_hash" key: keys are sorted, so only the reason and user
    # names (escaped strings, which cannot hold this text unescaped) come after it.
    key = '"prev_hash":'
    before, after = text.rsplit(key + json.dumps(_MARK), 1)
    before += key
    params = {
        "chain": entry.chain, "at": entry.at, "user_id": entry.user_id,
        "username": entry.username, "action": entry.action, "person_id": entry.person_id,
        "object_type": entry.object_type, "object_id": entry.object_id,
        "reason": entry.reason, "detail": json.dumps(entry.detail, default=str),
        "before": before + '"', "after": '"' + after,
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_APPEND, params)
        row = cursor.fetchone()
    if row is None:
        entry.prev_hash = ""
        return False
    entry.pk, entry.prev_hash, entry.hash = row
    return True


@dataclass
class ChainReport:
    checked: int
    ok: bool
    broken_at: int | None = None
    problem: str = ""


def verify(progress=None, batch: int = 5000) -> ChainReport:
    """Walk every chain from its first entry; report the first entry that does not fit."""
    last: dict[int, str] = {}
    checked = 0
    for entry in _iter_entries(batch):
        if entry.prev_hash != last.get(entry.chain, GENESIS):
            return ChainReport(checked, False, entry.pk,
                               "its previous-hash does not match the entry before it "
                               "(an entry was removed or inserted)")  # fmt: skip
        if entry.compute_hash() != entry.hash:
            return ChainReport(checked, False, entry.pk, "its contents were altered")
        last[entry.chain] = entry.hash
        checked += 1
        if progress:
            progress(1)
    for head in AuditHead.objects.all():
        if head.hash != last.get(head.pk, GENESIS):
            problem = "the newest entries were removed (the chain head does not match)"
            return ChainReport(checked, False, None, problem)
    return ChainReport(checked, True)


def total_entries() -> int:
    """How many entries the chains say they hold (for progress bars)."""
    return sum(AuditHead.objects.values_list("count", flat=True))


def _iter_entries(batch: int) -> Iterator[AuditEntry]:
    last = 0
    while True:
        rows = list(AuditEntry.objects.filter(pk__gt=last).order_by("pk")[:batch])
        if not rows:
            return
        yield from rows
        last = rows[-1].pk
