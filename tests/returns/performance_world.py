"""A small council for the performance pages and the metrics API: three people with open
requests last week (North's, South's, and a restricted North record), a long-term service
since 2023 for the ASCOF year 2024, and a test measure whose people are everyone with an
event in the window, so drill-down is tested whatever other measures are registered."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta

from openasc.access.models import Allocation
from openasc.returns import metrics
from openasc.returns import selectors as s
from openasc.returns.metrics import TOTAL, Figure, Metric
from tests.conftest import make_person
from tests.returns.test_cld_export import GOOD_NHS, a_person, add

CODE = "test-people-with-events"
_KEYS = """
    SELECT DISTINCT person_key, gender FROM cld_events
    WHERE person_key IS NOT NULL AND event_start BETWEEN ? AND ?
"""


def _rows(con, window):
    return con.execute(_KEYS, [window.start, window.end]).fetchall()


def _figures(con, window, breakdown=None):
    rows = _rows(con, window)
    out = [Figure(TOTAL, len(rows), len(rows), None, "" if rows else "Nobody")]
    if breakdown == "sex":
        for sex in ("female", "male"):
            n = sum(1 for _, g in rows if g == sex)
            out.append(Figure(sex, n, n))
    return out


def _people(con, window, breakdown=None, group=TOTAL):
    return [k for k, g in _rows(con, window) if group == TOTAL or g == group]


TEST_METRIC = Metric(
    code=CODE, title="People with events (test)", unit="people",
    meaning="Everyone with an event starting in the window.", shortfalls="A test measure.",
    figures=_figures, better=None, breakdowns=("sex",), people=_people,
)  # fmt: skip


@contextmanager
def metric_registered():
    """The test measure in the catalogue, for the length of a test."""
    metrics.all_metrics()  # load the real catalogue first
    metrics.register(TEST_METRIC)
    try:
        yield TEST_METRIC
    finally:
        metrics.REGISTRY.pop(CODE, None)


def build(settings, tmp_path, teams):
    """Returns (people by name, last week's window)."""
    settings.VAR_DIR = tmp_path
    settings.RETURNS_SNAPSHOT_SECONDS = 0
    week = s.last_complete("week")
    ada = a_person(nhs_number=GOOD_NHS, date_of_birth=date(1940, 5, 17))
    bert = a_person(given_name="Bert", gender="male", date_of_birth=date(1950, 2, 2))
    cara = make_person(given_name="Cara", family_name="Hidden", restricted=True,
                       date_of_birth=date(1945, 1, 1))  # fmt: skip
    for p, team in ((ada, "north"), (bert, "south"), (cara, "north")):
        Allocation.objects.create(person=p, team=teams[team], opened_on=date(2023, 1, 1))
        add(p, "request", week.start + timedelta(days=1), None, status="open", outcome="")
    add(ada, "service", date(2023, 1, 1), status="open")  # long-term support at home
    return {"ada": ada, "bert": bert, "cara": cara}, week


def query(period: str, day: date, **extra) -> str:
    from urllib.parse import urlencode

    return urlencode({"period": period, "start-day": day.day, "start-month": day.month,
                      "start-year": day.year, **extra})  # fmt: skip
