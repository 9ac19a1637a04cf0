"""Review schedules: the 6 to 8 week first review of a plan, then at most 12 months; direct
payments within 6 months of the first payment, then at most 12 months; unplanned reviews;
several reviews done together; month arithmetic at month ends."""

import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openasc.rules.reviews import (
    DIRECT_PAYMENT,
    DIRECT_PAYMENT_FIRST,
    PLAN,
    PLAN_FIRST,
    TRIGGERED,
    ReviewDue,
    UnknownTrigger,
    add_months,
    is_overdue,
    long_date,
    next_direct_payment_review,
    next_plan_review,
    review_due,
    triggered_review,
)
from openasc.rules.ruleset import RuleBook, RuleDataError

RULES = RuleBook().in_force("reviews", date(2025, 4, 1))
TRIGGERS = tuple(RULES.data["triggered"]["reasons"])
DP_REGS = "Care and Support (Direct Payments) Regulations 2014, reg 7"


# --- Care and support plans -----------------------------------------------------------------


def test_first_plan_review_is_six_to_eight_weeks_after_a_new_service():
    review = next_plan_review(RULES, started=date(2025, 1, 31))
    assert review.kind == PLAN_FIRST
    assert review.earliest == date(2025, 3, 14)
    assert review.due == date(2025, 3, 28)
    assert review.rule_version == RULES.id
    (step,) = review.steps
    assert "between 14 March 2025 and 28 March 2025" in step.says
    assert "6 to 8 weeks" in step.says and "31 January 2025" in step.says
    assert step.cites == "Care and Support Statutory Guidance, para 13.32"


def test_a_review_can_be_stored_as_json():
    stored = next_plan_review(RULES, started=date(2025, 1, 31)).as_dict()
    assert json.loads(json.dumps(stored))["due"] == "2025-03-28"
    assert stored["earliest"] == "2025-03-14" and stored["kind"] == PLAN_FIRST
    assert next_plan_review(RULES, date(2025, 1, 1), date(2025, 2, 1)).as_dict()["earliest"] is None


def test_after_a_review_the_next_is_due_within_twelve_months():
    review = next_plan_review(RULES, started=date(2025, 1, 31), last_review=date(2025, 3, 20))
    assert review.kind == PLAN
    assert review.due == date(2026, 3, 20)
    assert review.earliest is None
    assert "no more than 12 months after your last review on 20 March 2025" in review.steps[0].says
    assert review.steps[0].cites.startswith("Care Act 2014, s27(1)(a)")


def test_a_change_of_plan_restarts_the_six_to_eight_week_cycle():
    # reviewed in 2024, then the plan changed: the first review of the change is due
    review = next_plan_review(RULES, started=date(2025, 6, 2), last_review=date(2024, 11, 5))
    assert review.kind == PLAN_FIRST
    assert (review.earliest, review.due) == (date(2025, 7, 14), date(2025, 7, 28))


def test_a_change_agreed_at_a_review_restarts_the_cycle_too():
    review = next_plan_review(RULES, started=date(2025, 6, 2), last_review=date(2025, 6, 2))
    assert review.kind == PLAN_FIRST


def test_the_annual_review_of_a_29_february_review_falls_on_28_february():
    review = next_plan_review(RULES, date(2024, 1, 1), last_review=date(2024, 2, 29))
    assert review.due == date(2025, 2, 28)


# --- Direct payments ------------------------------------------------------------------------


def test_first_direct_payment_review_is_within_six_months_of_the_first_payment():
    review = next_direct_payment_review(RULES, first_payment=date(2025, 8, 31))
    assert review.kind == DIRECT_PAYMENT_FIRST
    assert review.due == date(2026, 2, 28)
    assert review.steps[0].cites == f"{DP_REGS}(1)(a)"
    assert "within 6 months of the first payment on 31 August 2025" in review.steps[0].says


def test_first_direct_payment_review_in_a_leap_year():
    assert next_direct_payment_review(RULES, date(2023, 8, 31)).due == date(2024, 2, 29)


