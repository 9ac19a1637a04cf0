"""Financial assessment (charging): worked examples from the Charging Regulations 2014 and the
statutory guidance, council options, validation, and properties that must hold for anyone."""

import copy
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from openasc.rules.charging import (
    ADAPTATION,
    ADVICE,
    ASSESSMENT,
    CARER_SUPPORT,
    COUPLE,
    EQUIPMENT,
    NON_RESIDENTIAL,
    REABLEMENT,
    RESIDENTIAL,
    S117,
    TEMPORARY,
    Assessment,
    CapitalItem,
    ChargingInputError,
    Expense,
    HousingCosts,
    IncomeItem,
    Partner,
    assess_charge,
    compile_rules,
)
from openasc.rules.ruleset import RuleBook, RuleDataError, RuleVersion

WEEK = date(2025, 6, 2)  # a Monday in 2025/26
BOOK = RuleBook()
NATIONAL = BOOK.in_force("charging", WEEK)


def council(**changes) -> RuleVersion:
    """The national 2025/26 rules with some council choices, e.g. council(charge_percent=90)."""
    data = copy.deepcopy(NATIONAL.data)
    for key, value in changes.items():
        if key == "low_cost_service_max_pence":
            data["light_touch"][key] = value
        elif key == "carer_support":
            data["free"][key] = value
        else:
            data["council"][key] = value
    return RuleVersion("charging", NATIONAL.effective_from, data, ("test council",))


def savings(pounds: int | float, **kw) -> CapitalItem:
    return CapitalItem("savings", round(pounds * 100), **kw)


def at_home(**kw) -> Assessment:
    base = dict(on=WEEK, setting=NON_RESIDENTIAL, cost_of_care_pence=30000, age=70)
    base.update(kw)
    return Assessment(**base)


def in_home(**kw) -> Assessment:
    base = dict(
        on=WEEK,
        setting=RESIDENTIAL,
        cost_of_care_pence=90000,
        age=85,
        over_pension_credit_age=True,
        permanent_stay_started=date(2024, 1, 1),
    )
    base.update(kw)
    return Assessment(**base)


def charge(a: Assessment, version: RuleVersion = NATIONAL):
    return assess_charge(a, version)


# --- capital ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("capital", "tariff"),
    [
        (15750, 600),  # £1,500 above the lower limit: 6 steps of £250
        (14250, 0),  # at the lower limit: ignored
        (14251, 100),  # £1 above: one part of £250
        (14250.01, 100),  # a penny above is still a part of £250
        (14500, 100),
        (14500.01, 200),
        (23250, 3600),  # at the upper limit: not above it, so still tariff income
    ],
)
def test_tariff_income_is_a_pound_for_every_250_or_part(capital, tariff):
    result = charge(at_home(capital=(savings(capital),)))
    assert result.tariff_income_pence == tariff
    assert not result.self_funder
    assert result.capital_pence == round(capital * 100)


def test_capital_exactly_at_the_upper_limit_is_not_above_it():
    result = charge(
        in_home(capital=(savings(23250),), income=(IncomeItem("state_pension", 23000),))
    )
    assert not result.self_funder
    assert result.tariff_income_pence == 3600
    # £230 + £36 tariff - £30.65 PEA
    assert result.weekly_charge_pence == 23000 + 3600 - 3065


def test_capital_above_the_upper_limit_pays_the_full_cost():
    result = charge(at_home(capital=(savings(23251),), cost_of_care_pence=41234))
    assert result.self_funder
    assert result.weekly_charge_pence == 41234
    assert result.council_pays_pence == 0
    assert result.deferred_payment_eligible is None  # not a care home
    says = " ".join(step.says for step in result.steps)
    assert "above the upper limit of £23,250.00" in says
    assert "independent financial advice" in says


def test_jointly_held_capital_is_split_equally_unless_a_share_is_given():
    two = charge(at_home(capital=(savings(33000, owners=2),)))  # £16,500 each
    assert two.capital_pence == 1650000
    assert two.tariff_income_pence == 900
    third = charge(at_home(capital=(savings(45000, share=Fraction(1, 3)),)))  # £15,000
    assert third.capital_pence == 1500000
    assert third.tariff_income_pence == 300
    assert "reg 24" in two.steps[0].cites


def test_disregarded_capital_and_personal_possessions():
    result = charge(at_home(capital=(savings(10000), CapitalItem("personal_possessions", 5000000))))
    assert result.capital_pence == 1000000
    assert "Personal possessions: £50,000.00 disregarded" in result.steps[1].says


