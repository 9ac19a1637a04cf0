"""Any CLD file, of one council or many, into the events table (``events_table``) in DuckDB.

The file is read by DuckDB as text, so a region's or the whole country's file need not fit
in memory, and every value is checked in SQL, not row by row in Python. Column names may be
either release's spelling, with spaces or underscores, in any case; values may be either
release's text or our codes (``openasc.vocab.lists``); dates ISO (2025-04-01) or UK style
(01/04/2025).

Bad input never stops the run: a value that is not in its defined list, or not a date or a
number, is kept as NULL and reported; a row with no event type, no event start date or no
council (when the file has several) is left out and reported; a row with neither NHS number
nor person id is kept without an identity (the measures leave it out of headcounts, as DHSC
does). Later rows of the file are taken as later submissions of the same event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from openasc.vocab import lists as v

from .events_table import COLUMNS, TABLE, create_sql

#: events_table column -> (defined list or a kind, accepted header spellings, folded).
#: Kinds: "date", "number", "text".
SOURCES: dict[str, tuple[object, tuple[str, ...]]] = {
    "council": ("text", ("la code", "local authority code", "council")),
    "nhs_number": ("text", ("nhs number",)),
    "la_person_id": ("text", ("la person unique identifier", "la person id", "person id")),
    "date_of_birth": ("date", ("date of birth",)),
    "date_of_death": ("date", ("date of death",)),
    "gender": (v.GENDER, ("gender",)),
    "ethnicity": (v.ETHNICITY, ("ethnicity",)),
    "client_type": (v.CLIENT_TYPE, ("client type",)),
    "primary_support_reason": (v.PRIMARY_SUPPORT_REASON, ("primary support reason",)),
    "accommodation_status": (v.ACCOMMODATION_STATUS, ("accommodation status",)),
    "employment_status": (v.EMPLOYMENT_STATUS, ("employment status",)),
    "event_type": (v.EVENT_TYPE, ("event type",)),
    "event_reference": ("text", ("event reference", "event reference number")),
    "event_start": ("date", ("event start date",)),
    "event_end": ("date", ("event end date",)),
    "event_outcome": (v.EVENT_OUTCOME, ("event outcome",)),
    "route_of_access": (v.ROUTE_OF_ACCESS, ("route of access", "request route of access")),
    "assessment_type": (v.ASSESSMENT_TYPE, ("assessment type",)),
    "eligible_needs_identified": (v.YES_NO_UNKNOWN, ("eligible needs identified",)),
    "service_type": (v.SERVICE_TYPE, ("service type",)),
    "service_component": (v.SERVICE_COMPONENT, ("service component",)),
    "delivery_mechanism": (v.DELIVERY_MECHANISM, ("delivery mechanism",)),
    "unit_cost": ("number", ("unit cost",)),
    "cost_frequency": (v.COST_FREQUENCY, ("cost frequency unit type", "cost frequency")),
    "planned_units_per_week": ("number", ("planned units per week",)),
    "review_reason": (v.REVIEW_REASON, ("review reason",)),
    "review_outcomes_achieved": (v.REVIEW_OUTCOMES_ACHIEVED, ("review outcomes achieved",)),
}
REQUIRED = ("event_type", "event_start")


class CldFileError(ValueError):
    """The file cannot be read at all (missing, empty, or without the columns needed)."""


@dataclass
class FileLoad:
    """What reading a file did: rows read and loaded, and the problems found."""

    path: str
    rows: int = 0
    loaded: int = 0
    councils: list[str] = field(default_factory=list)
    #: (field, reason) -> (rows affected, first few (row, value) examples)
    problems: dict[tuple[str, str], tuple[int, list[tuple[int, str]]]] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        return self.rows - self.loaded

    def summary(self) -> list[str]:
        lines = [f"{self.path}: {self.rows:,} rows, {self.loaded:,} loaded"]
        if self.skipped:
            lines[0] += f", {self.skipped:,} left out"
        lines[0] += f"; councils: {', '.join(self.councils) or 'none'}"
        for (name, reason), (count, examples) in sorted(self.problems.items()):
            shown = "; ".join(f"row {r}: {val!r}" for r, val in examples)
            lines.append(f"  {name}: {reason} in {count:,} rows (e.g. {shown})")
        return lines


def _fold_header(name: str) -> str:
    return " ".join(re.sub(r"[_\-()]", " ", name).lower().split())


def _fold_sql(expr: str) -> str:
    """SQL folding a value as ``vocab.lists._fold`` does (case, spaces, '&', dashes)."""
    return (
        f"lower(regexp_replace(replace(replace(trim({expr}), '–', '-'), '&', 'and'), "
        f"'\\s+', ' ', 'g'))"
    )


def _quoted(header: str) -> str:
    """The file's column as a quoted SQL identifier (a header may hold any text)."""
    return 'r."' + header.replace('"', '""') + '"'


def _vocab_rows() -> list[tuple[str, str, str]]:
    """(column, folded text, code) for every defined-list value of either release."""
    rows = set()
    for column, (kind, _) in SOURCES.items():
        if isinstance(kind, v.DefinedList):
            for t in kind:
                for text in (t.code, t.r1, t.r2):
                    if text:
                        rows.add((column, v._fold(text), t.code))
    return sorted(rows)


def _columns(con, raw: str) -> dict[str, str]:
    """events_table column -> the file's column name."""
    names = [r[0] for r in con.execute(f"DESCRIBE {raw}").fetchall()]
    found = {}
    for column, (_, spellings) in SOURCES.items():
        for name in names:
            if _fold_header(name) in spellings:
                found.setdefault(column, name)
    return found


