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

import contextlib
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
    "route_of_access": (
        v.ROUTE_OF_ACCESS,
        ("route of access", "request route of access", "request: route of access"),
    ),
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
    "locality": ("postcode", ("postcode", "post code")),
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


def _quoted(header: str) -> str:
    """The file's column as a quoted SQL identifier (a header may hold any text)."""
    return 'r."' + header.replace('"', '""') + '"'


def _reader(path: Path) -> str:
    """The file as a DuckDB table function: every column text, read in parallel."""
    quoted = str(path).replace("'", "''")
    return f"read_csv('{quoted}', all_varchar = true, header = true, auto_detect = true)"


def _columns(con, source: str) -> dict[str, str]:
    """events_table column -> the file's column name."""
    names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    found = {}
    for column, (_, spellings) in SOURCES.items():
        for name in names:
            if _fold_header(name) in spellings:
                found.setdefault(column, name)
    return found


def _value_codes(con, source: str, where: dict[str, str]) -> list[tuple[str, str, str]]:
    """(column, text as given, code) for every distinct value of each defined-list column.

    A file of millions of rows holds a few hundred distinct values: they are matched to the
    defined lists here, once each (either release's text or our code, in any case and
    spacing), in one pass over the file; the rows then join on the exact text."""
    coded = [c for c, (kind, _) in SOURCES.items() if isinstance(kind, v.DefinedList)]
    coded = [c for c in coded if c in where]
    if not coded:
        return []
    lists = ", ".join(f"list(DISTINCT trim({_quoted(where[c])}))" for c in coded)
    distinct = con.execute(f"SELECT {lists} FROM {source} r").fetchone()
    found = []
    for column, values in zip(coded, distinct, strict=True):
        for text in values or ():
            if text:
                with contextlib.suppress(KeyError):  # not in the list: the checks report it
                    found.append((column, text, SOURCES[column][0].from_text(text)))
    return found


def _typed(column: str, kind, src: str) -> tuple[str, str, list[str]]:
    """SQL for a column's value, for "given but not usable", and any join it needs."""
    blank = f"NULLIF(trim({src}), '')"
    if isinstance(kind, v.DefinedList):
        alias = f"v_{column}"
        on = f"{alias}.col = '{column}' AND {alias}.given = trim({src})"
        join = f"LEFT JOIN cld_vocab {alias} ON {on}"
        return f"{alias}.code", f"{alias}.code IS NULL", [join]
    if kind == "date":
        # ISO first (a fast cast), UK style only for what that leaves.
        value = f"COALESCE(TRY_CAST({blank} AS DATE), try_strptime({blank}, '%d/%m/%Y')::DATE)"
        return value, f"{value} IS NULL", []
    if kind == "number":
        number = f"TRY_CAST(replace(replace({blank}, '£', ''), ',', '') AS DOUBLE)"
        return f"CASE WHEN {number} >= 0 THEN {number} END", f"NOT ({number} >= 0)", []
    if kind == "postcode":  # the district (outward code) only, as the record gives it
        compact = f"upper(replace({blank}, ' ', ''))"
        return (
            f"CASE WHEN length({compact}) > 3 THEN left({compact}, length({compact}) - 3) END",
            "",
            [],
        )
    return blank, "", []


REASONS = {
    "date": "not a date (use 2025-04-01 or 01/04/2025)",
    "number": "not an amount or number of 0 or more",
}


