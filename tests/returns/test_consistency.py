"""The measures from the council's record equal the measures from the council's own CLD
export read back as a file; and the ascof and salt commands, from the record and from a
file with bad rows (reported, never a crash). On a small Demoshire, built once."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from openasc.cli import main
from openasc.returns.cld_export import export_cld
from openasc.returns.compute import measures_for
from tests.conftest import demo_council

ADULTS, YEARS, SEED = 5000, 3, 7
AS_OF = date(2026, 6, 30)
YEAR = 2025  # 1 April 2025 to 31 March 2026, inside the demo's three years

pytestmark = pytest.mark.django_db


council = demo_council(ADULTS, YEARS, SEED, AS_OF)


@pytest.fixture
def var(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return tmp_path


def exported(tmp_path) -> str:
    """Every event of the record as one CLD file (the whole history is one 'period')."""
    result = export_cld(date(2000, 1, 1), AS_OF, tmp_path / "cld", 2, allow_invalid=True)
    assert result.record.written
    return result.path


def test_measures_from_the_record_equal_measures_from_its_cld_file(council, var):
    from_record = measures_for(YEAR).measures
    computed = measures_for(YEAR, exported(var))
    assert computed.load.skipped == 0 and not computed.load.problems, computed.load.summary()
    from_file = computed.measures
    assert from_file["ascof"] == from_record["ascof"]
    assert from_file["salt"] == from_record["salt"]
    # Not a vacuous match: the year has people in it.
    lts = [r for r in from_record["salt"]["LTS001b"] if r["primary_support_reason"] == "total"]
    assert lts and lts[0]["count"] > 50
    two_a = [r for r in from_record["ascof"] if r["measure"] == "2A" and r["breakdown"] == "total"]
    assert two_a[0]["denominator"] > 0


def test_ascof_and_salt_commands_from_the_record(council, var, capsys):
    assert main(["returns", "ascof", "--year", str(YEAR), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["measure"] for r in rows} == {"2A", "2B", "2C", "2E", "3D"}
    assert all(r["value"] is None or r["value"] >= 0 for r in rows)
    out = var / "salt.csv"
    assert main(["returns", "salt", "--year", str(YEAR), "--format", "csv", "--out", str(out)]) == 0
    with out.open(encoding="utf-8") as f:
        tables = {row["table"] for row in csv.DictReader(f)}
    assert tables == {"STS001", "STS002a", "STS002b", "LTS001a", "LTS001b", "LTS001c", "LTS003",
                      "LTS004"}  # fmt: skip


def test_a_file_with_bad_rows_is_counted_with_them_reported(council, var, capsys):
    path = exported(var)
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    bad = list(rows[1])
    bad[rows[0].index("Event Type")] = "Banana"
    rows.append(bad)
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    code = main(["returns", "ascof", "--year", str(YEAR), "--from-file", str(path)])
    out = capsys.readouterr()
    assert code == 0
    assert "1 left out" in out.err and f"row {len(rows)}: 'Banana'" in out.err
    assert "3D" in out.out


def test_bad_arguments_get_clear_errors(var, capsys):
    assert main(["returns", "ascof", "--year", "25"]) == 2
    assert "not a year like 2025" in capsys.readouterr().err
    assert main(["returns", "ascof", "--year", "2025", "--from-file", str(var / "no.csv")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_an_empty_year_gives_zeros_with_notes_not_an_error(council, var):
    rows = measures_for(2010).measures["ascof"]
    assert rows and all(r["value"] is None for r in rows if r["measure"] != "2B/2C")
    assert all(r["note"] for r in rows if r["value"] is None)
