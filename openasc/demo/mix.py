"""The figures behind Demoshire: volumes and mixes from docs/domain.md §2 and §4 and the
national returns (SALT/CLD), as weights. Tune the council here, not in the simulation."""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate


class Weighted:
    """Pick from weighted items with one random number (faster than random.choices)."""

    def __init__(self, pairs: dict):
        self.items = list(pairs)
        self.cum = list(accumulate(pairs.values()))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random):
        return self.items[bisect(self.cum, rng.random() * self.total)]


# Requests: about 4% of adults a year, new and repeat (1.9m-2m a year over 45m adults).
REQUESTS_PER_ADULT_YEAR = 0.04
REPEAT_SHARE = 0.25  # requests from people already known to the council
# Long-term support at any time: about 1.9% of adults (838,530 over 45m).
LONG_TERM_SHARE = 0.019

# Age at first contact: users of care are mostly older.
AGE_BANDS = Weighted(
    {(18, 24): 5, (25, 44): 10, (45, 64): 20, (65, 74): 15, (75, 84): 25, (85, 99): 25}
)
STOCK_AGE_BANDS = Weighted({(18, 44): 14, (45, 64): 16, (65, 74): 15, (75, 84): 27, (85, 101): 28})

# Route of access. Hospital discharge is about 35% of older adults' requests.
ROUTE_OLDER = Weighted(
    {
        "discharge_hospital": 35,
        "diversion_hospital": 3,
        "community": 53,
        "self_referral_online": 8.8,
        "prison": 0.2,
    }
)
ROUTE_YOUNGER = Weighted(
    {
        "discharge_hospital": 12,
        "diversion_hospital": 3,
        "community": 70,
        "self_referral_online": 14,
        "prison": 1,
    }
)
TRANSITION_SHARE = 0.015  # young people moving from children's services at 18

REQUEST_REASON = Weighted(
    {
        "new_needs": 52,
        "information_only": 22,
        "change_in_needs": 12,
        "carer_breakdown": 4,
        "safeguarding_related": 4,
        "carer_support": 6,
    }
)
CONTACT_SOURCE = Weighted(
    {
        "self": 32,
        "family_friend": 24,
        "gp": 12,
        "community_health": 9,
        "housing": 4,
        "police": 2,
        "provider": 5,
        "voluntary": 5,
        "other_council": 4,
        "other": 3,
    }
)

# What a request leads to. About two thirds end at the front door.
REQUEST_SEQUEL_DISCHARGE = Weighted(
    {"progress_reablement": 34, "progress_assessment": 24, "progress_services": 5, "nfa": 37}
)
REQUEST_SEQUEL_COMMUNITY = Weighted(
    {"progress_reablement": 7, "progress_assessment": 20, "progress_services": 1, "nfa": 74}
)
REQUEST_NFA = Weighted(
    {
        "nfa_information": 50,
        "nfa_other_la_service": 12,
        "nfa_nhs": 9,
        "nfa_no_services": 8,
        "nfa_self_funded": 7,
        "nfa_declined": 6,
        "nfa_other": 4,
        "admitted_hospital": 3.5,
        "nfa_moved_la": 0.3,
        "nfa_deceased": 0.2,
    }
)

# Assessments.
ASSESSMENT_METHOD = Weighted(
    {"face_to_face": 64, "telephone": 20, "video": 5, "self_assessment": 8, "online_self": 3}
)
ELIGIBLE_SHARE = 0.62
ELIGIBLE_SHARE_DISCHARGE = 0.75
ASSESSMENT_YES = Weighted(
    {"progress_services": 82, "progress_reablement": 6, "nfa_self_funded": 7, "nfa_declined": 5}
)
ASSESSMENT_NO = Weighted(
    {
        "nfa_information": 45,
        "nfa_no_services": 25,
        "nfa_other_la_service": 15,
        "nfa_nhs": 10,
        "nfa_declined": 5,
    }
)
OT_SHARE = 0.10  # occupational therapy assessments leading to equipment

