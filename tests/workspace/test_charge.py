"""The financial assessment pages: the form turns pounds into the charging inputs, the
charging rules work out the weekly charge, and the result shows every line of the workings."""

from datetime import date, timedelta

import pytest

from openasc.access import policy
from openasc.access.roles import Role
from openasc.money import services as money
from openasc.money.models import FinancialAssessment


def _at_home(**changes) -> dict:
    data = {
        "setting": "non_residential",
        "cost_of_care": "300",
        "household": "single",
        "circumstances": ["over_pension_credit_age"],
        "capital_savings": "16,000",
        "income_state_pension": "230.00",
        "income_attendance_allowance": "73",
        "dre_1_what": "Extra heating",
        "dre_1_amount": "5",
        "housing_council_tax": "20",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _in_care_home(moved_in: date | None, **changes) -> dict:
    data = {
        "setting": "residential",
        "cost_of_care": "900",
        "household": "single",
        "stay": "permanent",
        "capital_main_home": "200000",
        "income_state_pension": "230",
    }
    if moved_in:
        data.update({"moved_in-day": moved_in.day, "moved_in-month": moved_in.month,
                     "moved_in-year": moved_in.year})  # fmt: skip
    data.update(changes)
    return data


def test_blank_form(sw_client, person):
    body = sw_client.get(f"/people/{person.pk}/charge").content.decode()
    assert "<title>Financial assessment – openasc</title>" in body
    for name in ["setting", "cost_of_care", "household", "capital_main_home", "owners_main_home",
                 "income_state_pension", "dre_3_amount", "housing_rent", "stay", "moved_in-day",
                 "qualifying_relative_in_home", "light_touch"]:  # fmt: skip
        assert f'name="{name}"' in body, name
    assert "Attendance Allowance" in body  # the income kinds' names come from the rule data


def test_cost_of_care_defaults_to_the_budget(sw_client, users, person):
    budget = money.record_budget(users[Role.SOCIAL_WORKER], person, {"personal_care": "all"})
    body = sw_client.get(f"/people/{person.pk}/charge").content.decode()
    assert 'name="cost_of_care" type="text" value="102.00"' in body
    money.agree_budget(users[Role.SOCIAL_WORKER], budget, 25050, budget.version)
    body = sw_client.get(f"/people/{person.pk}/charge").content.decode()
    assert 'name="cost_of_care" type="text" value="250.50"' in body
    assert "From their budget: £250.50 a week" in body


def test_charge_at_home_is_recorded_and_explained(sw_client, person):
    response = sw_client.post(f"/people/{person.pk}/charge", _at_home())
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == f"/people/{person.pk}/charge/result"
    fa = FinancialAssessment.objects.get(person=person)
    assert fa.inputs["capital"] == [{"kind": "savings", "value_pence": 1600000, "owners": 1}]
    assert fa.inputs["dre"] == [{"what": "Extra heating", "weekly_pence": 500}]
    assert fa.inputs["housing"] == {"rent_pence": 0, "mortgage_pence": 0,
                                    "council_tax_pence": 2000}  # fmt: skip
    assert fa.inputs["over_pension_credit_age"] is True and fa.inputs["carer_premium"] is False
    assert fa.cost_of_care_weekly_pence == 30000 and not fa.self_funder

    body = sw_client.get(response["Location"]).content.decode()
    assert "Financial assessment recorded" in body
    charge = fa.weekly_charge_pence
    assert f"£{charge / 100:,.2f} a week" in body
    assert f"£{(30000 - charge) / 100:,.2f} a week" in body  # what the council pays
    for step in fa.steps:  # every line of the workings, with its law
        assert step["says"].replace("'", "&#39;") in body
        assert step["cites"] in body
    assert "tariff income of £7.00 a week" in body
    assert "self-funder" not in body and "deferred payment" not in body

    # A reassessment starts from what was entered last time.
    body = sw_client.get(f"/people/{person.pk}/charge").content.decode()
    assert 'name="capital_savings" type="text" value="16000.00"' in body
    assert 'name="dre_1_what" type="text" value="Extra heating"' in body


def test_home_owner_in_a_care_home_pays_in_full_and_may_defer(sw_client, person):
    moved_in = date.today() - timedelta(weeks=20)
    response = sw_client.post(f"/people/{person.pk}/charge", _in_care_home(moved_in))
    assert response.status_code == 302, response.content.decode()
    fa = FinancialAssessment.objects.get()
    assert fa.self_funder and fa.weekly_charge_pence == 90000
    assert fa.inputs["permanent_stay_started"] == moved_in.isoformat()
    body = sw_client.get(response["Location"]).content.decode()
    assert "they are a self-funder" in body
    assert "may be able to have a deferred payment agreement" in body
    assert "Main or only home: £180,000.00 counted" in body


def test_care_home_move_in_date_needed_for_a_home_owner(sw_client, person):
    body = sw_client.post(f"/people/{person.pk}/charge", _in_care_home(None)).content.decode()
    assert '<a href="#moved_in-day">Enter the date they moved into the care home' in body
    # ...but not when a qualifying relative still lives there (the home is not counted).
    data = _in_care_home(None, qualifying_relative_in_home="on")
    assert sw_client.post(f"/people/{person.pk}/charge", data).status_code == 302
    assert FinancialAssessment.objects.get().inputs["qualifying_relative_in_home"] is True


def test_light_touch(sw_client, person):
    data = _at_home(light_touch=["agrees_to_pay_full_cost"])
    sw_client.post(f"/people/{person.pk}/charge", data)
    fa = FinancialAssessment.objects.get()
    assert fa.self_funder and fa.weekly_charge_pence == 30000
    body = sw_client.get(f"/people/{person.pk}/charge/result").content.decode()
    assert "Light-touch financial assessment" in body


@pytest.mark.parametrize(
    "changes, link, message",
    [
        ({"cost_of_care": ""}, "#cost_of_care", "Enter the cost of care a week"),
        ({"cost_of_care": "300.555"}, "#cost_of_care",
         "Enter the cost of care a week in pounds, like 12.50"),
        ({"capital_savings": "lots"}, "#capital_savings",
         "Enter the value of savings in pounds, like 12.50"),
        ({"income_state_pension": "£-3"}, "#income_state_pension",
         "Enter the weekly amount of State Pension in pounds, like 12.50"),
        ({"owners_savings": "0"}, "#owners_savings",
         "The number of owners of savings must be 1 or more"),
        ({"dre_2_what": "Laundry"}, "#dre_2_amount", "Enter the amount of expense 2 a week"),
        ({"dre_1_what": ""}, "#dre_1_what", "Say what expense 1 is for"),
        ({"setting": None}, "#setting", "Choose where they receive care"),
        ({"setting": "residential"}, "#stay", "Choose whether the stay is permanent or temporary"),
    ],
)  # fmt: skip
def test_invalid_answers_show_the_error_summary(sw_client, person, changes, link, message):
    body = sw_client.post(f"/people/{person.pk}/charge", _at_home(**changes)).content.decode()
    assert "<title>Error: Financial assessment" in body
    assert f'<a href="{link}">{message}</a>' in body
    assert not FinancialAssessment.objects.exists()


def test_service_errors_reach_the_summary(sw_client, person):
    """A check only the charging rules make (a person must be 18 or over) still shows."""
    person.date_of_birth = date.today() - timedelta(days=365 * 10)
    person.save()
    body = sw_client.post(f"/people/{person.pk}/charge", _at_home()).content.decode()
    assert 'class="govuk-error-summary"' in body and "18 or over" in body
    assert not FinancialAssessment.objects.exists()


def test_finance_officer_may_assess(sign_in, users, person):
    finance = users[Role.FINANCE]
    policy.break_glass(finance, person, "Annual financial reassessment")
    client = sign_in(finance)
    assert client.get(f"/people/{person.pk}/charge").status_code == 200
    assert client.post(f"/people/{person.pk}/charge", _at_home()).status_code == 302
    assert FinancialAssessment.objects.get().recorded_by == finance
    body = client.get(f"/people/{person.pk}").content.decode()
    assert f'href="/people/{person.pk}/charge"' in body  # "Assess" on the money card


def test_roles_without_access_are_refused(sign_in, users, person, other_person):
    response = sign_in(users[Role.FINANCE]).get(f"/people/{person.pk}/charge")
    assert response["Location"] == f"/people/{person.pk}/break-glass"
    assert sign_in(users[Role.ANALYST]).get(f"/people/{person.pk}/charge").status_code == 403
    assert sign_in(users[Role.ANALYST]).get(f"/people/{person.pk}/charge/result").status_code == 403
    response = sign_in(users[Role.SOCIAL_WORKER]).post(
        f"/people/{other_person.pk}/charge", _at_home()
    )
    assert response["Location"] == f"/people/{other_person.pk}/break-glass"
    admin = users[Role.ADMINISTRATOR]
    policy.break_glass(admin, person, "Checking a complaint about a charge")
    assert sign_in(admin).get(f"/people/{person.pk}/charge").status_code == 403
    assert not FinancialAssessment.objects.exists()


def test_no_assessment_yet(sw_client, person):
    body = sw_client.get(f"/people/{person.pk}/charge/result").content.decode()
    assert "No financial assessment has been recorded for Ada Lovelock yet." in body