def load_file(con, path: str | Path, table: str = TABLE, examples: int = 3) -> FileLoad:
    """Read a CLD CSV into DuckDB table ``table`` (replaced); CldFileError if it cannot be
    read at all. Problems with values and rows are in the result, never raised."""
    path = Path(path)
    if not path.is_file():
        raise CldFileError(f"{path}: no such file")
    raw = "cld_raw"
    try:
        # One thread keeps the file's row order, so row numbers are the file's lines.
        con.execute("SET preserve_insertion_order = true")
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {raw} AS SELECT "
            "row_number() OVER () + 1 AS source_row, * "
            "FROM read_csv(?, all_varchar = true, header = true, auto_detect = true, "
            "null_padding = true, ignore_errors = false)",
            [str(path)],
        )
    except Exception as exc:  # duckdb raises its own error types; say what is wrong
        raise CldFileError(f"{path}: cannot be read as CSV ({str(exc).splitlines()[0]})") from None
    where = _columns(con, raw)
    missing = [SOURCES[c][1][0] for c in REQUIRED if c not in where]
    if "la_person_id" not in where and "nhs_number" not in where:
        missing.append("la person unique identifier (or nhs number)")
    if missing:
        raise CldFileError(f"{path} has no column for: {', '.join(missing)}")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE cld_vocab (col VARCHAR, folded VARCHAR, code VARCHAR)"
    )
    con.executemany("INSERT INTO cld_vocab VALUES (?, ?, ?)", _vocab_rows())
    select, joins, checks = [], [], []
    for column, (kind, _) in SOURCES.items():
        src = _quoted(where[column]) if column in where else "NULL"
        blank = f"NULLIF(trim({src}), '')"
        if isinstance(kind, v.DefinedList):
            alias = f"v_{column}"
            joins.append(
                f"LEFT JOIN cld_vocab {alias} ON {alias}.col = '{column}' "
                f"AND {alias}.folded = {_fold_sql(src)}"
            )
            value = f"{alias}.code"
            bad = f"{blank} IS NOT NULL AND {alias}.code IS NULL"
            reason = f"not a value of {kind.cld_field}"
        elif kind == "date":
            value = (
                f"COALESCE(try_strptime({blank}, '%Y-%m-%d'), try_strptime({blank}, '%d/%m/%Y'),"
                f" try_strptime({blank}, '%Y-%m-%d %H:%M:%S'))::DATE"
            )
            bad = f"{blank} IS NOT NULL AND {value} IS NULL"
            reason = "not a date (use 2025-04-01 or 01/04/2025)"
        elif kind == "number":
            value = f"TRY_CAST(replace(replace({blank}, '£', ''), ',', '') AS DOUBLE)"
            bad = f"{blank} IS NOT NULL AND ({value} IS NULL OR {value} < 0)"
            value = f"CASE WHEN {value} >= 0 THEN {value} END"
            reason = "not an amount or number of 0 or more"
        else:
            value = blank
            bad = "false"
            reason = ""
        select.append(f"{value} AS {column}")
        if column in where and bad != "false":
            checks.append((column, reason, bad, blank))
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE cld_typed AS SELECT r.source_row, "
        f"{', '.join(select)} FROM {raw} r {' '.join(joins)}"
    )
    result = FileLoad(str(path), rows=con.execute(f"SELECT count(*) FROM {raw}").fetchone()[0])
    # Problems: counted in SQL, a few examples each.
    for column, reason, bad, blank in checks:
        rows = con.execute(
            f"SELECT r.source_row, {blank} FROM {raw} r {' '.join(joins)} WHERE {bad} "
            f"ORDER BY r.source_row"
        ).fetchall()
        if rows:
            result.problems[(SOURCES[column][1][0], reason)] = (
                len(rows),
                [(int(n), str(x)) for n, x in rows[:examples]],
            )
    several = (
        "council" in where
        and con.execute(
            "SELECT count(DISTINCT council) FROM cld_typed WHERE council IS NOT NULL"
        ).fetchone()[0]
        > 1
    )
    left_out = {
        "no event type (or not a CLD event type)": "event_type IS NULL",
        "no event start date": "event_start IS NULL",
    }
    if several:
        left_out["no LA code in a file of several councils"] = "council IS NULL"
    for reason, condition in left_out.items():
        rows = con.execute(
            f"SELECT source_row FROM cld_typed WHERE {condition} ORDER BY source_row"
        ).fetchall()
        if rows:
            result.problems[("row left out", reason)] = (
                len(rows),
                [(int(n), "") for (n,) in rows[:examples]],
            )
    keep = " AND ".join(f"({c}) IS FALSE" for c in left_out.values())
    names = list(COLUMNS)
    values = {
        "council": "COALESCE(council, '')",
        "version_rank": "source_row",
        "person_key": "CASE WHEN nhs_number IS NOT NULL THEN 'nhs:' || nhs_number "
        "WHEN la_person_id IS NOT NULL THEN 'la:' || la_person_id END",
    }
    con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(create_sql(table))
    con.execute(
        f"INSERT INTO {table} SELECT {', '.join(values.get(n, n) for n in names)} "
        f"FROM cld_typed WHERE {keep}"
    )
    result.loaded = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    result.councils = [
        r[0] for r in con.execute(f"SELECT DISTINCT council FROM {table} ORDER BY 1").fetchall()
    ]
    for temp in (raw, "cld_typed", "cld_vocab"):
        con.execute(f"DROP TABLE IF EXISTS {temp}")
    return result
