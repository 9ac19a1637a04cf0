"""The Client Level Data export and its data-quality report: the rules on hand-built rows,
the period, refusing a failing file, Release 1 and 2 text, late changes, idempotence, the
file read back by the planning reader, and the audit entry."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from openasc.access.models import AuditEntry
from openasc.cli import main
from openasc.journey.models import Event
from openasc.people.models import Relationship
from openasc.planning.cld_source import read_cld
from openasc.returns import quality as dq
from openasc.returns.models import CldExport
from tests.conftest import make_person

Q1 = ["--from", "2024-04-01", "--to", "2024-06-30"]
Q2 = ["--from", "2024-07-01", "--to", "2024-09-30"]
NAME_Q1 = "cld_E06000999_2024-04-01_2024-06-30"
NAME_Q2 = "cld_E06000999_2024-07-01_2024-09-30"
GOOD_NHS = "9434765919"


# The rules, on rows built by hand ---------------------------------------------------------------


def a_row(**changes) -> dict:
    """A request that passes every check; ``changes`` spoil it."""
    row = dict.fromkeys((f.key for f in dq.FIELDS), None)
    row.update(
        la_code="E06000999", period_start=date(2024, 4, 1), period_end=date(2024, 6, 30),
        nhs_number=GOOD_NHS, council_person_id="P1", given_name="Ada", family_name="Lovelock",
        gp_practice_code="A81001", gender="female", ethnicity="white_british",
        date_of_birth=date(1940, 5, 17), client_type="service_user",
        primary_support_reason="physical_personal_care", postcode="DS1 4AB",
        accommodation_status="owner_occupier", has_unpaid_carer="no", autism="no",
        visual_impairment="no", hearing_impairment="no", dementia="no",
        client_funding_status="fully_la", event_type="request", reference="REQ-1",
        start_date=date(2024, 5, 1), end_date=date(2024, 5, 2), outcome="nfa_information",
        route_of_access="community", assessment_type="", review_reason="",
        service_type="", service_component="", delivery_mechanism="",
    )  # fmt: skip
    row.update(changes)
    return row


def a_service(**changes) -> dict:
    service = dict(
        event_type="service", reference="SRV-1", route_of_access="", end_date=None, outcome="",
        service_type="lts_community", service_component="home_care",
        delivery_mechanism="direct_payment", unit_cost_pence=2000, cost_frequency="hourly",
        planned_units_per_week=10,
    )  # fmt: skip
    return a_row(**{**service, **changes})


def failures(row, release=2) -> dict[str, tuple[str, str]]:
    return {f.field.column: (f.result, f.reason) for f in dq.Judge(release).judge(row)}


def test_a_good_request_and_a_good_service_pass():
    assert failures(a_row()) == {}
    assert failures(a_service()) == {}


def test_a_lump_sum_has_no_weekly_units_but_an_hourly_service_must_say_them():
    lump_sum = a_service(
        service_type="carer_direct", service_component="carer_break", cost_frequency="annually",
        planned_units_per_week=None, client_type="carer",
    )  # fmt: skip
    assert "Planned units per week" not in failures(lump_sum)
    hourly = failures(a_service(planned_units_per_week=None))
    assert hourly["Planned units per week"][0] == dq.FAILED_BLANK


def test_a_mandatory_blank_fails_and_says_what_to_fix():
    assert failures(a_row(route_of_access="")) == {
        "Request: Route of Access": (
            dq.FAILED_BLANK, "Route of Access is blank: mandatory for a request"
        )
    }  # fmt: skip
    result, reason = failures(a_service(service_type=""))["Service Type"]
    assert (result, reason) == (dq.FAILED_BLANK, "Service Type is blank: mandatory for a service")
    assert "Delivery Mechanism" in failures(a_service(delivery_mechanism=""))
    ended = failures(a_row(outcome=""))["Event Outcome"]
    assert ended == (dq.FAILED_BLANK, "Event Outcome is blank: mandatory once the event has ended")


def test_blank_allowed_and_not_applicable_are_not_failures():
    judge = dq.Judge(2)
    assert judge.judge(a_row(nhs_number=None)) == []  # applicable, not mandatory
    assert judge.judge(a_service(outcome="")) == []  # an ongoing service has no outcome yet
    counts = judge.counts()
    assert counts["NHS Number"][dq.BLANK_ALLOWED] == 1 and counts["NHS Number"][dq.VALID] == 1
    assert counts["Request: Route of Access"][dq.NOT_APPLICABLE] == 1  # the service
    assert counts["Service Type"] == {dq.VALID: 1, dq.BLANK_ALLOWED: 0, dq.FAILED_BLANK: 0,
                                      dq.FAILED_INVALID: 0, dq.NOT_APPLICABLE: 1}  # fmt: skip


def test_invalid_values_fail_with_the_reason():
    assert failures(a_row(nhs_number="9434765918"))["NHS Number"][0] == dq.FAILED_INVALID
    assert "modulus 11" in failures(a_row(nhs_number="9434765918"))["NHS Number"][1]
    assert failures(a_row(postcode="NOT A CODE"))["Postcode"][0] == dq.FAILED_INVALID
    end = failures(a_row(end_date=date(2024, 4, 30)))["Event End Date"]
    assert end == (dq.FAILED_INVALID, "Event End Date 2024-04-30 is before the Event Start Date "
                   "2024-05-01")  # fmt: skip
    died = failures(a_service(date_of_death=date(2024, 4, 1), end_date=date(2024, 5, 3),
                              outcome="nfa_deceased"))  # fmt: skip
    assert died["Event Start Date"][0] == dq.FAILED_INVALID
    assert "cannot start after death" in died["Event Start Date"][1]
    assert failures(a_row(gender="nonsense"))["Gender"] == (
        dq.FAILED_INVALID, "Gender 'nonsense' is not a CLD value: choose one from the gender list"
    )  # fmt: skip


def test_a_release_2_value_fails_in_a_release_1_file():
    row = a_row(route_of_access="self_referral_online")
    assert failures(row, release=2) == {}
    result, reason = failures(row, release=1)["Request: Route of Access"]
    assert result == dq.FAILED_INVALID and "not in the CLD Release 1 list" in reason


def test_rules_that_depend_on_the_row():
    # A service of someone who has died must have ended.
    assert "Event End Date" in failures(a_service(date_of_death=date(2024, 6, 1)))
    # Costs are not asked of support the council commissions itself.
    commissioned = a_service(delivery_mechanism="commissioned", unit_cost_pence=None,
                             cost_frequency="", planned_units_per_week=None)  # fmt: skip
    assert failures(commissioned) == {}
    assert "Unit Cost" in failures(a_service(unit_cost_pence=None))
    # Employment status: for adults of working age with learning disability support.
    ld = a_row(event_type="assessment", route_of_access="", assessment_type="long_term_first",
               assessment_method="face_to_face", primary_support_reason="learning_disability",
               date_of_birth=date(1990, 1, 1))  # fmt: skip
    assert failures(ld)["Employment Status"][0] == dq.FAILED_BLANK
    assert failures({**ld, "date_of_birth": date(1950, 1, 1)}) == {}
    # Carers' fields apply to carers only.
    carer = a_row(client_type="carer", carer_hours=200)
    assert failures(carer)["Total Hrs Caring per week"][0] == dq.FAILED_INVALID
    assert failures(a_row(carer_hours=200)) == {}


# The export, from the record -------------------------------------------------------------------


def a_person(**kw):
    defaults = dict(ethnicity="white_british", accommodation_status="owner_occupier",
                    has_unpaid_carer="no", client_funding_status="fully_la",
                    gp_practice_code="A81001")  # fmt: skip
    return make_person(**{**defaults, **kw})


def add(person, etype, start, end=None, status="completed", **kw) -> Event:
    defaults = {
        "request": dict(route_of_access="community", outcome="progress_assessment"),
        "assessment": dict(assessment_type="long_term_first", assessment_method="face_to_face",
                           outcome="progress_services"),
        "service": dict(service_type="lts_community", service_component="home_care",
                        delivery_mechanism="direct_payment", unit_cost_pence=2150,
                        cost_frequency="hourly", planned_units_per_week=7),
        "review": dict(review_reason="planned", review_method="telephone",
                       review_outcomes_achieved="fully", outcome="continuation"),
    }[etype]  # fmt: skip
    if etype == "service" and end is None:
        defaults = {**defaults, "outcome": ""}
    n = Event.objects.count() + 1
    return Event.objects.create(person=person, event_type=etype, reference=f"{etype[:3]}-{n}",
                                start_date=start, end_date=end, status=status,
                                **{**defaults, **kw})  # fmt: skip


@pytest.fixture
def cld_council(db):
    """Two people and a carer with events around April-June 2024, every row valid."""
    ada = a_person(nhs_number=GOOD_NHS)
    bert = a_person(given_name="Bert", gender="male", date_of_birth=date(1950, 2, 2))
    carer = a_person(given_name="Cara", primary_support_reason="social_carer")
    Relationship.objects.create(from_person=carer, to_person=ada, kind="carer",
                                hours_caring_per_week=35)  # fmt: skip
    events = {
        "request": add(ada, "request", date(2024, 3, 28), date(2024, 4, 2)),
        "assessment": add(ada, "assessment", date(2024, 4, 3), date(2024, 4, 20)),
        "ongoing_service": add(ada, "service", date(2023, 1, 1), status="open"),
        "review": add(bert, "review", date(2024, 6, 1), date(2024, 6, 10)),
        "carer_request": add(carer, "request", date(2024, 5, 1), date(2024, 5, 1),
                             client_type="carer", outcome="nfa_information"),
        # Not in April-June: completed after it, ended before it, cancelled, planned.
        "completed_after": add(bert, "request", date(2024, 6, 25), date(2024, 7, 3)),
        "ended_before": add(bert, "service", date(2023, 1, 1), date(2024, 3, 31),
                            outcome="nfa_ended_planned"),
        "cancelled": add(bert, "request", date(2024, 5, 1), date(2024, 5, 1),
                         status="cancelled"),
        "planned": add(bert, "service", date(2024, 6, 1), status="planned"),
    }  # fmt: skip
    return events


def run(capsys, *args) -> tuple[int, str]:
    code = main(["returns", "cld", *args, "-q"])
    out = capsys.readouterr()
    return code, out.out + out.err


def read(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_period_holds_completed_events_and_active_services(cld_council, tmp_path, capsys):
    code, out = run(capsys, *Q1, "--out", str(tmp_path))
    assert code == 0, out
    rows = read(tmp_path / f"{NAME_Q1}.csv")
    refs = {r["Event Reference"] for r in rows}
    e = cld_council
    counted = ("request", "assessment", "ongoing_service", "review", "carer_request")
    assert refs == {e[k].reference for k in counted}
    assert list(rows[0]) == list(dq.COLUMNS)
    service = next(r for r in rows if r["Event Reference"] == e["ongoing_service"].reference)
    assert (service["Event Start Date"], service["Event End Date"]) == ("2023-01-01", "")
    assert (service["Unit Cost"], service["Reporting Period End Date"]) == ("21.50", "2024-06-30")
    carer = next(r for r in rows if r["Client Type"] == "Carer")
    assert (
        carer["Total Hrs Caring per week"] == "35" and carer["No. of adults being cared for"] == "1"
    )
    ada = e["request"].person.council_person_id
    assert carer["Adult 1 Linked Person_ID"] == ada and carer["Adult 2 Linked Person_ID"] == ""
    assert "Every row passes the quality checks" in out
    summary = read(tmp_path / f"{NAME_Q1}_quality_summary.csv")
    assert summary[-1]["Rows failing"] == "0" and summary[-1]["Valid"] == "5"


def test_release_1_and_release_2_text(cld_council, tmp_path, capsys):
    for release in ("1", "2"):
        assert run(capsys, *Q1, "--out", str(tmp_path / release), "--release", release)[0] == 0
    r1 = {r["Event Reference"]: r for r in read(tmp_path / "1" / f"{NAME_Q1}.csv")}
    r2 = {r["Event Reference"]: r for r in read(tmp_path / "2" / f"{NAME_Q1}.csv")}
    ref = cld_council["ongoing_service"].reference
    assert r1[ref]["Service Type"] == "Long Term Support: Community"
    assert r2[ref]["Service Type"] == "Long term support: Community"
    ref = cld_council["request"].reference
    assert r1[ref]["Event Outcome"] == "Progress to Assessment / Review / Reassessment"
    assert r2[ref]["Event Outcome"] == "Progress to assessment, review or reassessment"
    assert r1[ref]["Request: Route of Access"] == "Community / Other route"


def test_a_failing_row_refuses_the_file_unless_allowed(cld_council, tmp_path, capsys):
    Event.objects.filter(pk=cld_council["request"].pk).update(route_of_access="")
    code, out = run(capsys, *Q1, "--out", str(tmp_path))
    assert code == 1
    assert "Not written: 1 of 5 rows fail" in out
    assert "Route of Access is blank: mandatory for a request" in out
    assert not (tmp_path / f"{NAME_Q1}.csv").exists()
    assert not list(tmp_path.glob(".*partial"))
    report = read(tmp_path / f"{NAME_Q1}_quality.csv")
    assert [(r["Event Reference"], r["Field"], r["Result"]) for r in report] == [
        (cld_council["request"].reference, "Request: Route of Access", dq.FAILED_BLANK)
    ]
    assert report[0]["Row"] == "2"  # the request is the first event: the row after the header
    assert not CldExport.objects.get().written

    code, out = run(capsys, *Q1, "--out", str(tmp_path), "--allow-invalid")
    assert code == 0 and "Written with --allow-invalid: 1 of 5 rows fail" in out
    assert len(read(tmp_path / f"{NAME_Q1}.csv")) == 5
    assert len(read(tmp_path / f"{NAME_Q1}_quality.csv")) == 1


def test_a_later_export_sends_late_changes_again_and_is_idempotent(cld_council, tmp_path, capsys):
    assert run(capsys, *Q1, "--out", str(tmp_path / "q1"))[0] == 0
    late = cld_council["assessment"]  # ended in April, sent with Q1, corrected since
    late.outcome = "nfa_declined"
    late.save()
    code, out = run(capsys, *Q2, "--out", str(tmp_path / "q2"))
    assert code == 0
    assert (
        "1 events from earlier periods changed since the export of 2024-04-01 to 2024-06-30" in out
    )
    rows = {r["Event Reference"]: r for r in read(tmp_path / "q2" / f"{NAME_Q2}.csv")}
    assert rows[late.reference]["Event Outcome"] == "NFA - Support declined"
    assert cld_council["completed_after"].reference in rows  # July's own events are there
    assert cld_council["request"].reference not in rows  # unchanged since Q1: not sent again
    first = (tmp_path / "q2" / f"{NAME_Q2}.csv").read_bytes()
    assert run(capsys, *Q2, "--out", str(tmp_path / "again"))[0] == 0
    assert (tmp_path / "again" / f"{NAME_Q2}.csv").read_bytes() == first
    assert CldExport.objects.filter(date_from=date(2024, 7, 1)).count() == 2


def test_the_file_reads_back_in_the_planning_reader(cld_council, tmp_path, capsys):
    for release in ("1", "2"):
        assert run(capsys, *Q1, "--out", str(tmp_path / release), "--release", release)[0] == 0
        cld = read_cld(tmp_path / release / f"{NAME_Q1}.csv")
        assert cld.problems == [], cld.summary()
        assert cld.rows == 5 and cld.carer_rows == 1
        assert len(cld.events["E06000999"]) == 4
        requests = [e for e in cld.events["E06000999"] if e.event_type == "request"]
        assert requests and all(e.route_of_access for e in requests)  # read back, not lost


def test_one_audit_entry_per_export(cld_council, tmp_path, capsys):
    before = AuditEntry.objects.filter(action="cld_export").count()
    assert run(capsys, *Q1, "--out", str(tmp_path))[0] == 0
    entries = AuditEntry.objects.filter(action="cld_export")
    assert entries.count() == before + 1
    detail = entries.last().detail
    assert detail["rows"] == 5 and detail["date_from"] == "2024-04-01" and detail["written"]
    assert entries.last().person_id is None  # one entry for the return, not one per person


def test_bad_arguments_are_explained(db, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["returns", "cld", "--from", "2024-13-01", "--to", "2024-06-30", "--out", "x"])
    assert "is not a date like" in capsys.readouterr().err
    code, out = run(capsys, "--from", "2024-06-30", "--to", "2024-04-01", "--out", str(tmp_path))
    assert code == 2 and "--to 2024-04-01 is before --from 2024-06-30" in out
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code, out = run(capsys, *Q1, "--out", str(blocker / "sub"))
    assert code == 2 and "cannot create --out directory" in out
