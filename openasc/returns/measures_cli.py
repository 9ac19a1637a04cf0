"""`openasc returns load-population | ascof | salt`: the measures from the record or from any
CLD file, and the population estimates they need."""

from __future__ import annotations

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