def test_direct_payment_reviews_then_at_most_twelve_months_apart():
    review = next_direct_payment_review(RULES, date(2025, 1, 10), last_review=date(2025, 5, 1))
    assert review.kind == DIRECT_PAYMENT
    assert review.due == date(2026, 5, 1)


def test_a_review_before_the_first_payment_does_not_count():
    review = next_direct_payment_review(RULES, date(2025, 1, 10), last_review=date(2024, 12, 1))
    assert review.kind == DIRECT_PAYMENT_FIRST and review.due == date(2025, 7, 10)


# --- Unplanned reviews ----------------------------------------------------------------------


def test_a_safeguarding_concern_makes_a_review_urgent():
    review = triggered_review(RULES, "safeguarding_concern", raised_on=date(2025, 5, 1))
    assert review.kind == TRIGGERED and review.reason == "safeguarding_concern"
    assert review.due == date(2025, 5, 3)
    assert "as soon as reasonably practicable, and by 3 May 2025" in review.steps[0].says
    assert review.steps[0].cites == "Care Act 2014, s27(1)(a) and s42"


def test_changed_needs_need_a_review_within_a_fortnight():
    review = triggered_review(RULES, "needs_changed", raised_on=date(2025, 5, 1))
    assert review.due == date(2025, 5, 15)
    assert review.steps[0].cites == "Care Act 2014, s27(4)"


@pytest.mark.parametrize(
    "reason", ["direct_payment_misuse", "direct_payment_breach", "direct_payment_capacity"]
)
def test_direct_payment_concerns_cite_regulation_7(reason):
    review = triggered_review(RULES, reason, raised_on=date(2025, 5, 1))
    assert review.steps[0].cites.startswith(DP_REGS)


@pytest.mark.parametrize("reason", TRIGGERS)
def test_every_trigger_is_due_within_its_days(reason):
    days = RULES.data["triggered"]["reasons"][reason]["days"]
    review = triggered_review(RULES, reason, raised_on=date(2025, 12, 30))
    assert review.due == date(2025, 12, 30) + timedelta(days=days)
    assert review.steps[0].says.startswith("A review is needed because")
    assert review.rule_version == RULES.id


def test_an_unknown_trigger_is_refused_with_the_codes_to_use():
    with pytest.raises(UnknownTrigger, match="'fell_over' is not a reason") as e:
        triggered_review(RULES, "fell_over", raised_on=date(2025, 5, 1))
    assert isinstance(e.value, ValueError) and "hospital_admission" in str(e.value)


# --- Several reviews, overdue ---------------------------------------------------------------


def test_with_a_plan_and_a_direct_payment_the_earlier_review_applies():
    plan = next_plan_review(RULES, date(2025, 1, 6), last_review=date(2025, 2, 20))
    payment = next_direct_payment_review(RULES, date(2025, 4, 1))
    combined = review_due(RULES, plan, payment)
    assert combined.due == payment.due == date(2025, 10, 1)
    assert combined.kind == DIRECT_PAYMENT_FIRST
    assert combined.steps[:2] == plan.steps + payment.steps
    assert combined.steps[-1].says.endswith("the earliest date applies: 1 October 2025.")
    assert review_due(RULES, None, plan) == plan


def test_an_unplanned_review_brings_the_review_forward():
    plan = next_plan_review(RULES, date(2025, 1, 6), last_review=date(2025, 2, 20))
    urgent = triggered_review(RULES, "hospital_admission", date(2025, 6, 1))
    assert review_due(RULES, plan, urgent).due == date(2025, 6, 15)


def test_review_due_needs_a_review():
    with pytest.raises(ValueError, match="at least one review"):
        review_due(RULES, None)


def test_overdue_only_after_the_due_date():
    due = date(2025, 3, 28)
    assert not is_overdue(due, date(2025, 3, 27))
    assert not is_overdue(due, due)
    assert is_overdue(due, date(2025, 3, 29))
    review = next_plan_review(RULES, date(2025, 1, 31))
    assert is_overdue(review, date(2025, 3, 29)) and not is_overdue(review, date(2025, 3, 28))


