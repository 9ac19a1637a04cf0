"""Dated rule data: the version in force, council overlays, and re-running a past version."""

from datetime import date

import pytest

from openasc.rules.ruleset import RuleBook, RuleDataError


def write(base, domain, name, text):
    folder = base / domain
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)


@pytest.fixture
def national(tmp_path, monkeypatch):
    base = tmp_path / "national"
    write(base, "charging", "2025-04-07.yaml", "capital:\n  upper: 2325000\n  lower: 1425000\n")
    write(base, "charging", "2026-04-06.yaml", "capital:\n  upper: 2400000\n  lower: 1425000\n")
    monkeypatch.setattr("openasc.rules.ruleset.SHIPPED", base)
    return base


def test_the_version_in_force_is_the_latest_dated_on_or_before_the_day(national):
    book = RuleBook()
    assert book.in_force("charging", date(2025, 4, 7)).data["capital"]["upper"] == 2325000
    assert book.in_force("charging", date(2026, 4, 5)).data["capital"]["upper"] == 2325000
    assert book.in_force("charging", date(2026, 4, 6)).data["capital"]["upper"] == 2400000


def test_nothing_in_force_before_the_first_date(national):
    with pytest.raises(RuleDataError, match="no charging rules in force on 2020-01-01"):
        RuleBook().in_force("charging", date(2020, 1, 1))


def test_a_council_changes_one_figure_and_keeps_the_rest(national, tmp_path):
    council = tmp_path / "council"
    write(council, "charging", "2025-10-01.yaml", "capital:\n  lower: 1500000\n")
    book = RuleBook(council)
    before = book.in_force("charging", date(2025, 9, 30))
    after = book.in_force("charging", date(2025, 10, 1))
    assert before.data["capital"] == {"upper": 2325000, "lower": 1425000}
    assert after.data["capital"] == {"upper": 2325000, "lower": 1500000}
    # ...and still applies over the next national version.
    assert book.in_force("charging", date(2026, 5, 1)).data["capital"]["lower"] == 1500000
    assert str(council) in after.sources[-1]


def test_a_council_key_the_regulations_do_not_have_is_refused(national, tmp_path):
    council = tmp_path / "council"
    write(council, "charging", "2025-10-01.yaml", "capital:\n  lowr: 1500000\n")
    with pytest.raises(RuleDataError, match=r"unknown key 'capital.lowr'"):
        RuleBook(council)


def test_bad_files_are_named(national):
    write(national, "charging", "2025-13-01.yaml", "a: 1\n")
    with pytest.raises(RuleDataError, match="not a real date"):
        RuleBook()
    (national / "charging" / "2025-13-01.yaml").unlink()
    write(national, "charging", "2025-05-01.yaml", "- a list\n")
    with pytest.raises(RuleDataError, match="2025-05-01.yaml: expected a mapping"):
        RuleBook()


def test_a_past_decision_finds_its_version_by_id_and_a_changed_one_is_refused(national):
    version = RuleBook().in_force("charging", date(2025, 6, 1))
    assert RuleBook().get(version.id) == version
    write(national, "charging", "2025-04-07.yaml", "capital:\n  upper: 1\n  lower: 0\n")
    with pytest.raises(RuleDataError, match="not in the rule data any more"):
        RuleBook().get(version.id)


def test_unknown_domain():
    with pytest.raises(RuleDataError, match="unknown rules domain"):
        RuleBook().in_force("safeguarding", date(2025, 1, 1))
