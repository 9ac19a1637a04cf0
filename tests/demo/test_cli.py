"""`openasc demo`: argument checks with actionable messages, sign-ins, and refusing a
database that already has people."""

import pytest

from openasc.cli import main


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--adults", "500"], "--adults must be at least 1,000 (you gave 500)"),
        (["--years", "0"], "--years must be between 1 and 20 (you gave 0)"),
        (["--years", "25"], "--years must be between 1 and 20 (you gave 25)"),
        (["--password", "short"], "--password must be at least 12 characters"),
    ],
)
def test_bad_arguments_say_what_to_change(argv, message, capsys):
    assert main(["demo", *argv]) == 2
    assert message in capsys.readouterr().err


def test_non_numbers_are_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--adults", "lots"])
    assert exit_.value.code == 2
    assert "invalid int value: 'lots'" in capsys.readouterr().err


def test_sign_ins_prints_accounts_and_password(capsys):
    assert main(["demo", "--sign-ins"]) == 0
    out = capsys.readouterr().out
    for text in ("frontdoor.1", "sw.north.1", "manager.north", "analyst.1", "admin",
                 "Safeguarding lead", "demoshire-demo-2026"):  # fmt: skip
        assert text in out
    assert main(["demo", "--sign-ins", "--password", "another-long-password"]) == 0
    assert "another-long-password" in capsys.readouterr().out


@pytest.mark.django_db
def test_refuses_a_database_that_has_people(person, capsys):
    assert main(["demo", "--adults", "1000", "--years", "1"]) == 2
    assert "already holds 1 people" in capsys.readouterr().err


@pytest.mark.django_db
def test_if_empty_skips_quietly(person, capsys):
    assert main(["demo", "--if-empty"]) == 0
    assert "no demo generated" in capsys.readouterr().out


@pytest.mark.django_db
def test_generates_into_an_empty_database(capsys):
    assert main(["demo", "--adults", "1000", "--years", "1", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "people" in out and "Database size" in out and "demoshire-demo-2026" in out
