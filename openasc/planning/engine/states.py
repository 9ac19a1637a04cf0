"""The states a person known to adult social care can be in, in a fixed order.

The order is the index of the last axis of every population array in the engine.

Long-term community support is three states, one per CLD delivery mechanism, so that the
self-directed support and direct payment measures (ASCOF 3D) come out of the model and a
scenario can move people between them. Where a file or a lever speaks of
``long_term_community_support`` it means all three (``state_group``).
"""

from __future__ import annotations

NO_FORMAL_SUPPORT = 0
INFORMATION_AND_ADVICE = 1
SHORT_TERM_SUPPORT = 2  # reablement and other short-term services
# Long-term community support (home care, day services, supported living, ...) by how the
# personal budget is held: a direct payment, a budget the council manages, or support the
# council commissions with no personal budget.
COMMUNITY_DIRECT_PAYMENT = 3
COMMUNITY_MANAGED_BUDGET = 4
COMMUNITY_COMMISSIONED = 5
RESIDENTIAL_CARE = 6
NURSING_CARE = 7
IN_HOSPITAL = 8  # in hospital, awaiting discharge
DECEASED = 9

STATES: tuple[str, ...] = (
    "no_formal_support",
    "information_and_advice",
    "short_term_support",
    "long_term_community_direct_payment",
    "long_term_community_managed_budget",
    "long_term_community_commissioned",
    "residential_care",
    "nursing_care",
    "in_hospital_awaiting_discharge",
    "deceased",
)
N_STATES = len(STATES)
#: The states as a practitioner would say them.
STATE_LABELS: tuple[str, ...] = (
    "no formal support",
    "information and advice",
    "short-term support",
    "community support: direct payment",
    "community support: managed budget",
    "community support: commissioned",
    "residential care",
    "nursing care",
    "hospital awaiting discharge",
    "deceased",
)

#: Long-term community support, in the CLD setting hierarchy's order (direct payment first).
COMMUNITY_STATES = (COMMUNITY_DIRECT_PAYMENT, COMMUNITY_MANAGED_BUDGET, COMMUNITY_COMMISSIONED)
#: Self-directed support (ASCOF 3D part 1): a direct payment or a managed personal budget.
SELF_DIRECTED_STATES = (COMMUNITY_DIRECT_PAYMENT, COMMUNITY_MANAGED_BUDGET)
#: The states ASCOF counts as long-term support.
LONG_TERM_STATES = (*COMMUNITY_STATES, RESIDENTIAL_CARE, NURSING_CARE)
CARE_HOME_STATES = (RESIDENTIAL_CARE, NURSING_CARE)

#: Names that stand for several states in scenario files.
STATE_GROUPS: dict[str, tuple[int, ...]] = {"long_term_community_support": COMMUNITY_STATES}


def state_index(name: str) -> int:
    """The index of a state by its name; KeyError naming the state if unknown."""
    try:
        return STATES.index(name)
    except ValueError:
        raise KeyError(name) from None


def state_group(name: str) -> tuple[int, ...]:
    """The states a name stands for: one state, or a group such as
    ``long_term_community_support``; KeyError naming it if unknown."""
    if name in STATE_GROUPS:
        return STATE_GROUPS[name]
    return (state_index(name),)
