"""The personal budget pages: the resource allocation questionnaire gives an indicative weekly
budget with its workings; the final budget is agreed with the person's support plan."""

import pytest

from openasc.access import policy
from openasc.access.roles import Role
from openasc.journey import rulebook
from openasc.money import services as money
from openasc.money.models import SupportBudget


def _questionnaire(**changes) -> dict:
    """Every domain answered "none" (no help needed), with some care and carer support."""
    ras = rulebook.in_force("ras").data
    data = dict.fromkeys(ras["domains"], "none")
    data.update(eating_drinking="some", personal_care="all", carer_support="some")
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_questionnaire_has_every_domain(sw_client, person):
    body = sw_client.get(f"/people/{person.pk}/budget").content.decode()
    assert "<title>Work out an indicative budget – openasc</title>" in body
    for code, domain in rulebook.in_force("ras").data["domains"].items():
        assert f'name="{code}"' in body and domain["label"] in body
    assert 'name="carer_support"' in body and "Your carer provides some support" in body


def test_working_out_records_and_shows_the_steps(sw_client, person):
    response = sw_client.post(f"/people/{person.pk}/budget", _questionnaire())
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == f"/people/{person.pk}/budget/agree"
    budget = SupportBudget.objects.get(person=person)
    # 6 + 12 points at £8.50 = £153.00, less 10% for the carer, rounded to £138.00.
    assert budget.indicative_weekly_pence == 13800 and budget.carer_support == "some"

    body = sw_client.get(response["Location"]).content.decode()
    assert "Indicative budget worked out: £138.00 a week" in body
    assert "18 points × £8.50 a point = £153.00 a week" in body
    assert "−£15.30" in body  # the unpaid carer step, taken off
    assert "Care Act 2014 s26" in body  # each line's law
    assert "Not agreed yet" in body
    assert 'name="agreed_weekly" type="text" value="138.00"' in body

    # Working it out again starts from the last answers.
    body = sw_client.get(f"/people/{person.pk}/budget").content.decode()
    assert 'value="all" checked' in body and 'value="some" checked' in body


def test_every_domain_must_be_answered(sw_client, person):
    response = sw_client.post(f"/people/{person.pk}/budget", _questionnaire(toileting=None))
    body = response.content.decode()
    assert "<title>Error: Work out an indicative budget" in body
    assert '<a href="#toileting">Choose an answer for using the toilet</a>' in body
    assert not SupportBudget.objects.exists()


def test_unknown_answer_is_refused(sw_client, person):
    body = sw_client.post(
        f"/people/{person.pk}/budget", _questionnaire(carer_support="everything")
    ).content.decode()
    assert '<a href="#carer_support">Choose how much an unpaid carer helps from the list' in body


def test_agreeing_the_budget(sw_client, users, person):
    budget = money.record_budget(users[Role.SOCIAL_WORKER], person, {"personal_care": "all"})
    data = {"agreed_weekly": "£1,150.50", "budget": budget.pk, "version": budget.version}
    response = sw_client.post(f"/people/{person.pk}/budget/agree", data)
    assert response["Location"] == f"/people/{person.pk}"
    budget.refresh_from_db()
    assert budget.agreed_weekly_pence == 115050 and budget.version == 2
    body = sw_client.get(response["Location"]).content.decode()
    assert "Weekly budget of £1,150.50 agreed" in body
    assert "£1,150.50 a week, agreed" in body  # the person page's money card


@pytest.mark.parametrize(
    "amount, message",
    [
        ("", "Enter the agreed weekly budget"),
        ("12.345", "Enter the agreed weekly budget in pounds, like 12.50"),
        ("twelve", "Enter the agreed weekly budget in pounds, like 12.50"),
        ("-5", "Enter the agreed weekly budget in pounds, like 12.50"),
        ("0", "The agreed weekly budget must be more than £0"),
    ],
)
def test_agreed_amount_must_be_pounds(sw_client, users, person, amount, message):
    budget = money.record_budget(users[Role.SOCIAL_WORKER], person, {"personal_care": "all"})
    data = {"agreed_weekly": amount, "budget": budget.pk, "version": budget.version}
    body = sw_client.post(f"/people/{person.pk}/budget/agree", data).content.decode()
    assert f'<a href="#agreed_weekly">{message}</a>' in body
    assert "<title>Error: Personal budget" in body
    budget.refresh_from_db()
    assert budget.agreed_weekly_pence is None


def test_stale_agreement_is_refused(sw_client, users, person):
    budget = money.record_budget(users[Role.SOCIAL_WORKER], person, {"personal_care": "all"})
    money.agree_budget(users[Role.TEAM_MANAGER], budget, 20000, budget.version)
    data = {"agreed_weekly": "150", "budget": budget.pk, "version": 1}
    body = sw_client.post(f"/people/{person.pk}/budget/agree", data).content.decode()
    assert "changed by someone else" in body and 'class="govuk-error-summary"' in body
    budget.refresh_from_db()
    assert budget.agreed_weekly_pence == 20000


def test_agreeing_a_replaced_budget_is_refused(sw_client, users, person):
    old = money.record_budget(users[Role.SOCIAL_WORKER], person, {"personal_care": "all"})
    money.record_budget(users[Role.TEAM_MANAGER], person, {"personal_care": "some"})
    data = {"agreed_weekly": "150", "budget": old.pk, "version": old.version}
    body = sw_client.post(f"/people/{person.pk}/budget/agree", data).content.decode()
    assert "A newer budget has been worked out since you opened this page" in body
    assert not SupportBudget.objects.filter(agreed_weekly_pence__isnull=False).exists()


def test_no_budget_yet(sw_client, person):
    body = sw_client.get(f"/people/{person.pk}/budget/agree").content.decode()
    assert "No budget has been worked out for Ada Lovelock yet." in body
    assert f'href="/people/{person.pk}/budget"' in body


def test_finance_may_see_but_not_work_out_or_agree(sign_in, users, person):
    budget = money.record_budget(users[Role.SOCIAL_WORKER], person, {"personal_care": "all"})
    finance = users[Role.FINANCE]
    policy.break_glass(finance, person, "Checking a charging query")
    client = sign_in(finance)
    body = client.get(f"/people/{person.pk}/budget/agree").content.decode()
    assert "£102.00" in body and 'name="agreed_weekly"' not in body
    assert client.get(f"/people/{person.pk}/budget").status_code == 403
    assert client.post(f"/people/{person.pk}/budget", _questionnaire()).status_code == 403
    data = {"agreed_weekly": "150", "budget": budget.pk, "version": budget.version}
    assert client.post(f"/people/{person.pk}/budget/agree", data).status_code == 403
    assert SupportBudget.objects.count() == 1


def test_other_team_must_break_glass(sign_in, users, other_person):
    response = sign_in(users[Role.SOCIAL_WORKER]).get(f"/people/{other_person.pk}/budget")
    assert response["Location"] == f"/people/{other_person.pk}/break-glass"
