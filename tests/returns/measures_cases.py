"""Hand-built CLD events for the measures tests: ``Events`` inserts rows with defaults."""

from __future__ import annotations

from datetime import date

import duckdb

from openasc.returns.events_table import COLUMNS, create_sql

COUNCIL = "E06000999"


def d(text: str) -> date:
    return date.fromisoformat(text)


class Events:
    """An in-memory DuckDB with ``cld_events``; ``add`` one event version at a time."""

    def __init__(self) -> None:
        self.con = duckdb.connect()
        self.con.execute(create_sql())
        self._row = 0

    def add(self, person: str | None = "nhs:1", **fields) -> Events:
        self._row += 1
        row = {
            "council": COUNCIL,
            "version_rank": 1,
            "source_row": self._row,
            "person_key": person,
            "date_of_birth": d("1950-06-01"),
            "client_type": "service_user",
            "event_type": "service",
            "event_start": d("2025-05-01"),
        }
        row.update(fields)
        for key in ("date_of_birth", "date_of_death", "event_start", "event_end"):
            if isinstance(row.get(key), str):
                row[key] = d(row[key])
        unknown = set(row) - set(COLUMNS)
        assert not unknown, unknown
        names = list(COLUMNS)
        marks = ", ".join("?" for _ in names)
        self.con.execute(
            f"INSERT INTO cld_events VALUES ({marks})",  # noqa: S608
            [row.get(name) for name in names],
        )
        return self

    def service(self, person="nhs:1", stype="lts_community", **fields) -> Events:
        return self.add(person, event_type="service", service_type=stype, **fields)

    def request(self, person="nhs:1", **fields) -> Events:
        fields.setdefault("route_of_access", "community")
        return self.add(person, event_type="request", **fields)

    def population(self, rows) -> Events:
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS population "
            "(council VARCHAR, year INTEGER, age INTEGER, sex VARCHAR, people DOUBLE)"
        )
        self.con.executemany("INSERT INTO population VALUES (?, ?, ?, ?, ?)", rows)
        return self


def total(rows: list[dict], council: str = COUNCIL) -> dict:
    """The total row of a SALT table for a council."""
    keys = [k for k in rows[0] if k not in ("council", "table", "count", "note")]
    (row,) = [r for r in rows if r["council"] == council and all(r[k] == "total" for k in keys)]
    return row


def counts(rows: list[dict], key: str, council: str = COUNCIL) -> dict[str, int]:
    """A SALT table's breakdown rows summed by one key (totals left out)."""
    out: dict[str, int] = {}
    for r in rows:
        if r["council"] == council and r[key] != "total":
            out[r[key]] = out.get(r[key], 0) + r["count"]
    return out


def measure(rows: list[dict], code: str, part: str, breakdown: str = "total") -> dict:
    (row,) = [
        r
        for r in rows
        if r["measure"] == code and r["part"] == part and r["breakdown"] == breakdown
    ]
    return row
