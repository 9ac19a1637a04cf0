"""Every write to a person's record: register, update, relate, merge. Each is one
transaction, validated, and audited."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from openasc.access import audit, policy
from openasc.access.models import Allocation
from openasc.common.errors import NotAllowed, ValidationError
from openasc.common.versioning import save_versioned

from .models import Person, PersonMerge, Relationship
from .selectors import possible_duplicates

EDITABLE = [
    "nhs_number",
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "date_of_death",
    "gender",
    "ethnicity",
    "postcode",
    "gp_practice_code",
    "primary_support_reason",
    "accommodation_status",
    "employment_status",
    "has_unpaid_carer",
    "autism",
    "visual_impairment",
    "hearing_impairment",
    "dementia",
    "client_funding_status",
]


@dataclass
class PossibleDuplicates(Exception):
    candidates: list[Person]

    def __str__(self) -> str:
        return (
            f"{len(self.candidates)} people already on record may be this person. "
            "Check them; if none is, confirm that this is a new person."
        )


def new_council_person_id() -> str:
    prefix = getattr(settings, "OPENASC_PERSON_ID_PREFIX", "P")
    return f"{prefix}{secrets.randbelow(10**9):09d}"


def register_person(
    user, data: dict, *, not_a_duplicate: bool = False, queue_to_team=None
) -> Person:
    """Create a person. Refuses with PossibleDuplicates unless told the match was checked.
    The person joins the registering user's team queue, so they can see what they made."""
    if not policy.can_register(user):
        raise NotAllowed("Your role cannot register people.")
    person = Person(**{k: data.get(k) for k in EDITABLE if k in data})
    if not person.council_person_id:
        person.council_person_id = data.get("council_person_id") or new_council_person_id()
    person.full_clean()
    if not not_a_duplicate:
        found = possible_duplicates(
            person.nhs_number, person.given_name, person.family_name, person.date_of_birth
        )
        if found:
            raise PossibleDuplicates(found)
    elif person.nhs_number and Person.objects.filter(nhs_number=person.nhs_number).exists():
        raise ValidationError({"nhs_number": "A person with this NHS number is already on record"})
    with transaction.atomic():
        person.save()
        team = queue_to_team or user.team
        if team is not None:
            Allocation.objects.create(
                person=person,
                team=team,
                opened_on=timezone.localdate(),
                reason="New person registered",
            )
        audit.record(user, "create", person=person, obj=person)
    return person


def update_person(user, person: Person, data: dict, expected_version: int) -> Person:
    policy.check_record(user, person)
    before = model_to_dict(person, fields=EDITABLE)
    for field in EDITABLE:
        if field in data:
            setattr(person, field, data[field])
    if person.nhs_number == "":
        person.nhs_number = None
    person.refresh_search_keys()
    changed = {
        k: [str(before[k]), str(getattr(person, k))]
        for k in EDITABLE
        if str(before[k]) != str(getattr(person, k))
    }
    with transaction.atomic():
        try:
            save_versioned(
                person,
                expected_version,
                EDITABLE + ["family_folded", "given_folded", "family_key", "family_key_rev"],
            )
        except IntegrityError:
            raise ValidationError(
                {"nhs_number": "Another person already has this NHS number"}
            ) from None
        audit.record(user, "update", person=person, obj=person, changed=changed)
    return person


def add_relationship(
    user, *, from_person: Person, to_person: Person, kind: str, **fields
) -> Relationship:
    policy.check_record(user, to_person)
    rel = Relationship(from_person=from_person, to_person=to_person, kind=kind, **fields)
    rel.full_clean()
    with transaction.atomic():
        rel.save()
        audit.record(
            user, "create", person=to_person, obj=rel, kind=kind, related_person=from_person.pk
        )
    return rel


def merge_people(user, survivor: Person, duplicate: Person, reason: str) -> PersonMerge:
    """Fold `duplicate` into `survivor`. Events, allocations and relationships move across;
    the duplicate's row stays, marked merged, with a snapshot of what it said."""
    if not (policy.is_admin(user) or policy.has_oversight(user)):
        raise NotAllowed("Only a team manager or administrator can merge records.")
    if survivor.pk == duplicate.pk:
        raise ValidationError("Choose two different people to merge")
    if duplicate.merged_into_id or survivor.merged_into_id:
        raise ValidationError("One of these records has already been merged")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why these records are the same person"})
    with transaction.atomic():
        snapshot = model_to_dict(duplicate, exclude=["restricted_to"])
        snapshot = {
            k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in snapshot.items()
        }
        moved = {
            "events": list(duplicate.events.values_list("pk", flat=True)),
            "allocations": list(duplicate.allocations.values_list("pk", flat=True)),
            "supports": list(duplicate.supports.values_list("pk", flat=True)),
            "supported_by": list(duplicate.supported_by.values_list("pk", flat=True)),
        }
        duplicate.events.update(person=survivor)
        duplicate.allocations.update(person=survivor)
        duplicate.supports.update(from_person=survivor)
        duplicate.supported_by.update(to_person=survivor)
        # Fill gaps in the survivor from the duplicate; never overwrite what it has.
        for field in EDITABLE:
            if getattr(survivor, field) in (None, "") and getattr(duplicate, field) not in (
                None,
                "",
            ):
                if field == "nhs_number":
                    continue  # moved below, after the duplicate gives it up
                setattr(survivor, field, getattr(duplicate, field))
        nhs = duplicate.nhs_number
        Person.objects.filter(pk=duplicate.pk).update(
            merged_into=survivor, nhs_number=None, version=duplicate.version + 1
        )
        if nhs and not survivor.nhs_number:
            survivor.nhs_number = nhs
        survivor.save()
        merge = PersonMerge.objects.create(
            survivor=survivor,
            duplicate=duplicate,
            duplicate_snapshot=snapshot,
            moved=moved,
            reason=reason,
            merged_by=user,
        )
        audit.record(
            user, "merge", person=survivor, obj=merge, reason=reason, duplicate=duplicate.pk
        )
        audit.record(
            user, "merge", person=duplicate, obj=merge, reason=reason, survivor=survivor.pk
        )
    return merge


def set_restriction(user, person: Person, restricted: bool, usernames: list[str]) -> Person:
    """Restrict a record to named staff (e.g. a member of staff, or a person at risk from
    someone who works here), or lift the restriction. A governance decision: administrators
    only, and audited with the names."""
    from openasc.access.models import User

    if not policy.is_admin(user):
        raise NotAllowed("Only an administrator can restrict a record.")
    wanted = sorted({u.strip() for u in usernames if u.strip()})
    found = list(User.objects.filter(username__in=wanted, is_active=True))
    missing = sorted(set(wanted) - {u.username for u in found})
    if missing:
        raise ValidationError({"usernames": f"No active staff user called {', '.join(missing)}"})
    if restricted and not found:
        raise ValidationError(
            {"usernames": "Name at least one member of staff who may see a restricted record"}
        )
    with transaction.atomic():
        Person.objects.filter(pk=person.pk).update(restricted=restricted)
        person.restricted = restricted
        person.restricted_to.set(found if restricted else [])
        audit.record(user, "restrict" if restricted else "unrestrict", person=person,
                     obj=person, named=[u.username for u in found])  # fmt: skip
    return person
