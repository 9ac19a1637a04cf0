"""Any CLD file into the events table: either release's spelling, several councils, and bad
rows reported with their line numbers, never a crash."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from openasc.returns.file_source import CldFileError, load_file

HEADER = (
    "LA Code,NHS Number,LA Person Unique Identifier,Date of Birth,Gender,Client Type,"
    "Primary Support Reason,Event Type,Event Start Date,Event End Date,Event Outcome,"
    "Route of Access,Service Type,Delivery Mechanism,Unit Cost"
)


def load(tmp_path, *rows, header=HEADER):
    path = tmp_path / "cld.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    con = duckdb.connect()
    return con, load_file(con, path)


def test_both_releases_text_and_codes_map_to_the_same_codes(tmp_path):
    con, result = load(
        tmp_path,
        "E1,4010232137,P1,1940-02-01,Female,Service User,Mental Health Support,Request,"
        "2025-04-03,2025-04-10,NFA - Information & Advice / Signposting only,,,,",
        "E1,,P1,01/02/1940,female,service_user,mental_health,request,03/04/2025,10/04/2025,"
        "NFA: Information and advice or signposting,,,,",
        "E1,,P2,1950-01-01,Male,Service User,Mental Health Support,Service,2025-05-01,,,,"
        'Long term support: Community,Direct Payment,"£1,200.50"',
    )
    assert result.loaded == 3 and not result.problems, result.summary()
    rows = con.execute(
        "SELECT person_key, event_type, event_start, event_outcome, gender FROM cld_events "
        "ORDER BY source_row"
    ).fetchall()
    assert (
        rows[0][1:] == rows[1][1:] == ("request", dt.date(2025, 4, 3), "nfa_information", "female")
    )
    assert rows[0][0] == "nhs:4010232137" and rows[1][0] == "la:P1"
    service = con.execute("SELECT service_type, delivery_mechanism, unit_cost FROM cld_events "
                          "WHERE event_type = 'service'").fetchone()  # fmt: skip
    assert service == ("lts_community", "direct_payment", 1200.5)


def test_bad_values_are_kept_as_blank_and_bad_rows_left_out_with_line_numbers(tmp_path):
    con, result = load(
        tmp_path,
        "E1,,P1,1940-02-01,Female,Service User,Mental Health Support,Request,2025-04-03,"
        "2025-04-10,Not an outcome,,,,",
        "E1,,P1,1940-02-01,Female,Service User,Mental Health Support,Banana,2025-04-03,,,,,,",
        "E2,,P3,1940-02-01,Female,Service User,Mental Health Support,Review,yesterday,,,,,,",
        ",,P4,1940-02-01,Female,Service User,Mental Health Support,Review,2025-04-03,,,,,,-1",
        ",,,,,,,Review,2025-04-03,,,,,,",
    )
    assert result.rows == 5 and result.loaded == 1
    problems = result.problems
    assert problems[("event outcome", "not a value of Event Outcome")] == (
        1,
        [(2, "Not an outcome")],
    )
    assert problems[("row left out", "no event type (or not a CLD event type)")][0] == 1
    assert problems[("row left out", "no event start date")][1] == [(4, "")]
    assert problems[("row left out", "no LA code in a file of several councils")][0] == 2
    assert problems[("unit cost", "not an amount or number of 0 or more")][1] == [(5, "-1")]
    assert result.councils == ["E1"]
    text = "\n".join(result.summary())
    assert "5 rows, 1 loaded, 4 left out" in text and "row 2: 'Not an outcome'" in text


def test_a_one_council_file_needs_no_la_code_and_a_person_without_identity_is_kept(tmp_path):
    header = HEADER.replace("LA Code,", "")
    con, result = load(
        tmp_path,
        ",,1940-02-01,Female,Service User,Mental Health Support,Review,2025-04-03,2025-04-04,,,,,",
        header=header,
    )
    assert result.loaded == 1 and result.councils == [""]
    assert con.execute("SELECT person_key FROM cld_events").fetchone() == (None,)


@pytest.mark.parametrize(
    ("text", "words"),
    [("Event Type,Date of Birth\nRequest,1940-01-01\n", "no column for: event start date"),
     ("", "has no column for: event type")],
)  # fmt: skip
def test_a_file_that_cannot_be_used_says_why(tmp_path, text, words):
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CldFileError, match=words):
        load_file(duckdb.connect(), path)
    with pytest.raises(CldFileError, match="no such file"):
        load_file(duckdb.connect(), tmp_path / "missing.csv")
