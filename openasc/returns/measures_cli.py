"""`openasc returns load-population | ascof | salt`: the measures from the record or from any
CLD file, and the population estimates they need."""

from __future__ import annotations

import sys
from pathlib import Path

from openasc.cli import fail, setup_django


def add_load_population(sub) -> None:
    s = sub.add_parser(
        "load-population", help="load ONS mid-year population estimates (CSV)",
        description="Load population estimates by area, mid-year, single year of age and sex "
        "(the denominators of ASCOF 2B and 2C). Either one row per area, year, age and sex "
        "(area_code, year, age, sex, people), or the ONS layout with one population_YYYY "
        "column per year (ladcode, sex 1/2, age, population_2024, ...). All or nothing: a "
        "file with any wrong line loads nothing and every wrong line is listed. Loading a "
        "file again replaces the same areas and years.",
    )  # fmt: skip
    s.add_argument("file", type=Path, help="the CSV file")
    s.set_defaults(func=cmd_load_population)


def cmd_load_population(args) -> int:
    setup_django()
    from openasc.population.load import PopulationFileError, load_population

    try:
        loaded = load_population(args.file)
    except PopulationFileError as exc:
        return fail(str(exc), 1)
    print("\n".join(loaded.summary()))
    return 0


def _common(s) -> None:
    s.add_argument("--year", type=int, required=True,
                   help="the financial year starting 1 April YEAR (2025 = 2025-26, snapshot "
                   "31 March 2026)")  # fmt: skip
    s.add_argument("--from-file", type=Path, metavar="FILE",
                   help="a CLD file (CSV) of any number of councils instead of the record; "
                   "rows that cannot be used are reported, never fatal")  # fmt: skip
    s.add_argument("--format", choices=["table", "json", "csv"], default="table")
    s.add_argument("--out", type=Path, help="write the results here instead of the screen")
    s.add_argument("--memory-limit", default="3GB",
                   help="DuckDB's memory before it spills to disk (default 3GB)")  # fmt: skip


def add_measures(sub) -> None:
    s = sub.add_parser(
        "ascof", help="ASCOF 2A, 2B, 2C, 2E and 3D for a year, per council",
        description="The ASCOF measures built from Client Level Data, by the NHS England / DHSC "
        "method: the latest version of each event, people by NHS number else local id, age "
        "at the snapshot, the setting and carer-support hierarchies. From the record, or from "
        "a CLD file of any number of councils (results per council). 2B and 2C need "
        "population estimates (openasc returns load-population).",
    )  # fmt: skip
    _common(s)
    s.set_defaults(func=cmd_measures, what="ascof")
    s = sub.add_parser(
        "salt", help="the SALT-equivalent tables for a year, per council",
        description="STS001, STS002a, STS002b, LTS001a, LTS001b, LTS001c, LTS003 and LTS004 "
        "built from Client Level Data, from the record or from a CLD file.",
    )  # fmt: skip
    _common(s)
    s.set_defaults(func=cmd_measures, what="salt")


def cmd_measures(args) -> int:
    from .results import measure_rows, render

    if not 2000 <= args.year <= 2100:
        return fail(f"--year {args.year} is not a year like 2025")
    setup_django()
    from .compute import measures_for
    from .file_source import CldFileError

    try:
        result = measures_for(args.year, args.from_file, args.memory_limit)
    except CldFileError as exc:
        return fail(str(exc), 1)
    if result.load is not None:
        for line in result.load.summary():
            print(line, file=sys.stderr)
    rows = measure_rows(result.measures, args.what)
    text = render(rows, args.format, args.what)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"Wrote {args.out} ({len(rows):,} rows)", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def add_refresh(sub) -> None:
    s = sub.add_parser(
        "refresh", help="rebuild the performance pages' copy of the record, and their figures",
        description="Rebuild the DuckDB snapshot of the record behind the performance pages "
        "and the metrics API, and work out the weekly view's figures, so that nobody opening "
        "a page waits for either. Schedule it (cron, a systemd timer) more often than "
        "OPENASC_RETURNS_SNAPSHOT_SECONDS; a page finding an older snapshot rebuilds it itself.",
    )  # fmt: skip
    s.set_defaults(func=cmd_refresh)


def cmd_refresh(args) -> int:
    import time

    setup_django()
    from .selectors import refresh_and_warm

    started = time.perf_counter()
    view = refresh_and_warm()
    print(
        f"Snapshot rebuilt and the week {view.week.label} worked out: "
        f"{len(view.weekly)} weekly and {len(view.yearly)} yearly measures, "
        f"{time.perf_counter() - started:.1f} s"
    )
    return 0
