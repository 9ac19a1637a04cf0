"""Workspace tests render every page with StrictUndefined, so a template that uses a variable
the view forgot to pass fails here rather than printing nothing in production."""

import pytest
from django.template import engines
from jinja2 import StrictUndefined

from openasc.access.roles import Role
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _strict_templates(monkeypatch):
    monkeypatch.setattr(engines["jinja2"].env, "undefined", StrictUndefined)


@pytest.fixture
def sign_in(client):
    """Sign the test client in as a user: sign_in(users[Role.X])."""

    def _sign_in(user):
        client.force_login(user)
        return client

    return _sign_in


@pytest.fixture
def sw_client(client, users):
    client.force_login(users[Role.SOCIAL_WORKER])
    return client


__all__ = ["PASSWORD"]
