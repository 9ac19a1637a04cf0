"""The metrics API: the catalogue, a series of figures, every refusal in the API's error
shape, and generated requests (schemathesis) that must never cause a server error."""

from __future__ import annotations

from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from openasc.access.auth import create_token
from openasc.access.roles import Role
from openasc.config.wsgi import application
from openasc.returns import metrics
from tests.api.test_fuzz import keep_connection  # noqa: F401
from tests.returns.performance_world import CODE

FIELDS = {"code", "title", "unit", "meaning", "shortfalls", "better", "breakdowns", "yearly",
          "group"}  # fmt: skip


def _headers(user) -> dict:
    return {"Authorization": f"Bearer {create_token(user, 'test')}"}


@pytest.fixture
def manager(users):
    return _headers(users[Role.TEAM_MANAGER])


def test_the_catalogue(client, users, council, manager):
    r = client.get("/api/v1/metrics", headers=manager)
    assert r.status_code == 200
    got = {m["code"]: m for m in r.json()}
    assert set(got) == {m.code for m in metrics.all_metrics()}
    assert all(set(m) == FIELDS for m in got.values())
    assert got["ascof-2a"]["yearly"] and got["ascof-2a"]["breakdowns"] == ["age_band"]
    assert got[CODE]["breakdowns"] == ["sex"] and got[CODE]["better"] is None


@pytest.mark.parametrize(
    "role", [r for r in Role if r not in (Role.TEAM_MANAGER, Role.ANALYST, Role.ADMINISTRATOR)]
)
def test_practitioners_get_403_and_strangers_401(client, users, db, role):  # fmt: skip
    for url in ("/api/v1/metrics", "/api/v1/metrics/ascof-2a/data?from=2024-04-01&to=2025-03-31"):
        r = client.get(url, headers=_headers(users[role]))
        assert r.status_code == 403 and r.json()["code"] == "not_allowed"
        assert client.get(url).status_code == 401


def test_a_weekly_series_with_a_breakdown(client, council, manager):
    _, week = council
    start, end = week.start - timedelta(days=7), week.end
    r = client.get(f"/api/v1/metrics/{CODE}/data?from={start}&to={end}&period=week"
                   "&breakdown=sex", headers=manager)  # fmt: skip
    assert r.status_code == 200
    body = r.json()
    assert (body["code"], body["period"], body["breakdown"], body["unit"]) == (
        CODE,
        "week",
        "sex",
        "people",
    )
    assert [(p["start"], p["end"]) for p in body["series"]] == [
        (str(start), str(start + timedelta(days=6))),
        (str(week.start), str(week.end)),
    ]
    last = body["series"][-1]["figures"]
    assert [(f["group"], f["value"]) for f in last] == [("total", 3), ("female", 2), ("male", 1)]
    assert body["series"][0]["figures"][0] == {"group": "total", "value": 0, "numerator": 0,
                                               "denominator": None, "note": "Nobody"}  # fmt: skip


def test_a_yearly_series_defaults_to_financial_years(client, council, manager):
    r = client.get("/api/v1/metrics/ascof-2e/data?from=2023-04-01&to=2025-03-31", headers=manager)
    assert r.status_code == 200
    body = r.json()
    assert body["period"] == "year"
    assert [p["label"] for p in body["series"]] == ["2023-24", "2024-25"]
    assert all(p["figures"][0]["group"] == "total" for p in body["series"])


@pytest.mark.parametrize(("url", "status", "field", "words"), [
    ("/metrics/no-such/data?from=2024-04-01&to=2025-03-31", 404, None, "no metric “no-such”"),
    ("/metrics/ascof-2a/data?from=2024-04-01&to=2025-03-31&breakdown=sex", 422, "breakdown",
     "not broken down by sex"),
    ("/metrics/ascof-2a/data?from=2024-04-01&to=2025-03-31&breakdown=shoe_size", 422,
     "breakdown", "Input should be"),
    ("/metrics/ascof-2a/data?from=2025-04-01&to=2024-03-31", 422, "from", "is after 'to'"),
    (f"/metrics/{CODE}/data?from=2020-01-01&to=2025-03-31&period=week", 422, "to",
     "more than 104 periods"),
    ("/metrics/ascof-2a/data?from=2024-04-01&to=2025-03-31&period=week", 422, "period",
     "whole financial years only"),
    (f"/metrics/{CODE}/data?from=2024-04-01&to=2025-03-31&period=fortnight", 422, "period",
     "Input should be"),
    (f"/metrics/{CODE}/data?to=2025-03-31", 422, "from", "Field required"),
    (f"/metrics/{CODE}/data?from=2024-02-30&to=2025-03-31", 422, "from", ""),
    (f"/metrics/{CODE}/data?from=1066-10-14&to=2025-03-31", 422, "from", "Give a date from"),
])  # fmt: skip
def test_every_refusal_says_what_is_wrong(client, council, manager, url, status, field, words):
    r = client.get("/api/v1" + url, headers=manager)
    assert r.status_code == status, r.json()
    body = r.json()
    assert set(body) == {"detail", "code", "errors"}
    assert body["code"] == ("not_found" if status == 404 else "invalid")
    if field:
        assert words in body["errors"][field][0], body
    else:
        assert words in body["detail"]


# Generated requests, as a manager (the API's own fuzz test is a social worker: 403 here) ---

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
    path_regex="^/api/v1/metrics"
)


@pytest.mark.slow
@schema.parametrize()
@hypothesis_settings(
    max_examples=20, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much],
)  # fmt: skip
def test_no_server_errors(case, users, council, keep_connection):  # noqa: F811
    if case.path_parameters and "code" in case.path_parameters:
        # Half the time a real metric, so that requests get past the 404.
        raw = case.path_parameters["code"]
        if len(raw) % 2 == 0:
            case.path_parameters["code"] = "ascof-2a" if len(raw) % 4 == 0 else CODE
    case.call_and_validate(headers=_headers(users[Role.TEAM_MANAGER]),
                           checks=[not_a_server_error])  # fmt: skip
