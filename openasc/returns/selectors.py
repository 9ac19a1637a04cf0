"""Reads for the performance pages and the metrics API: periods, figures over windows of
time, trends, and the people behind a figure (as far as the viewer may see them).

Figures come from the snapshot (``snapshot.py``) and are kept in a file cache beside it
(shared by every worker process), under the snapshot's file stamp: a manager's weekly view
asks for two hundred figures, and the ASCOF ones each work out the whole year, so only the
first look at a snapshot is slow, and a rebuilt snapshot is never mixed with an older one.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.cache.backends.filebased import FileBasedCache
from django.db.models import Q

from openasc.access import policy
from openasc.journey.lifecycle import Status
from openasc.journey.models import Event
from openasc.people.models import Person

from . import snapshot
from .metrics import TOTAL, Figure, Metric, Window, all_metrics

PERIODS = {
    "week": "Week (Monday to Sunday)",
    "month": "Month",
    "quarter": "Quarter",
    "year": "Financial year (April to March)",
}
_MONTHS = {"month": 1, "quarter": 3, "year": 12}
# Dates the API and pages accept: beyond these a period has no record and no calendar sense.
EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)
MAX_PERIODS = 104
# Keys looked up in one query: well inside every database's limit on query parameters.
CHUNK = 5000


# Periods -------------------------------------------------------------------------------------


def _month_start(day: date, months: int = 0) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_containing(period: str, day: date) -> Window:
    """The week (Monday to Sunday), month, quarter or financial year that holds ``day``."""
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return Window(monday, monday + timedelta(days=6))
    if period == "month":
        start = _month_start(day)
    elif period == "quarter":
        start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    elif period == "year":
        start = Window.financial_year(day.year if day.month >= 4 else day.year - 1).start
    else:
        raise ValueError(f"no period {period!r}; periods: {', '.join(PERIODS)}")
    end = _month_start(start, _MONTHS[period]) - timedelta(days=1)
    return Window(start, end)


def shift(period: str, window: Window, n: int) -> Window:
    """The period ``n`` periods after (or, negative, before) ``window``."""
    if period == "week":
        return period_containing(period, window.start + timedelta(weeks=n))
    return period_containing(period, _month_start(window.start, n * _MONTHS[period]))


def windows_between(period: str, start: date, end: date) -> list[Window]:
    """Every period that overlaps ``start`` to ``end``, earliest first."""
    found, window = [], period_containing(period, start)
    while window.start <= end:
        found.append(window)
        window = shift(period, window, 1)
    return found


def count_periods(period: str, start: date, end: date) -> int:
    """How many periods ``windows_between`` would give, without making them."""
    first, last = period_containing(period, start), period_containing(period, end)
    if period == "week":
        return (last.start - first.start).days // 7 + 1
    months = (last.start.year - first.start.year) * 12 + last.start.month - first.start.month
    return months // _MONTHS[period] + 1


def last_complete(period: str, today: date | None = None) -> Window:
    """The latest period that has ended before ``today``."""
    today = today or date.today()
    return shift(period, period_containing(period, today), -1)


def trend_windows(period: str, window: Window, count: int = 12) -> list[Window]:
    """``count`` periods ending with ``window``, earliest first."""
    return [shift(period, window, n) for n in range(1 - count, 1)]


def describe(period: str, window: Window) -> str:
    """How a person would name the period: 'week of 3 November 2025', 'Q2 2025-26'."""
    s = window.start
    if period == "week":
        return f"Week of {s.day} {calendar.month_name[s.month]} {s.year}"
    if period == "month":
        return f"{calendar.month_name[s.month]} {s.year}"
    fy = s.year if s.month >= 4 else s.year - 1
    if period == "quarter":
        return f"Q{(s.month - 4) % 12 // 3 + 1} {fy}-{(fy + 1) % 100:02d}"
    return f"{fy}-{(fy + 1) % 100:02d}"


def short_label(period: str, window: Window) -> str:
    """A chart axis label."""
    s = window.start
    if period == "week":
        return f"{s.day} {calendar.month_abbr[s.month]}"
    if period == "month":
        return f"{calendar.month_abbr[s.month]} {s.year % 100:02d}"
    return describe(period, window)


# Figures -------------------------------------------------------------------------------------


@contextmanager
def connection() -> Iterator:
    """A read-only connection to a fresh enough snapshot, closed afterwards."""
    con = snapshot.connect()
    try:
        yield con
    finally:
        con.close()


def _cache() -> FileBasedCache:
    where = snapshot.path().parent / "figures"
    return FileBasedCache(str(where), {"TIMEOUT": 2 * 86400, "OPTIONS": {"MAX_ENTRIES": 50_000}})


def _stamp() -> str:
    """Which snapshot: its file's change time and size (short, as cache keys must be)."""
    stat = snapshot.path().stat()
    return f"{stat.st_mtime_ns:x}.{stat.st_size:x}"


