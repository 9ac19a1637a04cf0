"""The idle timeout slides with use, without a database write on every request."""

from django.contrib.sessions.models import Session

from openasc.access.roles import Role


def test_session_expiry_slides_at_most_once_a_minute(client, users, settings, monkeypatch):
    client.force_login(users[Role.SOCIAL_WORKER])
    key = client.session.session_key
    clock = [1_000_000.0]
    monkeypatch.setattr("openasc.access.middleware.time.time", lambda: clock[0])
    client.get("/")
    first = Session.objects.get(pk=key).expire_date
    clock[0] += 30  # within the minute: no write
    client.get("/")
    assert Session.objects.get(pk=key).expire_date == first
    clock[0] += 31  # past it: the expiry moves on
    client.get("/")
    assert Session.objects.get(pk=key).expire_date > first


def test_idle_session_signs_out(client, users, settings):
    settings.SESSION_COOKIE_AGE = 1800
    client.force_login(users[Role.SOCIAL_WORKER])
    Session.objects.all().delete()  # as the session store does once it has expired
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in")
