"""How fast are the national returns?

    DATABASE_URL=... .venv/bin/python bench/returns.py --record --year 2025
    .venv/bin/python bench/returns.py --file bench/out/cld_10m.csv --year 2024

--record: on the demo in the database named by DATABASE_URL (e.g. the 1.2-million-adult,
five-year demo), a year's CLD export with its quality report, then the whole SALT and ASCOF
set from the record (target: both together within 60 s).
--file: a CLD file of many councils (bench/returns_file.py writes a synthetic one; --rows
makes it first if missing): read it into DuckDB and work out every measure per council
(target: 10 million rows within 120 s and 4 GB peak memory).
Prints seconds for each step and the peak resident memory; writes JSON to bench/out/.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Clock:
    def __init__(self):
        self.steps: dict[str, float] = {}

    def time(self, name: str, fn, *args, **kwargs):
        started = time.perf_counter()
        result = fn(*args, **kwargs)
        self.steps[name] = round(time.perf_counter() - started, 2)
        print(f"  {name}: {self.steps[name]:.2f} s (peak memory so far {peak_mb():,.0f} MB)")
        return result


def bench_record(year: int, memory_limit: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openasc.config.settings")
    import django

    django.setup()
    from openasc.population.selectors import to_duckdb
    from openasc.returns import measures
    from openasc.returns.cld_export import export_cld
    from openasc.returns.compute import connect
    from openasc.returns.record_source import load_record

    clock = Clock()
    start, end = date(year, 4, 1), date(year + 1, 3, 31)
    with tempfile.TemporaryDirectory() as out:
        export = clock.time(
            "CLD export of the year (file and quality report)", export_cld, start, end,
            Path(out), 2, True, run_by="bench/returns.py",
        )  # fmt: skip
        rows = export.record.rows
    with connect(memory_limit) as con:
        events = clock.time("record into DuckDB", load_record, con)
        to_duckdb(con)
        result = clock.time("SALT tables and ASCOF", measures.all_measures, con, year)
    total = sum(clock.steps.values())
    print(f"record: {events:,} events; export {rows:,} rows; total {total:.1f} s (target 60 s)")
    return {"events": events, "export_rows": rows, "steps": clock.steps, "total": total,
            "ascof_rows": len(result["ascof"]), "peak_mb": round(peak_mb())}  # fmt: skip


def bench_file(path: Path, rows: int, year: int, memory_limit: str) -> dict:
    from openasc.returns import measures
    from openasc.returns.file_source import load_file

    clock = Clock()
    if not path.exists():
        from returns_file import write_file

        clock.time(f"writing a synthetic file of {rows:,} rows", write_file, rows, path)
    import duckdb

    # On disk, as openasc returns ascof --from-file does (returns/compute.py).
    with tempfile.TemporaryDirectory(dir=OUT) as work:
        con = duckdb.connect(str(Path(work) / "bench.duckdb"))
        measures.tune(con, memory_limit, str(Path(work) / "spill"))
        load = clock.time("reading the file into DuckDB", load_file, con, path)
        step = "SALT tables and ASCOF, per council"
        result = clock.time(step, measures.all_measures, con, year)
        con.close()
    measured = sum(v for k, v in clock.steps.items() if not k.startswith("writing"))
    councils = len({r["council"] for r in result["ascof"]})
    print(
        f"file: {load.rows:,} rows, {load.loaded:,} loaded, {councils} councils; "
        f"{measured:.1f} s (target 120 s); peak memory {peak_mb():,.0f} MB (target 4 GB)"
    )
    return {"rows": load.rows, "councils": councils, "steps": clock.steps, "total": measured,
            "peak_mb": round(peak_mb())}  # fmt: skip


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--record", action="store_true", help="the demo in DATABASE_URL")
    p.add_argument("--file", type=Path, help="a CLD file (made with --rows if missing)")
    p.add_argument("--rows", type=int, default=10_000_000, help="rows of a file to make")
    p.add_argument("--year", type=int, default=2025, help="financial year from 1 April")
    p.add_argument("--memory-limit", default="3GB", help="DuckDB memory before spilling")
    a = p.parse_args(argv)
    if not a.record and not a.file:
        p.error("say --record, --file FILE, or both")
    OUT.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "bench"))
    result = {}
    if a.record:
        result["record"] = bench_record(a.year, a.memory_limit)
    if a.file:
        result["file"] = bench_file(a.file, a.rows, a.year, a.memory_limit)
    (OUT / "returns.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
