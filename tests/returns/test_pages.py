"""The performance pages: who may see them, the weekly view, a measure's page with its
downloads, and the people behind a figure (only those the viewer may see, one audit entry)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from openasc.access import policy
from openasc.access.models import AuditEntry
from openasc.access.roles import Role
from openasc.returns import metrics
from openasc.returns import selectors as s
from openasc.returns.metrics import Window
from tests.returns.performance_world import CODE, query

ALLOWED = [Role.TEAM_MANAGER, Role.ANALYST, Role.ADMINISTRATOR]
PRACTITIONERS = [r for r in Role if r not in ALLOWED]


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


# Who may see ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALLOWED, ids=str)
def test_the_pages_render_for_managers_analysts_and_administrators(client, users, council, role):
    people, week = council
    r = _get(client, users[role], "/performance")
    assert r.status_code == 200
    html = r.content.decode()
    assert "ASCOF" in html and "People with events (test)" in html
    assert f'href="/performance/{CODE}?' in html
    assert client.get("/performance/ascof-2a").status_code == 200
    r = client.get(f"/performance/{CODE}?{query('week', week.start)}")
    assert r.status_code == 200
    r = client.get(f"/performance/{CODE}/people?{query('week', week.start)}")
    assert r.status_code == 200


@pytest.mark.parametrize("role", PRACTITIONERS, ids=str)
def test_practitioners_get_403(client, users, council, role):
    _, week = council
    for url in ["/performance", "/performance/ascof-2a",
                f"/performance/{CODE}/people?{query('week', week.start)}"]:  # fmt: skip
        assert _get(client, users[role], url).status_code == 403, url


def test_the_nav_offers_performance_to_exactly_those_allowed(client, users, db):
    for role, user in users.items():
        html = _get(client, user, "/").content.decode()
        assert ('href="/performance"' in html) == policy.can_see_performance(user), role


# The weekly view and a measure's page ----------------------------------------------------------


def test_the_weekly_view_shows_this_week_and_the_ascof_years(client, users, council):
    people, week = council
    html = _get(client, users[Role.TEAM_MANAGER], "/performance").content.decode()
    assert s.describe("week", week) in html
    assert "Up 3" in html  # three people this week, none the week before
    year = s.shift("year", s.period_containing("year", week.end + timedelta(days=1)), -1)
    assert s.describe("year", year) in html and s.describe("year", s.shift("year", year, -1))
    for m in metrics.all_metrics():
        assert f'href="/performance/{m.code}?' in html, m.code


def test_choosing_a_week_that_has_not_ended_is_an_error(client, users, council):
    today = date.today()
    url = f"/performance?week-day={today.day}&week-month={today.month}&week-year={today.year}"
    html = _get(client, users[Role.ANALYST], url).content.decode()
    assert "<title>Error: " in html and "Choose a day in a week that has ended" in html


def test_a_measure_page_has_its_meaning_figures_trend_and_drill_down(client, users, council):
    people, week = council
    url = f"/performance/{CODE}?{query('week', week.start, breakdown='sex')}"
    html = _get(client, users[Role.TEAM_MANAGER], url).content.decode()
    assert "Everyone with an event starting in the window." in html and "A test measure." in html
    assert "The last 12 periods" in html and "data:image/svg+xml;base64," in html
    drill = f"/performance/{CODE}/people?{query('week', week.start, breakdown='sex')}"
    assert drill.replace("&", "&amp;") + "&amp;group=female" in html
    assert "format=csv" in html and "format=xlsx" in html


def test_an_ascof_page_offers_years_only_and_no_drill_down(client, users, council):
    html = _get(client, users[Role.ANALYST], "/performance/ascof-2e").content.decode()
    assert "/people?" not in html and 'value="week"' not in html
    r = client.get(f"/performance/ascof-2e?{query('week', date(2024, 5, 1))}")
    assert "<title>Error: " in r.content.decode()
    assert client.get("/performance/ascof-2e/people").status_code == 404
    assert client.get("/performance/no-such-measure").status_code == 404


def test_every_registered_measure_renders_with_each_of_its_breakdowns(
    client, users, council, settings
):
    # The record does not change here: keep one snapshot, so its figures come from the cache.
    settings.RETURNS_SNAPSHOT_SECONDS = 3600
    client.force_login(users[Role.ADMINISTRATOR])
    for m in metrics.all_metrics():
        period = "year" if m.yearly else "month"
        for breakdown in ("", *m.breakdowns):
            url = f"/performance/{m.code}?{query(period, date(2024, 6, 1), breakdown=breakdown)}"
            assert client.get(url).status_code == 200, url


# Downloads -------------------------------------------------------------------------------------


def test_the_csv_and_xlsx_hold_the_figures(client, users, council):
    people, week = council
    client.force_login(users[Role.TEAM_MANAGER])
    base = f"/performance/{CODE}?{query('week', week.start, breakdown='sex')}"
    r = client.get(base + "&format=csv")
    assert r["Content-Type"].startswith("text/csv") and "attachment" in r["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    got = {row["Group"]: (row["Value"], row["Numerator"]) for row in rows}
    assert got == {"All people": ("3", "3"), "female": ("2", "2"), "male": ("1", "1")}
    assert rows[0]["Period start"] == week.start.isoformat()
    r = client.get(base + "&format=xlsx")
    book = load_workbook(io.BytesIO(r.content))
    sheet = list(book["Figures"].values)
    assert sheet[0][:6] == ("Metric", "Period start", "Period end", "Breakdown", "Group", "Value")
    assert [(row[4], row[5]) for row in sheet[1:]] == [("All people", 3), ("female", 2),
                                                       ("male", 1)]  # fmt: skip
    trend = list(book["Trend"].values)
    assert len(trend) == 13 and trend[-1][3] == 3


def test_an_ascof_csv_holds_what_the_catalogue_works_out(client, users, council):
    metric = metrics.get("ascof-2e")
    with s.connection() as con:
        figures = s.figures(con, metric, Window.financial_year(2024), "age_band")
    url = f"/performance/ascof-2e?{query('year', date(2024, 4, 1), breakdown='age_band')}"
    r = _get(client, users[Role.ANALYST], url + "&format=csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == len(figures)
    for row, f in zip(rows, figures, strict=True):
        assert row["Value"] == ("" if f.value is None else str(f.value))


# The people behind a figure ------------------------------------------------------------------


def test_the_drill_down_lists_only_the_managers_team_and_audits_once(client, users, council):
    people, week = council
    manager = users[Role.TEAM_MANAGER]
    before = AuditEntry.objects.count()
    url = f"/performance/{CODE}/people?{query('week', week.start)}"
    html = _get(client, manager, url).content.decode()
    assert people["ada"].council_person_id in html and "Ada Lovelock" in html
    assert people["bert"].council_person_id not in html  # South's
    assert people["cara"].council_person_id not in html  # restricted, not named
    assert "2 people in this figure are not allocated to your team" in html
    assert "Request open since" in html and "Service open since 1 Jan 2023" in html
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert len(entries) == 1
    e = entries[0]
    assert (e.user_id, e.action, e.person_id) == (manager.pk, "list", None)
    assert e.detail["metric"] == CODE and e.detail["window"] == [week.start.isoformat(),
                                                                 week.end.isoformat()]  # fmt: skip
    assert (e.detail["shown"], e.detail["hidden"]) == (1, 2)


def test_a_group_lists_its_own_people(client, users, council):
    people, week = council
    url = f"/performance/{CODE}/people?{query('week', week.start, breakdown='sex', group='male')}"
    html = _get(client, users[Role.TEAM_MANAGER], url).content.decode()
    assert "1 person in this figure is not allocated to your team" in html
    assert "Ada Lovelock" not in html
    bad = url.replace("group=male", "group=nobody")
    assert client.get(bad).status_code == 404


def test_an_analyst_sees_nobody_and_how_many(client, users, council):
    _, week = council
    url = f"/performance/{CODE}/people?{query('week', week.start)}"
    html = _get(client, users[Role.ANALYST], url).content.decode()
    assert "Lovelock" not in html
    assert "3 people in this figure are not listed" in html
    assert AuditEntry.objects.filter(action="list", user=users[Role.ANALYST]).count() == 1


def test_break_glass_never_puts_someone_on_the_list(client, users, council):
    people, week = council
    manager = users[Role.TEAM_MANAGER]
    policy.break_glass(manager, people["bert"], "Covering the South team's duty desk")
    url = f"/performance/{CODE}/people?{query('week', week.start)}"
    html = _get(client, manager, url).content.decode()
    assert people["bert"].council_person_id not in html


def test_a_restricted_record_is_listed_for_the_staff_named_on_it(client, users, council):
    people, week = council
    manager = users[Role.TEAM_MANAGER]
    people["cara"].restricted_to.add(manager)
    url = f"/performance/{CODE}/people?{query('week', week.start)}"
    html = _get(client, manager, url).content.decode()
    assert people["cara"].council_person_id in html and "Restricted" in html


def test_person_keys_map_to_records_in_one_query(council, django_assert_num_queries):
    people, _ = council
    keys = [f"nhs:{people['ada'].nhs_number}", f"la:{people['bert'].council_person_id}",
            "la:nobody"]  # fmt: skip
    with django_assert_num_queries(1):
        found = s.people_for_keys(keys)
    assert {k: p.pk for k, p in found.items()} == {keys[0]: people["ada"].pk,
                                                   keys[1]: people["bert"].pk}  # fmt: skip


# Periods ---------------------------------------------------------------------------------------


def test_periods():
    d = date(2025, 2, 13)  # a Thursday
    assert s.period_containing("week", d) == Window(date(2025, 2, 10), date(2025, 2, 16))
    assert s.period_containing("month", d) == Window(date(2025, 2, 1), date(2025, 2, 28))
    assert s.period_containing("quarter", d) == Window(date(2025, 1, 1), date(2025, 3, 31))
    assert s.period_containing("year", d) == Window.financial_year(2024)
    assert s.shift("quarter", s.period_containing("quarter", d), 1).start == date(2025, 4, 1)
    assert s.last_complete("week", d) == Window(date(2025, 2, 3), date(2025, 2, 9))
    assert s.describe("quarter", Window(date(2025, 1, 1), date(2025, 3, 31))) == "Q4 2024-25"
    for period in s.PERIODS:
        found = s.windows_between(period, date(2023, 5, 17), d)
        assert len(found) == s.count_periods(period, date(2023, 5, 17), d)
        assert all(
            a.end + timedelta(days=1) == b.start for a, b in zip(found, found[1:], strict=False)
        )
        assert found[0].start <= date(2023, 5, 17) and found[-1].end >= d
        assert s.trend_windows(period, found[-1])[-1] == found[-1]


def test_refresh_rebuilds_the_snapshot_and_works_out_the_weekly_view(
    client, users, council, settings, capsys
):
    from openasc.cli import main
    from openasc.returns import snapshot

    settings.RETURNS_SNAPSHOT_SECONDS = 3600  # a page must not rebuild it itself now
    assert main(["returns", "refresh"]) == 0
    assert "Snapshot rebuilt" in capsys.readouterr().out
    built = snapshot.path().stat().st_mtime_ns
    cached = len(list((snapshot.path().parent / "figures").iterdir()))
    assert cached > 0  # the week's figures were worked out ahead of anyone asking
    client.force_login(users["team_manager"])
    assert client.get("/performance").status_code == 200
    assert snapshot.path().stat().st_mtime_ns == built  # the page used the refreshed copy
    assert len(list((snapshot.path().parent / "figures").iterdir())) == cached
