"""Staff, teams, allocation of people to teams and workers, break glass, and the audit trail."""

import hashlib
import json

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models

from openasc.common.versioning import Versioned

from .roles import ROLE_CHOICES, Role


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(
        max_length=40,
        choices=[
            ("front_door", "Front door"),
            ("locality", "Locality"),
            ("hospital", "Hospital discharge"),
            ("reablement", "Reablement"),
            ("learning_disability", "Learning disability"),
            ("mental_health", "Mental health"),
            ("safeguarding", "Safeguarding"),
            ("finance", "Finance"),
            ("other", "Other"),
        ],
        default="locality",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(max_length=40, choices=ROLE_CHOICES, default=Role.SOCIAL_WORKER)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    totp_secret = models.CharField(max_length=64, blank=True, default="")
    totp_enabled = models.BooleanField(default=False)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Allocation(Versioned):
    """A person waiting in a team's queue (no worker yet) or on a worker's caseload."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting in team queue"
        ALLOCATED = "allocated", "Allocated to a worker"
        CLOSED = "closed", "Closed"

    class Priority(models.TextChoices):
        URGENT = "urgent", "Urgent (same day)"
        HIGH = "high", "High"
        NORMAL = "normal", "Normal"
        LOW = "low", "Low"

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="allocations"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    reason = models.CharField(max_length=200, blank=True, default="")
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["team", "status"]),
            models.Index(fields=["worker", "status"]),
            models.Index(fields=["person", "status"]),
        ]


class BreakGlass(models.Model):
    """Access to a person outside the user's team, for a stated reason, for a few hours."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="break_glass"
    )
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "person", "expires_at"])]
        ordering = ["-created_at"]


class AuditEntry(models.Model):
    """One append-only line of the audit trail. Each carries the hash of the one before, so a
    deleted or altered line breaks the chain and `openasc audit verify` finds where."""

    at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True, default="")
    action = models.CharField(max_length=40)
    person_id = models.BigIntegerField(null=True, blank=True)  # survives a merge or deletion
    object_type = models.CharField(max_length=40, blank=True, default="")
    object_id = models.CharField(max_length=64, blank=True, default="")
    reason = models.TextField(blank=True, default="")
    detail = models.JSONField(default=dict, blank=True)
    chain = models.PositiveSmallIntegerField(default=1)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["person_id", "at"]),
            models.Index(fields=["user", "at"]),
            models.Index(fields=["action", "at"]),
        ]
        verbose_name_plural = "audit entries"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit entries are append-only")

    def canonical(self) -> bytes:
        body = {
            "at": self.at.isoformat(),
            "user": self.user_id,
            "username": self.username,
            "action": self.action,
            "person_id": self.person_id,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "reason": self.reason,
            "detail": self.detail,
            "chain": self.chain,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


class LoginFailure(models.Model):
    """Failed sign-ins, for throttling. Shared by every app server through the database."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)


class ApiToken(models.Model):
    """A bearer token for the REST API. Only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)


class AuditHead(models.Model):
    """The hash of the newest entry of one audit chain (the row's id is the chain's number).
    A writer locks its chain's row, so each chain is built one entry at a time even with many
    app servers; several chains let that many writers append at once."""

    hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)


class StaffSession(AbstractBaseSession):
    """A session, with the signed-in user's id in a column of its own so that one query
    reads both (see access.sessions). No foreign-key constraint: the session store writes
    what the session holds, as Django's does."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
