"""Recalculating open cases when the rules change, and `openasc rules` on the command line."""

from datetime import date

import pytest

from openasc.access.models import AuditEntry
from openasc.access.roles import Role
from openasc.cli import main
from openasc.journey import services as journey
from openasc.money import recalculate, services
from openasc.money.cases import open_cases
from openasc.money.models import FinancialAssessment, SupportBudget

pytestmark = pytest.mark.django_db
AT_HOME = {
    "setting": "non_residential",
    "cost_of_care_pence": 30000,
    "income": [{"kind": "state_pension", "weekly_pence": 23000}],
    "over_pension_credit_age": True,
}


@pytest.fixture
def in_support(users, person):
    """A person with a long-term home care package, a budget and a financial assessment."""
    sw = users[Role.SOCIAL_WORKER]
    journey.record_event(
        sw,
        person,
        "service",
        {
            "start_date": date.today(),
            "service_type": "lts_community",
            "service_component": "home_care",
            "delivery_mechanism": "commissioned",
            "unit_cost_pence": 2500,
            "cost_frequency": "hourly",
            "planned_units_per_week": 10,
        },
    )
    services.record_budget(sw, person, {"personal_care": "all", "eating_drinking": "some"})
    services.record_financial_assessment(sw, person, AT_HOME)
    return person


@pytest.fixture
def dearer_points(tmp_path, settings):
    """A council rule file that raises the price per point from tomorrow."""
    folder = tmp_path / "ras"
    folder.mkdir()
    (folder / "2030-01-01.yaml").write_text("price_per_point_pence: 1000\n")
    settings.RULES_DIR = str(tmp_path)
    return date(2030, 1, 1)


def test_open_cases_read_the_package_cost_and_the_latest_records(in_support):
    cases = open_cases()
    assert list(cases) == [in_support.pk]
    case = cases[in_support.pk]
    assert case.weekly_cost_pence == 25000
    assert case.budget and case.charge


def test_nothing_changes_under_the_same_rules(in_support):
    result = recalculate.recalculate(open_cases(), date.today())
    assert (result.cases, result.budgets, result.charges) == (1, 1, 1)
    assert result.changes == [] and result.errors == []


def test_a_new_price_changes_the_budget_and_saving_keeps_the_old(in_support, dearer_points):
    cases = open_cases()
    result = recalculate.recalculate(cases, dearer_points)
    assert result.changed("budget") == 1 and result.changed("charge") == 0
    change = result.changes[0]
    assert change.after_pence == 18 * 1000  # 18 points at £10
    assert recalculate.save(result, cases) == 1
    assert SupportBudget.objects.count() == 2
    assert FinancialAssessment.objects.count() == 1
    assert open_cases()[in_support.pk].budget["indicative_weekly_pence"] == 18000
    assert AuditEntry.objects.filter(action="recalculated", person_id=in_support.pk).exists()


def test_cli_show_check_and_recalculate(in_support, dearer_points, capsys):
    assert main(["rules", "show", "--on", "2030-01-02"]) == 0
    assert "ras/2030-01-01" in capsys.readouterr().out
    assert main(["rules", "check"]) == 0
    assert "no problems" in capsys.readouterr().out
    assert main(["rules", "recalculate", "--on", "2030-01-02", "-q"]) == 0
    out = capsys.readouterr().out
    assert "budgets changed: 1" in out and "charges changed: 0" in out


def test_cli_check_names_a_bad_council_file(tmp_path, settings, capsys, db):
    (tmp_path / "charging").mkdir()
    (tmp_path / "charging" / "2030-01-01.yaml").write_text("capital:\n  uper_pence: 1\n")
    assert main(["rules", "check", "--dir", str(tmp_path)]) == 1
    assert "capital.uper_pence" in capsys.readouterr().out


def test_cli_calibrate_needs_enough_packages_and_a_directory(in_support, capsys):
    assert main(["rules", "calibrate-ras"]) == 2
    assert "--dir" in capsys.readouterr().err
    assert main(["rules", "calibrate-ras", "--dry-run"]) == 2
    assert "need 30 or more" in capsys.readouterr().err


def test_cli_bad_date_is_refused(capsys):
    with pytest.raises(SystemExit):
        main(["rules", "show", "--on", "31/12/2025"])
    assert "not a date like" in capsys.readouterr().err