def test_main_home_is_disregarded_for_care_at_home():
    result = charge(at_home(capital=(CapitalItem("main_home", 30000000),)))
    assert result.capital_pence == 0
    assert not result.self_funder
    assert "receive care and support at home" in result.steps[0].says


def test_other_property_counts_less_costs_of_selling():
    result = charge(at_home(capital=(CapitalItem("property", 2000000),)))
    assert result.capital_pence == 1800000  # £20,000 less 10%
    assert result.tariff_income_pence == 1500  # £3,750 above £14,250


# --- the 12-week property disregard, a partner at home, deferred payments -------------------


HOME = CapitalItem("main_home", 25000000)


@pytest.mark.parametrize(("day", "counted"), [(0, False), (83, False), (84, True), (400, True)])
def test_twelve_week_property_disregard_boundary(day, counted):
    started = WEEK - timedelta(days=day)
    result = charge(in_home(capital=(HOME,), permanent_stay_started=started))
    assert result.self_funder is counted
    assert result.capital_pence == (22500000 if counted else 0)
    # The home can be used for a deferred payment agreement either way.
    assert result.deferred_payment_eligible is True


def test_spouse_living_in_the_home_keeps_it_disregarded():
    result = charge(
        in_home(
            capital=(HOME,),
            household=COUPLE,
            qualifying_relative_in_home=True,
            income=(IncomeItem("state_pension", 23000),),
        )
    )
    assert not result.self_funder
    assert result.capital_pence == 0
    assert result.deferred_payment_eligible is False  # the home is not available
    assert "partner" in result.steps[0].says and "Sch 2 para 4" in result.steps[0].cites


def test_no_deferred_payment_when_other_capital_is_above_the_limit():
    result = charge(in_home(capital=(HOME, savings(30000))))
    assert result.self_funder
    assert result.deferred_payment_eligible is False


def test_temporary_stay_disregards_home_and_allows_its_costs():
    result = charge(
        in_home(
            stay=TEMPORARY,
            permanent_stay_started=None,
            capital=(HOME,),
            income=(IncomeItem("state_pension", 23000),),
            housing=HousingCosts(rent_pence=9000, council_tax_pence=1000),
        )
    )
    assert result.capital_pence == 0
    assert result.deferred_payment_eligible is None
    assert result.weekly_charge_pence == 23000 - 3065 - 10000


def test_permanent_stay_needs_its_start_date_when_there_is_a_home():
    with pytest.raises(ChargingInputError, match="permanent_stay_started"):
        charge(in_home(capital=(HOME,), permanent_stay_started=None))


# --- care home: the Personal Expenses Allowance ----------------------------------------------


def test_residential_charge_leaves_the_personal_expenses_allowance():
    result = charge(
        in_home(
            income=(IncomeItem("state_pension", 23000), IncomeItem("private_pension", 4000)),
            capital=(savings(15750),),
        )
    )
    assert result.personal_expenses_allowance_pence == 3065
    assert result.minimum_income_guarantee_pence is None
    assert result.weekly_charge_pence == 23000 + 4000 + 600 - 3065
    assert result.council_pays_pence == 90000 - result.weekly_charge_pence
    assert any(step.cites.endswith("reg 6") for step in result.steps)


def test_residential_charge_never_exceeds_the_cost():
    result = charge(in_home(cost_of_care_pence=10000, income=(IncomeItem("other", 50000),)))
    assert result.weekly_charge_pence == 10000
    assert result.council_pays_pence == 0


def test_savings_credit_disregard_in_a_care_home_only():
    income = (IncomeItem("state_pension", 20000), IncomeItem("pension_credit_savings", 1500))
    home = charge(in_home(income=income))
    assert home.assessable_income_pence == 20000 + 1500 - 705
    at_home_result = charge(at_home(income=income))
    assert at_home_result.assessable_income_pence == 21500


# --- care at home: MIG, DRE, housing ---------------------------------------------------------


