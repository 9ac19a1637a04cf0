"""The reporting year, and age on a date, as DuckDB macros every measure's SQL uses.

``--year 2025`` is the financial year 1 April 2025 to 31 March 2026; the snapshot (the
"as at" date of LTS001b/c, LTS004, ASCOF 2E and 3D clients) is its last day, 31 March 2026
(ASCOF handbook: "at the year end"; DHSC ASCOF 3D script: ``@ReportingPeriodEndDate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    year: int

    @property
    def start(self) -> date:
        return date(self.year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year + 1, 3, 31)

    @property
    def snapshot(self) -> date:
        return self.end

    @property
    def label(self) -> str:
        return f"{self.year}-{str(self.year + 1)[2:]}"


# Age in whole years on a date: date_sub counts completed years (a birthday on the day
# counts). Bands as SALT/ASCOF: under 18 are out of scope, 18-64, 65+; no date of birth:
# 'unknown' (kept as its own band so breakdowns add up to totals; NHS England's scripts
# drop them from age breakdowns, DHSC's ASCOF 3D keeps them in totals).
_MACROS = """
CREATE OR REPLACE TEMP MACRO age_on(dob, d) AS date_sub('year', dob, d);
CREATE OR REPLACE TEMP MACRO age_band(dob, d) AS CASE
    WHEN dob IS NULL OR d IS NULL THEN 'unknown'
    WHEN date_sub('year', dob, d) < 18 THEN 'under_18'
    WHEN date_sub('year', dob, d) < 65 THEN '18-64'
    ELSE '65+' END;
"""


def install(con, period: Period) -> None:
    """Define ``period_start()``, ``period_end()``, ``snapshot()`` and the age macros."""
    con.execute(_MACROS)
    for name, day in (
        ("period_start", period.start),
        ("period_end", period.end),
        ("snapshot", period.snapshot),
    ):
        con.execute(f"CREATE OR REPLACE TEMP MACRO {name}() AS DATE '{day.isoformat()}'")
