"""SALT-equivalent tables and ASCOF measures: SQL in DuckDB over the ``cld_events`` table.

The same code counts the council's own record and a CLD file of any number of councils
(results are per council), with DuckDB spilling to disk when the data is larger than memory
(set ``memory_limit`` and ``temp_directory`` on the connection, or call ``tune``).

    con = duckdb.connect(); ...fill cld_events (and population)...
    salt_tables(con, 2025)  # {"STS001": [rows], ..., "LTS004": [rows]}
    ascof(con, 2025)        # [rows]
    all_measures(con, 2025) # {"salt": ..., "ascof": ..., "data_quality": {...}}

Year 2025 = 1 April 2025 to 31 March 2026, snapshot 31 March 2026. Codes in the rows are
the internal codes of ``openasc.vocab.lists`` or those labelled in ``codes`` (SEQUELS,
SETTINGS, CARER_SUPPORT, REVIEWS). Intermediate tables are TEMP tables (``m_*``, ``t_*``,
``a_*``) of the connection.
"""

from __future__ import annotations

from . import ascof as _ascof
from . import carers, codes, episodes, long_term, period, short_term
from .output import M_COUNCILS
from .period import Period
from .prepare import prepare

__all__ = ["Period", "all_measures", "ascof", "prepare_year", "salt_tables", "tune"]


def tune(con, memory_limit: str | None = None, temp_directory: str | None = None) -> None:
    """Let DuckDB spill to ``temp_directory`` beyond ``memory_limit`` (e.g. '3GB')."""
    con.execute("SET preserve_insertion_order = false")
    if memory_limit:
        con.execute("SET memory_limit = ?", [memory_limit])
    if temp_directory:
        con.execute("SET temp_directory = ?", [temp_directory])


def prepare_year(con, year: int) -> dict[str, int]:
    """Clean, deduplicate and build every per-person table for the reporting year; return
    the data-quality counts (rows read, dropped for no identity or bad dates, kept)."""
    period.install(con, Period(year))
    codes.install(con)
    con.execute(M_COUNCILS)
    counts = prepare(con)
    episodes.build(con)
    long_term.build(con)
    carers.build(con)
    return counts


def _salt(con) -> dict[str, list[dict]]:
    return {
        "STS001": short_term.sts001(con),
        "STS002a": short_term.sts002a(con),
        "STS002b": short_term.sts002b(con),
        "LTS001a": long_term.lts001a(con),
        "LTS001b": long_term.lts001b(con),
        "LTS001c": long_term.lts001c(con),
        "LTS003": carers.lts003(con),
        "LTS004": long_term.lts004(con),
    }


def _ascof_rows(con) -> list[dict]:
    return [
        *_ascof.ascof_2a(con),
        *_ascof.ascof_2b_2c(con),
        *_ascof.ascof_2e(con),
        *_ascof.ascof_3d(con),
    ]


def salt_tables(con, year: int) -> dict[str, list[dict]]:
    """The SALT-equivalent tables for the year: table code -> rows (council, breakdown keys,
    count, note); each council has a total row (keys 'total')."""
    prepare_year(con, year)
    return _salt(con)


def ascof(con, year: int) -> list[dict]:
    """ASCOF 2A, 2B, 2C, 2E and 3D (1a, 2a, 1b, 2b) for the year, per council."""
    prepare_year(con, year)
    return _ascof_rows(con)


def all_measures(con, year: int) -> dict:
    """Both, preparing once; with the data-quality counts."""
    counts = prepare_year(con, year)
    return {"year": year, "salt": _salt(con), "ascof": _ascof_rows(con), "data_quality": counts}
