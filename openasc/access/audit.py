"""Writing and verifying the tamper-evident audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead

GENESIS = "0" * 64


def record(user, action: str, *, person=None, obj=None, reason: str = "", **detail) -> AuditEntry:
    """Append one entry: who (user), when (now), what (action, object, detail) and why."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"hash": GENESIS}
        )
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
            prev_hash=head.hash,
        )
        entry.hash = entry.compute_hash()
        entry.save()
        AuditHead.objects.filter(pk=1).update(hash=entry.hash, count=head.count + 1)
    return entry


@dataclass
class ChainReport:
    checked: int
    ok: bool
    broken_at: int | None = None
    problem: str = ""


def verify(progress=None, batch: int = 5000) -> ChainReport:
    """Walk the chain from the first entry; report the first entry that does not fit."""
    prev = GENESIS
    checked = 0
    for entry in _iter_entries(batch):
        if entry.prev_hash != prev:
            return ChainReport(
                checked,
                False,
                entry.pk,
                "its previous-hash does not match the entry before it "
                "(an entry was removed or inserted)",
            )
        if entry.compute_hash() != entry.hash:
            return ChainReport(checked, False, entry.pk, "its contents were altered")
        prev = entry.hash
        checked += 1
        if progress:
            progress(1)
    head = AuditHead.objects.filter(pk=1).first()
    if head and head.hash != prev:
        return ChainReport(
            checked, False, None, "the newest entries were removed (the chain head does not match)"
        )
    return ChainReport(checked, True)


def _iter_entries(batch: int) -> Iterator[AuditEntry]:
    last = 0
    while True:
        rows = list(AuditEntry.objects.filter(pk__gt=last).order_by("pk")[:batch])
        if not rows:
            return
        yield from rows
        last = rows[-1].pk
