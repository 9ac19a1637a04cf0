"""Writing and verifying the tamper-evident audit trail."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead

GENESIS = "0" * 64


def record(user, action: str, *, person=None, obj=None, reason: str = "", **detail) -> AuditEntry:
    """Append one entry: who (user), when (now), what (action, object, detail) and why.

    Entries go onto one of settings.AUDIT_CHAINS chains, picked at random: every page view
    writes an entry, and with a single chain every view in the council would queue for the
    one lock. Each chain is complete and verified on its own, so tampering shows as before."""
    chain = random.randrange(settings.AUDIT_CHAINS) + 1
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=chain, defaults={"hash": GENESIS}
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
            chain=chain,
            prev_hash=head.hash,
        )
        entry.hash = entry.compute_hash()
        entry.save()
        AuditHead.objects.filter(pk=chain).update(hash=entry.hash, count=head.count + 1)
    return entry


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
