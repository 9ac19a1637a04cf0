"""Plan reviews due, on the person page's money card and the home page's team list, and the
money card's budget and charge."""

from datetime import date, timedelta

from openasc.access.models import Allocation
from openasc.access.roles import Role
from openasc.journey import services as journey
from openasc.journey.models import Event
from openasc.journey.selectors import reviews_due_for_team
from openasc.money import services as money
from tests.conftest import make_person

TODAY = date.today()


def _service(user, person, started: date, service_type="lts_community", status="open"):
    return journey.record_event(user, person, "service", {
        "start_date": started, "status": status, "service_type": service_type,
        "delivery_mechanism": "direct_payment"})  # fmt: skip


def _review_done(person, ended: date):
    """A completed review (made directly: only its end date matters here)."""
    return Event.objects.create(
        person=person, event_type="review", reference=f"R-{person.pk}-{ended}",
        status="completed", start_date=ended, end_date=ended, outcome="continuation",
    )  # fmt: skip


def _north_person(teams, name: str):
    p = make_person(given_name=name, family_name="Testperson")
    Allocation.objects.create(person=p, team=teams["north"], opened_on=TODAY)
    return p


def test_money_card_before_anything_is_recorded(sw_client, person):
    body = sw_client.get(f"/people/{person.pk}").content.decode()
    assert "Money and reviews" in body
    assert "Not worked out yet" in body and "No financial assessment yet" in body
    assert "No long-term service running" in body
    assert f'href="/people/{person.pk}/budget"' in body
    assert f'href="/people/{person.pk}/charge"' in body


def test_money_card_shows_budget_charge_and_overdue_review(sw_client, users, person):
    sw = users[Role.SOCIAL_WORKER]
    budget = money.record_budget(sw, person, {"personal_care": "all"})
    money.agree_budget(sw, budget, 25000, budget.version)
    money.record_financial_assessment(sw, person, {
        "setting": "non_residential", "cost_of_care_pence": 25000,
        "income": [{"kind": "state_pension", "weekly_pence": 23000}]})  # fmt: skip
    started = TODAY - timedelta(weeks=10)  # the first review was due 8 weeks in
    _service(sw, person, started)
    body = sw_client.get(f"/people/{person.pk}").content.decode()
    assert "£250.00 a week, agreed" in body and "Indicative £102.00" in body
    assert f'href="/people/{person.pk}/budget/agree"' in body
    assert f'href="/people/{person.pk}/charge/result"' in body
    due = started + timedelta(weeks=8)
    assert f"Due by {due:%-d %B %Y}" in body
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in body
    assert "First review of the long-term service" in body


def test_yearly_review_after_the_last_one(sw_client, users, person):
    _service(users[Role.SOCIAL_WORKER], person, TODAY - timedelta(days=400))
    _review_done(person, TODAY - timedelta(days=100))
    body = sw_client.get(f"/people/{person.pk}").content.decode()
    assert "Yearly review, after the review that ended on" in body
    assert "Overdue" not in body


def test_short_term_and_planned_services_are_not_reviewed(sw_client, users, person):
    sw = users[Role.SOCIAL_WORKER]
    _service(sw, person, TODAY - timedelta(weeks=20), service_type="sts_st_max")
    _service(sw, person, TODAY, status="planned")
    body = sw_client.get(f"/people/{person.pk}").content.decode()
    assert "No long-term service running" in body


def test_home_lists_the_teams_reviews_soonest_first(sw_client, users, teams, other_person):
    sw = users[Role.SOCIAL_WORKER]
    overdue = _north_person(teams, "Olive")
    _service(sw, overdue, TODAY - timedelta(weeks=12))
    soon = _north_person(teams, "Sunil")
    _service(sw, soon, TODAY - timedelta(weeks=6))  # due in 2 weeks
    later = _north_person(teams, "Lara")
    _service(sw, later, TODAY - timedelta(weeks=1))  # due in 7 weeks: not yet listed
    reviewed = _north_person(teams, "Ruth")
    _service(sw, reviewed, TODAY - timedelta(days=500))
    _review_done(reviewed, TODAY - timedelta(days=350))  # yearly review due in 15 days
    south = make_person(given_name="Sam", family_name="Southperson")
    Allocation.objects.create(person=south, team=teams["south"], opened_on=TODAY)
    Event.objects.create(person=south, event_type="service", reference="S-south",
                         status="open", start_date=TODAY - timedelta(weeks=12),
                         service_type="lts_community")  # fmt: skip
    secret = _north_person(teams, "Hidden")
    _service(sw, secret, TODAY - timedelta(weeks=12))
    secret.restricted = True
    secret.save()

    body = sw_client.get("/").content.decode()
    assert "Reviews due in the next 4 weeks (North Locality)" in body
    table = body[body.index("Reviews due in the next 4 weeks") :]
    # Olive was due 4 weeks ago, Sunil is due in 2 weeks, Ruth in about 15 days.
    assert table.index("Olive") < table.index("Sunil") < table.index("Ruth")
    assert "Lara" not in table and "Sam Southperson" not in table and "Hidden" not in table
    assert table.count("Overdue") == 1
    assert "Yearly review" in table and "First review" in table


def test_reviews_due_uses_a_fixed_number_of_queries(users, teams, django_assert_max_num_queries):
    sw = users[Role.SOCIAL_WORKER]
    for n in range(12):
        p = _north_person(teams, f"Person{n}")
        _service(sw, p, TODAY - timedelta(weeks=7 + n))
        if n % 3 == 0:
            _review_done(p, TODAY - timedelta(days=360))
    with django_assert_max_num_queries(3):
        due = reviews_due_for_team(teams["north"], sw)
    assert len(due) == 12
    assert [d.due.due for d in due] == sorted(d.due.due for d in due)
    assert all(d.person is not None for d in due)
    assert len(reviews_due_for_team(teams["north"], sw, limit=5)) == 5


def test_no_team_no_reviews_list(sign_in, users):
    body = sign_in(users[Role.SAFEGUARDING_LEAD]).get("/").content.decode()
    assert "Reviews due" not in body


def test_the_database_filter_leaves_out_nobody_who_is_due(users, teams):
    """The list is narrowed in SQL before the review rules run; it must give what the rules
    alone give, at the edges of the window too."""
    from openasc.journey import rulebook
    from openasc.rules.reviews import next_plan_review

    sw = users[Role.SOCIAL_WORKER]
    rules = rulebook.in_force("reviews", TODAY)
    expected = set()
    for n, (started_ago, reviewed_ago) in enumerate(
        [(84, None), (85, None), (83, None), (29, None), (27, None), (400, 337), (400, 336),
         (400, 338), (400, 365), (400, 300), (30, 40), (100, 90), (700, 400)]
    ):  # fmt: skip
        p = _north_person(teams, f"Edge{n}")
        started = TODAY - timedelta(days=started_ago)
        _service(sw, p, started)
        last = None
        if reviewed_ago is not None:
            last = TODAY - timedelta(days=reviewed_ago)
            _review_done(p, last)
        if next_plan_review(rules, started, last).due <= TODAY + timedelta(days=28):
            expected.add(p.pk)
    got = {d.person_id for d in reviews_due_for_team(teams["north"], sw)}
    assert got == expected and 0 < len(expected) < 13