# --- Dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 11, 15), 3, date(2026, 2, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2000, 2, 29), 12 * 4, date(2004, 2, 29)),
        (date(2100, 1, 31), 1, date(2100, 2, 28)),  # not a leap year
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
    ],
)
def test_add_months_keeps_the_day_or_the_months_last_day(day, months, expected):
    assert add_months(day, months) == expected


def test_long_dates_are_written_in_english():
    assert long_date(date(2025, 3, 3)) == "3 March 2025"


def test_other_rules_are_refused():
    with pytest.raises(RuleDataError, match="expected reviews rules"):
        next_plan_review(RuleBook().in_force("eligibility", date(2025, 4, 1)), date(2025, 1, 1))


def test_a_council_can_review_more_often(tmp_path):
    folder = tmp_path / "reviews"
    folder.mkdir()
    (folder / "2025-04-01.yaml").write_text("plan:\n  later:\n    months: 6\n")
    rules = RuleBook(tmp_path).in_force("reviews", date(2025, 6, 1))
    review = next_plan_review(rules, date(2025, 1, 1), last_review=date(2025, 3, 1))
    assert review.due == date(2025, 9, 1)
    assert "no more than 6 months" in review.steps[0].says
    assert review.rule_version == rules.id != RULES.id


def test_a_council_figure_must_be_a_whole_number(tmp_path):
    folder = tmp_path / "reviews"
    folder.mkdir()
    (folder / "2025-04-01.yaml").write_text("plan:\n  later:\n    months: twelve\n")
    rules = RuleBook(tmp_path).in_force("reviews", date(2025, 6, 1))
    with pytest.raises(RuleDataError, match="plan.later.months must be a whole number"):
        next_plan_review(rules, date(2025, 1, 1))


# --- Properties -----------------------------------------------------------------------------

days = st.dates(min_value=date(2015, 4, 1), max_value=date(2099, 12, 31))


@given(days, st.one_of(st.none(), days))
def test_plan_reviews_fall_after_the_start_and_within_the_maxima(started, last_review):
    review = next_plan_review(RULES, started, last_review)
    assert review.due > started
    if review.kind == PLAN_FIRST:
        assert started + timedelta(weeks=6) == review.earliest <= review.due
        assert review.due == started + timedelta(weeks=8)
    else:
        assert last_review is not None and last_review > started
        assert last_review < review.due <= add_months(last_review, 12)
        assert (review.due - last_review).days <= 366


@given(days, st.one_of(st.none(), days))
def test_direct_payment_reviews_fall_after_the_payment_and_within_the_maxima(first, last):
    review = next_direct_payment_review(RULES, first, last)
    assert review.due > first
    if review.kind == DIRECT_PAYMENT_FIRST:
        assert review.due <= add_months(first, 6)
        assert (review.due - first).days <= 184
    else:
        assert last is not None and last < review.due <= add_months(last, 12)


@given(days, st.sampled_from(TRIGGERS))
def test_unplanned_reviews_fall_after_they_are_raised(raised, reason):
    review = triggered_review(RULES, reason, raised)
    assert raised < review.due <= raised + timedelta(days=14)


@given(days, days)
def test_overdue_if_and_only_if_today_is_after_the_due_date(due, today):
    assert is_overdue(due, today) == (today > due)


@given(days, st.integers(min_value=-24, max_value=240))
def test_add_months_moves_by_whole_months(day, months):
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (later.day < day.day and (later + timedelta(days=1)).day == 1)


@given(days, days)
def test_the_earliest_review_applies(a, b):
    first, second = next_plan_review(RULES, a), next_direct_payment_review(RULES, b)
    assert review_due(RULES, first, second).due == min(first.due, second.due)
    assert isinstance(review_due(RULES, first, second), ReviewDue)
