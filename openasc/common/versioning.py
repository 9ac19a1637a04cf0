"""Optimistic locking: every editable record carries a version number.

A save names the version the editor started from. If someone else saved in between, the
update matches no row, nothing is written, and the caller gets StaleVersion to show.
"""

from django.db import models
from django.db.models import F


class StaleVersion(Exception):
    def __init__(self, what: str = "record"):
        super().__init__(
            f"This {what} was changed by someone else while you were editing it. "
            "Nothing has been saved: reload it to see their changes, then make yours again."
        )


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def save_versioned(obj: Versioned, expected_version: int, fields: list[str]) -> None:
    """Write `fields` of obj only if the stored version is still `expected_version`."""
    obj.full_clean()
    from django.utils import timezone

    values = {f: getattr(obj, obj._meta.get_field(f).attname) for f in fields}
    values["updated_at"] = timezone.now()
    updated = (
        type(obj)
        .objects.filter(pk=obj.pk, version=expected_version)
        .update(version=F("version") + 1, **values)
    )
    if not updated:
        raise StaleVersion(obj._meta.verbose_name)
    obj.version = expected_version + 1
    obj.updated_at = values["updated_at"]