def figures(con, metric: Metric, window: Window, breakdown: str | None = None) -> list[Figure]:
    """The metric's figures, TOTAL first; never empty (a note says why there is none)."""
    key = f"returns:{_stamp()}:{metric.code}:{window.start}:{window.end}:{breakdown or ''}"
    cache = _cache()
    found = cache.get(key)
    if found is None:
        found = list(metric.figures(con, window, breakdown))
        if not found:
            found = [Figure(TOTAL, None, note="Nothing recorded for this period")]
        cache.set(key, found)
    return found


def total(con, metric: Metric, window: Window) -> Figure:
    return figures(con, metric, window)[0]


@dataclass
class Trend:
    """A metric's total over consecutive periods, and how the last compares with the one
    before."""

    metric: Metric
    period: str
    windows: list[Window]
    totals: list[Figure]

    @property
    def current(self) -> Figure:
        return self.totals[-1]

    @property
    def previous(self) -> Figure | None:
        return self.totals[-2] if len(self.totals) > 1 else None

    @property
    def change(self) -> float | None:
        now, before = self.current.value, self.previous and self.previous.value
        return None if now is None or before is None else now - before

    @property
    def direction(self) -> str:
        """'better', 'worse', 'no change' or '' (no comparison, or neither is better)."""
        change = self.change
        if change is None:
            return ""
        if abs(change) < 1e-9:
            return "no change"
        if self.metric.better not in ("higher", "lower"):
            return ""
        return "better" if (change > 0) == (self.metric.better == "higher") else "worse"


def trend(con, metric: Metric, period: str, window: Window, count: int = 12) -> Trend:
    windows = trend_windows(period, window, count)
    return Trend(metric, period, windows, [total(con, metric, w) for w in windows])


def series(con, metric: Metric, period: str, start: date, end: date, breakdown=None):
    """(window, figures) for every period overlapping ``start`` to ``end``."""
    return [(w, figures(con, metric, w, breakdown)) for w in windows_between(period, start, end)]


@dataclass
class WeeklyView:
    """What /performance shows: each operational measure's last 13 weeks, and each yearly
    (ASCOF) measure's total for a financial year and the one before."""

    week: Window
    year: Window
    before: Window
    weekly: list[Trend]
    yearly: list[tuple[Metric, Figure, Figure]]


def weekly_view(con, week: Window) -> WeeklyView:
    # The latest financial year to have ended by the end of the week.
    year = shift("year", period_containing("year", week.end + timedelta(days=1)), -1)
    before = shift("year", year, -1)
    catalogue = all_metrics()
    return WeeklyView(
        week, year, before,
        [trend(con, m, "week", week, count=13) for m in operational(catalogue)],
        [(m, total(con, m, year), total(con, m, before)) for m in yearly(catalogue)],
    )  # fmt: skip


def refresh_and_warm(today: date | None = None) -> WeeklyView:
    """Rebuild the snapshot now and work out the weekly view's figures into the cache, so
    that no one opening /performance waits for either (``openasc returns refresh``, run on
    a schedule more often than ``RETURNS_SNAPSHOT_SECONDS``)."""
    snapshot.refresh()
    with connection() as con:
        return weekly_view(con, last_complete("week", today))


def operational(metrics: list[Metric]) -> list[Metric]:
    return [m for m in metrics if not m.yearly]


def yearly(metrics: list[Metric]) -> list[Metric]:
    return [m for m in metrics if m.yearly]


# The people behind a figure -----------------------------------------------------------------

# Bases that let a list show someone. Break glass is for one person at a time, with a reason
# about them: a list of people never relies on it, nor sends anyone to it.
LISTED_BASES = {"on your caseload", "allocated to your team", "named on a restricted record"}