def test_non_residential_charge_with_mig_dre_and_housing():
    result = charge(
        at_home(
            over_pension_credit_age=True,
            capital=(savings(15750),),
            income=(
                IncomeItem("state_pension", 23000),
                IncomeItem("attendance_allowance", 11040),
                IncomeItem("private_pension", 5000),
            ),
            dre=(Expense("Extra heating", 1000), Expense("Laundry", 500)),
            housing=HousingCosts(council_tax_pence=500, rent_pence=2000),
        )
    )
    # £396.40 counted (with £6 tariff) less MIG £232.60, DRE £15, housing £25
    assert result.assessable_income_pence == 23000 + 11040 + 5000 + 600
    assert result.minimum_income_guarantee_pence == 23260
    assert result.weekly_charge_pence == 39640 - 23260 - 1500 - 2500
    assert result.council_pays_pence == 30000 - result.weekly_charge_pence


@pytest.mark.parametrize(
    ("kw", "mig"),
    [
        (dict(age=20), 8915),
        (dict(age=30), 11250),
        (dict(age=30, disability_premium=True), 11250 + 4965),
        (dict(age=30, disability_premium=True, enhanced_disability_premium=True), 18640),
        (dict(age=30, carer_premium=True), 11250 + 5325),
        (dict(age=70, over_pension_credit_age=True), 23260),
        (dict(age=30, dependent_children=2), 11250 + 2 * 10295),  # lone parent
        (dict(age=30, household=COUPLE), 8835),
        (dict(age=30, household=COUPLE, disability_premium=True), 8835 + 3540),
        (dict(age=70, household=COUPLE, over_pension_credit_age=True), 17755),
    ],
)
def test_minimum_income_guarantee_by_age_household_and_premiums(kw, mig):
    assert charge(at_home(**kw)).minimum_income_guarantee_pence == mig


def test_earnings_are_disregarded():
    base = at_home(age=30, income=(IncomeItem("employment_support_allowance", 20000),))
    working = at_home(
        age=30,
        income=(IncomeItem("employment_support_allowance", 20000), IncomeItem("earnings", 40000)),
    )
    assert charge(working).weekly_charge_pence == charge(base).weekly_charge_pence
    assert "Earnings from work: £400.00 a week disregarded." in [
        s.says for s in charge(working).steps
    ]


def test_mobility_components_are_disregarded_and_war_pension_partly():
    result = charge(
        at_home(
            income=(
                IncomeItem("pip_mobility", 7705),
                IncomeItem("dla_mobility", 2920),
                IncomeItem("war_pension", 5000),
            )
        )
    )
    assert result.assessable_income_pence == 5000 - 1000


def test_standard_dre_allowance_when_no_items_and_a_disability_benefit_counts():
    version = council(standard_dre_pence=1500)
    aa = (IncomeItem("attendance_allowance", 11040), IncomeItem("state_pension", 23000))
    with_benefit = charge(at_home(over_pension_credit_age=True, income=aa), version)
    without = charge(at_home(over_pension_credit_age=True, income=aa[1:]), version)
    assert with_benefit.weekly_charge_pence == 34040 - 23260 - 1500
    assert without.weekly_charge_pence == 0  # £230 is below the £232.60 MIG
    itemised = charge(
        at_home(over_pension_credit_age=True, income=aa, dre=(Expense("Diet", 400),)), version
    )
    assert itemised.weekly_charge_pence == 34040 - 23260 - 400


def test_income_below_the_allowances_means_no_charge():
    result = charge(at_home(age=30, income=(IncomeItem("universal_credit", 9000),)))
    assert result.weekly_charge_pence == 0
    assert result.council_pays_pence == 30000


# --- what must be free -----------------------------------------------------------------------


def test_reablement_is_free_in_week_6_and_charged_in_week_7():
    income = (IncomeItem("state_pension", 40000),)
    started = WEEK - timedelta(weeks=5)  # the week charged is week 6
    week6 = charge(at_home(service=REABLEMENT, service_started=started, income=income))
    assert week6.weekly_charge_pence == 0
    assert week6.free_reason and "week 6" in week6.free_reason
    started = WEEK - timedelta(weeks=6)  # week 7
    week7 = charge(at_home(service=REABLEMENT, service_started=started, income=income))
    assert week7.free_reason is None
    assert week7.weekly_charge_pence == 40000 - 11250
    assert "week 7" in week7.steps[0].says


@pytest.mark.parametrize("service", [S117, EQUIPMENT, ASSESSMENT, ADVICE, CARER_SUPPORT])
def test_free_services(service):
    rich = at_home(service=service, capital=(savings(500000),))
    result = charge(rich)
    assert result.weekly_charge_pence == 0
    assert result.council_pays_pence == rich.cost_of_care_pence
    assert result.free_reason
    assert not result.self_funder


