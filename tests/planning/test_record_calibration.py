"""Calibration from the council's own record: the episodes table read from events, a
calibration and a backtest on a small Demoshire, and the same figures from a CLD file of the
same events. Built once for the module and rolled back afterwards."""

from __future__ import annotations

import csv
from datetime import date

import numpy as np
import pytest

from openasc.cli import main
from openasc.journey.models import Event
from openasc.people.models import Person
from openasc.planning.calibration import CohortScheme, Panel
from openasc.planning.cld_source import backtest_from_cld, calibrate_from_cld, read_cld
from openasc.planning.engine import states as st
from openasc.planning.episodes import person_key
from openasc.planning.record import (
    backtest_from_record,
    calibrate_from_record,
    episodes_from_record,
)
from openasc.vocab import lists as v
from tests.conftest import demo_council, make_person

ADULTS, YEARS, SEED = 5000, 3, 4
AS_OF = date(2025, 6, 30)
FROM, TO = date(2022, 8, 1), date(2025, 6, 1)
SPLIT, END = date(2024, 7, 1), date(2025, 7, 1)  # a backtest's split and end

pytestmark = pytest.mark.django_db


council = demo_council(ADULTS, YEARS, SEED, AS_OF)


def counted_events():
    return Event.objects.filter(client_type="service_user").exclude(
        status__in=["cancelled", "planned"]
    )


def keys(people) -> set[str]:
    """The episodes' keys of these people (NHS number, else council person id)."""
    rows = Person.objects.filter(pk__in=people).values_list("nhs_number", "council_person_id")
    return {person_key(nhs, local) for nhs, local in rows}


def test_episodes_hold_every_service_user_and_request(council):
    episodes = episodes_from_record()
    users = counted_events().values("person").distinct().count()
    assert episodes.n_people == users
    assert len(episodes.request_day) == counted_events().filter(event_type="request").count()
    carers_only = set(
        Event.objects.filter(client_type="carer").values_list("person_id", flat=True)
    ) - set(counted_events().values_list("person_id", flat=True))
    assert carers_only and not keys(carers_only) & set(episodes.person_key)
    died = keys(Person.objects.filter(date_of_death__isnull=False).values("pk"))
    dead = {k for k, day in zip(episodes.person_key, episodes.death, strict=True) if day}
    assert dead and dead == died & set(episodes.person_key)


def test_a_journey_in_the_record_becomes_month_end_states(council):
    p = make_person(council_person_id="CAL000001", date_of_birth=date(1935, 2, 1))

    def add(etype, start, end=None, outcome="", status="completed", **kw):
        Event.objects.create(
            person=p, event_type=etype, reference=f"CAL-{Event.objects.count()}",
            start_date=start, end_date=end, outcome=outcome, status=status, **kw,
        )  # fmt: skip

    add(
        "request",
        date(2025, 1, 20),
        date(2025, 1, 22),
        "progress_services",
        route_of_access="community",
        request_reason="new_needs",
        contact_source="self",
    )
    add(
        "service",
        date(2025, 2, 3),
        status="open",
        service_type="lts_residential",
        delivery_mechanism="commissioned",
        unit_cost_pence=95000,
        cost_frequency="weekly",
        planned_units_per_week=1,
    )
    add(
        "request",
        date(2025, 3, 1),
        date(2025, 3, 1),
        "nfa_information",
        status="cancelled",
        route_of_access="community",
        request_reason="new_needs",
        contact_source="self",
    )
    add("request", date(2025, 3, 2), date(2025, 3, 2), "nfa_information", client_type="carer",
        route_of_access="community", request_reason="carer_support",
        contact_source="carer")  # fmt: skip
    episodes = episodes_from_record(as_of=date(2025, 3, 31))
    i = list(episodes.person_key).index(person_key(p.nhs_number, p.council_person_id))
    obs = np.array([date(2024, 12, 31).toordinal(), date(2025, 1, 31).toordinal()])
    panel = Panel.build(episodes, obs, CohortScheme.make(("sex",)))
    assert panel.state[i].tolist() == [-1, st.RESIDENTIAL_CARE]  # from the day of the request
    assert (episodes.request_person == i).sum() == 1  # not the cancelled one, nor the carer's
    costs = episodes.spell_weekly_cost[episodes.spell_person == i]
    assert 950.0 in costs


def test_calibrate_from_the_record(council):
    cal = calibrate_from_record(FROM, TO)
    assert (cal.date_from, cal.date_to, cal.months) == (FROM, TO, 34)
    assert cal.people > 500 and cal.arrivals.sum() > 200
    params = cal.to_params()
    assert np.allclose(params.transitions.sum(-1), 1)
    weekly = cal.unit_cost[:, st.RESIDENTIAL_CARE]
    assert ((weekly > 400) & (weekly < 1500)).all()
    assert np.isnan(cal.unit_cost[:, st.IN_HOSPITAL]).all()  # the record has no NHS costs
    text = cal.render()
    assert "the council's record" in text and "From community support: direct payment" in text
    # The record's community services are told apart by how their budgets are held.
    held = cal.transition_counts.sum(axis=(0, 2))[list(st.COMMUNITY_STATES)]
    assert (held > 0).all()