# Short-term support (ST-Max / reablement): most end with no further support.
REABLEMENT_OUTCOME = Weighted(
    {
        "nfa_ended_planned": 58,
        "progress_services": 17,
        "progress_assessment": 8,
        "admitted_hospital": 8,
        "nfa_declined": 4,
        "nfa_deceased": 3,
        "nfa_ended_other": 2,
    }
)

# Primary support reason by age (LTS001c: physical support the largest, then learning
# disability, mental health, memory and cognition, sensory, social).
PSR_YOUNGER = Weighted(
    {
        "physical_personal_care": 24,
        "physical_access": 6,
        "learning_disability": 36,
        "mental_health": 22,
        "memory_cognition": 2,
        "sensory": 3,
        "social_isolation": 4,
        "social_substance": 2.5,
        "social_asylum": 0.5,
    }
)
PSR_OLDER = Weighted(
    {
        "physical_personal_care": 52,
        "physical_access": 11,
        "memory_cognition": 21,
        "mental_health": 6,
        "learning_disability": 2,
        "sensory": 4,
        "social_isolation": 4,
    }
)

# Long-term setting (LTS001a): probabilities of nursing and residential by age.
CARE_HOME = {"younger": (0.02, 0.10), "older": (0.07, 0.17), "oldest": (0.12, 0.26)}
# Mean length of a long-term package in days, by setting (average package ~72 weeks).
TENURE_DAYS = {"lts_nursing": 600, "lts_residential": 1000, "lts_community": 1700}
LTS_EXIT = {
    "lts_nursing": Weighted(
        {
            "nfa_deceased": 85,
            "nfa_nhs": 6,
            "nfa_self_funded": 4,
            "nfa_moved_la": 3,
            "nfa_ended_other": 2,
        }
    ),
    "lts_residential": Weighted(
        {
            "nfa_deceased": 72,
            "progress_services": 10,
            "nfa_nhs": 5,
            "nfa_self_funded": 7,
            "nfa_moved_la": 4,
            "nfa_ended_other": 2,
        }
    ),
    "lts_community": Weighted(
        {
            "nfa_deceased": 34,
            "progress_services": 16,
            "nfa_self_funded": 9,
            "nfa_nhs": 7,
            "nfa_moved_la": 6,
            "nfa_ended_other": 12,
            "nfa_ended_planned": 6,
            "nfa_declined": 5,
            "admitted_hospital": 5,
        }
    ),
}
# Delivery mechanism for community support: direct payments about a quarter of clients.
DIRECT_PAYMENT = {"younger": 0.38, "older": 0.17}
MANAGED_PB = 0.35
FUNDING_LTS = Weighted({"partly_la": 55, "fully_la": 35, "joint_nhs": 6, "nhs_chc": 4})

# Community components (the package) by who holds the budget and why: the main one, then
# extra ones alongside it (telecare, day care, meals, …). Each is its own Service event.
COMPONENTS = {
    "direct_payment": (
        Weighted({"personal_assistant": 65, "home_care": 20, "day_care": 15}),
        Weighted({"day_care": 35, "telecare": 30, "home_care": 15, "personal_assistant": 20}),
    ),
    "learning_disability": (
        Weighted({"supported_living": 45, "day_care": 25, "shared_lives": 8, "home_care": 22}),
        Weighted({"day_care": 55, "telecare": 20, "home_care": 15, "meals": 10}),
    ),
    "mental_health": (
        Weighted({"home_care": 50, "supported_living": 30, "day_care": 20}),
        Weighted({"day_care": 45, "telecare": 30, "home_care": 25}),
    ),
    "other": (
        Weighted({"home_care": 80, "day_care": 8, "telecare": 6, "meals": 6}),
        Weighted({"telecare": 45, "day_care": 25, "meals": 20, "home_care": 10}),
    ),
}
EXTRA_COMPONENTS = Weighted({0: 25, 1: 45, 2: 30})  # so 1-3 components a package
# Unit costs in pence, cost frequency, planned units per week (low, high).
UNIT_COST = {
    "home_care": ((2000, 2500), "hourly", (3.5, 28)),
    "personal_assistant": ((1400, 1800), "hourly", (5, 30)),
    "day_care": ((4000, 7000), "daily", (1, 5)),
    "supported_living": ((1900, 2300), "hourly", (20, 70)),
    "shared_lives": ((40000, 60000), "weekly", (1, 1)),
    "meals": ((500, 800), "daily", (5, 7)),
    "telecare": ((300, 600), "weekly", (1, 1)),
    "care_home_residential": ((70000, 100000), "weekly", (1, 1)),
    "care_home_nursing": ((90000, 120000), "weekly", (1, 1)),
    "reablement": ((2500, 3000), "hourly", (5, 15)),
}

