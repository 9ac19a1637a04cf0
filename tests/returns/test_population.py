"""Population estimates: both file layouts, all-or-nothing loading with line-numbered
errors, reloading changes nothing, the demo's own estimates, and the DuckDB table."""

from __future__ import annotations

import duckdb
import pytest

from openasc.cli import main
from openasc.population.demo import demo_estimates
from openasc.population.load import PopulationFileError, load_population, save
from openasc.population.models import PopulationEstimate
from openasc.population.selectors import to_duckdb

pytestmark = pytest.mark.django_db


def write(tmp_path, text, name="pop.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_long_layout_loads_and_reloading_changes_nothing(tmp_path):
    path = write(
        tmp_path,
        "area_code,year,age,sex,people\n"
        "E06000001,2025,17,female,100\nE06000001,2025,18,female,110\n"
        "E06000001,2025,90+,male,30\nE06000001,2025,65,M,50\n",
    )
    loaded = load_population(path)
    assert loaded.rows == 4
    assert loaded.adults == {("E06000001", 2025): 190}
    again = load_population(path)
    assert again.rows == 4 and PopulationEstimate.objects.count() == 4
    assert PopulationEstimate.objects.get(age=90).people == 30


def test_ons_wide_layout_by_year_and_ages_over_90_fold_into_90(tmp_path):
    path = write(
        tmp_path,
        "ladcode,laname,sex,age,population_2024,population_2025\n"
        "E06000002,Somewhere,1,18,1000,1010\nE06000002,Somewhere,2,18,990,1000\n"
        "E06000002,Somewhere,2,90,40,41\nE06000002,Somewhere,2,91,5,6\n",
    )
    loaded = load_population(path)
    assert loaded.adults == {("E06000002", 2024): 2035, ("E06000002", 2025): 2057}
    oldest = PopulationEstimate.objects.get(area_code="E06000002", year=2025, age=90, sex="female")
    assert oldest.people == 47


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("area_code,year,age,sex,people\nE1,2025,18,x,5\n", "line 2: sex 'x'"),
        ("area_code,year,age,sex,people\nE1,2025,old,male,5\n", "age 'old' is not a whole"),
        ("area_code,year,age,sex,people\nE1,2025,18,male,-5\n", "line 2: a negative number"),
        ("area_code,year,age,sex,people\nE1,2025,18,male,5\nE1,2025,18,male,6\n",
         "line 3: E1 2025 age 18 male appears twice"),
        ("area,age\nE1,18\n", "no column for sex, year, people"),
        ("", "the file is empty"),
    ],
)  # fmt: skip
def test_a_bad_file_loads_nothing_and_names_the_line(tmp_path, text, message):
    path = write(tmp_path, "area_code,year,age,sex,people\nE9,2025,30,male,7\n", "good.csv")
    load_population(path)
    with pytest.raises(PopulationFileError) as err:
        load_population(write(tmp_path, text))
    assert message in str(err.value) and "nothing was loaded" in str(err.value)
    assert PopulationEstimate.objects.count() == 1  # what was there is untouched


def test_demo_estimates_add_up_to_the_adults_and_lean_female_at_old_ages():
    cells = demo_estimates("E06000999", 120_000, range(2024, 2027), 2026)
    in_2026 = {k: n for k, n in cells.items() if k[1] == 2026}
    assert abs(sum(in_2026.values()) - 120_000) <= 100
    assert min(age for _, _, age, _ in cells) == 18
    assert cells[("E06000999", 2026, 90, "female")] > cells[("E06000999", 2026, 90, "male")]
    assert sum(n for k, n in cells.items() if k[1] == 2024) < sum(in_2026.values())


def test_estimates_go_to_duckdb_for_the_measures():
    save(demo_estimates("E06000999", 10_000, range(2025, 2026), 2025))
    con = duckdb.connect()
    rows = to_duckdb(con)
    assert rows == 2 * 73
    total = con.execute("SELECT sum(people) FROM population WHERE age >= 65").fetchone()[0]
    assert 1_000 < total < 4_000


def test_load_population_command(tmp_path, capsys):
    path = write(tmp_path, "area_code,year,age,sex,people\nE06000001,2025,70,female,12\n")
    assert main(["returns", "load-population", str(path)]) == 0
    assert "1 estimates loaded" in capsys.readouterr().out
    bad = write(tmp_path, "area_code,year,age,sex,people\nE06000001,2025,70,nobody,12\n", "b.csv")
    assert main(["returns", "load-population", str(bad)]) != 0
    assert "line 2" in capsys.readouterr().err
