"""The rule book the platform runs on: the national rule data with the council's own files
(OPENASC_RULES_DIR) laid over it, and the snapshot each decision points to.

The book is read once per process; a council that adds a rule file restarts the server (and
`openasc rules check` first tells it whether the file is sound)."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.utils import timezone

from openasc.rules.ruleset import RuleBook, RuleVersion

from .models import RuleSnapshot


@lru_cache(maxsize=4)
def _book(council_dir: str) -> RuleBook:
    return RuleBook(council_dir or None)


def rulebook() -> RuleBook:
    return _book(settings.RULES_DIR)


def in_force(domain: str, on: date | None = None) -> RuleVersion:
    return rulebook().in_force(domain, on or timezone.localdate())


def snapshot(version: RuleVersion) -> RuleSnapshot:
    """The stored copy of a rule version (made the first time a decision uses it)."""
    snap, _ = RuleSnapshot.objects.get_or_create(
        id=version.id,
        defaults={"domain": version.domain, "effective_from": version.effective_from,
                  "data": json.loads(json.dumps(version.data, default=str))},
    )  # fmt: skip
    return snap


def version_of(snap: RuleSnapshot) -> RuleVersion:
    """The rule version a past decision used, rebuilt from its stored copy."""
    return RuleVersion(snap.domain, snap.effective_from, snap.data, (f"snapshot {snap.id}",))
