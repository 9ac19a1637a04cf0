"""Tokens: only a live token for an active user opens the API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openasc.access.auth import create_token
from openasc.access.models import ApiToken
from openasc.access.roles import Role

from .conftest import ApiClient


def _assert_401(response):
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert "Bearer" in body["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_missing_token(anonymous, person):
    _assert_401(anonymous.get(f"/people/{person.pk}"))


@pytest.mark.parametrize("header", ["Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer"])
def test_invalid_token(client, person, header):
    _assert_401(client.get(f"/api/v1/people/{person.pk}", HTTP_AUTHORIZATION=header))


def test_expired_token(users, person):
    key = create_token(users[Role.SOCIAL_WORKER], "old")
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    _assert_401(ApiClient(key).get(f"/people/{person.pk}"))


def test_revoked_token(users, person):
    key = create_token(users[Role.SOCIAL_WORKER], "revoked")
    assert ApiClient(key).get(f"/people/{person.pk}").status_code == 200
    ApiToken.objects.update(revoked=True)
    _assert_401(ApiClient(key).get(f"/people/{person.pk}"))


def test_inactive_user(users, person):
    user = users[Role.SOCIAL_WORKER]
    key = create_token(user, "leaver")
    user.is_active = False
    user.save()
    _assert_401(ApiClient(key).get(f"/people/{person.pk}"))


def test_every_person_operation_needs_a_token(anonymous, person):
    for response in (
        anonymous.get("/people", name="Lovelock"),
        anonymous.post("/people", {}),
        anonymous.patch(f"/people/{person.pk}", {"version": 1}),
        anonymous.post(f"/people/{person.pk}/break-glass", {"reason": "x" * 20}),
        anonymous.get(f"/people/{person.pk}/events"),
        anonymous.post(f"/people/{person.pk}/events", {}),
        anonymous.get("/events/1"),
        anonymous.patch("/events/1", {"version": 1}),
        anonymous.post("/events/1/status", {"status": "open", "version": 1}),
    ):
        _assert_401(response)


def test_vocab_and_openapi_are_public(anonymous, db):
    assert anonymous.get("/vocab").status_code == 200
    assert anonymous.get("/vocab/gender").status_code == 200
    assert anonymous.get("/openapi.json").status_code == 200