def test_s117_aftercare_cites_the_mental_health_act():
    result = charge(at_home(service=S117))
    assert "Mental Health Act 1983 s117" in result.steps[0].cites


def test_minor_adaptation_up_to_1000_pounds_is_free():
    income = (IncomeItem("state_pension", 40000),)
    free = charge(at_home(service=ADAPTATION, item_cost_pence=100000, income=income))
    assert free.weekly_charge_pence == 0 and free.free_reason
    dearer = charge(at_home(service=ADAPTATION, item_cost_pence=100001, income=income))
    assert dearer.free_reason is None
    assert dearer.weekly_charge_pence == 40000 - 11250


def test_a_council_that_charges_carers():
    carer = at_home(service=CARER_SUPPORT, age=40, income=(IncomeItem("earnings", 0),))
    assert charge(carer).free_reason
    charged = charge(carer, council(carer_support=False))
    assert charged.free_reason is None


def test_cjd_is_free():
    result = charge(at_home(has_cjd=True, capital=(savings(100000),)))
    assert result.weekly_charge_pence == 0 and "Creutzfeldt-Jakob" in result.free_reason


# --- light-touch -----------------------------------------------------------------------------


def test_light_touch_when_the_person_agrees_to_pay_the_full_cost():
    result = charge(at_home(agrees_to_pay_full_cost=True))
    assert result.light_touch and result.self_funder
    assert result.weekly_charge_pence == 30000
    assert "Light-touch" in result.steps[0].says and "reg 10" in result.steps[0].cites


def test_light_touch_when_capital_is_clearly_above_the_limit():
    result = charge(in_home(capital_clearly_above_limit=True))
    assert result.light_touch and result.self_funder
    assert result.weekly_charge_pence == 90000


def test_light_touch_for_a_low_cost_service_only_when_affordable():
    version = council(low_cost_service_max_pence=2000)
    affordable = charge(
        at_home(cost_of_care_pence=1500, age=30, income=(IncomeItem("other", 20000),)), version
    )
    assert affordable.light_touch and affordable.weekly_charge_pence == 1500
    not_affordable = charge(
        at_home(cost_of_care_pence=1500, age=30, income=(IncomeItem("other", 11300),)), version
    )
    assert not not_affordable.light_touch and not_affordable.weekly_charge_pence == 50


# --- council options -------------------------------------------------------------------------


def test_council_higher_capital_limits_for_care_other_than_permanent_residential():
    version = council(other_care_capital={"upper_pence": 3000000, "lower_pence": 2000000})
    person = at_home(capital=(savings(25000),))
    assert charge(person).self_funder  # national limits
    local = charge(person, version)
    assert not local.self_funder
    assert local.tariff_income_pence == 2000  # £5,000 above £20,000
    # A permanent care home resident keeps the national limits.
    assert charge(in_home(capital=(savings(25000),)), version).self_funder


def test_council_maximum_weekly_charge():
    version = council(maximum_weekly_charge_pence=10000)
    person = at_home(age=30, income=(IncomeItem("other", 50000),))
    assert charge(person).weekly_charge_pence == 30000
    capped = charge(person, version)
    assert capped.weekly_charge_pence == 10000
    assert any("maximum weekly charge" in step.says for step in capped.steps)


def test_council_charge_percentage_and_mig_uplift():
    person = at_home(age=30, income=(IncomeItem("other", 21250),))  # £100 above MIG
    assert charge(person, council(charge_percent=90)).weekly_charge_pence == 9000
    uplifted = charge(person, council(mig_uplift_percent=10, mig_uplift_pence=100))
    assert uplifted.minimum_income_guarantee_pence == 11250 + 1125 + 100
    assert uplifted.weekly_charge_pence == 10000 - 1225


def test_couple_assessed_jointly_when_better():
    person = at_home(
        age=30,
        household=COUPLE,
        income=(IncomeItem("other", 30000),),
        partner=Partner(income=(IncomeItem("other", 2000),)),
    )
    own = charge(person)
    assert not own.jointly_assessed
    assert own.weekly_charge_pence == 30000 - 8835
    joint = charge(person, council(couples_jointly_when_better=True))
    assert joint.jointly_assessed
    assert joint.weekly_charge_pence == 32000 - 2 * 8835
    # When the joint assessment would cost more, the person's own is used.
    richer_partner = at_home(
        age=30,
        household=COUPLE,
        income=(IncomeItem("other", 30000),),
        partner=Partner(income=(IncomeItem("other", 90000),)),
    )
    result = charge(richer_partner, council(couples_jointly_when_better=True))
    assert not result.jointly_assessed
    assert result.weekly_charge_pence == own.weekly_charge_pence


