"""Hierarchies and groupings as DuckDB macros, with the labels for the codes they return.

Inputs are the internal codes of ``openasc.vocab.lists`` (the ``cld_events`` contract).
"""

from __future__ import annotations

from openasc.vocab.lists import ACCOMMODATION_STATUS

# Event outcome hierarchy used to pick the record kept for a unique event
# (DHSC_6-deduplication.md, step 3, "Event_Outcome_Hierarchy"); blank/invalid last.
# Setting hierarchy for a client with several long-term services (domain.md section 2;
# DHSC ASCOF 3D script, REF_Service_Type_Delivery_Mech): Nursing > Residential >
# Community: Direct Payment > Managed PB > Commissioned > (mechanism blank) > Prison.
# A community service counts as a direct payment when its delivery mechanism is Direct
# Payment or its service component is Direct Payment (DHSC ASCOF 3D: "Overwrite delivery
# mechanism when service comp is DP").
_MACROS = """
CREATE OR REPLACE TEMP MACRO outcome_rank(o) AS CASE o
    WHEN 'progress_reablement' THEN 1 WHEN 'progress_assessment' THEN 2
    WHEN 'progress_services' THEN 4 WHEN 'continuation' THEN 5
    WHEN 'admitted_hospital' THEN 6 WHEN 'nfa_moved_la' THEN 7 WHEN 'nfa_nhs' THEN 8
    WHEN 'nfa_self_funded' THEN 9 WHEN 'nfa_information' THEN 10
    WHEN 'nfa_other_la_service' THEN 11 WHEN 'nfa_declined' THEN 12
    WHEN 'nfa_deceased' THEN 13 WHEN 'nfa_ended_planned' THEN 14
    WHEN 'nfa_ended_other' THEN 15 WHEN 'nfa_no_services' THEN 16 WHEN 'nfa_other' THEN 17
    ELSE 99 END;
CREATE OR REPLACE TEMP MACRO is_direct_payment(mechanism, component) AS
    coalesce(mechanism = 'direct_payment' OR component = 'direct_payment_component', false);
CREATE OR REPLACE TEMP MACRO setting_rank(stype, mechanism, component) AS CASE
    WHEN stype = 'lts_nursing' THEN 1
    WHEN stype = 'lts_residential' THEN 2
    WHEN stype = 'lts_community' AND is_direct_payment(mechanism, component) THEN 3
    WHEN stype = 'lts_community' AND mechanism = 'managed_pb' THEN 4
    WHEN stype = 'lts_community' AND mechanism = 'commissioned' THEN 5
    WHEN stype = 'lts_community' THEN 6
    WHEN stype = 'lts_prison' THEN 7 END;
CREATE OR REPLACE TEMP MACRO setting_name(r) AS
    ['nursing', 'residential', 'community_direct_payment', 'community_managed_budget',
     'community_commissioned', 'community_mechanism_unknown', 'prison'][r];
CREATE OR REPLACE TEMP MACRO is_long_term(stype) AS
    coalesce(stype IN ('lts_nursing', 'lts_residential', 'lts_community', 'lts_prison'), false);
CREATE OR REPLACE TEMP MACRO service_sequel_rank(stype) AS CASE stype
    WHEN 'lts_nursing' THEN 1 WHEN 'lts_residential' THEN 2 WHEN 'lts_community' THEN 3
    WHEN 'lts_prison' THEN 4 WHEN 'sts_st_max' THEN 5 WHEN 'sts_low_level' THEN 6
    WHEN 'sts_other' THEN 7 END;
CREATE OR REPLACE TEMP MACRO service_sequel(stype) AS CASE stype
    WHEN 'sts_st_max' THEN 'st_max' WHEN 'sts_low_level' THEN 'low_level'
    WHEN 'sts_other' THEN 'other_short_term' ELSE stype END;
CREATE OR REPLACE TEMP MACRO outcome_sequel(o) AS CASE
    WHEN o = 'progress_reablement' THEN 'st_max'
    WHEN o IN ('nfa_information', 'nfa_other_la_service', 'nfa_nhs')
        THEN 'universal_signposting'
    WHEN o = 'nfa_declined' THEN 'no_services_declined'
    WHEN o = 'nfa_self_funded' THEN 'no_services_self_funded'
    WHEN o = 'nfa_deceased' THEN 'no_services_deceased'
    WHEN o = 'admitted_hospital' THEN 'admitted_hospital'
    WHEN o IN ('nfa_moved_la', 'nfa_no_services', 'nfa_other', 'nfa_ended_planned',
               'nfa_ended_other') THEN 'no_services_other' END;
CREATE OR REPLACE TEMP MACRO carer_support(etype, stype, mechanism, component, o) AS CASE
    WHEN stype = 'carer_direct' AND is_direct_payment(mechanism, component)
        THEN 'direct_payment'
    WHEN stype = 'carer_direct' AND mechanism = 'managed_pb' THEN 'managed_budget'
    WHEN stype = 'carer_direct' AND mechanism = 'commissioned' THEN 'commissioned_support'
    WHEN stype = 'carer_direct' THEN 'direct_support_mechanism_unknown'
    WHEN stype = 'carer_via_cared_for' THEN 'no_direct_support'
    WHEN etype IN ('assessment', 'review') AND o = 'nfa_information'
        THEN 'information_advice'
    WHEN etype IN ('assessment', 'review') THEN 'no_direct_support'
    WHEN etype = 'request' AND o = 'nfa_information' THEN 'information_advice' END;
CREATE OR REPLACE TEMP MACRO carer_rank(s) AS CASE s
    WHEN 'part_direct_payment' THEN 1 WHEN 'direct_payment' THEN 2
    WHEN 'managed_budget' THEN 3 WHEN 'commissioned_support' THEN 4
    WHEN 'direct_support_mechanism_unknown' THEN 5 WHEN 'information_advice' THEN 6
    WHEN 'no_direct_support' THEN 7 END;
"""