# Every package is re-priced each 1 April: a council-wide uplift for the year, as a fraction.
ANNUAL_UPLIFT = (0.03, 0.06)
# Share of reviews that otherwise continue the support but change the planned units of one
# component (hours up or down by the factor; days a week by one).
UNITS_CHANGE_SHARE = 0.2
HOURS_UP_SHARE = 0.6
HOURS_UP = (1.1, 1.4)
HOURS_DOWN = (0.7, 0.9)
# Providers handing a package back (home care especially) or a resident moving home, per
# package a year: the component goes on with another provider at that provider's price.
PROVIDER_CHANGES_PER_YEAR = 0.1

# Reviews: a first review 6-8 weeks after a new service, then about every 12 months, plus
# unplanned reviews when needs change.
UNPLANNED_REVIEWS_PER_YEAR = 0.15
REVIEW_PLANNED = Weighted(
    {
        "continuation": 86,
        "progress_services": 6,
        "progress_assessment": 3,
        "nfa_ended_planned": 3,
        "nfa_ended_other": 2,
    }
)
REVIEW_UNPLANNED = Weighted(
    {"continuation": 50, "progress_services": 30, "progress_assessment": 12, "nfa_ended_other": 8}
)
UNPLANNED_REASON = Weighted({"unplanned": 70, "provider": 20, "safeguarding": 10})
REVIEW_ACHIEVED = Weighted({"fully": 45, "partially": 38, "not": 9, "unknown": 8})
REVIEW_METHOD = Weighted({"face_to_face": 50, "telephone": 35, "video": 5, "self_assessment": 10})

# Carers: of new community clients with an unpaid carer (35%), the share whose carer is known
# to the council and has their own record (about 3 in 10 community clients).
CARER_KNOWN_SHARE = 0.85
CARER_ELIGIBLE = 0.70
CARER_HOURS = Weighted({10: 20, 20: 25, 35: 25, 50: 20, 100: 10})

ETHNICITY = Weighted(
    {
        "white_british": 80,
        "white_irish": 1.5,
        "white_other": 4,
        "asian_indian": 2.5,
        "asian_pakistani": 2,
        "asian_bangladeshi": 0.7,
        "asian_chinese": 0.5,
        "asian_other": 1,
        "black_african": 1.8,
        "black_caribbean": 1.2,
        "black_other": 0.3,
        "mixed_white_black_caribbean": 0.6,
        "mixed_white_asian": 0.5,
        "mixed_other": 0.5,
        "other_arab": 0.3,
        "other_any": 0.6,
        "white_gypsy": 0.1,
        "refused": 0.4,
        "undeclared": 1.5,
    }
)
ACCOMMODATION = Weighted(
    {
        "owner_occupier": 48,
        "tenant_council": 24,
        "tenant_private": 8,
        "family_friends": 12,
        "sheltered": 6,
        "unknown": 2,
    }
)
ACCOMMODATION_LD = Weighted(
    {
        "family_friends": 45,
        "supported_accommodation": 35,
        "shared_lives": 5,
        "tenant_council": 12,
        "unknown": 3,
    }
)
EMPLOYMENT_YOUNGER = Weighted(
    {
        "not_in_paid_seeking": 25,
        "not_in_paid_not_seeking": 45,
        "paid_16_plus": 8,
        "paid_under_16": 7,
        "not_in_paid_voluntary": 5,
        "unknown": 10,
    }
)

# Staff for every 60,000 adults (scaled with the council; at least one of each).
STAFF_PER_60K = {
    "front_door": 6,
    "social_worker": 3,
    "occupational_therapist": 1,
    "hospital": 4,
    "reablement": 4,
    "specialist": 3,
}
CASELOAD = 25  # people a case worker holds
FRONT_DOOR_CASELOAD = 15
