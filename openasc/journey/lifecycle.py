"""Event statuses, the moves allowed between them, and what a "progress to …" outcome opens.

Pure: no Django. The services enforce it; the pages and API offer only the moves it allows.
"""

from enum import StrEnum


class Status(StrEnum):
    PLANNED = "planned"  # agreed but not started (a service awaiting its start date)
    OPEN = "open"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.PLANNED: "Planned",
    Status.OPEN: "Open",
    Status.ON_HOLD: "On hold",
    Status.COMPLETED: "Completed",
    Status.CANCELLED: "Cancelled",
}

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.PLANNED: frozenset({Status.OPEN, Status.CANCELLED}),
    Status.OPEN: frozenset({Status.ON_HOLD, Status.COMPLETED, Status.CANCELLED}),
    Status.ON_HOLD: frozenset({Status.OPEN, Status.CANCELLED}),
    Status.COMPLETED: frozenset(),
    Status.CANCELLED: frozenset(),
}
CLOSED = frozenset({Status.COMPLETED, Status.CANCELLED})


def can_move(current: str, target: str) -> bool:
    return Status(target) in TRANSITIONS[Status(current)]


def allowed_moves(current: str) -> list[Status]:
    return sorted(TRANSITIONS[Status(current)], key=list(Status).index)


# Outcomes that end a journey step by opening the next one, keyed by the event that ends.
# "Progress to assessment, review or reassessment" means a review after a service, and an
# assessment (or reassessment) after anything else.
NEXT_EVENT: dict[str, dict[str, str]] = {
    "progress_assessment": {
        "request": "assessment",
        "assessment": "assessment",
        "service": "review",
        "review": "assessment",
    },
    "progress_reablement": dict.fromkeys(("request", "assessment", "service", "review"), "service"),
    "progress_services": dict.fromkeys(("request", "assessment", "service", "review"), "service"),
}


def next_event_type(event_type: str, outcome: str) -> str | None:
    return NEXT_EVENT.get(outcome, {}).get(event_type)


# Outcomes that make sense for each event type (CLD R2 outcomes, narrowed per type).
# Every step can end in a death, a move, self-funding, the NHS, a refusal, hospital, or by
# progressing; a request or assessment can also end in advice, while support that was
# running ends as planned or otherwise, or simply continues.
_ANY_STEP = frozenset(
    {"nfa_deceased", "nfa_moved_la", "nfa_self_funded", "nfa_nhs", "nfa_declined",
     "admitted_hospital", "progress_assessment", "progress_reablement", "progress_services"}
)  # fmt: skip
_FIRST_CONTACT = _ANY_STEP | {"nfa_information", "nfa_no_services", "nfa_other",
                              "nfa_other_la_service"}  # fmt: skip
_RUNNING_SUPPORT = _ANY_STEP | {"nfa_ended_planned", "nfa_ended_other", "continuation"}
OUTCOMES_BY_TYPE: dict[str, frozenset[str]] = {
    "request": _FIRST_CONTACT,
    "assessment": _FIRST_CONTACT,
    "service": _RUNNING_SUPPORT,
    "review": _RUNNING_SUPPORT,
}
