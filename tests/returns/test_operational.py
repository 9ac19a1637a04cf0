"""Operational measures (``openasc.returns.operational``) from hand-built CLD events where
every numerator, denominator and list of people is known; properties over random events;
and every registered metric over a small Demoshire's snapshot."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openasc.returns import snapshot
from openasc.returns.metrics import BREAKDOWNS, TOTAL, Window, all_metrics, get

from .measures_cases import Events

JUNE = Window(date(2025, 6, 1), date(2025, 6, 30))
SPRING = Window(date(2025, 4, 1), date(2025, 6, 30))
OPERATIONAL = [
    "first-contact-resolution", "requests", "waiting-for-assessment",
    "days-waiting-for-assessment", "waiting-for-service", "days-waiting-for-service",
    "time-request-to-assessment", "time-assessment-to-service",
    "reablement-no-long-term-support-91-days", "personal-budget-take-up",
    "direct-payment-take-up", "reviews-overdue", "new-long-term-support",
]  # fmt: skip


def total(code: str, e: Events, window: Window):
    (figure,) = get(code).figures(e.con, window)
    assert figure.group == TOTAL
    return figure


def people(code: str, e: Events, window: Window, breakdown=None, group=TOTAL):
    return get(code).people(e.con, window, breakdown, group)


def test_every_operational_metric_is_registered_with_all_breakdowns():
    codes = {m.code: m for m in all_metrics()}
    for code in OPERATIONAL:
        m = codes[code]
        assert m.breakdowns == tuple(BREAKDOWNS) and m.people and not m.yearly
        assert m.meaning and m.shortfalls and m.group == "Operational"


def test_first_contact_resolution_counts_requests_completed_in_the_window():
    e = Events()
    done = dict(event_start="2025-06-01", event_end="2025-06-02")
    # Signposted, submitted twice (two versions): one request, resolved.
    for version in (1, 2):
        e.request("nhs:a", event_outcome="nfa_information", version_rank=version, **done)
    e.request("nhs:b", event_outcome="progress_assessment", **done)
    e.request("nhs:c", event_outcome="continuation", **done)
    e.request("nhs:d", event_outcome="nfa_deceased", **done)  # left out
    e.request("nhs:e", event_outcome="nfa_other_la_service", event_start="2025-05-20",
              event_end="2025-06-30")  # fmt: skip
    e.request("nhs:f", event_outcome="nfa_information", event_start="2025-06-20",
              event_end="2025-07-01")  # completed after June: not counted  # fmt: skip
    e.request("nhs:g", event_start="2025-06-25")  # still open
    f = total("first-contact-resolution", e, JUNE)
    assert (f.numerator, f.denominator, f.value) == (2, 4, 50.0)
    assert people("first-contact-resolution", e, JUNE) == ["nhs:a", "nhs:e"]
    # Requests started in June: a (one, whatever its versions), b, c, d, f, g.
    r = total("requests", e, JUNE)
    assert r.value == 6
    assert people("requests", e, JUNE) == ["nhs:a", "nhs:b", "nhs:c", "nhs:d", "nhs:f", "nhs:g"]


def waiting_for_assessment() -> Events:
    e = Events()
    asked = dict(event_outcome="progress_assessment")
    # 40 days at 30 June; 121 days (assessed only in July); seen in June after 70 days.
    e.request("nhs:p1", event_start="2025-05-21", event_end="2025-05-22", **asked)
    e.request("nhs:p3", event_start="2025-03-01", event_end="2025-03-02", **asked)
    e.add("nhs:p3", event_type="assessment", assessment_type="long_term_first",
          event_start="2025-07-05", event_end="2025-07-20")  # fmt: skip
    e.request("nhs:p2", event_start="2025-04-01", event_end="2025-04-02", **asked)
    e.add("nhs:p2", event_type="assessment", assessment_type="long_term_first",
          event_start="2025-06-10", event_end="2025-06-30")  # fmt: skip
    # Died while waiting; signposted; not yet decided by 30 June; only a financial
    # assessment since the request (still waiting, 20 days).
    e.request("nhs:p4", event_start="2025-06-01", event_end="2025-06-02",
              date_of_death="2025-06-15", **asked)  # fmt: skip
    e.request("nhs:p5", event_start="2025-06-01", event_end="2025-06-02",
              event_outcome="nfa_information")  # fmt: skip
    e.request("nhs:p6", event_start="2025-06-20", event_end="2025-07-02", **asked)
    e.request("nhs:p7", event_start="2025-06-10", event_end="2025-06-11", **asked)
    e.add("nhs:p7", event_type="assessment", assessment_type="financial",
          event_start="2025-06-12", event_end="2025-06-12")  # fmt: skip
    return e


def test_waiting_for_assessment_at_the_window_end_oldest_first():
    e = waiting_for_assessment()
    assert total("waiting-for-assessment", e, JUNE).value == 3
    assert people("waiting-for-assessment", e, JUNE) == ["nhs:p3", "nhs:p1", "nhs:p7"]
    days = total("days-waiting-for-assessment", e, JUNE)
    assert (days.value, days.denominator) == (40.0, 3)  # 20, 40, 121
    assert "90th percentile: 104.8 days (of 3)" in days.note
    assert people("days-waiting-for-assessment", e, JUNE) == ["nhs:p3", "nhs:p1", "nhs:p7"]
    # At the end of May nhs:p2 was still waiting (since 1 April), nhs:p3 since 1 March.
    may = Window(date(2025, 5, 1), date(2025, 5, 31))
    assert people("waiting-for-assessment", e, may) == ["nhs:p3", "nhs:p2", "nhs:p1"]


def test_time_from_request_to_assessment_for_assessments_started_in_the_window():
    e = waiting_for_assessment()
    f = total("time-request-to-assessment", e, JUNE)
    assert (f.value, f.denominator) == (70.0, 1)
    assert people("time-request-to-assessment", e, JUNE) == ["nhs:p2"]
    july = Window(date(2025, 7, 1), date(2025, 7, 31))
    assert total("time-request-to-assessment", e, july).value == 126.0  # 1 March - 5 July


def waiting_for_service() -> Events:
    e = Events()
    a = dict(event_type="assessment", assessment_type="long_term_first")
    # Assessed from 1 May; a package of two services from 15 June: one wait of 45 days.
    e.add("nhs:s1", event_start="2025-05-01", event_end="2025-05-20",
          event_outcome="progress_services", **a)  # fmt: skip
    e.service("nhs:s1", event_start="2025-06-15", service_component="home_care")
    e.service("nhs:s1", event_start="2025-06-15", service_component="equipment")
    # Assessed from 1 April, nothing started: waiting 90 days at 30 June.
    e.add("nhs:s2", event_start="2025-04-01", event_end="2025-04-30",
          event_outcome="progress_services", **a)  # fmt: skip
    # Declined: not waiting.
    e.add("nhs:s3", event_start="2025-04-01", event_end="2025-04-30",
          event_outcome="nfa_declined", **a)  # fmt: skip
    # A review passing to new services; the old package started before it: waiting 29 days.
    e.service("nhs:s4", event_start="2024-01-01")
    e.add("nhs:s4", event_type="review", review_reason="unplanned", event_start="2025-06-01",
          event_end="2025-06-02", event_outcome="progress_services")  # fmt: skip
    return e


def test_waiting_for_service_and_time_from_assessment_to_service():
    e = waiting_for_service()
    assert total("waiting-for-service", e, JUNE).value == 2
    assert people("waiting-for-service", e, JUNE) == ["nhs:s2", "nhs:s4"]
    days = total("days-waiting-for-service", e, JUNE)
    assert (days.value, days.denominator) == (59.5, 2)  # 90 and 29
    f = total("time-assessment-to-service", e, JUNE)
    assert (f.value, f.denominator) == (45.0, 1)
    assert people("time-assessment-to-service", e, JUNE) == ["nhs:s1"]
    # At the end of May nhs:s1 was still waiting too.
    may = Window(date(2025, 5, 1), date(2025, 5, 31))
    assert people("waiting-for-service", e, may) == ["nhs:s2", "nhs:s1"]


def test_reablement_long_term_support_on_day_60_counts_against_day_120_does_not():
    e = Events()
    stmax = dict(stype="sts_st_max", event_outcome="nfa_ended_planned")
    e.service("nhs:r1", event_start="2025-04-01", event_end="2025-05-01", **stmax)
    e.service("nhs:r1", event_start="2025-06-30")  # long-term support on day 60
    e.service("nhs:r2", event_start="2025-04-10", event_end="2025-05-10", **stmax)
    e.service("nhs:r2", event_start="2025-09-07")  # on day 120
    # Two ST-Max services 5 days apart: one episode, ending 15 April; nothing after.
    e.service("nhs:r3", event_start="2025-03-01", event_end="2025-03-20", **stmax)
    e.service("nhs:r3", event_start="2025-03-25", event_end="2025-04-15", **stmax)
    # Died within the 91 days: left out. Already in long-term support: needs it.
    e.service("nhs:r4", event_start="2025-04-01", event_end="2025-05-05",
              date_of_death="2025-06-01", **stmax)  # fmt: skip
    e.service("nhs:r5", event_start="2024-01-01")
    e.service("nhs:r5", event_start="2025-05-01", event_end="2025-05-20", **stmax)
    # Ends 1 February 2026; the latest data is 1 March 2026: too soon to judge.
    e.service("nhs:r6", event_start="2026-01-05", event_end="2026-02-01", **stmax)
    e.request("nhs:z", event_start="2026-03-01", event_end="2026-03-01")
    f = total("reablement-no-long-term-support-91-days", e, SPRING)
    assert (f.numerator, f.denominator, f.value) == (2, 4, 50.0)
    assert people("reablement-no-long-term-support-91-days", e, SPRING) == ["nhs:r3", "nhs:r2"]
    winter = Window(date(2026, 1, 1), date(2026, 3, 31))
    f = total("reablement-no-long-term-support-91-days", e, winter)
    assert f.value is None and f.denominator == 0
    assert "1 reablement episodes ending within 91 days of the latest data (2026-03-01)" in f.note


def test_personal_budget_and_direct_payment_take_up_in_community_support():
    e = Events()
    e.service("nhs:t1", event_start="2024-01-01", delivery_mechanism="direct_payment")
    e.service("nhs:t2", event_start="2024-01-01", delivery_mechanism="managed_pb")
    e.service("nhs:t3", event_start="2024-01-01", delivery_mechanism="commissioned")
    e.service("nhs:t4", event_start="2024-01-01", delivery_mechanism="direct_payment")
    e.service("nhs:t4", "lts_residential", event_start="2025-02-01")  # residential: out
    e.service("nhs:t5", event_start="2024-01-01", event_end="2025-06-01",
              delivery_mechanism="direct_payment")  # ended before 30 June  # fmt: skip
    pb = total("personal-budget-take-up", e, JUNE)
    dp = total("direct-payment-take-up", e, JUNE)
    assert (pb.numerator, pb.denominator, pb.value) == (2, 3, 66.7)
    assert (dp.numerator, dp.denominator, dp.value) == (1, 3, 33.3)
    assert people("personal-budget-take-up", e, JUNE) == ["nhs:t1", "nhs:t2"]
    assert people("direct-payment-take-up", e, JUNE) == ["nhs:t1"]


def test_reviews_overdue_after_12_months_oldest_first():
    e = Events()
    review = dict(event_type="review", review_reason="planned", event_outcome="continuation")
    e.service("nhs:v1", event_start="2023-01-01")
    e.add("nhs:v1", event_start="2024-05-20", event_end="2024-05-30", **review)  # 13 months
    e.service("nhs:v2", event_start="2023-01-01")
    e.add("nhs:v2", event_start="2025-01-05", event_end="2025-01-10", **review)
    e.service("nhs:v3", event_start="2024-12-01")  # less than 12 months in support
    e.service("nhs:v4", event_start="2022-01-01")  # never reviewed
    # A change of package three days apart is no break: in support since 2023.
    e.service("nhs:v5", event_start="2023-01-01", event_end="2024-12-31")
    e.service("nhs:v5", event_start="2025-01-03")
    # Only a review of short-term support; a reassessment counts as a review.
    e.service("nhs:v6", event_start="2023-02-01")
    e.add("nhs:v6", event_start="2025-03-01", event_end="2025-03-02",
          **{**review, "review_reason": "short_term"})  # fmt: skip
    e.service("nhs:v7", event_start="2023-02-01")
    e.add("nhs:v7", event_type="assessment", assessment_type="long_term_review",
          event_start="2025-03-01", event_end="2025-03-20")  # fmt: skip
    assert total("reviews-overdue", e, JUNE).value == 4
    assert people("reviews-overdue", e, JUNE) == ["nhs:v4", "nhs:v5", "nhs:v6", "nhs:v1"]


def test_new_long_term_support_is_a_new_spell_not_a_change_of_package():
    e = Events()
    e.service("nhs:n1", event_start="2025-06-10")
    e.service("nhs:n2", event_start="2024-01-01", event_end="2025-06-05")
    e.service("nhs:n2", event_start="2025-06-08")  # change of package
    e.service("nhs:n3", event_start="2024-01-01", event_end="2024-12-01")
    e.service("nhs:n3", "lts_residential", event_start="2025-06-20")  # back after a break
    e.service("nhs:n4", "sts_st_max", event_start="2025-06-20")  # short-term: not counted
    assert total("new-long-term-support", e, JUNE).value == 2
    assert people("new-long-term-support", e, JUNE) == ["nhs:n1", "nhs:n3"]


def test_breakdown_groups_and_drill_down_by_group():
    e = Events()
    asked = dict(event_outcome="progress_assessment", event_start="2025-06-01",
                 event_end="2025-06-02")  # fmt: skip
    e.request("nhs:1", date_of_birth="1990-01-01", gender="female", ethnicity="asian_indian",
              primary_support_reason="sensory_hearing", locality="DS1", **asked)  # fmt: skip
    e.request("nhs:2", date_of_birth="1950-07-01", gender="male", ethnicity="refused",
              primary_support_reason="mental_health", **asked)  # fmt: skip
    e.request("nhs:3", date_of_birth=None, **asked)
    e.request("nhs:4", date_of_birth="2010-01-01", **asked)  # under 18: out
    m = get("waiting-for-assessment")
    by = {b: {f.group: f.value for f in m.figures(e.con, JUNE, b)} for b in BREAKDOWNS}
    assert by["age_band"] == {TOTAL: 3, "18-64": 1, "65+": 1, "unknown": 1}
    assert by["sex"] == {TOTAL: 3, "male": 1, "female": 1, "other": 0, "unknown": 1}
    assert (by["ethnicity"]["asian"], by["ethnicity"]["no_data"]) == (1, 1)
    assert by["ethnicity"]["unknown"] == 1
    assert (by["primary_support_reason"]["sensory"], by["primary_support_reason"]["unknown"]) == (
        1,
        1,
    )  # noqa: E501
    assert by["locality"] == {TOTAL: 3, "DS1": 1, "unknown": 2}
    assert m.people(e.con, JUNE, "age_band", "65+") == ["nhs:2"]
    assert m.people(e.con, JUNE, "locality", "unknown") == ["nhs:2", "nhs:3"]
    with pytest.raises(ValueError, match="unknown breakdown"):
        m.figures(e.con, JUNE, "postcode")


def test_an_empty_window_gives_zeros_and_notes_and_a_reversed_one_is_refused():
    e = Events()
    for code in OPERATIONAL:
        m = get(code)
        for breakdown in (None, *BREAKDOWNS):
            figures = m.figures(e.con, JUNE, breakdown)
            assert figures[0].group == TOTAL and figures[0].note
            assert figures[0].value in (0, None)
        assert m.people(e.con, JUNE) == []
    with pytest.raises(ValueError, match="before it starts"):
        Window(date(2025, 6, 30), date(2025, 6, 1))


# Random events: a few people, each with some events of every kind in 2024-2026.
_day = st.dates(date(2024, 1, 1), date(2026, 3, 31))
_event = st.fixed_dictionaries({
    "person": st.sampled_from([f"nhs:{i}" for i in range(8)] + ["la:9"]),
    "event_type": st.sampled_from(["request", "assessment", "service", "review"]),
    "event_start": _day,
    "length": st.one_of(st.none(), st.integers(0, 400)),
    "event_outcome": st.sampled_from(
        [None, "nfa_information", "progress_assessment", "progress_services", "nfa_declined",
         "continuation"]),
    "service_type": st.sampled_from(["lts_community", "lts_residential", "sts_st_max"]),
    "delivery_mechanism": st.sampled_from([None, "direct_payment", "managed_pb", "commissioned"]),
    "gender": st.sampled_from([None, "male", "female"]),
    "ethnicity": st.sampled_from([None, "white_british", "black_african", "undeclared"]),
    "primary_support_reason": st.sampled_from([None, "learning_disability", "sensory_dual"]),
    "locality": st.sampled_from([None, "DS1", "DS2"]),
    "date_of_birth": st.sampled_from([None, date(1940, 5, 5), date(1970, 1, 1), date(2008, 6, 1)]),
})  # fmt: skip


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_event, max_size=40), _day, st.integers(0, 400), st.sampled_from(list(BREAKDOWNS)))
def test_groups_add_up_to_totals_and_rates_stay_within_0_to_100(events, start, days, breakdown):
    e = Events()
    for ev in events:
        ev = dict(ev)
        person, length = ev.pop("person"), ev.pop("length")
        if length is not None:
            ev["event_end"] = date.fromordinal(ev["event_start"].toordinal() + length)
        if ev["event_type"] == "request":
            ev["route_of_access"] = "community"
        e.add(person, **ev)
    window = Window(start, date.fromordinal(start.toordinal() + days))
    for code in OPERATIONAL:
        m = get(code)
        head, *groups = m.figures(e.con, window, breakdown)
        if m.unit == "%":
            assert sum(g.numerator for g in groups) == head.numerator
            assert sum(g.denominator for g in groups) == head.denominator
            for f in (head, *groups):
                assert f.value is None or 0 <= f.value <= 100
        elif m.unit == "days":
            assert sum(g.denominator for g in groups) == head.denominator
        else:
            assert sum(g.value for g in groups) == head.value
        # The people behind each group's number are the total's, each in one group.
        listed = [
            m.people(e.con, window, breakdown, g.group)
            for g in groups
            if g.numerator or g.denominator
        ]
        everyone = m.people(e.con, window)
        assert sorted(sum(listed, [])) == sorted(everyone)


@pytest.fixture(scope="module")
def demoshire(django_db_setup, django_db_blocker):
    from django.db import transaction

    from openasc.demo.generator import generate

    with django_db_blocker.unblock(), transaction.atomic():
        generate(1000, 2, 3, as_of=date(2025, 9, 30))
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_metric_runs_on_the_record_for_a_month_and_a_year(demoshire, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.RETURNS_SNAPSHOT_SECONDS = 0
    snapshot.refresh()
    con = snapshot.connect(max_age=3600)
    month = Window(date(2025, 8, 1), date(2025, 8, 31))
    year = Window.financial_year(2024)
    seen = {}
    for m in all_metrics():
        for window in (year,) if m.yearly else (month, year):
            for breakdown in (None, *m.breakdowns):
                figures = m.figures(con, window, breakdown)
                assert figures and figures[0].group == TOTAL
                if m.unit == "%":
                    assert all(f.value is None or 0 <= f.value <= 100 for f in figures)
            if m.people:
                m.people(con, window)
            seen[(m.code, window)] = figures[0].value
    # The record has requests, long-term support and waits to show.
    assert seen[("requests", month)] > 0
    assert seen[("personal-budget-take-up", year)] > 0
    assert seen[("first-contact-resolution", year)] > 0
