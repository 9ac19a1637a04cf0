"""Budgets and financial assessments: worked out by the rules, stored with the rule version,
audited, refused for the wrong role and for a stale version."""

from datetime import date

import pytest

from openasc.access.models import AuditEntry
from openasc.access.roles import Role
from openasc.common.errors import NotAllowed, StaleVersion, ValidationError
from openasc.journey import rulebook
from openasc.journey.models import RuleSnapshot
from openasc.money import services
from openasc.money.models import FinancialAssessment

pytestmark = pytest.mark.django_db

ANSWERS = {"personal_care": "all", "eating_drinking": "some"}
AT_HOME = {
    "setting": "non_residential",
    "cost_of_care_pence": 30000,
    "over_pension_credit_age": True,
    "capital": [{"kind": "savings", "value_pence": 1575000}],
    "income": [{"kind": "state_pension", "weekly_pence": 23000}],
}


def test_a_budget_is_worked_out_by_the_questionnaire_in_force(users, person):
    sw = users[Role.SOCIAL_WORKER]
    budget = services.record_budget(sw, person, ANSWERS, "some")
    version = rulebook.in_force("ras", date.today())
    assert budget.rules_id == version.id
    assert RuleSnapshot.objects.get(pk=version.id).data["price_per_point_pence"] > 0
    # 12 + 6 points at the shipped price, less 10% for some carer support, rounded.
    price = version.data["price_per_point_pence"]
    assert budget.indicative_weekly_pence == round(18 * price * 0.9 / 100) * 100
    assert any("points" in s["says"] for s in budget.steps)
    assert AuditEntry.objects.filter(action="create", object_type="supportbudget").count() == 1


def test_an_unknown_answer_names_the_domain(users, person):
    with pytest.raises(ValidationError) as e:
        services.record_budget(users[Role.SOCIAL_WORKER], person, {"personal_care": "lots"})
    assert "personal_care" in e.value.message_dict


def test_agreeing_a_budget_needs_the_current_version(users, person):
    sw = users[Role.SOCIAL_WORKER]
    budget = services.record_budget(sw, person, ANSWERS)
    services.agree_budget(sw, budget, 25000, budget.version)
    assert budget.agreed_weekly_pence == 25000 and budget.version == 2
    with pytest.raises(StaleVersion):
        services.agree_budget(sw, budget, 26000, 1)
    budget.refresh_from_db()
    assert budget.agreed_weekly_pence == 25000


def test_a_financial_assessment_gives_the_tariff_income_example(users, person):
    fa = services.record_financial_assessment(users[Role.SOCIAL_WORKER], person, AT_HOME)
    assert fa.cost_of_care_weekly_pence == 30000
    assert 0 <= fa.weekly_charge_pence <= 30000
    assert any(s["pence"] == 600 for s in fa.steps), "£15,750 capital gives £6 a week tariff"
    assert fa.rules_id.startswith("charging/")


def test_bad_charging_input_is_a_form_error(users, person):
    with pytest.raises(ValidationError) as e:
        services.record_financial_assessment(
            users[Role.SOCIAL_WORKER], person, {**AT_HOME, "setting": "hotel"}
        )
    assert "setting" in e.value.message_dict


def test_finance_may_assess_after_breaking_glass_and_analysts_never(users, person):
    from openasc.access import policy
    from openasc.common.errors import BreakGlassNeeded

    finance = users[Role.FINANCE]
    with pytest.raises(BreakGlassNeeded):
        services.record_financial_assessment(finance, person, AT_HOME)
    policy.break_glass(finance, person, "Financial assessment requested by the team")
    assert services.record_financial_assessment(finance, person, AT_HOME).pk
    with pytest.raises(NotAllowed):
        services.record_financial_assessment(users[Role.ANALYST], person, AT_HOME)
    with pytest.raises(NotAllowed):
        services.record_budget(finance, person, ANSWERS)  # finance does not set budgets
    assert FinancialAssessment.objects.count() == 1


def test_charging_errors_read_as_what_to_do(users, person):
    with pytest.raises(ValidationError) as e:
        services.record_financial_assessment(
            users[Role.SOCIAL_WORKER], person, {**AT_HOME, "cost_of_care_pence": -5}
        )
    message = e.value.message_dict["cost_of_care_pence"][0]
    assert not message.startswith("cost_of_care_pence") and message[0].isupper()


def test_council_pays_and_deferred_payment_are_stored(users, person):
    home = {**AT_HOME, "setting": "residential", "stay": "permanent", "cost_of_care_pence": 90000,
            "permanent_stay_started": "2020-01-06",
            "capital": [{"kind": "main_home", "value_pence": 20000000}]}  # fmt: skip
    fa = services.record_financial_assessment(users[Role.SOCIAL_WORKER], person, home)
    assert fa.council_pays_weekly_pence == fa.cost_of_care_weekly_pence - fa.weekly_charge_pence
    assert fa.self_funder and fa.deferred_payment_eligible is True