def write_cld(path) -> None:
    """The record's events as a CLD file (Release 1 text), one row per event."""
    people = {
        pk: rest
        for pk, *rest in Person.objects.values_list(
            "id",
            "nhs_number",
            "council_person_id",
            "date_of_birth",
            "date_of_death",
            "gender",
            "primary_support_reason",
        )
    }
    header = [
        "LA Code", "NHS Number", "LA Person Unique Identifier", "Gender", "Date of Birth",
        "Date of Death", "Client Type", "Primary Support Reason", "Event Type", "Event Start Date",
        "Event End Date", "Event Outcome", "Route of Access", "Service Type", "Unit Cost",
        "Cost Frequency (Unit Type)", "Planned units per week", "Delivery Mechanism",
    ]  # fmt: skip

    def r1(vocab, code):
        return vocab.text(code, release=1) if code else ""

    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        for e in Event.objects.exclude(status__in=["cancelled", "planned"]).iterator():
            nhs, local, dob, dod, gender, psr = people[e.person_id]
            out.writerow([
                "E06000999", nhs or "", local, r1(v.GENDER, gender), dob, dod or "",
                r1(v.CLIENT_TYPE, e.client_type), r1(v.PRIMARY_SUPPORT_REASON, psr),
                r1(v.EVENT_TYPE, e.event_type), e.start_date, e.end_date or "",
                r1(v.EVENT_OUTCOME, e.outcome), r1(v.ROUTE_OF_ACCESS, e.route_of_access),
                r1(v.SERVICE_TYPE, e.service_type),
                "" if e.unit_cost_pence is None else f"{e.unit_cost_pence / 100:.2f}",
                r1(v.COST_FREQUENCY, e.cost_frequency), e.planned_units_per_week or "",
                r1(v.DELIVERY_MECHANISM, e.delivery_mechanism),
            ])  # fmt: skip


def test_a_cld_file_of_the_same_events_gives_the_same_calibration(council, tmp_path):
    path = tmp_path / "cld.csv"
    write_cld(path)
    cld = read_cld(path)
    assert not cld.problems, cld.summary()
    from_file_cal = calibrate_from_cld(path, FROM, TO)
    from_record = calibrate_from_record(FROM, TO)
    assert from_file_cal.people == from_record.people
    np.testing.assert_array_equal(from_file_cal.transition_counts, from_record.transition_counts)
    np.testing.assert_array_equal(from_file_cal.entry_counts, from_record.entry_counts)
    np.testing.assert_array_equal(from_file_cal.arrivals, from_record.arrivals)
    np.testing.assert_allclose(from_file_cal.unit_cost, from_record.unit_cost)


def test_backtest_on_the_record(council):
    result = backtest_from_record(FROM, SPLIT, END)
    assert len(result.comparisons) == 12  # one year: 9 states, requests, admissions, deaths
    assert np.isfinite(result.mape)
    people = {c.measure: c for c in result.comparisons}
    community = [people[f"People in {st.STATE_LABELS[s]} (year end)"] for s in st.COMMUNITY_STATES]
    actual, forecast = sum(c.actual for c in community), sum(c.forecast for c in community)
    assert actual > 0 and abs(forecast / actual - 1) < 0.5
    assert "Mean absolute percentage error" in result.render()


def figures(result) -> list[tuple]:
    return [(c.measure, c.year, c.forecast, c.actual) for c in result.comparisons]


def test_a_backtest_from_a_cld_file_is_the_backtest_on_the_record(council, tmp_path):
    path = tmp_path / "cld.csv"
    write_cld(path)
    from_file = backtest_from_cld(path, FROM, SPLIT, END)
    from_record = backtest_from_record(FROM, SPLIT, END)
    assert (from_file.date_from, from_file.split, from_file.date_to) == (
        from_record.date_from,
        from_record.split,
        from_record.date_to,
    )
    assert len(from_file.comparisons) == 12
    assert figures(from_file) == figures(from_record)
    assert from_file.waiting == from_record.waiting
    assert "cld.csv (council E06000999)" in from_file.calibration.source


def test_plan_calibrate_backtests_a_cld_file(council, tmp_path, capsys):
    path = tmp_path / "cld.csv"
    write_cld(path)
    window = ["--from", str(FROM), "--to", str(END)]
    assert main(["plan", "calibrate", "--cld", str(path), *window,
                 "--backtest-from", str(SPLIT)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert out.index("Backtest: calibrated on") < out.index("Mean absolute percentage error")
    assert "Mean absolute percentage error" in out and "cld.csv (council E06000999)" in out
    assert main(["plan", "calibrate", "--cld", str(path), *window,
                 "--backtest-from", str(END)]) == 2  # fmt: skip
    assert "--backtest-from must fall between --from and --to" in capsys.readouterr().err
