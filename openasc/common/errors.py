"""Errors that services raise and views, the API and the CLI turn into messages."""

from django.core.exceptions import PermissionDenied, ValidationError

from .versioning import StaleVersion

__all__ = ["NotAllowed", "PermissionDenied", "StaleVersion", "ValidationError", "BreakGlassNeeded"]


class NotAllowed(PermissionDenied):
    """The user's role or relationship does not allow this."""


class BreakGlassNeeded(PermissionDenied):
    """The user may see this person only after giving a reason (break glass)."""