# --- rule versions ---------------------------------------------------------------------------


def test_the_2026_figures_apply_from_6_april_2026():
    new = BOOK.in_force("charging", date(2026, 4, 6))
    old = BOOK.in_force("charging", date(2026, 4, 5))
    assert new.effective_from == date(2026, 4, 6) and old.effective_from == date(2025, 4, 7)
    young = at_home(on=date(2026, 4, 6), age=20)
    assert charge(young, new).minimum_income_guarantee_pence == 9540
    assert charge(young, new).rule_version == new.id


def test_compiled_once_per_version_and_rule_errors_are_named():
    assert compile_rules(NATIONAL) is compile_rules(NATIONAL)
    with pytest.raises(RuleDataError, match="charge_percent"):
        compile_rules(council(charge_percent=150))
    with pytest.raises(RuleDataError, match="other_care_capital"):
        compile_rules(council(other_care_capital={"upper_pence": 100, "lower_pence": None}))
    with pytest.raises(RuleDataError, match="expected charging rules"):
        compile_rules(BOOK.in_force("ras", WEEK))


def test_steps_are_written_once_and_serialise():
    result = charge(at_home(capital=(savings(15750),), income=(IncomeItem("other", 20000),)))
    assert result.steps is result.steps
    data = result.as_dict()
    assert data["weekly_charge_pence"] == result.weekly_charge_pence
    assert data["steps"][0] == {
        "says": "Savings: £15,750.00 counted.",
        "pence": 1575000,
        "cites": "Charging Regulations reg 18",
    }
    assert "trace" not in data
    for step in result.steps:
        assert step.says and step.cites


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: at_home(setting="hospital"), "setting"),
        (lambda: at_home(cost_of_care_pence=-1), "cost_of_care_pence"),
        (lambda: at_home(cost_of_care_pence=100.5), "cost_of_care_pence"),
        (lambda: at_home(age=17), "age"),
        (lambda: at_home(household="triple"), "household"),
        (lambda: at_home(capital=[savings(1)]), "capital"),
        (lambda: at_home(service=REABLEMENT), "service_started"),
        (lambda: at_home(service=ADAPTATION), "item_cost_pence"),
        (lambda: at_home(partner=Partner()), "partner"),
        (lambda: at_home(dre=(Expense("Taxi", -5),)), "dre[Taxi].weekly_pence"),
        (lambda: CapitalItem("savings", -1), "capital[savings].value_pence"),
        (lambda: CapitalItem("savings", 1, share=Fraction(3, 2)), "capital[savings].share"),
        (lambda: CapitalItem("savings", 1, owners=0), "capital[savings].owners"),
        (lambda: IncomeItem("state_pension", True), "income[state_pension].weekly_pence"),
        (lambda: HousingCosts(rent_pence=-1), "housing.rent_pence"),
    ],
)
def test_bad_inputs_name_the_field(make, field):
    with pytest.raises(ChargingInputError) as raised:
        make()
    assert raised.value.field == field
    assert isinstance(raised.value, ValueError)
    assert str(raised.value).startswith(f"{field}: ")


def test_unknown_kinds_are_refused_with_the_valid_ones():
    with pytest.raises(ChargingInputError, match="'lottery' is not a kind of income"):
        charge(at_home(income=(IncomeItem("lottery", 100),)))
    with pytest.raises(ChargingInputError, match="'yacht' is not a kind of capital"):
        charge(at_home(capital=(CapitalItem("yacht", 100),)))


# --- properties ------------------------------------------------------------------------------

COUNTED_INCOME = ("state_pension", "private_pension", "attendance_allowance", "other")
ANY_INCOME = (*COUNTED_INCOME, "earnings", "pip_mobility", "war_pension")

