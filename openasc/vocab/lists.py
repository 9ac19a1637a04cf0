"""The national defined lists of Client Level Data (CLD), in one place.

Each list holds stable internal codes (what the database stores) with the text CLD Release 1
and Release 2 use for them. Release 2 applies from October 2025; an export picks its release
and this module does the translation, so nothing is keyed twice and old rows never need
rewriting when the national spelling changes.

Where the text came from (checked against these; anything not listed is from memory of the
CLD specification and unconfirmed):
- Event Outcome, Release 2: all 16 values confirmed against the DHSC methodology
  (standards/cld-methodology/DHSC_5-data-cleaning.md Event_Outcome_Cleaned list and
  DHSC_6-deduplication.md outcome hierarchy) and docs/domain.md section 2.
  Release 1 outcome text: unconfirmed.
- Ethnicity, Release 2: all values confirmed against DHSC_5-data-cleaning.md
  (Ethnicity_Cleaned, including "No data: Refused" / "No data: Undeclared or not known").
  Release 1: the "Mixed: ..." form is confirmed by one example row in the same file
  ("Mixed: White and Asian"); the other Release 1 ethnicity text is unconfirmed.
- Service Type, Release 2: confirmed against DHSC_5-data-cleaning.md (Service_Type_Cleaned,
  "Unpaid carer support: ..."). Release 1: the long and short term values and
  "Carer Support: Direct to Carer" are confirmed by the NHS England ASCOF 2E/3D scripts
  (DataS-DHSC/ASC-CLD-LA-Dashboard, ASCOF_measures/); "Carer Support: Support involving
  the person cared-for" is unconfirmed.
- Delivery Mechanism, Release 1: confirmed (domain.md and the ASCOF 3D script). Release 2:
  unconfirmed.
- Client Type, Release 1: confirmed (domain.md; DHSC GetDQValues procedure). Release 2:
  unconfirmed.
- Accommodation Status, Release 1 and its settled/unsettled grouping: confirmed against the
  NHS England ASCOF 2E script (REF_Accommodation_Status), which also lists "Approved
  premises ..." (settled, added here). The social tenant text and every Release 2 accommodation
  spelling are unconfirmed.
- Employment Status, Release 1: confirmed against the ASCOF 2E script. Release 2: unconfirmed.
- Primary Support Reason, Release 1: the SALT/CLD R1 values (three sensory values, "Access &
  mobility only", "Personal care support", "Support for Social Isolation/Other") appear in
  public Interweave FHIR code systems; Release 2 text, and whether the sensory values merged
  in Release 2, are unconfirmed.
- Assessment Type "Financial Assessment" (Release 1) and Review Reason "Review of short term
  support" (Release 2): seen in the DHSC GetDQValues / GetDerivedFields procedures. The other
  assessment, review, method, route of access, funding status, cost frequency and outcomes
  achieved text is unconfirmed.
- Service Component: "Home Support", "Community Supported Living", "Extra care housing",
  "Shared Lives", "Direct Payment", "Short Term Residential Care", "Short Term Nursing Care"
  and "Carer Respite" appear in the DHSC/NHS England scripts (Release 1); the rest of the
  list and all Release 2 component text is unconfirmed.
- Request reason and contact source are local lists (not CLD defined lists).
Check this module against each new CLD specification release: DHSC and NHS England say the
same of their own reference tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    code: str
    r1: str | None  # None: not in Release 1
    r2: str | None  # None: withdrawn in Release 2
    group: str = ""  # e.g. "settled" / "unsettled" for accommodation

    @property
    def label(self) -> str:
        return self.r2 or self.r1 or self.code


@dataclass(frozen=True)
class DefinedList:
    name: str
    cld_field: str
    terms: tuple[Term, ...]
    _by_code: dict[str, Term] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {t.code: t for t in self.terms})

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self):
        return iter(self.terms)

    def __getitem__(self, code: str) -> Term:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"{code!r} is not a {self.name} code") from None

    @property
    def codes(self) -> list[str]:
        return [t.code for t in self.terms]

    def choices(self, release: int = 2) -> list[tuple[str, str]]:
        return [(t.code, self.text(t.code, release)) for t in self.terms if self._in(t, release)]

    def label(self, code: str | None) -> str:
        if not code:
            return ""
        term = self._by_code.get(code)
        return term.label if term else code

    def text(self, code: str, release: int = 2) -> str:
        """The value to write in a CLD file of the given release."""
        term = self[code]
        value = term.r1 if release == 1 else term.r2
        if value is None:
            value = term.r2 if release == 1 else term.r1
        return value or code

    def from_text(self, text: str) -> str:
        """The code for a CLD value of either release (case and spacing tolerant)."""
        key = _fold(text)
        for t in self.terms:
            if key in {_fold(t.r1 or ""), _fold(t.r2 or ""), _fold(t.code)}:
                return t.code
        raise KeyError(f"{text!r} is not a value of {self.cld_field}")

    def r1_to_r2(self) -> dict[str, str]:
        return {t.r1: t.r2 for t in self.terms if t.r1 and t.r2}

    @staticmethod
    def _in(term: Term, release: int) -> bool:
        return (term.r1 if release == 1 else term.r2) is not None


def _fold(s: str) -> str:
    return " ".join(s.replace("–", "-").replace("&", "and").lower().split())


def _list(name: str, cld_field: str, *rows: tuple) -> DefinedList:
    return DefinedList(name, cld_field, tuple(Term(*row) for row in rows))


GENDER = _list(
    "gender",
    "Gender",
    ("male", "Male", "Male"),
    ("female", "Female", "Female"),
    ("other", "Other", "Other"),
    ("unknown", "Unknown", "Unknown"),
)

ETHNICITY = _list(
    "ethnicity",
    "Ethnicity",
    (
        "white_british",
        "White: English, Welsh, Scottish, Northern Irish or British",
        "White: English, Welsh, Scottish, Northern Irish or British",
    ),  # noqa: E501
    ("white_irish", "White: Irish", "White: Irish"),
    ("white_gypsy", "White: Gypsy or Irish Traveller", "White: Gypsy or Irish Traveller"),
    ("white_roma", None, "White: Roma"),
    ("white_other", "White: Any other White background", "White: Any other White background"),
    (
        "mixed_white_black_caribbean",
        "Mixed: White and Black Caribbean",
        "Mixed or multiple ethnic groups: White and Black Caribbean",
    ),  # noqa: E501
    (
        "mixed_white_black_african",
        "Mixed: White and Black African",
        "Mixed or multiple ethnic groups: White and Black African",
    ),  # noqa: E501
    (
        "mixed_white_asian",
        "Mixed: White and Asian",
        "Mixed or multiple ethnic groups: White and Asian",
    ),  # noqa: E501
    (
        "mixed_other",
        "Mixed: Any other Mixed background",
        "Mixed or multiple ethnic groups: Any other Mixed or multiple ethnic background",
    ),  # noqa: E501
    ("asian_indian", "Asian or Asian British: Indian", "Asian or Asian British: Indian"),
    ("asian_pakistani", "Asian or Asian British: Pakistani", "Asian or Asian British: Pakistani"),
    (
        "asian_bangladeshi",
        "Asian or Asian British: Bangladeshi",
        "Asian or Asian British: Bangladeshi",
    ),  # noqa: E501
    ("asian_chinese", "Asian or Asian British: Chinese", "Asian or Asian British: Chinese"),
    (
        "asian_other",
        "Asian or Asian British: Any other Asian background",
        "Asian or Asian British: Any other Asian background",
    ),  # noqa: E501
    (
        "black_african",
        "Black, Black British, Caribbean or African: African",
        "Black, Black British, Caribbean or African: African",
    ),  # noqa: E501
    (
        "black_caribbean",
        "Black, Black British, Caribbean or African: Caribbean",
        "Black, Black British, Caribbean or African: Caribbean",
    ),  # noqa: E501
    (
        "black_other",
        "Black, Black British, Caribbean or African: Any other Black, Black British or Caribbean background",
        "Black, Black British, Caribbean or African: Any other Black, Black British or Caribbean background",
    ),  # noqa: E501
    ("other_arab", "Other ethnic group: Arab", "Other ethnic group: Arab"),
    (
        "other_any",
        "Other ethnic group: Any other ethnic group",
        "Other ethnic group: Any other ethnic group",
    ),  # noqa: E501
    ("refused", "Refused", "No data: Refused"),
    ("undeclared", "Undeclared / Not known", "No data: Undeclared or not known"),
)

CLIENT_TYPE = _list(
    "client type",
    "Client Type",
    ("service_user", "Service User", "Service User"),
    ("carer", "Carer", "Carer"),
    ("carer_by_association", "Carer known by association", "Carer known by association"),
)

PRIMARY_SUPPORT_REASON = _list(
    "primary support reason",
    "Primary Support Reason",
    (
        "physical_access",
        "Physical Support: Access & mobility only",
        "Physical Support: Access and mobility only",
    ),  # noqa: E501
    (
        "physical_personal_care",
        "Physical Support: Personal care support",
        "Physical Support: Personal care support",
    ),  # noqa: E501
    ("sensory", "Sensory Support: Support for visual impairment", "Sensory Support"),
    ("sensory_hearing", "Sensory Support: Support for hearing impairment", None),
    ("sensory_dual", "Sensory Support: Support for dual impairment", None),
    ("memory_cognition", "Support with Memory & Cognition", "Support with Memory and Cognition"),
    ("learning_disability", "Learning Disability Support", "Learning Disability Support"),
    ("mental_health", "Mental Health Support", "Mental Health Support"),
    (
        "social_substance",
        "Social Support: Substance misuse support",
        "Social Support: Substance misuse support",
    ),  # noqa: E501
    (
        "social_asylum",
        "Social Support: Asylum seeker support",
        "Social Support: Asylum seeker support",
    ),  # noqa: E501
    (
        "social_isolation",
        "Social Support: Support for Social Isolation/Other",
        "Social Support: Support for social isolation or other",
    ),  # noqa: E501
    ("social_carer", "Social Support: Support to Carer", "Social Support: Support to carer"),
    ("unknown", "Unknown", "Unknown"),
)

ACCOMMODATION_STATUS = _list(
    "accommodation status",
    "Accommodation Status",
    (
        "owner_occupier",
        "Owner occupier or shared ownership scheme",
        "Owner occupier or shared ownership scheme",
        "settled",
    ),  # noqa: E501
    (
        "tenant_council",
        "Tenant - local authority/arms length management organisation/registered social landlord/housing association",
        "Tenant - local authority, arms length management organisation, registered social landlord or housing association",
        "settled",
    ),  # noqa: E501
    ("tenant_private", "Tenant - private landlord", "Tenant - private landlord", "settled"),
    (
        "family_friends",
        "Settled mainstream housing with family / friends",
        "Settled mainstream housing with family or friends",
        "settled",
    ),  # noqa: E501
    (
        "supported_accommodation",
        "Supported accommodation / supported lodgings / supported group home",
        "Supported accommodation, supported lodgings or supported group home",
        "settled",
    ),  # noqa: E501
    ("shared_lives", "Shared Lives scheme", "Shared Lives scheme", "settled"),
    (
        "approved_premises",
        "Approved premises for offenders released from prison or under probation supervision",
        "Approved premises for offenders released from prison or under probation supervision",
        "settled",
    ),
    (
        "sheltered",
        "Sheltered housing / extra care housing / other sheltered housing",
        "Sheltered housing, extra care housing or other sheltered housing",
        "settled",
    ),  # noqa: E501
    (
        "mobile_home",
        "Mobile accommodation for Gypsy / Roma and Traveller communities",
        "Mobile accommodation for Gypsy, Roma and Traveller communities",
        "settled",
    ),  # noqa: E501
    ("rough_sleeper", "Rough sleeper / squatting", "Rough sleeper or squatting", "unsettled"),
    (
        "night_shelter",
        "Night shelter / emergency hostel / direct access hostel",
        "Night shelter, emergency hostel or direct access hostel",
        "unsettled",
    ),  # noqa: E501
    ("refuge", "Refuge", "Refuge", "unsettled"),
    (
        "placed_temporary",
        "Placed in temporary accommodation by the council (inc. homelessness resettlement)",
        "Placed in temporary accommodation by the council (including homelessness resettlement)",
        "unsettled",
    ),  # noqa: E501
    (
        "staying_with_family_temporary",
        "Staying with family / friends as a short-term guest",
        "Staying with family or friends as a short-term guest",
        "unsettled",
    ),  # noqa: E501
    (
        "acute_hospital",
        "Acute / long-term healthcare residential facility or hospital",
        "Acute or long-term healthcare residential facility or hospital",
        "unsettled",
    ),  # noqa: E501
    ("registered_care_home", "Registered care home", "Registered care home", "unsettled"),
    ("registered_nursing_home", "Registered nursing home", "Registered nursing home", "unsettled"),
    (
        "prison",
        "Prison / Young offenders institution / detention centre",
        "Prison, young offenders institution or detention centre",
        "unsettled",
    ),  # noqa: E501
    (
        "other_temporary",
        "Other temporary accommodation",
        "Other temporary accommodation",
        "unsettled",
    ),  # noqa: E501
    ("unknown", "Unknown", "Unknown", "unsettled"),
)

EMPLOYMENT_STATUS = _list(
    "employment status",
    "Employment Status",
    ("paid_16_plus", "Paid: 16 or more hours a week", "Paid: 16 or more hours a week"),
    ("paid_under_16", "Paid: Less than 16 hours a week", "Paid: Less than 16 hours a week"),
    ("paid_unknown_hours", "Paid: Hours per week unknown", "Paid: Hours per week unknown"),
    (
        "not_in_paid_seeking",
        "Not in Paid Employment (seeking work)",
        "Not in paid employment: seeking work",
    ),  # noqa: E501
    (
        "not_in_paid_not_seeking",
        "Not in Paid Employment (not actively seeking work / retired)",
        "Not in paid employment: not actively seeking work or retired",
    ),  # noqa: E501
    (
        "not_in_paid_voluntary",
        "Not in Paid Employment (voluntary work only)",
        "Not in paid employment: voluntary work only",
    ),  # noqa: E501
    ("unknown", "Unknown", "Unknown"),
)

YES_NO_UNKNOWN = _list(
    "yes / no / unknown",
    "Yes/No/Unknown",
    ("yes", "Yes", "Yes"),
    ("no", "No", "No"),
    ("unknown", "Unknown", "Unknown"),
)

CLIENT_FUNDING_STATUS = _list(
    "client funding status",
    "Client Funding Status",
    ("fully_la", "Fully Local Authority funded", "Fully local authority funded"),
    (
        "partly_la",
        "Partially Local Authority funded (client contribution)",
        "Partially local authority funded (client contribution)",
    ),  # noqa: E501
    ("self_funded", "Fully self-funded", "Fully self-funded"),
    (
        "nhs_chc",
        "Fully NHS funded (including Continuing Health Care)",
        "Fully NHS funded (including Continuing Health Care)",
    ),  # noqa: E501
    (
        "joint_nhs",
        "Jointly funded by Local Authority and NHS",
        "Jointly funded by local authority and NHS",
    ),  # noqa: E501
    ("unknown", "Unknown", "Unknown"),
)

EVENT_TYPE = _list(
    "event type",
    "Event Type",
    ("request", "Request", "Request"),
    ("assessment", "Assessment", "Assessment"),
    ("service", "Service", "Service"),
    ("review", "Review", "Review"),
)

ROUTE_OF_ACCESS = _list(
    "route of access",
    "Route of Access",
    ("planned_entry", "Planned Entry (Transition)", "Planned entry (transition)"),
    ("discharge_hospital", "Discharge from Hospital", "Discharge from hospital"),
    ("diversion_hospital", "Diversion from Hospital Services", "Diversion from hospital services"),
    ("community", "Community / Other route", "Community or other route"),
    ("self_referral_online", None, "Self-referral online"),
    ("prison", "Prison", "Prison"),
)

REQUEST_REASON = _list(
    "request reason",
    "Event Description (request)",
    ("new_needs", "New needs", "New needs"),
    ("change_in_needs", "Change in needs", "Change in needs"),
    ("carer_breakdown", "Carer breakdown", "Carer breakdown"),
    ("hospital_discharge", "Hospital discharge", "Hospital discharge"),
    ("information_only", "Information and advice only", "Information and advice only"),
    ("safeguarding_related", "Safeguarding related", "Safeguarding related"),
    ("carer_support", "Support for a carer", "Support for a carer"),
)

CONTACT_SOURCE = _list(
    "who made contact",
    "Contact source (local)",
    ("self", "Self", "Self"),
    ("family_friend", "Family member, friend or neighbour", "Family member, friend or neighbour"),
    ("carer", "Carer", "Carer"),
    ("gp", "GP or primary care", "GP or primary care"),
    ("hospital", "Hospital", "Hospital"),
    ("community_health", "Community health services", "Community health services"),
    ("police", "Police", "Police"),
    ("housing", "Housing", "Housing"),
    ("provider", "Care provider", "Care provider"),
    ("voluntary", "Voluntary or community organisation", "Voluntary or community organisation"),
    ("other_council", "Other council department", "Other council department"),
    ("other", "Other", "Other"),
)

ASSESSMENT_TYPE = _list(
    "assessment type",
    "Assessment Type",
    (
        "long_term_first",
        "Long Term Support: First Assessment",
        "Long term support: first assessment",
    ),  # noqa: E501
    ("long_term_review", "Long Term Support: Reassessment", "Long term support: reassessment"),
    ("short_term", "Short Term Support", "Short term support"),
    ("carer", "Carer Assessment", "Carer assessment"),
    ("joint_carer", "Joint Carer Assessment", "Joint carer assessment"),
    ("occupational_therapy", "Occupational Therapy Assessment", "Occupational therapy assessment"),
    ("financial", "Financial Assessment", "Financial assessment"),
)

ASSESSMENT_METHOD = _list(
    "method of assessment",
    "Method of Assessment",
    ("face_to_face", "Face to face", "Face to face"),
    ("telephone", "Telephone", "Telephone"),
    ("video", "Video call", "Video call"),
    ("self_assessment", "Supported self-assessment", "Supported self-assessment"),
    ("online_self", None, "Online self-assessment"),
    ("other", "Other", "Other"),
)

SERVICE_TYPE = _list(
    "service type",
    "Service Type",
    (
        "lts_nursing",
        "Long Term Support: Nursing Care",
        "Long term support: Nursing care",
        "long_term",
    ),  # noqa: E501
    (
        "lts_residential",
        "Long Term Support: Residential Care",
        "Long term support: Residential care",
        "long_term",
    ),  # noqa: E501
    ("lts_community", "Long Term Support: Community", "Long term support: Community", "long_term"),  # noqa: E501
    ("lts_prison", "Long Term Support: Prison", "Long term support: Prison", "long_term"),
    ("sts_st_max", "Short Term Support: ST-Max", "Short term support: ST-Max", "short_term"),
    (
        "sts_low_level",
        "Short Term Support: Ongoing Low Level",
        "Short term support: Ongoing low level",
        "short_term",
    ),  # noqa: E501
    (
        "sts_other",
        "Short Term Support: Other Short Term",
        "Short term support: Other short term",
        "short_term",
    ),  # noqa: E501
    (
        "carer_direct",
        "Carer Support: Direct to Carer",
        "Unpaid carer support: Direct to unpaid carer",
        "carer",
    ),
    (
        "carer_via_cared_for",
        "Carer Support: Support involving the person cared-for",
        "Unpaid carer support: Support involving the person cared-for",
        "carer",
    ),  # noqa: E501
)

SERVICE_COMPONENT = _list(
    "service component",
    "Service Component",
    ("home_care", "Home Support", "Home support"),
    ("day_care", "Day Care", "Day care"),
    ("personal_assistant", "Personal Assistant", "Personal assistant"),
    ("equipment", "Equipment and adaptations", "Equipment and adaptations"),
    ("telecare", "Telecare", "Telecare"),
    ("meals", "Meals", "Meals"),
    ("respite", "Short term residential (not respite)", "Short term residential (not respite)"),
    ("supported_living", "Community Supported Living", "Community supported living"),
    ("shared_lives", "Shared Lives", "Shared Lives"),
    ("reablement", "Reablement", "Reablement"),
    ("care_home", "Care home placement", "Care home placement"),
    ("carer_break", "Carer break", "Carer break"),
    ("direct_payment_other", "Other", "Other"),
    ("direct_payment_component", "Direct Payment", "Direct payment"),
    ("extra_care", "Extra care housing", "Extra care housing"),
    ("short_term_residential", "Short Term Residential Care", "Short term residential care"),
    ("short_term_nursing", "Short Term Nursing Care", "Short term nursing care"),
    ("carer_respite", "Carer Respite", "Carer respite"),
)

DELIVERY_MECHANISM = _list(
    "delivery mechanism",
    "Delivery Mechanism",
    ("direct_payment", "Direct Payment", "Direct payment"),
    ("managed_pb", "CASSR Managed Personal Budget", "CASSR managed personal budget"),
    ("commissioned", "CASSR Commissioned Support", "CASSR commissioned support"),
)

COST_FREQUENCY = _list(
    "cost frequency",
    "Cost Frequency (Unit Type)",
    ("hourly", "Hourly", "Hourly"),
    ("daily", "Daily", "Daily"),
    ("weekly", "Weekly", "Weekly"),
    ("monthly", "Monthly", "Monthly"),
    ("annually", "Annually", "Annually"),
    ("one_off", "One-off", "One-off"),
)

REVIEW_REASON = _list(
    "review reason",
    "Review Reason",
    ("planned", "Planned", "Planned"),
    ("unplanned", "Unplanned", "Unplanned"),
    ("safeguarding", "Unplanned - Safeguarding", "Unplanned: safeguarding"),
    ("provider", "Unplanned - Provider request", "Unplanned: provider request"),
    ("short_term", None, "Review of short term support"),
)

REVIEW_METHOD = ASSESSMENT_METHOD

REVIEW_OUTCOMES_ACHIEVED = _list(
    "review outcomes achieved",
    "Review Outcomes Achieved",
    ("fully", "Fully achieved", "Fully achieved"),
    ("partially", "Partially achieved", "Partially achieved"),
    ("not", "Not achieved", "Not achieved"),
    ("unknown", "Unknown", "Unknown"),
)

# Event Outcome. The Release 1 names were per event type; Release 2 made one list.
EVENT_OUTCOME = _list(
    "event outcome",
    "Event Outcome",
    ("admitted_hospital", "Admitted to hospital", "Admitted to hospital"),
    ("continuation", "Continuation of support or services", "Continuation of support or services"),  # noqa: E501
    ("nfa_deceased", "NFA - Deceased", "NFA: Deceased"),
    (
        "nfa_information",
        "NFA - Information & Advice / Signposting only",
        "NFA: Information and advice or signposting",
    ),  # noqa: E501
    (
        "nfa_no_services",
        "NFA - No services provided - other reason",
        "NFA: No services offered for other reason",
    ),  # noqa: E501
    ("nfa_other", "NFA - Other", "NFA: Other"),
    (
        "nfa_nhs",
        "NFA - Support provided by NHS",
        "NFA: Referral to NHS services or NHS funded social care",
    ),  # noqa: E501
    (
        "nfa_other_la_service",
        "NFA - Universal services / Signposted to other services",
        "NFA: Referral to other service within the local authority",
    ),  # noqa: E501
    (
        "nfa_moved_la",
        "NFA - Moved to another LA",
        "NFA: Responsibility moved to another local authority",
    ),  # noqa: E501
    (
        "nfa_self_funded",
        "NFA - Self-funded client (inc. 12wk disregard)",
        "NFA: Self-funded client or under 12wk disregard",
    ),  # noqa: E501
    ("nfa_declined", "NFA - Support declined", "NFA: Support declined"),
    ("nfa_ended_planned", "NFA - Support ended as planned", "NFA: Support ended as planned"),
    (
        "nfa_ended_other",
        "NFA - Support ended - other reason",
        "NFA: Support ended for other reason",
    ),  # noqa: E501
    (
        "progress_assessment",
        "Progress to Assessment / Review / Reassessment",
        "Progress to assessment, review or reassessment",
        "progress",
    ),  # noqa: E501
    (
        "progress_reablement",
        "Progress to Reablement/ST-Max",
        "Progress to reablement/ST-Max",
        "progress",
    ),  # noqa: E501
    (
        "progress_services",
        "Progress to Support Planning / Services",
        "Progress to support planning or services",
        "progress",
    ),  # noqa: E501
)

ALL_LISTS: dict[str, DefinedList] = {
    dl.name: dl
    for dl in (
        GENDER,
        ETHNICITY,
        CLIENT_TYPE,
        PRIMARY_SUPPORT_REASON,
        ACCOMMODATION_STATUS,
        EMPLOYMENT_STATUS,
        YES_NO_UNKNOWN,
        CLIENT_FUNDING_STATUS,
        EVENT_TYPE,
        ROUTE_OF_ACCESS,
        REQUEST_REASON,
        CONTACT_SOURCE,
        ASSESSMENT_TYPE,
        ASSESSMENT_METHOD,
        SERVICE_TYPE,
        SERVICE_COMPONENT,
        DELIVERY_MECHANISM,
        COST_FREQUENCY,
        REVIEW_REASON,
        REVIEW_OUTCOMES_ACHIEVED,
        EVENT_OUTCOME,
    )
}