@dataclass
class Row:
    person: Person
    basis: str
    age: int | None
    waiting: str  # what they are waiting for, or why they count
    since: date | None  # how long: the earliest open item, for "oldest first"


@dataclass
class PeopleBehind:
    rows: list[Row] = field(default_factory=list)
    hidden: int = 0  # people in the figure this viewer may not see
    unmatched: int = 0  # keys with no record now (e.g. merged away or deleted)

    @property
    def total(self) -> int:
        return len(self.rows) + self.hidden + self.unmatched


def people_for_keys(keys: list[str]) -> dict[str, Person]:
    """'nhs:<number>' / 'la:<council person id>' -> Person, one query per CHUNK keys."""
    found: dict[str, Person] = {}
    for i in range(0, len(keys), CHUNK):
        part = keys[i : i + CHUNK]
        nhs = [k[4:] for k in part if k.startswith("nhs:")]
        local = [k[3:] for k in part if k.startswith("la:")]
        if not nhs and not local:
            continue
        wanted = Q(nhs_number__in=nhs) | Q(council_person_id__in=local)
        for p in Person.objects.filter(wanted):
            if p.nhs_number and f"nhs:{p.nhs_number}" in part:
                found[f"nhs:{p.nhs_number}"] = p
            if f"la:{p.council_person_id}" in part:
                found[f"la:{p.council_person_id}"] = p
    return found


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _waiting(people: list[Person], window: Window) -> dict[int, tuple[str, date | None]]:
    """What each person had open at the end of the window (oldest first), or else what of
    theirs ended in it: the reason they are in the figure, from their journey."""
    events = (
        Event.objects.filter(person__in=people, start_date__lte=window.end)
        .exclude(status__in=[Status.CANCELLED, Status.PLANNED])
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=window.start))
        .order_by("start_date", "pk")
        .only("person_id", "event_type", "start_date", "end_date")
    )
    open_at_end: dict[int, list[Event]] = {}
    ended_in: dict[int, list[Event]] = {}
    for e in events:
        bucket = open_at_end if e.end_date is None or e.end_date > window.end else ended_in
        bucket.setdefault(e.person_id, []).append(e)
    out = {}
    for p in people:
        if p.pk in open_at_end:
            items = open_at_end[p.pk]
            parts = [f"{e.event_type.capitalize()} open since {e.start_date:%-d %b %Y} "
                     f"({(window.end - e.start_date).days} days)" for e in items[:3]]  # fmt: skip
            out[p.pk] = ("; ".join(parts), items[0].start_date)
        elif p.pk in ended_in:
            kinds = ", ".join(dict.fromkeys(e.event_type for e in ended_in[p.pk]))
            out[p.pk] = (f"{kinds.capitalize()} ended in the period", ended_in[p.pk][0].start_date)
        else:
            out[p.pk] = ("Counted from the record's history", None)
    return out


def people_behind(user, keys: list[str], window: Window) -> PeopleBehind:
    """The people behind a figure whom ``user`` may see (on their caseload, allocated to
    their team, or named on a restricted record), the longest waiting first; the rest are
    only counted."""
    keys = list(dict.fromkeys(keys))
    by_key = people_for_keys(keys)
    result = PeopleBehind(unmatched=len(keys) - len(by_key))
    people = list({p.pk: p for p in by_key.values()}.values())
    result.unmatched += len(by_key) - len(people)  # two keys, one record: count it once
    allowed: list[tuple[Person, str]] = []
    for i in range(0, len(people), CHUNK):
        part = people[i : i + CHUNK]
        found = policy.bases(user, part)
        allowed += [(p, found[p.pk]) for p in part if found[p.pk] in LISTED_BASES]
    result.hidden = len(people) - len(allowed)
    why: dict[int, tuple[str, date | None]] = {}
    for i in range(0, len(allowed), CHUNK):
        why.update(_waiting([p for p, _ in allowed[i : i + CHUNK]], window))
    for p, basis in allowed:
        waiting, since = why[p.pk]
        result.rows.append(Row(p, basis, _age(p.date_of_birth, window.end), waiting, since))
    result.rows.sort(key=lambda r: (r.since or date.max, r.person.date_of_birth, r.person.pk))
    return result
