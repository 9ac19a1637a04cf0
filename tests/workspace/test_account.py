import pyotp
import pytest

from openasc.access.models import AuditEntry
from openasc.access.roles import Role
from tests.conftest import PASSWORD


def test_healthz_needs_no_sign_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_pages_need_sign_in(client, person):
    response = client.get(f"/people/{person.pk}")
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in?next=/people/{person.pk}"


def test_sign_in_page_renders(client):
    response = client.get("/sign-in")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in body and 'for="username"' in body
    assert "<title>Sign in – openasc</title>" in body


def test_sign_in_success_goes_to_next(client, users):
    response = client.post(
        "/sign-in", {"username": "socialworker", "password": PASSWORD, "next": "/people/search"}
    )
    assert response.status_code == 302 and response["Location"] == "/people/search"
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(action="sign_in", username="socialworker").exists()


def test_sign_in_refuses_an_outside_next(client, users):
    response = client.post(
        "/sign-in", {"username": "socialworker", "password": PASSWORD, "next": "https://evil.test/"}
    )
    assert response["Location"] == "/"


def test_sign_in_failure_shows_error_summary(client, users):
    response = client.post("/sign-in", {"username": "socialworker", "password": "wrong"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "Enter a correct username and password" in body
    assert "<title>Error: Sign in" in body
    assert client.get("/").status_code == 302  # not signed in


def test_empty_sign_in_shows_field_errors(client, users):
    body = client.post("/sign-in", {"username": "", "password": ""}).content.decode()
    assert '<a href="#username">Enter your username</a>' in body
    assert 'id="username-error"' in body and "govuk-input--error" in body


def test_lockout_after_five_failures(client, users):
    for _ in range(5):
        client.post("/sign-in", {"username": "socialworker", "password": "wrong"})
    response = client.post("/sign-in", {"username": "socialworker", "password": PASSWORD})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Too many failed attempts" in body
    assert client.get("/").status_code == 302


@pytest.fixture
def totp_user(users):
    user = users[Role.SOCIAL_WORKER]
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled = True
    user.save()
    return user


def test_totp_flow(client, totp_user):
    response = client.post(
        "/sign-in", {"username": "socialworker", "password": PASSWORD, "next": "/people/search"}
    )
    assert response["Location"] == "/sign-in/code"
    # Signed in with a password only: every other page sends the user back for the code.
    assert client.get("/").headers["Location"] == "/sign-in/code"
    body = client.post("/sign-in/code", {"code": "000000"}).content.decode()
    assert "The code is not right" in body
    code = pyotp.TOTP(totp_user.totp_secret).now()
    response = client.post("/sign-in/code", {"code": code})
    assert response.status_code == 302 and response["Location"] == "/people/search"
    assert client.get("/").status_code == 200


def test_too_many_wrong_codes_signs_out(client, totp_user):
    client.post("/sign-in", {"username": "socialworker", "password": PASSWORD})
    for _ in range(5):
        response = client.post("/sign-in/code", {"code": "000000"})
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/").headers["Location"].startswith("/sign-in?next=")


def test_turn_two_factor_on_and_off(client, users):
    user = users[Role.SOCIAL_WORKER]
    client.force_login(user)
    body = client.post("/account/two-factor", {"action": "begin"}).content.decode()
    assert "<svg" in body and 'role="img"' in body
    user.refresh_from_db()
    assert user.totp_secret in body and not user.totp_enabled
    client.post("/account/two-factor", {"action": "confirm", "code": "000000"})
    user.refresh_from_db()
    assert not user.totp_enabled
    code = pyotp.TOTP(user.totp_secret).now()
    response = client.post("/account/two-factor", {"action": "confirm", "code": code})
    user.refresh_from_db()
    assert response.status_code == 302 and user.totp_enabled
    assert client.get("/").status_code == 200  # this session already passed the code
    code = pyotp.TOTP(user.totp_secret).now()
    client.post("/account/two-factor", {"action": "disable", "code": code})
    user.refresh_from_db()
    assert not user.totp_enabled and user.totp_secret == ""


def test_sign_out_is_post_only(client, users):
    client.force_login(users[Role.SOCIAL_WORKER])
    assert client.get("/sign-out").status_code == 405
    response = client.post("/sign-out")
    assert response["Location"] == "/sign-in"
    assert client.get("/").status_code == 302
