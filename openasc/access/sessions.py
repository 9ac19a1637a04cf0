"""Staff sessions, stored with the id of the signed-in user beside them, so that one query
reads the session and its user (Django's own store takes one query for each, on every page).

`SESSION_ENGINE = "openasc.access.sessions"`; the user is handed to `StaffBackend.get_user`
through `AuthenticationMiddleware` (access.middleware), and Django's `get_user` still checks
it as before: the backend is in settings, the password hash in the session matches, and the
user is active."""

from __future__ import annotations

import logging
from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

# The session of the request whose user is being worked out (set only for that moment).
current_session: ContextVar[SessionStore | None] = ContextVar("current_session", default=None)


class SessionStore(DatabaseStore):
    loaded_user = None

    @classmethod
    def get_model_class(cls):
        from .models import StaffSession

        return StaffSession

    def _get_session_from_db(self):
        self.loaded_user = None
        try:
            found = self.model.objects.select_related("user").get(
                session_key=self.session_key, expire_date__gt=timezone.now()
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as e:
            if isinstance(e, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{e.__class__.__name__}")
                logger.warning(str(e))
            self._session_key = None
            return None
        self.loaded_user = found.user
        return found

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data[SESSION_KEY])
        except (KeyError, TypeError, ValueError):
            session.user_id = None
        return session

    def user_for(self, user_id):
        """The user read with this session, if it is the one asked for; else None."""
        user = self.loaded_user
        if user is not None and str(user.pk) == str(user_id):
            return user
        return None


class StaffBackend(ModelBackend):
    """Django's ModelBackend, except that the user read with the session is used rather than
    read again."""

    def get_user(self, user_id):
        session = current_session.get()
        user = session.user_for(user_id) if isinstance(session, SessionStore) else None
        if user is None:
            return super().get_user(user_id)
        return user if self.user_can_authenticate(user) else None
