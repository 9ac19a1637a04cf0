"""A small Demoshire (20,000 adults, 2 years): volumes, mixes, lifecycle rules, staff and
caseloads. Built once for the module and rolled back afterwards."""

import re
from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.db.models import Count, F, Q

from openasc.access.models import Allocation, AuditEntry, Team, User
from openasc.access.roles import Role
from openasc.demo.generator import generate
from openasc.demo.staff import DEMO_PASSWORD
from openasc.journey.lifecycle import OUTCOMES_BY_TYPE, next_event_type
from openasc.journey.models import Event
from openasc.people.identifiers import clean_nhs_number, clean_postcode
from openasc.people.models import Person, Relationship

ADULTS, YEARS, SEED = 20000, 2, 5
AS_OF = date(2025, 6, 30)
PROGRESS = ("progress_assessment", "progress_reablement", "progress_services")

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def council(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        counts = generate(ADULTS, YEARS, SEED, as_of=AS_OF)
        yield counts
        transaction.set_rollback(True)


def lts_open():
    return Event.objects.filter(
        event_type="service", status="open", service_type__startswith="lts_"
    )


# -- volumes and mixes ---------------------------------------------------------------------------


def test_counts_match_the_database(council):
    assert council["people"] == Person.objects.count()
    assert council["events"] == Event.objects.count()
    assert (
        council["requests"] + council["assessments"] + council["services"] + council["reviews"]
        == council["events"]
    )


def test_requests_are_about_four_percent_of_adults_a_year(council):
    per_year = Event.objects.filter(event_type="request").count() / YEARS
    assert 0.032 * ADULTS <= per_year <= 0.048 * ADULTS


def test_about_two_thirds_resolved_at_the_front_door(council):
    done = Event.objects.filter(event_type="request", status="completed")
    front_door = done.exclude(outcome__in=PROGRESS).count() / done.count()
    assert 0.58 <= front_door <= 0.75
    assert done.filter(outcome="nfa_information").count() > done.count() * 0.25


def test_about_two_percent_of_adults_in_long_term_support(council):
    people = lts_open().values("person").distinct().count()
    assert 0.014 * ADULTS <= people <= 0.025 * ADULTS
    assert council["long_term_now"] == people


def test_setting_and_delivery_mechanism_mix(council):
    # Counted by person: a community package has one row per component.
    people = {
        stype: set(lts_open().filter(service_type=stype).values_list("person", flat=True))
        for stype in ("lts_community", "lts_residential", "lts_nursing")
    }
    sizes = {stype: len(ids) for stype, ids in people.items()}
    assert sizes["lts_community"] > sizes["lts_residential"] > sizes["lts_nursing"] > 0
    community = lts_open().filter(service_type="lts_community")
    by_mechanism = {
        mech: set(community.filter(delivery_mechanism=mech).values_list("person", flat=True))
        for mech in ("direct_payment", "managed_pb", "commissioned")
    }
    dp = len(by_mechanism["direct_payment"]) / sizes["lts_community"]
    assert 0.15 <= dp <= 0.35
    assert by_mechanism["managed_pb"] and by_mechanism["commissioned"]


def test_community_packages_have_one_to_three_components(council):
    rows = lts_open().values_list("person", "service_type", "service_component")
    per_person: dict[int, list[str]] = {}
    for person, stype, component in rows:
        per_person.setdefault(person, []).append((stype, component))
    sizes = Counter()
    for comps in per_person.values():
        if any(stype != "lts_community" for stype, _ in comps):
            assert comps in ([("lts_residential", "care_home")], [("lts_nursing", "care_home")])
            continue
        assert len(comps) == len(set(comps)), comps  # each component once
        sizes[len(comps)] += 1
    assert set(sizes) == {1, 2, 3}
    assert 1.5 <= sum(n * k for n, k in sizes.items()) / sum(sizes.values()) <= 2.5
    extras = Counter(lts_open().values_list("service_component", flat=True))
    assert extras["telecare"] and extras["day_care"] and extras["personal_assistant"]


def test_primary_support_reason_mix(council):
    people = Person.objects.filter(events__in=lts_open()).distinct()
    psr = Counter(reason for _, reason in people.values_list("id", "primary_support_reason"))
    physical = psr["physical_personal_care"] + psr["physical_access"]
    social = sum(v for k, v in psr.items() if k.startswith("social_"))
    assert physical > max(psr["learning_disability"], psr["mental_health"], psr["memory_cognition"])
    for big in ("learning_disability", "mental_health", "memory_cognition"):
        assert psr[big] > psr["sensory"]
    assert psr["sensory"] > 0 and social > 0


def test_hospital_discharge_is_about_a_third_of_older_adults_requests(council):
    rows = Event.objects.filter(event_type="request", client_type="service_user").values_list(
        "start_date", "person__date_of_birth", "route_of_access"
    )
    older = [route for start, dob, route in rows if (start - dob).days >= 65 * 365.25]
    share = older.count("discharge_hospital") / len(older)
    assert 0.28 <= share <= 0.42


def test_users_of_care_are_older_and_adult(council):
    first = Event.objects.values("person").annotate(first=models_min("start_date"))
    dob = dict(Person.objects.values_list("id", "date_of_birth"))
    ages = [(row["first"] - dob[row["person"]]).days / 365.25 for row in first]
    assert min(ages) >= 18
    assert sum(a >= 65 for a in ages) / len(ages) > 0.5


def models_min(field):
    from django.db.models import Min

    return Min(field)


def test_unit_costs_are_realistic(council):
    # Today's prices are in the ranges; older rows are lower by the April uplifts since.
    services = Event.objects.filter(event_type="service")
    home_care = services.filter(service_component="home_care")
    assert home_care.exists()
    now = home_care.filter(status="open").values_list("unit_cost_pence", flat=True)
    assert now and all(2000 <= c <= 2500 for c in now)
    assert all(1000 <= c <= 2500 for c in home_care.values_list("unit_cost_pence", flat=True))
    assert set(home_care.values_list("cost_frequency", flat=True)) == {"hourly"}
    for stype, lo, hi in (("lts_residential", 70000, 100000), ("lts_nursing", 90000, 120000)):
        rows = services.filter(service_type=stype)
        now = rows.filter(status="open").values_list("unit_cost_pence", flat=True)
        assert now and all(lo <= c <= hi for c in now)
        assert all(lo // 2 <= c <= hi for c in rows.values_list("unit_cost_pence", flat=True))
    lts = services.filter(service_type__startswith="lts_")
    assert not lts.filter(Q(unit_cost_pence__isnull=True) | Q(planned_units_per_week__isnull=True))


def _april_first_after(day: date) -> date:
    april = date(day.year, 4, 1)
    return april if april > day else date(day.year + 1, 4, 1)


def test_long_term_rows_never_span_a_first_of_april(council):
    rows = Event.objects.filter(event_type="service", service_type__startswith="lts_")
    for start, end in rows.values_list("start_date", "end_date"):
        assert (end or AS_OF) < _april_first_after(start), (start, end)


def test_changes_end_a_row_and_continue_in_the_next(council):
    """April uplifts, changes of planned units and of provider: the old row ends as a
    continuation the day before the new one, which links to it and keeps the component."""
    pairs = Event.objects.filter(
        event_type="service", previous__outcome="continuation", previous__event_type="service"
    ).values_list(
        "start_date", "previous__end_date", "service_component", "previous__service_component",
        "service_type", "previous__service_type", "unit_cost_pence", "previous__unit_cost_pence",
        "planned_units_per_week", "previous__planned_units_per_week", "provider_name",
        "previous__provider_name",
    )  # fmt: skip
    uplifts, changes = [], Counter()
    for row in pairs:
        start, prev_end, comp, prev_comp, stype, prev_stype = row[:6]
        cost, prev_cost, units, prev_units, provider, prev_provider = row[6:]
        assert start == prev_end + timedelta(days=1)
        assert (comp, stype) == (prev_comp, prev_stype)
        if start.month == 4 and start.day == 1:
            uplifts.append((prev_cost, cost))
        elif provider != prev_provider:
            changes["provider"] += 1  # at the new provider's price
        else:
            assert units != prev_units and cost == prev_cost
            changes["units"] += 1
    assert len(uplifts) > 1000
    # The uplift is 3-6%; a cost of a few pounds (telecare) moves in whole pence.
    assert all(1.03 * old - 1 <= new <= 1.06 * old + 1 for old, new in uplifts)
    assert changes["units"] > 100 and changes["provider"] > 20


def test_providers_have_cqc_location_ids(council):
    ids = set(Event.objects.exclude(cqc_location_id="").values_list("cqc_location_id", flat=True))
    assert len(ids) > 10
    assert all(re.fullmatch(r"1-\d{9,10}", i) for i in ids)
    named = Event.objects.exclude(provider_name="")
    assert not named.filter(cqc_location_id="").exists()


def test_carers_have_records_relationships_and_journeys(council):
    rels = Relationship.objects.filter(kind="carer")
    assert rels.count() > 20
    carer_ids = set(rels.values_list("from_person", flat=True))
    carer_events = Event.objects.filter(client_type="carer")
    assert set(carer_events.values_list("person", flat=True)) <= carer_ids
    assert carer_events.filter(event_type="assessment", assessment_type="carer").exists()
    assert carer_events.filter(event_type="service", service_type="carer_direct").exists()


def test_reviews_are_planned_roughly_yearly_and_some_unplanned(council):
    reviews = Event.objects.filter(event_type="review")
    planned = reviews.filter(review_reason="planned").count()
    unplanned = reviews.exclude(review_reason="planned").count()
    lts_people = Event.objects.filter(service_type__startswith="lts_").values("person").distinct()
    per_person_year = planned / (lts_people.count() * YEARS)
    assert 0.4 <= per_person_year <= 1.5
    assert 0 < unplanned < planned


def test_deaths_and_moves(council):
    dead = Person.objects.filter(date_of_death__isnull=False)
    assert dead.count() > 50
    ended = Event.objects.filter(outcome="nfa_deceased")
    assert not ended.exclude(end_date=F("person__date_of_death")).exists()
    # Nothing happens after death.
    assert not Event.objects.filter(start_date__gt=F("person__date_of_death")).exists()
    assert not Event.objects.filter(end_date__gt=F("person__date_of_death")).exists()
    died_in_service = ended.filter(event_type="service").values("person")
    assert not Event.objects.filter(person__in=died_in_service, status="open").exists()
    assert Event.objects.filter(event_type="service", outcome="nfa_moved_la").exists()


# -- lifecycle -----------------------------------------------------------------------------------


def test_every_event_respects_the_lifecycle(council):
    events = Event.objects.all()
    assert set(events.values_list("status", flat=True)) == {"open", "completed"}
    assert not events.filter(status="completed", end_date__isnull=True).exists()
    assert not events.filter(status="completed", outcome="").exists()
    assert not events.filter(status="open").exclude(end_date__isnull=True, outcome="").exists()
    assert not events.filter(end_date__lt=F("start_date")).exists()
    assert not events.filter(Q(start_date__gt=AS_OF) | Q(end_date__gt=AS_OF)).exists()
    for etype, allowed in OUTCOMES_BY_TYPE.items():
        used = set(
            events.filter(event_type=etype, status="completed").values_list("outcome", flat=True)
        )
        assert used <= allowed, (etype, used - allowed)
    # Only services stay open for long: other open events are recent work in progress.
    stale = events.filter(status="open", start_date__lt=AS_OF - timedelta(days=180))
    assert not stale.exclude(event_type="service").exists()
    # An event starts on or after the person's 18th birthday.
    for start, dob in events.values_list("start_date", "person__date_of_birth")[:5000]:
        assert (start - dob).days >= 18 * 365


def test_progress_outcomes_open_the_next_event(council):
    progressed = Event.objects.filter(status="completed", outcome__in=PROGRESS)
    assert progressed.count() > 500
    missing = progressed.annotate(n=Count("next_events")).filter(n=0)
    assert not missing.exists()
    pairs = Event.objects.filter(previous__isnull=False).values_list(
        "event_type", "previous__event_type", "previous__outcome", "start_date",
        "previous__end_date", "person", "previous__person",
    )  # fmt: skip
    for etype, prev_type, prev_outcome, start, prev_end, person, prev_person in pairs:
        assert person == prev_person
        if prev_outcome == "continuation":  # a service row carried on in a changed row
            assert etype == prev_type == "service"
            assert start == prev_end + timedelta(days=1)
            continue
        assert prev_outcome in PROGRESS
        assert next_event_type(prev_type, prev_outcome) == etype
        assert start >= prev_end


def test_a_sample_passes_full_clean(council):
    for event in Event.objects.order_by("?")[:300]:
        event.full_clean(validate_unique=False)
    for person in Person.objects.order_by("?")[:300]:
        person.full_clean(validate_unique=False)


def test_identifiers(council):
    nhs = list(Person.objects.exclude(nhs_number=None).values_list("nhs_number", flat=True))
    assert len(nhs) >= 0.85 * Person.objects.count()
    assert all(clean_nhs_number(n) == n for n in nhs)
    postcodes = set(Person.objects.values_list("postcode", flat=True))
    assert all(clean_postcode(p) == p and p.startswith("DS") for p in postcodes)
    assert Person.objects.filter(family_key="").count() == 0


# -- staff, teams and caseloads ------------------------------------------------------------------


def test_teams_of_every_kind(council):
    kinds = Counter(Team.objects.values_list("kind", flat=True))
    assert 3 <= kinds["locality"] <= 4
    for kind in ("front_door", "hospital", "reablement", "learning_disability", "mental_health"):
        assert kinds[kind] == 1


def test_every_role_has_a_demo_user_with_the_demo_password(council, settings):
    # The module's council was hashed with the real (Argon2) hasher, before the fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    for role in Role:
        user = User.objects.filter(role=role).order_by("id").first()
        assert user.check_password(DEMO_PASSWORD)


def test_open_cases_sit_in_queues_and_on_caseloads(council):
    live = Allocation.objects.exclude(status="closed")
    assert live.filter(status="queued", worker__isnull=True).exists()
    assert live.filter(status="allocated", worker__isnull=False).exists()
    assert not live.filter(status="allocated", worker__isnull=True).exists()
    open_people = set(Event.objects.filter(status="open").values_list("person", flat=True))
    assert open_people == set(live.values_list("person", flat=True))
    # Workers belong to the team they hold the case for, and caseloads are bounded.
    assert not live.filter(worker__isnull=False).exclude(worker__team=F("team")).exists()
    loads = live.filter(worker__isnull=False).values("worker").annotate(n=Count("id"))
    assert max(row["n"] for row in loads) <= 25
    assert Allocation.objects.filter(status="closed", closed_on__isnull=False).exists()


def test_a_few_restricted_records_named_to_one_user(council):
    restricted = Person.objects.filter(restricted=True)
    assert 1 <= restricted.count() <= 20
    for person in restricted:
        named = list(person.restricted_to.all())
        assert len(named) == 1
        assert person.allocations.filter(worker=named[0]).exists()


def test_one_audit_entry_for_the_whole_demo(council):
    entries = AuditEntry.objects.filter(action="demo_generated")
    assert entries.count() == 1
    assert entries.get().detail["adults"] == ADULTS
    assert AuditEntry.objects.exclude(action="demo_generated").count() == 0


# -- money: eligibility, budgets and charges by the rules --------------------------------------


def test_everyone_in_long_term_support_has_a_budget_and_a_financial_assessment(council):
    from openasc.money.models import FinancialAssessment, SupportBudget

    in_support = set(lts_open().values_list("person_id", flat=True))
    assert council["budgets"] == council["financial_assessments"] == len(in_support)
    assert set(SupportBudget.objects.values_list("person_id", flat=True)) == in_support
    assert set(FinancialAssessment.objects.values_list("person_id", flat=True)) == in_support


def test_stored_figures_are_the_engines_own(council):
    """Re-running every case with the rules in force on the demo's day changes nothing."""
    from openasc.money.cases import open_cases
    from openasc.money.recalculate import recalculate

    result = recalculate(open_cases(), AS_OF)
    assert result.errors == []
    assert result.budgets == result.charges == council["budgets"]
    assert result.changes == []


def test_eligibility_decisions_rerun_to_the_same_result(council):
    from openasc.journey.eligibility import rerun
    from openasc.journey.models import EligibilityDecision

    decisions = list(EligibilityDecision.objects.select_related("rules")[:200])
    assert decisions and council["eligibility_decisions"] >= len(decisions)
    for d in decisions:
        assert rerun(d).status == d.status == "eligible"
        assert d.assessment.event_type == "assessment"


def test_calibration_recovers_a_price_near_the_one_in_force(council):
    """Questionnaires were drawn to fit packages at the shipped price, with scatter."""
    from openasc.journey import rulebook
    from openasc.money.cases import open_cases
    from openasc.rules import ras, ras_calibration

    q = ras.questionnaire(rulebook.in_force("ras", AS_OF))
    points, costs = [], []
    for case in open_cases().values():
        if case.budget and case.weekly_cost_pence > 0:
            answers = case.budget["answers"]
            points.append([d.answers[answers[d.code]].points for d in q.domains])
            costs.append(case.weekly_cost_pence)
    fit = ras_calibration.calibrate(points, costs, method="huber")
    assert abs(fit.price_per_point_pence / q.price_per_point_pence - 1) < 0.2
    assert fit.report.r2 > 0.3


def test_calibrate_ras_command_writes_a_new_dated_version(council, tmp_path, capsys):
    from openasc.cli import main
    from openasc.rules.ruleset import RuleBook

    assert main(["rules", "calibrate-ras", "--dir", str(tmp_path),
                 "--effective-from", "2031-04-01"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "huber" in out and "R²" in out and "locality" in out
    version = RuleBook(tmp_path).in_force("ras", date(2031, 4, 1))
    assert version.data["calibration"]["method"] == "huber"
    assert version.data["price_per_point_pence"] > 0
    assert RuleBook(tmp_path).in_force("ras", date(2031, 3, 31)).data["calibration"] is None
    # Never overwritten: the same date again is refused.
    assert main(["rules", "calibrate-ras", "--dir", str(tmp_path),
                 "--effective-from", "2031-04-01"]) == 2  # fmt: skip
