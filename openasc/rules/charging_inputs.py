"""What a financial assessment is given: the person, their capital and income, their costs
and the care being charged for. Frozen dataclasses, checked when made, so the assessment
itself never meets a bad value. Money is integer pence; income and costs are weekly.

Errors are ChargingInputError (a ValueError): each names the field and says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import NamedTuple

RESIDENTIAL = "residential"
NON_RESIDENTIAL = "non_residential"
SETTINGS = (RESIDENTIAL, NON_RESIDENTIAL)
PERMANENT = "permanent"
TEMPORARY = "temporary"
STAYS = (PERMANENT, TEMPORARY)
SINGLE = "single"
COUPLE = "couple"
HOUSEHOLDS = (SINGLE, COUPLE)

# The service being charged for. Only "care" is charged as a matter of course; the others
# are free by law, or free unless the rule data says otherwise (charging_free.py).
CARE = "care"
REABLEMENT = "intermediate_care_or_reablement"
EQUIPMENT = "community_equipment"  # an aid
ADAPTATION = "adaptation"  # free when it is a minor adaptation (£1,000 or less)
S117 = "s117_aftercare"
CARER_SUPPORT = "carer_support"  # support provided to a carer, in their own right
ASSESSMENT = "assessment"
ADVICE = "information_and_advice"
SERVICES = (CARE, REABLEMENT, EQUIPMENT, ADAPTATION, S117, CARER_SUPPORT, ASSESSMENT, ADVICE)


class ChargingInputError(ValueError):
    """An input the assessment cannot use. `field` names it; the message says what to do."""

    def __init__(self, field: str, problem: str):
        self.field = field
        super().__init__(f"{field}: {problem}")


def _pence(field: str, value: object) -> None:
    # bool is an int subclass; True pence is always a mistake.
    if type(value) is not int:
        raise ChargingInputError(field, f"give a whole number of pence, not {value!r}")
    if value < 0:
        raise ChargingInputError(field, f"give zero or more pence, not {value}")


def _one_of(field: str, value: object, valid: tuple[str, ...]) -> None:
    if value not in valid:
        raise ChargingInputError(field, f"{value!r} is not one of {valid}; use one of those")


class Expense(NamedTuple):
    """One weekly disability-related expense, e.g. Expense("Extra heating", 850)."""

    what: str
    weekly_pence: int


@dataclass(frozen=True, slots=True)
class CapitalItem:
    """A piece of capital at its full value. Owned jointly, the person's part is `share`
    (e.g. Fraction(1, 3)) if given, otherwise an equal part for each of `owners` (reg 24).
    `secured_debt_pence` is any loan secured on a property (reg 20)."""

    kind: str
    value_pence: int
    owners: int = 1
    share: Fraction | None = None
    secured_debt_pence: int = 0

    def __post_init__(self) -> None:
        if type(self.kind) is not str or not self.kind:
            raise ChargingInputError("capital.kind", "name the kind of capital, e.g. 'savings'")
        if type(self.value_pence) is not int or self.value_pence < 0:
            _pence(f"capital[{self.kind}].value_pence", self.value_pence)
        if type(self.secured_debt_pence) is not int or self.secured_debt_pence < 0:
            _pence(f"capital[{self.kind}].secured_debt_pence", self.secured_debt_pence)
        if type(self.owners) is not int or self.owners < 1:
            raise ChargingInputError(
                f"capital[{self.kind}].owners", "give the number of owners, 1 or more"
            )
        if self.share is not None and (
            not isinstance(self.share, Fraction | int) or not 0 < self.share <= 1
        ):
            raise ChargingInputError(
                f"capital[{self.kind}].share",
                "give the person's share as a Fraction above 0 and at most 1, or leave it out",
            )


@dataclass(frozen=True, slots=True)
class IncomeItem:
    """One source of weekly income, by kind (see income_kinds in the rule data)."""

    kind: str
    weekly_pence: int

    def __post_init__(self) -> None:
        if type(self.kind) is not str or not self.kind:
            raise ChargingInputError("income.kind", "name the kind of income, e.g. 'earnings'")
        if type(self.weekly_pence) is not int or self.weekly_pence < 0:
            _pence(f"income[{self.kind}].weekly_pence", self.weekly_pence)


@dataclass(frozen=True, slots=True)
class HousingCosts:
    """Weekly rent, mortgage and council tax the person pays, after Housing Benefit,
    Universal Credit housing costs and Council Tax Reduction."""

    rent_pence: int = 0
    mortgage_pence: int = 0
    council_tax_pence: int = 0

    def __post_init__(self) -> None:
        if not (
            type(self.rent_pence) is int
            and type(self.mortgage_pence) is int
            and type(self.council_tax_pence) is int
            and self.rent_pence >= 0
            and self.mortgage_pence >= 0
            and self.council_tax_pence >= 0
        ):
            for name in ("rent_pence", "mortgage_pence", "council_tax_pence"):
                _pence(f"housing.{name}", getattr(self, name))

    @property
    def total_pence(self) -> int:
        return self.rent_pence + self.mortgage_pence + self.council_tax_pence


NO_HOUSING = HousingCosts()


@dataclass(frozen=True, slots=True)
class Partner:
    """The person's spouse or partner, used only when the council assesses a couple jointly
    (where that gives a lower charge). List jointly held items in both people's capital,
    each with their own share."""

    over_pension_credit_age: bool = False
    disability_premium: bool = False
    enhanced_disability_premium: bool = False
    carer_premium: bool = False
    capital: tuple[CapitalItem, ...] = ()
    income: tuple[IncomeItem, ...] = ()
    dre: tuple[Expense, ...] = ()
    housing: HousingCosts = NO_HOUSING  # the partner's part of the housing costs

    def __post_init__(self) -> None:
        if type(self.housing) is not HousingCosts:
            raise ChargingInputError("partner.housing", "give a HousingCosts")
        _items("partner.capital", self.capital, CapitalItem)
        _items("partner.income", self.income, IncomeItem)
        _expenses("partner.dre", self.dre)


def _items(field: str, items: object, kind: type) -> None:
    if type(items) is not tuple:
        raise ChargingInputError(field, "give a tuple of items (use () for none)")
    for item in items:
        if type(item) is not kind:
            raise ChargingInputError(field, f"each item must be a {kind.__name__}, not {item!r}")


def _expenses(field: str, items: object) -> None:
    if type(items) is not tuple:
        raise ChargingInputError(field, "give a tuple of Expense (use () for none)")
    for item in items:
        if type(item) is not Expense:
            raise ChargingInputError(field, f"each item must be an Expense, not {item!r}")
        _pence(f"{field}[{item.what}].weekly_pence", item.weekly_pence)


@dataclass(frozen=True, slots=True)
class Assessment:
    """Everything one week's charge depends on. `on` is the first day of the week charged.

    For care in a care home give `stay` and, for a permanent stay, `permanent_stay_started`
    (the day the person first moved in, for the 12-week property disregard).
    `qualifying_relative_in_home`: the person's partner, a relative aged 60 or over or
    incapacitated, or a child under 18 lives in the main home (Sch 2 para 4).
    For reablement give `service_started`; for an adaptation give `item_cost_pence`.
    Light-touch: `agrees_to_pay_full_cost`, or `capital_clearly_above_limit` when the person
    shows the council they have more than the upper limit and asks for no full assessment.
    """

    on: date
    setting: str
    cost_of_care_pence: int
    age: int
    over_pension_credit_age: bool = False
    household: str = SINGLE
    dependent_children: int = 0
    disability_premium: bool = False
    enhanced_disability_premium: bool = False
    carer_premium: bool = False
    capital: tuple[CapitalItem, ...] = ()
    income: tuple[IncomeItem, ...] = ()
    dre: tuple[Expense, ...] = ()
    housing: HousingCosts = NO_HOUSING
    stay: str = PERMANENT
    permanent_stay_started: date | None = None
    qualifying_relative_in_home: bool = False
    service: str = CARE
    service_started: date | None = None
    item_cost_pence: int | None = None
    agrees_to_pay_full_cost: bool = False
    capital_clearly_above_limit: bool = False
    has_cjd: bool = False  # reg 4: Creutzfeldt-Jakob disease
    partner: Partner | None = None

    def __post_init__(self) -> None:
        # One cheap test passes the usual case; anything else gets the full check, which
        # names the field at fault (or finds nothing wrong, e.g. for reablement).
        if not (
            type(self.on) is date
            and self.setting in SETTINGS
            and type(self.cost_of_care_pence) is int
            and self.cost_of_care_pence >= 0
            and type(self.age) is int
            and 18 <= self.age <= 130
            and self.household in HOUSEHOLDS
            and self.dependent_children == 0
            and type(self.housing) is HousingCosts
            and self.stay in STAYS
            and self.service == CARE
            and self.permanent_stay_started is None
            and self.partner is None
            and _all(self.capital, CapitalItem)
            and _all(self.income, IncomeItem)
            and _all(self.dre, Expense)
        ):
            _check_assessment(self)
        for expense in self.dre:
            if type(expense.weekly_pence) is not int or expense.weekly_pence < 0:
                _pence(f"dre[{expense.what}].weekly_pence", expense.weekly_pence)


def _all(items: object, kind: type) -> bool:
    if type(items) is not tuple:
        return False
    for item in items:  # noqa: SIM110 - a plain loop is cheaper than all() over a generator
        if type(item) is not kind:
            return False
    return True


def _check_assessment(a: Assessment) -> None:
    if type(a.on) is not date:
        raise ChargingInputError("on", "give the first day of the week charged, as a date")
    _one_of("setting", a.setting, SETTINGS)
    _pence("cost_of_care_pence", a.cost_of_care_pence)
    if type(a.age) is not int or not 18 <= a.age <= 130:
        raise ChargingInputError("age", "give the person's age in whole years, 18 or over")
    _one_of("household", a.household, HOUSEHOLDS)
    if type(a.dependent_children) is not int or a.dependent_children < 0:
        raise ChargingInputError("dependent_children", "give a whole number, 0 or more")
    _items("capital", a.capital, CapitalItem)
    _items("income", a.income, IncomeItem)
    _expenses("dre", a.dre)
    if type(a.housing) is not HousingCosts:
        raise ChargingInputError("housing", "give a HousingCosts")
    _one_of("stay", a.stay, STAYS)
    _one_of("service", a.service, SERVICES)
    if a.permanent_stay_started is not None and (
        type(a.permanent_stay_started) is not date or a.permanent_stay_started > a.on
    ):
        raise ChargingInputError(
            "permanent_stay_started",
            "give the date the person first moved into the care home, on or before `on`",
        )
    if a.service == REABLEMENT and (
        type(a.service_started) is not date or a.service_started > a.on
    ):
        raise ChargingInputError(
            "service_started", "give the date reablement started, on or before `on`"
        )
    if a.service == ADAPTATION:
        _pence("item_cost_pence", a.item_cost_pence)
    if a.partner is not None and (type(a.partner) is not Partner or a.household != COUPLE):
        raise ChargingInputError("partner", "give a Partner, and only for a household of 'couple'")
