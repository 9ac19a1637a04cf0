"""SALT-equivalent tables and ASCOF from hand-built CLD events (pure DuckDB, no database)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openasc.returns.measures import all_measures, ascof, salt_tables

from .measures_cases import COUNCIL, Events, counts, measure, total

YEAR = 2025  # 1 April 2025 - 31 March 2026, snapshot 31 March 2026


def test_latest_version_of_an_event_wins_an_open_older_version_does_not_count():
    e = Events()
    # Submitted open, then closed: one ST-Max episode, completed in the year.
    e.service(stype="sts_st_max", event_start="2025-05-04", version_rank=1)
    e.service(
        stype="sts_st_max", event_start="2025-05-04", event_end="2025-06-10",
        event_outcome="nfa_ended_planned", version_rank=2,
    )  # fmt: skip
    # A long-term service submitted open, then closed before the snapshot.
    e.service("nhs:2", event_start="2024-01-01", version_rank=1)
    e.service("nhs:2", event_start="2024-01-01", event_end="2025-12-01", version_rank=2)
    # The same request in two submissions: counted once.
    for version in (1, 2):
        e.request(
            "nhs:3", event_start="2025-07-01", event_end="2025-07-02",
            event_outcome="nfa_information", version_rank=version,
        )  # fmt: skip
    salt = salt_tables(e.con, YEAR)
    assert total(salt["STS002a"])["count"] == 1
    assert counts(salt["STS002a"], "sequel") == {"no_services_other": 1}
    assert total(salt["LTS001a"])["count"] == 1  # nhs:2 in the year
    assert total(salt["LTS001b"])["count"] == 0  # closed before the snapshot
    assert total(salt["STS001"])["count"] == 1
    assert counts(salt["STS001"], "sequel") == {"universal_signposting": 1}


def test_setting_hierarchy_at_the_snapshot_and_self_directed_support():
    e = Events()
    # nhs:1 residential + community direct payment: residential wins, not in 3D.
    e.service(
        "nhs:1", "lts_community", event_start="2024-01-01", delivery_mechanism="direct_payment"
    )
    e.service("nhs:1", "lts_residential", event_start="2025-02-01")
    # nhs:2 commissioned + direct payment (by component): part DP, ranks as direct payment.
    e.service("nhs:2", event_start="2024-01-01", delivery_mechanism="commissioned")
    e.service(
        "nhs:2", event_start="2024-03-01", service_component="direct_payment_component",
        delivery_mechanism=None,
    )  # fmt: skip
    # nhs:3 managed personal budget; nhs:4 commissioned; nhs:5 nursing + prison.
    e.service("nhs:3", event_start="2024-01-01", delivery_mechanism="managed_pb")
    e.service("nhs:4", event_start="2024-01-01", delivery_mechanism="commissioned")
    e.service("nhs:5", "lts_prison", event_start="2024-01-01")
    e.service("nhs:5", "lts_nursing", event_start="2024-01-01")
    out = all_measures(e.con, YEAR)
    assert counts(out["salt"]["LTS001b"], "setting") == {
        "residential": 1, "community_direct_payment": 1, "community_managed_budget": 1,
        "community_commissioned": 1, "nursing": 1,
    }  # fmt: skip
    rows = out["ascof"]
    one_a, two_a = measure(rows, "3D", "1a"), measure(rows, "3D", "2a")
    assert (one_a["numerator"], one_a["denominator"], one_a["value"]) == (2, 3, 66.7)
    assert (two_a["numerator"], two_a["denominator"]) == (1, 3)


def test_identity_by_nhs_number_then_local_id_and_no_identity_dropped():
    e = Events()
    e.service("nhs:1", event_start="2024-01-01")
    e.service("la:77", event_start="2024-01-01", nhs_number=None, la_person_id="77")
    e.service("la:77", event_start="2024-06-01", service_component="home_care")
    e.service(None, event_start="2024-01-01")
    out = all_measures(e.con, YEAR)
    assert total(out["salt"]["LTS001b"])["count"] == 2
    assert out["data_quality"]["no_identity"] == 1
    assert out["data_quality"]["rows"] == 4


def test_death_crops_the_end_date():
    e = Events()
    e.service("nhs:1", event_start="2024-01-01", date_of_death="2026-01-15")
    # Died 3 days after an ST-Max episode: early cessation, out of 2A.
    e.service(
        "nhs:2", "sts_st_max", event_start="2025-06-01", event_end="2025-06-20",
        date_of_death="2025-06-23", event_outcome="nfa_ended_planned",
    )  # fmt: skip
    out = all_measures(e.con, YEAR)
    salt = out["salt"]
    assert total(salt["LTS001a"])["count"] == 1
    assert total(salt["LTS001b"])["count"] == 0
    assert counts(salt["STS002a"], "sequel") == {"no_services_deceased": 1}
    two_a = measure(out["ascof"], "2A", "all")
    assert (two_a["numerator"], two_a["denominator"], two_a["value"]) == (0, 0, None)
    assert two_a["note"]


def test_carers_by_support_provided_and_3d_carers():
    e = Events()
    carer = {"client_type": "carer"}
    e.service("nhs:1", "carer_direct", delivery_mechanism="direct_payment", **carer)
    e.service("nhs:1", "carer_direct", delivery_mechanism="commissioned", **carer)
    e.service("nhs:2", "carer_direct", delivery_mechanism="managed_pb", **carer)
    e.service("nhs:3", "carer_direct", delivery_mechanism="commissioned", **carer)
    e.service("nhs:4", "carer_direct", delivery_mechanism="direct_payment", **carer)
    e.add(
        "nhs:5", event_type="assessment", assessment_type="carer", event_end="2025-05-02",
        event_outcome="nfa_information", **carer,
    )  # fmt: skip
    e.service("nhs:6", "carer_via_cared_for", **carer)
    e.request("nhs:7", event_end="2025-05-01", event_outcome="progress_assessment", **carer)
    e.service("nhs:8", "carer_direct", event_start="2024-01-01", event_end="2025-03-01", **carer)
    out = all_measures(e.con, YEAR)
    assert counts(out["salt"]["LTS003"], "support_provided") == {
        "part_direct_payment": 1, "managed_budget": 1, "commissioned_support": 1,
        "direct_payment": 1, "information_advice": 1, "no_direct_support": 1,
    }  # fmt: skip
    rows = out["ascof"]
    one_b, two_b = measure(rows, "3D", "1b"), measure(rows, "3D", "2b")
    assert (one_b["numerator"], one_b["denominator"]) == (3, 4)
    assert (two_b["numerator"], two_b["denominator"]) == (2, 4)


def test_people_turning_65_in_the_year():
    e = Events()
    born = {"date_of_birth": "1961-01-15"}  # 64 on 1 April 2025, 65 on 31 March 2026
    e.request(
        event_start="2025-06-01", event_end="2025-06-02", event_outcome="nfa_declined", **born
    )
    e.service(event_start="2025-07-01", **born)
    salt = salt_tables(e.con, YEAR)
    assert counts(salt["STS001"], "age_band") == {"18-64": 1}  # age at the request
    assert counts(salt["LTS001b"], "age_band") == {"65+": 1}  # age at the snapshot
    assert counts(salt["LTS001a"], "age_band") == {"65+": 1}


def test_new_and_existing_clients():
    e = Events()
    e.service("nhs:1", event_start="2024-01-01")  # existing: long-term support open
    e.request("nhs:1", event_start="2025-05-01", event_end="2025-05-02", event_outcome="nfa_other")
    e.service(
        "nhs:1", "sts_st_max", event_start="2025-06-01", event_end="2025-07-01",
        event_outcome="continuation",
    )  # fmt: skip
    # nhs:2 new: request -> ST-Max -> ongoing low level support.
    e.request(
        "nhs:2", event_start="2025-05-01", event_end="2025-05-02",
        route_of_access="discharge_hospital", event_outcome="progress_reablement",
    )  # fmt: skip
    e.service(
        "nhs:2", "sts_st_max", event_start="2025-05-03", event_end="2025-06-10",
        event_outcome="progress_services",
    )  # fmt: skip
    e.service("nhs:2", "sts_low_level", event_start="2025-06-12", event_end="2025-09-01")
    # nhs:3 new: ST-Max then long-term community support.
    e.service(
        "nhs:3", "sts_st_max", event_start="2025-08-01", event_end="2025-08-30",
        event_outcome="progress_services",
    )  # fmt: skip
    e.service("nhs:3", event_start="2025-09-02")
    # nhs:4 new: ST-Max ended by a hospital admission.
    e.service(
        "nhs:4", "sts_st_max", event_start="2025-08-01", event_end="2025-08-10",
        event_outcome="admitted_hospital",
    )  # fmt: skip
    out = all_measures(e.con, YEAR)
    salt = out["salt"]
    sts001 = [r for r in salt["STS001"] if r["sequel"] != "total"]
    assert [(r["sequel"], r["route_of_access"], r["count"]) for r in sts001] == [
        ("st_max", "discharge_hospital", 1)
    ]
    assert counts(salt["STS002a"], "sequel") == {
        "low_level": 1, "lts_community": 1, "admitted_hospital": 1,
    }  # fmt: skip
    assert total(salt["STS002b"])["count"] == 1
    two_a = measure(out["ascof"], "2A", "all")
    assert (two_a["numerator"], two_a["denominator"], two_a["value"]) == (1, 2, 50.0)
    assert measure(out["ascof"], "2A", "all", "65+")["denominator"] == 2


def test_new_admissions_to_care_homes_per_100000():
    e = Events()
    e.service("nhs:1", "lts_residential", event_start="2025-09-01")  # 75: new, 2C
    e.service("nhs:2", "lts_nursing", event_start="2025-10-01", date_of_birth="1980-01-01")
    e.service("nhs:3", "lts_nursing", event_start="2020-01-01", event_end="2021-01-01")
    e.service("nhs:3", "lts_residential", event_start="2025-09-01")  # not new
    e.service("nhs:4", "lts_residential", event_start="2025-09-01", date_of_birth=None)
    e.population(
        [(COUNCIL, YEAR, 40, "F", 60_000), (COUNCIL, YEAR, 40, "M", 40_000),
         (COUNCIL, YEAR, 80, "F", 50_000), (COUNCIL, YEAR - 1, 80, "F", 1),
         (COUNCIL, YEAR, 10, "F", 999)]
    )  # fmt: skip
    rows = ascof(e.con, YEAR)
    b, c = measure(rows, "2B", "18-64"), measure(rows, "2C", "65+")
    assert (b["numerator"], b["denominator"], b["value"]) == (1, 100_000, 1.0)
    assert (c["numerator"], c["denominator"], c["value"]) == (1, 50_000, 2.0)


def test_settled_accommodation_2e_and_learning_disability_lts004():
    e = Events()
    ld = {"primary_support_reason": "learning_disability", "date_of_birth": "1990-01-01"}
    e.service(
        "nhs:1", event_start="2024-01-01", accommodation_status="tenant_private",
        employment_status="paid_under_16", **ld,
    )  # fmt: skip
    e.service("nhs:2", event_start="2024-01-01", accommodation_status="registered_care_home", **ld)
    # A later row with an unknown status does not hide the known one (NHS England LTS004).
    e.service("nhs:2", event_start="2025-06-01", service_component="day_care",
              accommodation_status="unknown", version_rank=2, **ld)  # fmt: skip
    e.service("nhs:3", event_start="2024-01-01", accommodation_status="owner_occupier")
    out = all_measures(e.con, YEAR)
    two_e = measure(out["ascof"], "2E", "all")
    assert (two_e["numerator"], two_e["denominator"]) == (2, 3)
    lts004 = out["salt"]["LTS004"]
    assert counts(lts004, "accommodation") == {"settled": 1, "unsettled": 1}
    assert counts(lts004, "employment_status") == {"paid_under_16": 1, "unknown": 1}


def test_lts001c_reviews_of_clients_in_support_12_months():
    e = Events()
    e.service("nhs:1", event_start="2024-01-01", event_end="2025-01-31")
    e.service("nhs:1", event_start="2025-02-03", delivery_mechanism="managed_pb")  # no break
    e.add("nhs:1", event_type="review", event_start="2025-06-01", event_end="2025-06-01",
          review_reason="unplanned")  # fmt: skip
    e.add("nhs:1", event_type="review", event_start="2025-09-01", event_end="2025-09-02",
          review_reason="planned")  # fmt: skip
    e.service("nhs:2", event_start="2024-01-01")  # not reviewed
    e.service("nhs:3", event_start="2025-06-01")  # under 12 months
    e.service("nhs:4", event_start="2023-01-01", event_end="2025-03-01")
    e.service("nhs:4", event_start="2025-05-01")  # a break of two months: a new spell
    salt = salt_tables(e.con, YEAR)
    assert counts(salt["LTS001c"], "review") == {"planned": 1, "not_reviewed": 1}


def test_an_empty_period_gives_zeros_with_notes():
    e = Events()
    e.service(event_start="2019-01-01", event_end="2020-01-01")
    out = all_measures(e.con, YEAR)
    for rows in out["salt"].values():
        (row,) = rows
        assert row["count"] == 0 and row["note"]
    assert out["ascof"]
    for row in out["ascof"]:
        assert row["numerator"] == 0 and row["value"] is None and row["note"]


def test_several_councils_give_per_council_results():
    e = Events()
    e.service("nhs:1", event_start="2024-01-01")
    e.service("nhs:1", event_start="2024-01-01", council="E09000001")
    e.service("nhs:2", event_start="2024-01-01", council="E09000001")
    salt = salt_tables(e.con, YEAR)
    assert total(salt["LTS001b"])["count"] == 1
    assert total(salt["LTS001b"], "E09000001")["count"] == 2


SERVICE_TYPES = [
    "lts_nursing", "lts_residential", "lts_community", "lts_prison", "sts_st_max",
    "sts_low_level", "sts_other", "carer_direct", "carer_via_cared_for", None,
]  # fmt: skip
OUTCOMES = [None, "nfa_information", "nfa_declined", "progress_services", "admitted_hospital"]

event_rows = st.fixed_dictionaries(
    {
        "person": st.sampled_from([None, "nhs:1", "nhs:2", "la:3", "la:4"]),
        "council": st.sampled_from([COUNCIL, "E09000001"]),
        "event_type": st.sampled_from(["request", "assessment", "service", "review"]),
        "client_type": st.sampled_from(["service_user", "service_user", "carer"]),
        "service_type": st.sampled_from(SERVICE_TYPES),
        "delivery_mechanism": st.sampled_from(
            [None, "direct_payment", "managed_pb", "commissioned"]
        ),
        "event_outcome": st.sampled_from(OUTCOMES),
        "start": st.integers(0, 900),
        "length": st.one_of(st.none(), st.integers(0, 400)),
        "born": st.sampled_from([None, "1940-03-31", "1961-02-01", "1990-07-01", "2010-01-01"]),
        "version_rank": st.integers(1, 3),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(event_rows, max_size=25))
def test_properties_rates_in_range_and_breakdowns_add_up(rows):
    from datetime import date, timedelta

    e = Events()
    for r in rows:
        start = date(2024, 10, 1) + timedelta(days=r["start"])
        end = None if r["length"] is None else start + timedelta(days=r["length"])
        if r["event_type"] != "service" and end is None:
            end = start
        e.add(
            r["person"], council=r["council"], event_type=r["event_type"],
            client_type=r["client_type"], service_type=r["service_type"],
            delivery_mechanism=r["delivery_mechanism"], event_outcome=r["event_outcome"],
            event_start=start, event_end=end, version_rank=r["version_rank"],
            date_of_birth=None if r["born"] is None else date.fromisoformat(r["born"]),
        )  # fmt: skip
    out = all_measures(e.con, YEAR)
    for row in out["ascof"]:
        assert row["numerator"] >= 0
        if row["measure"] not in ("2B", "2C"):
            assert row["numerator"] <= row["denominator"]
            assert row["value"] is None or 0 <= row["value"] <= 100
        assert (row["value"] is None) == (not row["denominator"])
        assert row["value"] is not None or row["note"]
    for rows_ in out["salt"].values():
        for council in {r["council"] for r in rows_}:
            mine = [r for r in rows_ if r["council"] == council]
            assert (
                sum(r["count"] for r in mine if r["note"] is None and "total" not in r.values())
                == (total(rows_, council)["count"])
            )
    for council in (COUNCIL, "E09000001"):
        for part in ("1a", "1b"):
            whole, dp = (
                [r for r in out["ascof"] if r["council"] == council and r["measure"] == "3D"
                 and r["part"] == p and r["breakdown"] == "total"]
                for p in (part, part.replace("1", "2"))
            )  # fmt: skip
            if whole:
                assert dp[0]["numerator"] <= whole[0]["numerator"]
        ages = [
            r["count"] for r in out["salt"]["LTS001b"]
            if r["council"] == council and r["age_band"] in ("18-64", "65+", "unknown")
        ]  # fmt: skip
        if ages:
            assert sum(ages) == total(out["salt"]["LTS001b"], council)["count"]
