"""A financial assessment's inputs as stored (JSON, from a form or the API) turned into the
charging rules' Assessment. Age is worked out from the date of birth on the day assessed."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from openasc.rules import charging as c

FLAGS = (
    "over_pension_credit_age", "disability_premium", "enhanced_disability_premium",
    "carer_premium", "qualifying_relative_in_home", "agrees_to_pay_full_cost",
    "capital_clearly_above_limit",
)  # fmt: skip


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _day(value) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(value)


def assessment_from(date_of_birth: date, inputs: dict, on: date) -> c.Assessment:
    housing = inputs.get("housing") or {}
    capital = tuple(
        c.CapitalItem(
            kind=item["kind"],
            value_pence=item["value_pence"],
            owners=item.get("owners", 1),
            share=Fraction(item["share"]) if item.get("share") else None,
            secured_debt_pence=item.get("secured_debt_pence", 0),
        )  # fmt: skip
        for item in inputs.get("capital") or ()
    )
    income = tuple(
        c.IncomeItem(kind=item["kind"], weekly_pence=item["weekly_pence"])
        for item in inputs.get("income") or ()
    )
    dre = tuple(c.Expense(e["what"], e["weekly_pence"]) for e in inputs.get("dre") or ())
    return c.Assessment(
        on=on,
        setting=inputs.get("setting", ""),
        cost_of_care_pence=inputs.get("cost_of_care_pence"),
        age=age_on(date_of_birth, on),
        household=inputs.get("household", c.SINGLE),
        dependent_children=inputs.get("dependent_children", 0),
        capital=capital,
        income=income,
        dre=dre,
        housing=c.HousingCosts(**{k: housing.get(k, 0) for k in
                                  ("rent_pence", "mortgage_pence", "council_tax_pence")}),
        stay=inputs.get("stay", c.PERMANENT),
        permanent_stay_started=_day(inputs.get("permanent_stay_started")),
        service=inputs.get("service", c.CARE),
        service_started=_day(inputs.get("service_started")),
        item_cost_pence=inputs.get("item_cost_pence"),
        **{flag: bool(inputs.get(flag)) for flag in FLAGS},
    )  # fmt: skip
