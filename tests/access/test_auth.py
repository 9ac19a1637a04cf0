"""Sign-in throttling, the TOTP second factor, and API tokens."""

from datetime import timedelta

import pyotp
import pytest
from django.test import RequestFactory
from django.utils import timezone

from openasc.access import auth
from openasc.access.models import ApiToken, AuditEntry, LoginFailure
from openasc.access.roles import Role
from tests.conftest import PASSWORD


@pytest.fixture
def request_():
    return RequestFactory().post("/sign-in", REMOTE_ADDR="192.0.2.7")


def test_sign_in_succeeds(users, request_):
    assert auth.sign_in(request_, "socialworker", PASSWORD) == users[Role.SOCIAL_WORKER]
    assert AuditEntry.objects.filter(action="sign_in").count() == 1


def test_lockout_after_max_failures(users, request_, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        with pytest.raises(auth.BadCredentials):
            auth.sign_in(request_, "socialworker", "wrong password")
    # Locked out even with the right password now.
    with pytest.raises(auth.LockedOut, match="15 minutes"):
        auth.sign_in(request_, "socialworker", PASSWORD)
    assert LoginFailure.objects.filter(username="socialworker", ip="192.0.2.7").count() == 3
    assert AuditEntry.objects.filter(action="sign_in_locked").count() == 1
    # Another user is not affected.
    auth.sign_in(request_, "ot", PASSWORD)


def test_lockout_ends_when_failures_age(users, request_, settings):
    settings.LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        with pytest.raises(auth.BadCredentials):
            auth.sign_in(request_, "socialworker", "nope")
    LoginFailure.objects.update(
        at=timezone.now() - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1)
    )
    assert auth.sign_in(request_, "socialworker", PASSWORD)


def test_success_clears_failures(users, request_, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        with pytest.raises(auth.BadCredentials):
            auth.sign_in(request_, "SocialWorker ", "nope")
    auth.sign_in(request_, "socialworker", PASSWORD)
    assert not LoginFailure.objects.exists()
    for _ in range(2):
        with pytest.raises(auth.BadCredentials):
            auth.sign_in(request_, "socialworker", "nope")
    auth.sign_in(request_, "socialworker", PASSWORD)  # 2 < 3: not locked


def test_totp_begin_confirm_check_disable(users):
    user = users[Role.SOCIAL_WORKER]
    secret = auth.begin_totp(user)
    user.refresh_from_db()
    assert user.totp_secret == secret and not user.totp_enabled
    totp = pyotp.TOTP(secret)
    wrong = f"{(int(totp.now()) + 500000) % 1000000:06d}"
    assert not auth.confirm_totp(user, wrong)
    user.refresh_from_db()
    assert not user.totp_enabled
    assert auth.confirm_totp(user, totp.now())
    user.refresh_from_db()
    assert user.totp_enabled
    code = totp.now()
    assert auth.check_totp(user, f"{code[:3]} {code[3:]}")  # spaces typed by the user
    assert "<svg" in auth.totp_qr_svg(user)
    auth.disable_totp(user)
    user.refresh_from_db()
    assert not user.totp_enabled and not auth.check_totp(user, totp.now())
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"totp_enabled", "totp_disabled"} <= actions


def test_api_token_lookup(users):
    user = users[Role.SOCIAL_WORKER]
    key = auth.create_token(user, "reporting script", days=30)
    token = ApiToken.objects.get(user=user)
    assert key not in (token.key_hash, token.prefix) and key[5:13] == token.prefix
    assert auth.user_for_token(key) == user
    assert auth.user_for_token(key + "x") is None
    assert auth.user_for_token("") is None
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_expired_and_revoked_tokens_refused(users):
    user = users[Role.SOCIAL_WORKER]
    expired = auth.create_token(user, "old", days=30)
    ApiToken.objects.filter(name="old").update(expires_at=timezone.now() - timedelta(seconds=1))
    assert auth.user_for_token(expired) is None
    revoked = auth.create_token(user, "revoked", days=None)
    assert auth.user_for_token(revoked) == user  # never expires
    ApiToken.objects.filter(name="revoked").update(revoked=True)
    assert auth.user_for_token(revoked) is None


def test_token_of_inactive_user_refused(users):
    user = users[Role.SOCIAL_WORKER]
    key = auth.create_token(user, "script")
    user.is_active = False
    user.save()
    assert auth.user_for_token(key) is None
