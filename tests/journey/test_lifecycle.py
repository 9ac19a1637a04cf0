"""Properties of the event lifecycle, pure and through journey.services.move_event."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openasc.access.roles import Role
from openasc.common.errors import ValidationError
from openasc.journey import lifecycle, services
from openasc.journey.lifecycle import CLOSED, NEXT_EVENT, TRANSITIONS, Status
from openasc.journey.models import Event
from openasc.vocab import lists as v

EVENT_TYPES = ["request", "assessment", "service", "review"]


# Pure ----------------------------------------------------------------------------------------


def test_every_status_has_transitions():
    assert set(TRANSITIONS) == set(Status)


@pytest.mark.parametrize("status", sorted(CLOSED))
def test_closed_states_are_terminal(status):
    assert TRANSITIONS[status] == frozenset()
    assert lifecycle.allowed_moves(status) == []


def test_every_status_reachable_from_planned_or_open():
    for start in (Status.PLANNED, Status.OPEN):
        seen, frontier = {start}, [start]
        while frontier:
            for nxt in TRANSITIONS[frontier.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
        expected = set(Status) - {Status.PLANNED} if start == Status.OPEN else set(Status)
        assert seen == expected, start


def test_nothing_moves_back_to_planned_or_to_itself():
    for status, targets in TRANSITIONS.items():
        assert Status.PLANNED not in targets
        assert status not in targets


@given(st.sampled_from(list(Status)), st.sampled_from(list(Status)))
def test_can_move_agrees_with_allowed_moves(current, target):
    assert lifecycle.can_move(current, target) == (target in lifecycle.allowed_moves(current))


@given(st.sampled_from(EVENT_TYPES), st.sampled_from(v.EVENT_OUTCOME.codes))
def test_next_event_type(event_type, outcome):
    nxt = lifecycle.next_event_type(event_type, outcome)
    if outcome.startswith("progress_"):
        assert nxt in EVENT_TYPES
    else:
        assert nxt is None
    if outcome in ("progress_reablement", "progress_services"):
        assert nxt == "service"
    if outcome == "progress_assessment":
        assert nxt == ("review" if event_type == "service" else "assessment")


def test_outcome_lists_use_real_codes():
    for event_type, outcomes in lifecycle.OUTCOMES_BY_TYPE.items():
        assert event_type in v.EVENT_TYPE
        assert outcomes <= set(v.EVENT_OUTCOME.codes)
    for outcome, by_type in NEXT_EVENT.items():
        assert outcome in v.EVENT_OUTCOME
        assert set(by_type) == set(EVENT_TYPES)


# Through the service -------------------------------------------------------------------------

REQUEST = {
    "start_date": date.today() - timedelta(days=3),
    "route_of_access": "community",
    "request_reason": "new_needs",
    "contact_source": "self",
}

# A move: the target status, and whether to give an outcome (completing needs one).
moves = st.lists(
    st.tuples(
        st.sampled_from([s.value for s in Status]),
        st.sampled_from(["", "nfa_information", "nfa_declined", "progress_assessment"]),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(start=st.sampled_from(["open", "planned"]), sequence=moves)
def test_random_moves(users, person, start, sequence):
    sw = users[Role.SOCIAL_WORKER]
    event = services.record_event(sw, person, "request", {**REQUEST, "status": start})
    status, version = start, event.version
    for target, outcome in sequence:
        allowed = lifecycle.can_move(status, target)
        completes_ok = target != "completed" or bool(outcome)
        before_next = Event.objects.filter(previous=event).count()
        try:
            moved, following = services.move_event(
                sw, event, target, version, end_date=date.today(), outcome=outcome
            )
        except ValidationError:
            assert not (allowed and completes_ok), (status, target, outcome)
        else:
            assert allowed and completes_ok, (status, target, outcome)
            assert moved.version == version + 1
            status, version = target, version + 1
            expect_next = target == "completed" and outcome == "progress_assessment"
            assert (following is not None) == expect_next
            if expect_next:
                assert following.event_type == "assessment" and following.previous_id == event.pk
            else:
                assert Event.objects.filter(previous=event).count() == before_next
        # What a page would show next: the stored row, not the object the service touched.
        event = Event.objects.get(pk=event.pk)
        assert event.status == status and event.version == version
        if status in CLOSED:
            assert event.end_date is not None


def test_refused_completion_leaves_the_event_as_it_was(users, person):
    sw = users[Role.SOCIAL_WORKER]
    event = services.record_event(sw, person, "request", REQUEST)
    with pytest.raises(ValidationError) as e:
        services.move_event(sw, event, "completed", event.version, end_date=date.today())
    assert "outcome" in e.value.message_dict
    assert event.status == "open" and event.end_date is None and event.outcome == ""
    assert Event.objects.get(pk=event.pk).version == 1


def test_move_with_stale_version_refused(users, person):
    from openasc.common.errors import StaleVersion

    sw = users[Role.SOCIAL_WORKER]
    event = services.record_event(sw, person, "request", REQUEST)
    services.move_event(sw, Event.objects.get(pk=event.pk), "on_hold", 1)
    with pytest.raises(StaleVersion):
        services.move_event(sw, event, "cancelled", 1)
    stored = Event.objects.get(pk=event.pk)
    assert stored.status == "on_hold" and stored.version == 2
