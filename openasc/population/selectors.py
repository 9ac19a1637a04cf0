"""Reading the estimates: into DuckDB for the returns' measures."""

from __future__ import annotations

from .models import PopulationEstimate

TABLE = "population"


def to_duckdb(con, table: str = TABLE) -> int:
    """Table ``table(council, year, age, sex, people)`` in DuckDB with every estimate (a few
    hundred rows per area and year); returns the rows."""
    con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(
        f"CREATE TABLE {table} (council VARCHAR, year INTEGER, age INTEGER, sex VARCHAR, "
        "people BIGINT)"
    )
    rows = list(
        PopulationEstimate.objects.order_by().values_list(
            "area_code", "year", "age", "sex", "people"
        )
    )
    if rows:
        con.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?)", rows)
    return len(rows)
