"""The idle timeout slides with use, without a database write on every request."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from openasc.access.models import StaffSession
from openasc.access.roles import Role
from tests.conftest import PASSWORD


def test_session_expiry_slides_at_most_once_a_minute(client, users, settings, monkeypatch):
    client.force_login(users[Role.SOCIAL_WORKER])
    key = client.session.session_key
    clock = [1_000_000.0]
    monkeypatch.setattr("openasc.access.middleware.time.time", lambda: clock[0])
    client.get("/")
    first = StaffSession.objects.get(pk=key).expire_date
    clock[0] += 30  # within the minute: no write
    client.get("/")
    assert StaffSession.objects.get(pk=key).expire_date == first
    clock[0] += 31  # past it: the expiry moves on
    client.get("/")
    assert StaffSession.objects.get(pk=key).expire_date > first


def test_idle_session_signs_out(client, users, settings):
    settings.SESSION_COOKIE_AGE = 1800
    client.force_login(users[Role.SOCIAL_WORKER])
    StaffSession.objects.all().delete()  # as the session store does once it has expired
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in")


def test_one_query_reads_the_session_and_its_user(client, users):
    client.force_login(users[Role.SOCIAL_WORKER])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    reads = [q["sql"] for q in ctx.captured_queries if '"access_user"' in q["sql"]]
    assert len(reads) == 1 and '"access_staffsession"' in reads[0]


def test_session_user_is_still_checked(client, users):
    """The user read with the session goes through Django's checks as before: a deactivated
    user, or one whose password has changed, is signed out."""
    sw = users[Role.SOCIAL_WORKER]
    client.force_login(sw)
    assert client.get("/").status_code == 200
    sw.is_active = False
    sw.save()
    assert client.get("/")["Location"].startswith("/sign-in")
    sw.is_active = True
    sw.save()
    client.force_login(sw)
    assert client.get("/").status_code == 200
    sw.set_password("a-different-long-password")
    sw.save()
    assert client.get("/")["Location"].startswith("/sign-in")
    assert not StaffSession.objects.exists()  # the stale session was flushed


def test_sign_in_stores_the_user_beside_the_session(client, users):
    sw = users[Role.SOCIAL_WORKER]
    r = client.post("/sign-in", {"username": sw.username, "password": PASSWORD})
    assert r.status_code == 302
    assert StaffSession.objects.get(pk=client.session.session_key).user_id == sw.pk
    client.post("/sign-out")
    assert not StaffSession.objects.filter(user_id=sw.pk).exists()
