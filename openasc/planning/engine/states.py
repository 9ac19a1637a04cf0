"""The states a person known to adult social care can be in, in a fixed order.

The order is the index of the last axis of every population array in the engine.
"""

from __future__ import annotations

NO_FORMAL_SUPPORT = 0
INFORMATION_AND_ADVICE = 1
SHORT_TERM_SUPPORT = 2  # reablement and other short-term services
LONG_TERM_COMMUNITY = 3  # home care, direct payments, day services, supported living
RESIDENTIAL_CARE = 4
NURSING_CARE = 5
IN_HOSPITAL = 6  # in hospital, awaiting discharge
DECEASED = 7

STATES: tuple[str, ...] = (
    "no_formal_support",
    "information_and_advice",
    "short_term_support",
    "long_term_community_support",
    "residential_care",
    "nursing_care",
    "in_hospital_awaiting_discharge",
    "deceased",
)
N_STATES = len(STATES)

#: The states ASCOF counts as long-term support.
LONG_TERM_STATES = (LONG_TERM_COMMUNITY, RESIDENTIAL_CARE, NURSING_CARE)
CARE_HOME_STATES = (RESIDENTIAL_CARE, NURSING_CARE)


def state_index(name: str) -> int:
    """The index of a state by its name; KeyError naming the state if unknown."""
    try:
        return STATES.index(name)
    except ValueError:
        raise KeyError(name) from None
