"""Figures and drill-downs for any window from a cohort query (``operational_cohorts``).

Three kinds of measure, one way of totalling and breaking down:
- ``count``: the number of units (people, requests);
- ``rate``: the share of units in the numerator, as a percentage to 1 decimal place;
- ``median``: the median of ``days`` (1 decimal place), the 90th percentile in the note.
Every group is a level of ``operational_groups``; groups with nobody in them are listed
with zero (or no value and a note), so a chart's groups are the same week after week.
"""

from __future__ import annotations

from dataclasses import dataclass

from .metrics import BREAKDOWNS, TOTAL, Figure, Window
from .operational_groups import GROUP_SQL, LEVELS
from .operational_prepare import latest_day, ready


@dataclass(frozen=True)
class Cohort:
    sql: str  # operational_cohorts: the units of the measure for $start..$end
    kind: str  # "count", "rate" or "median"
    empty: str  # the note when nobody is in the denominator (or the count)
    pending: str = ""  # the note for units left out as too recent ({n}, {latest})


def _units(cohort: Cohort, breakdown: str | None) -> str:
    if breakdown is not None and breakdown not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {breakdown!r}; known: {', '.join(BREAKDOWNS)}")
    group = GROUP_SQL[breakdown] if breakdown else f"'{TOTAL}'"
    # Under 18s are out of scope (adult social care; SALT and ASCOF leave them out too).
    return f"""
        WITH u AS ({cohort.sql}),
        g AS (
            SELECT u.*, {group} AS grp FROM u JOIN o_people p USING (council, person_key)
            WHERE age_band(p.date_of_birth, $end) <> 'under_18'
        )"""


def _run(con, sql: str, window: Window, **extra):
    params = {"start": window.start, "end": window.end, **extra}
    return con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).fetchall()


def _figure(cohort: Cohort, group: str, row, latest) -> Figure:
    n, num, median, p90, pending = row if row else (0, 0, None, None, 0)
    notes = []
    if pending:
        notes.append(cohort.pending.format(n=pending, latest=latest))
    if cohort.kind == "count":
        if n == 0 and group == TOTAL:
            notes.insert(0, cohort.empty)
        return Figure(group, n, n, None, " ".join(notes))
    if n == 0:
        empty = cohort.empty if group == TOTAL else "Nobody in this group."
        return Figure(group, None, 0, 0, " ".join([empty, *notes]))
    if cohort.kind == "rate":
        return Figure(group, round(100 * num / n, 1), num, n, " ".join(notes))
    notes.insert(0, f"90th percentile: {round(p90, 1):g} days (of {n}).")
    return Figure(group, round(median, 1), None, n, " ".join(notes))


def figures(cohort: Cohort):
    """``figures(con, window, breakdown=None)`` for ``metrics.Metric``."""

    def compute(con, window: Window, breakdown: str | None = None) -> list[Figure]:
        ready(con)
        sets, grp = (
            ("(), (grp)", f"coalesce(grp, '{TOTAL}')") if breakdown else ("()", f"'{TOTAL}'")
        )
        sql = f"""{_units(cohort, breakdown)}
            SELECT {grp} AS grp,
                count(*) FILTER (WHERE NOT pending),
                count(*) FILTER (WHERE counted AND NOT pending),
                median(days) FILTER (WHERE NOT pending),
                quantile_cont(days, 0.9) FILTER (WHERE NOT pending),
                count(*) FILTER (WHERE pending)
            FROM g GROUP BY GROUPING SETS ({sets})"""  # noqa: S608 - our own SQL
        rows = {r[0]: r[1:] for r in _run(con, sql, window)}
        latest = latest_day(con) if cohort.pending else None
        out = [_figure(cohort, TOTAL, rows.get(TOTAL), latest)]
        if breakdown:
            seen = sorted(g for g in rows if g != TOTAL)
            levels = LEVELS[breakdown] or seen
            levels = levels + [g for g in seen if g not in levels]
            out += [_figure(cohort, g, rows.get(g), latest) for g in levels]
        return out

    return compute


def people(cohort: Cohort):
    """``people(con, window, breakdown=None, group=TOTAL)``: the person keys behind the
    figure's numerator (or count), oldest first where the measure has an order (waiting
    since, overdue since), each person once."""

    def keys(con, window: Window, breakdown: str | None = None, group: str = TOTAL):
        ready(con)
        where = "counted AND NOT pending"
        if breakdown and group != TOTAL:
            where += " AND grp = $grp"
        sql = f"""{_units(cohort, breakdown)}
            SELECT person_key FROM g WHERE {where}
            GROUP BY council, person_key ORDER BY min(since) NULLS LAST, person_key"""  # noqa: S608
        extra = {"grp": group} if "$grp" in sql else {}
        return [r[0] for r in _run(con, sql, window, **extra)]

    return keys
