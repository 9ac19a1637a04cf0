"""Subject access request: everything held about one person, and who has seen it."""

from __future__ import annotations

from django.db.models import Q
from django.forms.models import model_to_dict

from openasc.common.errors import NotAllowed

from . import audit, policy
from .models import AuditEntry


def _plain(obj, **kw) -> dict:
    data = model_to_dict(obj, **kw)
    data["id"] = obj.pk
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def export_person(user, person) -> dict:
    """The whole record of one person (and of any duplicate merged into them), with the
    audit trail of every view and change. Administrators only; the export is itself audited."""
    if not policy.is_admin(user):
        raise NotAllowed("Only an administrator can export a subject access request.")
    from openasc.people.models import PersonMerge
    from openasc.people.selectors import relationships

    merged = list(person.merged_from.all())
    ids = [person.pk] + [p.pk for p in merged]
    entries = AuditEntry.objects.filter(person_id__in=ids).order_by("id")
    audit.record(user, "export", person=person, obj=person, reason="subject access request")
    return {
        "person": _plain(person, exclude=["restricted_to"]),
        "merged_records": [_plain(p, exclude=["restricted_to"]) for p in merged],
        "merges": [_plain(m) for m in PersonMerge.objects.filter(Q(survivor=person))],
        "relationships": [_plain(r) for r in relationships(person)],
        "events": [_plain(e) for e in person.events.order_by("start_date", "id")],
        "allocations": [_plain(a) for a in person.allocations.order_by("opened_on")],
        "audit": [
            {
                "at": e.at.isoformat(),
                "who": e.username or "(system)",
                "action": e.action,
                "what": f"{e.object_type} {e.object_id}".strip(),
                "why": e.reason,
                "detail": e.detail,
            }
            for e in entries
        ],
    }
