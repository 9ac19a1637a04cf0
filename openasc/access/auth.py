"""Staff sign-in: passwords (Argon2), throttling, a TOTP second factor, and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import pyotp
import segno
from django.conf import settings
from django.contrib.auth import authenticate
from django.utils import timezone

from . import audit
from .models import ApiToken, LoginFailure, User

ISSUER = "openasc"


class SignInError(Exception):
    pass


class LockedOut(SignInError):
    def __init__(self, minutes: int):
        super().__init__(
            f"Too many failed attempts. Wait {minutes} minutes and try again, or ask an "
            "administrator to reset your password."
        )


class BadCredentials(SignInError):
    def __init__(self):
        super().__init__("Enter a correct username and password")


def _recent_failures(username: str):
    since = timezone.now() - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    return LoginFailure.objects.filter(username=username.lower(), at__gte=since)


def sign_in(request, username: str, password: str) -> User:
    """Check a username and password, throttled per username. Returns the user; the caller
    still asks for the second factor when the user has one."""
    username = (username or "").strip()
    if _recent_failures(username).count() >= settings.LOGIN_MAX_FAILURES:
        audit.record(None, "sign_in_locked", username_tried=username)
        raise LockedOut(settings.LOGIN_LOCKOUT_SECONDS // 60)
    user = authenticate(request, username=username, password=password)
    if user is None:
        LoginFailure.objects.create(username=username.lower(), ip=_ip(request), at=timezone.now())
        audit.record(None, "sign_in_failed", username_tried=username)
        raise BadCredentials()
    _recent_failures(username).delete()
    audit.record(user, "sign_in")
    return user


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


# Second factor -------------------------------------------------------------------------------


def begin_totp(user: User) -> str:
    """A new secret for the user to add to their authenticator app (not yet switched on)."""
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled = False
    user.save(update_fields=["totp_secret", "totp_enabled"])
    return user.totp_secret


def totp_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def totp_qr_svg(user: User) -> str:
    return segno.make(totp_uri(user)).svg_inline(scale=4, title="QR code for your app")


def check_totp(user: User, code: str) -> bool:
    code = "".join(c for c in (code or "") if c.isdigit())
    return bool(user.totp_secret) and pyotp.TOTP(user.totp_secret).verify(code, valid_window=1)


def confirm_totp(user: User, code: str) -> bool:
    if not check_totp(user, code):
        return False
    user.totp_enabled = True
    user.save(update_fields=["totp_enabled"])
    audit.record(user, "totp_enabled")
    return True


def disable_totp(user: User) -> None:
    user.totp_enabled = False
    user.totp_secret = ""
    user.save(update_fields=["totp_enabled", "totp_secret"])
    audit.record(user, "totp_disabled")


# API tokens ----------------------------------------------------------------------------------


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_token(user: User, name: str, days: int | None = 90) -> str:
    """Make a token and return its key, which is shown once and never stored."""
    key = "oasc_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=_digest(key),
        prefix=key[5:13],
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    audit.record(user, "api_token_created", token_name=name)
    return key


def user_for_token(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_digest(key or ""), revoked=False)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at and token.expires_at <= now:
        return None
    if not token.last_used_at or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
