"""A synthetic multi-council CLD file for the returns benchmark, written by DuckDB.

    .venv/bin/python bench/returns_file.py --rows 10000000 --out bench/out/cld_10m.csv

Rows are events of 50 synthetic councils (LA codes E06900001...), about five per person,
Release 1 text, dates over five years from April 2021; values drawn from the defined lists
by hashing the row number, so the same arguments always give the same file. It is shaped
for timing (realistic widths, mixes and duplicate-free identities), not for plausible
journeys: the measures' own tests check their meaning.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openasc.vocab import lists as v  # noqa: E402

COUNCILS = 50
EVENTS_PER_PERSON = 5


def _pick(values: list[str], salt: int) -> str:
    """SQL choosing one of ``values`` by hashing the row number (DuckDB lists are 1-based)."""
    quoted = ", ".join("'" + x.replace("'", "''") + "'" for x in values)
    return f"[{quoted}][CAST(1 + hash(i * 31 + {salt}) % {len(values)} AS BIGINT)]"


def _r1(vocab: v.DefinedList) -> list[str]:
    return [vocab.text(t.code, release=1) for t in vocab]


def write_file(rows: int, out: Path) -> float:
    import duckdb

    out.parent.mkdir(parents=True, exist_ok=True)
    event = _pick(["Request", "Assessment", "Service", "Service", "Review"], 1)
    start = "DATE '2021-04-01' + CAST(hash(i * 31 + 2) % 1800 AS INTEGER)"
    length = "CAST(hash(i * 31 + 3) % 150 AS INTEGER)"
    sql = f"""
    COPY (
      SELECT
        'E069' || lpad(CAST(1 + (i // {EVENTS_PER_PERSON}) % {COUNCILS} AS VARCHAR), 5, '0')
            AS "LA Code",
        CASE WHEN hash(i // {EVENTS_PER_PERSON}) % 10 < 8
             THEN CAST(4000000000 + i // {EVENTS_PER_PERSON} AS VARCHAR) END AS "NHS Number",
        'P' || CAST(i // {EVENTS_PER_PERSON} AS VARCHAR) AS "LA Person Unique Identifier",
        DATE '1930-01-01' + CAST(hash(i // {EVENTS_PER_PERSON}) % 25000 AS INTEGER)
            AS "Date of Birth",
        {_pick(_r1(v.GENDER)[:2], 4)} AS "Gender",
        {_pick(_r1(v.ETHNICITY), 5)} AS "Ethnicity",
        {_pick(["Service User"] * 9 + ["Carer"], 6)} AS "Client Type",
        {_pick(_r1(v.PRIMARY_SUPPORT_REASON), 7)} AS "Primary Support Reason",
        {_pick(_r1(v.ACCOMMODATION_STATUS), 8)} AS "Accommodation Status",
        {_pick(_r1(v.EMPLOYMENT_STATUS), 9)} AS "Employment Status",
        {event} AS "Event Type",
        'EV' || CAST(i AS VARCHAR) AS "Event Reference",
        {start} AS "Event Start Date",
        CASE WHEN {event} = 'Service' AND hash(i * 31 + 10) % 3 = 0 THEN NULL
             ELSE {start} + {length} END AS "Event End Date",
        {_pick(_r1(v.EVENT_OUTCOME), 11)} AS "Event Outcome",
        CASE WHEN {event} = 'Request' THEN {_pick(_r1(v.ROUTE_OF_ACCESS), 12)} END
            AS "Route of Access",
        CASE WHEN {event} = 'Assessment' THEN {_pick(_r1(v.ASSESSMENT_TYPE), 13)} END
            AS "Assessment Type",
        CASE WHEN {event} = 'Service' THEN {_pick(_r1(v.SERVICE_TYPE), 14)} END
            AS "Service Type",
        CASE WHEN {event} = 'Service' THEN {_pick(_r1(v.SERVICE_COMPONENT), 15)} END
            AS "Service Component",
        CASE WHEN {event} = 'Service' THEN {_pick(_r1(v.DELIVERY_MECHANISM), 16)} END
            AS "Delivery Mechanism",
        CASE WHEN {event} = 'Service' THEN CAST(50 + hash(i * 31 + 17) % 900 AS VARCHAR) END
            AS "Unit Cost",
        CASE WHEN {event} = 'Service' THEN {_pick(_r1(v.COST_FREQUENCY), 18)} END
            AS "Cost Frequency (Unit Type)",
        CASE WHEN {event} = 'Review' THEN {_pick(_r1(v.REVIEW_REASON), 19)} END
            AS "Review Reason"
      FROM range({rows}) t(i)
    ) TO '{out}' (FORMAT csv, HEADER true)
    """
    started = time.perf_counter()
    duckdb.connect().execute(sql)
    return time.perf_counter() - started


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--rows", type=int, default=10_000_000)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "cld_synthetic.csv")
    a = p.parse_args(argv)
    seconds = write_file(a.rows, a.out)
    size = a.out.stat().st_size / 1e9
    print(f"wrote {a.rows:,} rows ({size:.2f} GB) to {a.out} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