def install(con) -> None:
    con.execute(_MACROS)
    # Settled accommodation: the "settled" group of the defined list (NHS England ASCOF 2E
    # script, REF_Accommodation_Status); unknown and blank are not settled.
    settled = ", ".join(f"'{t.code}'" for t in ACCOMMODATION_STATUS if t.group == "settled")
    con.execute(f"CREATE OR REPLACE TEMP MACRO is_settled(a) AS coalesce(a IN ({settled}), false)")
    con.execute(
        "CREATE OR REPLACE TEMP MACRO accommodation_group(a) AS CASE WHEN a IS NULL THEN "
        "'unknown' WHEN is_settled(a) THEN 'settled' ELSE 'unsettled' END"
    )


#: Sequels (what followed a request or an ST-Max episode), in SALT STS001/STS002a order.
SEQUELS = {
    "st_max": "Short term support to maximise independence (ST-Max)",
    "lts_nursing": "Long term support: nursing care",
    "lts_residential": "Long term support: residential care",
    "lts_community": "Long term support: community",
    "lts_prison": "Long term support: prison",
    "low_level": "Ongoing low level support",
    "other_short_term": "Short term support: other",
    "universal_signposting": "Universal services / signposted to other services",
    "no_services_declined": "No services provided: support declined",
    "no_services_self_funded": "No services provided: self-funded",
    "no_services_deceased": "No services provided: deceased",
    "admitted_hospital": "Admitted to hospital",
    "no_services_other": "No services provided: other reason",
    "unclassified": "Unable to classify (no service found, outcome not final)",
}

SETTINGS = {
    "nursing": "Nursing care",
    "residential": "Residential care",
    "community_direct_payment": "Community: direct payment",
    "community_managed_budget": "Community: CASSR managed personal budget",
    "community_commissioned": "Community: CASSR commissioned support",
    "community_mechanism_unknown": "Community: delivery mechanism not recorded",
    "prison": "Prison",
}

CARER_SUPPORT = {
    "part_direct_payment": "Part direct payment",
    "direct_payment": "Direct payment only",
    "managed_budget": "CASSR managed personal budget",
    "commissioned_support": "CASSR commissioned support only",
    "direct_support_mechanism_unknown": "Direct to carer: delivery mechanism not recorded",
    "information_advice": "Information, advice and universal services / signposting",
    "no_direct_support": "No direct support provided to carer",
}

REVIEWS = {
    "planned": "Planned review",
    "unplanned": "Unplanned review",
    "reason_unknown": "Reviewed, reason not recorded",
    "not_reviewed": "Not reviewed",
}
