"""Calling the API as a given user, with a real token."""

import json

import pytest
from django.test import Client

from openasc.access.auth import create_token

BASE = "/api/v1"


class ApiClient:
    def __init__(self, key: str | None = None):
        self.client = Client()
        self.key = key

    def _headers(self) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.key}"} if self.key else {}

    def get(self, path: str, **params):
        return self.client.get(BASE + path, params, **self._headers())

    def _send(self, method: str, path: str, body):
        return getattr(self.client, method)(
            BASE + path, json.dumps(body, default=str), "application/json", **self._headers()
        )

    def post(self, path: str, body=None):
        return self._send("post", path, body or {})

    def patch(self, path: str, body=None):
        return self._send("patch", path, body or {})


@pytest.fixture
def api_as(users):
    """api_as(role) -> a client carrying a fresh token for that role's user."""
    made = {}

    def for_role(role):
        if role not in made:
            made[role] = ApiClient(create_token(users[role], "tests"))
        return made[role]

    return for_role


@pytest.fixture
def anonymous():
    return ApiClient()