def load_file(con, path: str | Path, table: str = TABLE, examples: int = 3) -> FileLoad:
    """Read a CLD CSV into DuckDB table ``table`` (replaced); CldFileError if it cannot be
    read at all. Problems with values and rows are in the result, never raised.

    Two passes over the file and no copy of its text: the distinct values of the coded
    columns, then the typed rows with a flag per unusable value (the text is kept only
    where it was unusable, for the report)."""
    path = Path(path)
    if not path.is_file():
        raise CldFileError(f"{path}: no such file")
    source = _reader(path)
    try:
        where = _columns(con, source)
    except Exception as exc:  # duckdb raises its own error types; say what is wrong
        raise CldFileError(f"{path}: cannot be read as CSV ({str(exc).splitlines()[0]})") from None
    missing = [SOURCES[c][1][0] for c in REQUIRED if c not in where]
    if "la_person_id" not in where and "nhs_number" not in where:
        missing.append("la person unique identifier (or nhs number)")
    if missing:
        raise CldFileError(f"{path} has no column for: {', '.join(missing)}")
    con.execute("CREATE OR REPLACE TEMP TABLE cld_vocab (col VARCHAR, given VARCHAR, code VARCHAR)")
    codes = _value_codes(con, source, where)
    if codes:
        con.executemany("INSERT INTO cld_vocab VALUES (?, ?, ?)", codes)
    select, joins, checks = [], [], []
    for column, (kind, _) in SOURCES.items():
        if column not in where:
            select.append(f"NULL AS {column}")
            continue
        src = _quoted(where[column])
        value, unusable, join = _typed(column, kind, src)
        select.append(f"{value} AS {column}")
        joins += join
        if unusable:
            given = f"NULLIF(trim({src}), '')"
            select.append(
                f"CASE WHEN {given} IS NOT NULL AND {unusable} THEN {given} END AS bad_{column}"
            )
            reason = REASONS.get(kind) or f"not a value of {kind.cld_field}"
            checks.append((column, reason))
    # The file's order is kept (insertion order), so a row's rowid + 2 is its line.
    con.execute("SET preserve_insertion_order = true")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE cld_typed AS SELECT {', '.join(select)} "
        f"FROM {source} r {' '.join(joins)}"
    )
    result = FileLoad(str(path), rows=con.execute("SELECT count(*) FROM cld_typed").fetchone()[0])
    if checks:
        counts = con.execute(
            "SELECT " + ", ".join(f"count(bad_{c})" for c, _ in checks) + " FROM cld_typed"
        ).fetchone()
        for (column, reason), count in zip(checks, counts, strict=True):
            if count:
                shown = con.execute(
                    f"SELECT rowid + 2, bad_{column} FROM cld_typed WHERE bad_{column} "
                    f"IS NOT NULL ORDER BY rowid LIMIT {int(examples)}"
                ).fetchall()
                result.problems[(SOURCES[column][1][0], reason)] = (
                    count,
                    [(int(n), str(x)) for n, x in shown],
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
        count = con.execute(f"SELECT count(*) FROM cld_typed WHERE {condition}").fetchone()[0]
        if count:
            rows = con.execute(
                f"SELECT rowid + 2 FROM cld_typed WHERE {condition} "
                f"ORDER BY rowid LIMIT {int(examples)}"
            ).fetchall()
            result.problems[("row left out", reason)] = (count, [(int(n), "") for (n,) in rows])
    keep = " AND ".join(f"({c}) IS FALSE" for c in left_out.values())
    values = {
        "council": "COALESCE(council, '')",
        "version_rank": "rowid + 2",
        "source_row": "rowid + 2",
        "person_key": "CASE WHEN nhs_number IS NOT NULL THEN 'nhs:' || nhs_number "
        "WHEN la_person_id IS NOT NULL THEN 'la:' || la_person_id END",
    }
    con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(create_sql(table))
    con.execute(
        f"INSERT INTO {table} SELECT {', '.join(values.get(n, n) for n in COLUMNS)} "
        f"FROM cld_typed WHERE {keep}"
    )
    result.loaded = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    result.councils = [
        r[0] for r in con.execute(f"SELECT DISTINCT council FROM {table} ORDER BY 1").fetchall()
    ]
    con.execute("DROP TABLE IF EXISTS cld_typed")
    con.execute("DROP TABLE IF EXISTS cld_vocab")
    return result