money = st.integers(min_value=0, max_value=60000)
people = st.fixed_dictionaries(
    {
        "age": st.integers(min_value=18, max_value=100),
        "over_pension_credit_age": st.booleans(),
        "household": st.sampled_from(("single", "couple")),
        "dependent_children": st.integers(min_value=0, max_value=3),
        "disability_premium": st.booleans(),
        "enhanced_disability_premium": st.booleans(),
        "carer_premium": st.booleans(),
        "cost_of_care_pence": st.integers(min_value=0, max_value=200000),
        "capital": st.lists(
            st.builds(
                CapitalItem,
                st.sampled_from(("savings", "investments", "property", "main_home")),
                st.integers(min_value=0, max_value=3000000),
                owners=st.integers(min_value=1, max_value=3),
            ),
            max_size=3,
        ).map(tuple),
        "income": st.lists(
            st.builds(IncomeItem, st.sampled_from(ANY_INCOME), money), max_size=4
        ).map(tuple),
        "dre": st.lists(
            st.builds(Expense, st.just("cost"), st.integers(min_value=0, max_value=5000)),
            max_size=2,
        ).map(tuple),
        "housing": st.builds(HousingCosts, money, money, money),
    }
)
versions = st.sampled_from(
    [
        NATIONAL,
        council(maximum_weekly_charge_pence=15000, charge_percent=80, standard_dre_pence=1000),
        council(other_care_capital={"upper_pence": 4000000, "lower_pence": 2000000}),
    ]
)
JOINT = council(couples_jointly_when_better=True)
property_settings = hsettings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _person(fields, setting=NON_RESIDENTIAL, **extra) -> Assessment:
    return Assessment(
        on=WEEK, setting=setting, permanent_stay_started=date(2024, 1, 1), **fields, **extra
    )


@property_settings
@given(people, versions, st.sampled_from((NON_RESIDENTIAL, RESIDENTIAL)))
def test_charge_is_never_negative_nor_above_the_cost(fields, version, setting):
    result = charge(_person(fields, setting), version)
    assert 0 <= result.weekly_charge_pence <= result.cost_of_care_pence
    assert result.council_pays_pence == result.cost_of_care_pence - result.weekly_charge_pence
    assert all(type(getattr(result, f)) is int for f in ("weekly_charge_pence", "capital_pence"))


settings_ = st.sampled_from((NON_RESIDENTIAL, RESIDENTIAL))


@property_settings
@given(people, versions, settings_, st.integers(min_value=1, max_value=2000000))
def test_more_capital_never_lowers_the_charge(fields, version, setting, extra):
    before = charge(_person(fields, setting), version)
    more = dict(fields, capital=(*fields["capital"], CapitalItem("savings", extra)))
    after = charge(_person(more, setting), version)
    assert after.weekly_charge_pence >= before.weekly_charge_pence


@property_settings
@given(people, versions, settings_, st.sampled_from(COUNTED_INCOME), st.integers(1, 50000))
def test_more_counted_income_never_lowers_the_charge(fields, version, setting, kind, extra):
    before = charge(_person(fields, setting), version)
    more = dict(fields, income=(*fields["income"], IncomeItem(kind, extra)))
    after = charge(_person(more, setting), version)
    assert after.weekly_charge_pence >= before.weekly_charge_pence


@property_settings
@given(people, people)
def test_assessing_a_couple_jointly_never_raises_the_charge(fields, partner_fields):
    partner = Partner(
        over_pension_credit_age=partner_fields["over_pension_credit_age"],
        disability_premium=partner_fields["disability_premium"],
        capital=tuple(c for c in partner_fields["capital"] if c.kind != "main_home"),
        income=partner_fields["income"],
        dre=partner_fields["dre"],
    )
    couple = _person(dict(fields, household=COUPLE), partner=partner)
    own = charge(couple)
    joint = charge(couple, JOINT)
    assert joint.weekly_charge_pence <= own.weekly_charge_pence
    assert joint.jointly_assessed == (joint.weekly_charge_pence < own.weekly_charge_pence)


@property_settings
@given(people, versions)
def test_care_at_home_never_takes_income_below_mig_dre_and_housing(fields, version):
    result = charge(_person(fields), version)
    if result.self_funder or result.weekly_charge_pence == 0:
        return
    dre = sum(e.weekly_pence for e in fields["dre"])
    if not dre and any(
        i.kind == "attendance_allowance" and i.weekly_pence for i in fields["income"]
    ):
        dre = compile_rules(version).standard_dre_pence
    protected = result.minimum_income_guarantee_pence + dre + fields["housing"].total_pence
    assert result.assessable_income_pence - result.weekly_charge_pence >= protected


@property_settings
@given(people)
def test_the_explanation_ends_with_the_charge(fields):
    result = charge(_person(fields))
    assert result.steps
    if not result.self_funder:
        last = [s for s in result.steps if s.says.startswith("Your charge:")]
        assert last and last[-1].pence == result.weekly_charge_pence
