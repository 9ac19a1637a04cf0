"""The episodes table: each person known to adult social care, and the dated spells they
spent in each state of the planning engine, built from Client Level Data-shaped events.

Pure: no Django. The council's own record (``record.py``) and a CLD file (``cld_source.py``)
both turn their rows into ``PersonRow`` and ``EventRow`` tuples; ``build_episodes`` does the
rest, so the two sources mean the same thing by every state.

How the record becomes engine states (change the tables below, not the code):

- **Services** are spells in the state of their service type (``SERVICE_STATE``), and for
  long-term community support of its delivery mechanism (``DELIVERY_STATE``; a service
  that does not say is commissioned support, as CLD counts it). When several run at once
  the setting hierarchy of CLD decides: nursing > residential > community: direct payment >
  community: managed budget > community: commissioned > short-term. Carer support is the
  carer's, not the person's: carers' events (client type other than service user) are left
  out of the person's spells.
- **Requests** open a *journey*: the request and the steps that follow it (assessment,
  review, "progress to ..." outcomes) until the person starts a service or the journey ends
  with a "no further action" outcome. The whole journey counts as its *first destination*
  from the day of the request, because the engine has no "waiting for assessment" state:
  its new requests land in their entry state in the month they ask.
- **Journey ends** (``OUTCOME_DESTINATION``): information, signposting or a referral
  elsewhere -> information and advice, which lasts to the end of that calendar month (so a
  month-end count sees it, as the engine's does); declined, self-funded or no service ->
  no formal support; admitted to hospital -> in hospital; deceased; moved to another
  council -> out of the panel (censored) until the person asks again.
- **Hospital**: a request whose route of access is discharge from hospital means the person
  is in hospital awaiting discharge until their first service starts or the journey ends.
  An "admitted to hospital" outcome is a hospital stay of ``HOSPITAL_STAY_DAYS`` (the record
  has no discharge date), cut short by the person's next event.
- **No formal support** is everyone who has been in contact and has nothing running: from
  their first event until they die or move away. People never known to the council are not
  in the table; the engine's inflow models their arrival.
- **Deceased** from the person's date of death, or else the end of an event whose outcome is
  "NFA: Deceased".
- A journey still open at ``as_of`` has no known destination yet (``WAITING``); one whose
  last step ended with "progress to ..." and then nothing for ``STALE_JOURNEY_DAYS`` is
  taken to have ended without support.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import numpy as np

from .engine import states as st

# States beyond the engine's, used only in the episodes table and the panel built from it.
WAITING = st.N_STATES  # in a journey whose destination is not known yet
MOVED_AWAY = st.N_STATES + 1  # responsibility moved to another council: out of the panel

COMMUNITY = "community"  # stands for the state of the service's delivery mechanism
SERVICE_STATE: dict[str, int | str] = {
    "lts_nursing": st.NURSING_CARE,
    "lts_residential": st.RESIDENTIAL_CARE,
    "lts_community": COMMUNITY,
    "lts_prison": COMMUNITY,  # long-term support, the nearest setting
    "sts_st_max": st.SHORT_TERM_SUPPORT,
    "sts_low_level": st.SHORT_TERM_SUPPORT,
    "sts_other": st.SHORT_TERM_SUPPORT,
}
DELIVERY_STATE: dict[str, int] = {
    "direct_payment": st.COMMUNITY_DIRECT_PAYMENT,
    "managed_pb": st.COMMUNITY_MANAGED_BUDGET,
    "commissioned": st.COMMUNITY_COMMISSIONED,
}
OUTCOME_DESTINATION: dict[str, int] = {
    "nfa_information": st.INFORMATION_AND_ADVICE,
    "nfa_other_la_service": st.INFORMATION_AND_ADVICE,  # signposted
    "nfa_nhs": st.INFORMATION_AND_ADVICE,  # referred to the NHS
    "nfa_no_services": st.NO_FORMAL_SUPPORT,
    "nfa_other": st.NO_FORMAL_SUPPORT,
    "nfa_self_funded": st.NO_FORMAL_SUPPORT,
    "nfa_declined": st.NO_FORMAL_SUPPORT,
    "nfa_ended_planned": st.NO_FORMAL_SUPPORT,
    "nfa_ended_other": st.NO_FORMAL_SUPPORT,
    "admitted_hospital": st.IN_HOSPITAL,
    "nfa_deceased": st.DECEASED,
    "nfa_moved_la": MOVED_AWAY,
}
PROGRESS = frozenset({"progress_assessment", "progress_reablement", "progress_services"})
HOSPITAL_ROUTES = frozenset({"discharge_hospital"})
HOSPITAL_STAY_DAYS = 14
STALE_JOURNEY_DAYS = 90

# Layers, lowest first: where spells overlap the highest layer wins, then (within a layer)
# the state that comes later in PRIORITY. The panel reads the winner at each month end.
KNOWN, ADVICE, JOURNEY, SERVICE, HOSPITAL, LEFT = range(6)
PRIORITY = (
    st.NO_FORMAL_SUPPORT,
    WAITING,
    st.INFORMATION_AND_ADVICE,
    st.SHORT_TERM_SUPPORT,
    st.COMMUNITY_COMMISSIONED,
    st.COMMUNITY_MANAGED_BUDGET,
    st.COMMUNITY_DIRECT_PAYMENT,
    st.RESIDENTIAL_CARE,
    st.NURSING_CARE,
    st.IN_HOSPITAL,
    MOVED_AWAY,
    st.DECEASED,
)
_SLOTS = len(PRIORITY)
#: The state each rank stands for; rank 0 means "not known to the council (yet)".
RANK_STATE = np.full((LEFT + 1) * _SLOTS + 1, -1, dtype=np.int8)
for _layer in range(LEFT + 1):
    for _i, _s in enumerate(PRIORITY):
        RANK_STATE[1 + _layer * _SLOTS + _i] = _s


def rank(layer: int, state: int) -> int:
    return 1 + layer * _SLOTS + PRIORITY.index(state)


FOREVER = date.max.toordinal()
WEEKS_PER_YEAR = 365.25 / 7


class PersonRow(NamedTuple):
    key: str  # the person's id in the source (council person id, NHS number, ...)
    date_of_birth: date
    date_of_death: date | None
    gender: str  # vocab GENDER code
    primary_support_reason: str  # vocab PRIMARY_SUPPORT_REASON code


class EventRow(NamedTuple):
    """One service user's event, codes as in ``openasc.vocab.lists``; cancelled and planned
    events and carers' events are left out by the source."""

    person: str
    event_type: str
    start: date
    end: date | None  # None: still open
    outcome: str
    route_of_access: str = ""
    service_type: str = ""
    unit_cost_pence: int | None = None
    cost_frequency: str = ""
    planned_units_per_week: float | None = None
    delivery_mechanism: str = ""


def service_state(service_type: str, delivery_mechanism: str) -> int | None:
    """The engine state a service puts a person in (None: a service the engine leaves out)."""
    state = SERVICE_STATE.get(service_type)
    if state == COMMUNITY:
        return DELIVERY_STATE.get(delivery_mechanism, st.COMMUNITY_COMMISSIONED)
    return state


def person_key(nhs_number: str | None, council_person_id: str) -> str:
    """Who a row is about, as DHSC identifies people in CLD: the NHS number if known, else
    the council's own person id. Both sources use it, so the same person has the same key."""
    return f"nhs:{nhs_number}" if nhs_number else f"la:{council_person_id}"


def weekly_cost(pence: int | None, frequency: str, units: float | None) -> float:
    """£ a week for one service row; NaN when the record does not say (or it is one-off)."""
    if pence is None:
        return np.nan
    pounds = pence / 100
    if frequency in ("hourly", "daily"):  # planned units are hours or days a week
        return pounds * units if units is not None else np.nan
    if frequency == "weekly":
        return pounds * (units if units else 1.0)
    if frequency == "monthly":
        return pounds * 12 / WEEKS_PER_YEAR
    if frequency == "annually":
        return pounds / WEEKS_PER_YEAR
    return np.nan  # one-off or not given: not a running cost


@dataclass(frozen=True, eq=False)
class Episodes:
    """People (P of them) and their spells (N); days are proleptic ordinals
    (``date.toordinal``); a spell's ``end`` is its last day, ``FOREVER`` if still running.

    person_key, birth, death (0 = alive), sex, support_reason, known_from     (P,)
    spell_person, spell_rank, spell_start, spell_end, spell_weekly_cost (£)   (N,)
    request_person, request_day   every request of a service user              (Q,)
    """

    person_key: np.ndarray
    birth: np.ndarray
    death: np.ndarray
    sex: np.ndarray
    support_reason: np.ndarray
    known_from: np.ndarray
    spell_person: np.ndarray
    spell_rank: np.ndarray
    spell_start: np.ndarray
    spell_end: np.ndarray
    spell_weekly_cost: np.ndarray
    request_person: np.ndarray
    request_day: np.ndarray
    as_of: date
    notes: tuple[str, ...] = field(default=())

    @property
    def n_people(self) -> int:
        return len(self.person_key)

    @property
    def spell_state(self) -> np.ndarray:
        return RANK_STATE[self.spell_rank]


def month_end(day: int) -> int:
    d = date.fromordinal(day)
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1]).toordinal()


@dataclass
class _Journey:
    start: int
    hospital: bool
    last: int  # the last day a step of it ran (FOREVER while one is open)


@dataclass
class _Builder:
    as_of: int
    person: list[int] = field(default_factory=list)
    rank: list[int] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)
    stale: int = 0

    def add(self, p, layer, state, start, end, cost=np.nan) -> int:
        self.person.append(p)
        self.rank.append(rank(layer, state))
        self.start.append(start)
        self.end.append(end)
        self.cost.append(cost)
        return len(self.end) - 1

    def person_spells(self, p: int, events: list[EventRow]) -> int | None:
        """Spells of one person from their events (sorted by start); returns the day of an
        "NFA: Deceased" outcome, if any."""
        # What happens on a day, in this order: steps start; steps end by progressing;
        # services start (closing a journey); other ends.
        happenings = []
        for e in events:
            s, end = e.start.toordinal(), e.end.toordinal() if e.end else None
            if e.event_type == "service":
                state = service_state(e.service_type, e.delivery_mechanism)
                if state is None:
                    continue
                happenings.append((s, 2, "service", e, state, end))
            else:
                happenings.append((s, 0, "step", e, None, end))
            if end is not None and e.outcome:
                happenings.append((end, 1 if e.outcome in PROGRESS else 3, "end", e, None, end))
        happenings.sort(key=lambda h: (h[0], h[1]))
        journey: _Journey | None = None
        hospital_after: int | None = None  # spell index of an open "admitted" stay
        moved_since: int | None = None
        died: int | None = None

        def close(j: _Journey, last_day: int, dest: int) -> None:
            if last_day < j.start:
                return
            # Dying or moving away is not a destination to count the journey in: it counts
            # as no formal support until the day (the "known" spell already says so).
            if dest not in (st.NO_FORMAL_SUPPORT, st.DECEASED, MOVED_AWAY):
                self.add(p, JOURNEY, dest, j.start, last_day)
            if j.hospital:
                self.add(p, HOSPITAL, st.IN_HOSPITAL, j.start, last_day)

        for day, _, kind, e, state, end in happenings:
            if journey and journey.last != FOREVER and day - journey.last > STALE_JOURNEY_DAYS:
                close(journey, journey.last, st.NO_FORMAL_SUPPORT)
                journey, self.stale = None, self.stale + 1
            if kind != "end":
                if hospital_after is not None and day > self.start[hospital_after]:
                    self.end[hospital_after] = min(self.end[hospital_after], day - 1)
                    hospital_after = None
                if moved_since is not None:
                    if day > moved_since:
                        self.add(p, LEFT, MOVED_AWAY, moved_since, day - 1)
                    moved_since = None
            if kind == "step":
                if e.event_type == "request" and journey is None:
                    hospital = e.route_of_access in HOSPITAL_ROUTES
                    journey = _Journey(day, hospital, day)
                if journey is not None:
                    journey.last = max(journey.last, FOREVER if end is None else end)
            elif kind == "service":
                if journey is not None:
                    close(journey, day - 1, state)
                    journey = None
                cost = weekly_cost(e.unit_cost_pence, e.cost_frequency, e.planned_units_per_week)
                self.add(p, SERVICE, state, day, FOREVER if end is None else end, cost)
            elif e.outcome in PROGRESS:
                if journey is None:
                    journey = _Journey(day, False, day)
                else:
                    journey.last = max(journey.last, day)
            elif e.outcome in OUTCOME_DESTINATION:
                dest = OUTCOME_DESTINATION[e.outcome]
                # A step of the journey (not a service, and started in it) ends the journey.
                in_journey = journey is not None and e.start.toordinal() >= journey.start
                if in_journey and e.event_type != "service":
                    close(journey, day, dest)
                    journey = None
                if dest == st.INFORMATION_AND_ADVICE:
                    self.add(p, ADVICE, dest, day, month_end(day))
                elif dest == st.IN_HOSPITAL:
                    hospital_after = self.add(p, HOSPITAL, dest, day, day + HOSPITAL_STAY_DAYS - 1)
                elif dest == MOVED_AWAY:
                    moved_since = day
                elif dest == st.DECEASED:
                    died = day if died is None else min(died, day)
        if journey is not None:
            if journey.last == FOREVER or self.as_of - journey.last <= STALE_JOURNEY_DAYS:
                close(journey, FOREVER, WAITING)
            else:
                close(journey, journey.last, st.NO_FORMAL_SUPPORT)
                self.stale += 1
        if moved_since is not None:
            self.add(p, LEFT, MOVED_AWAY, moved_since, FOREVER)
        return died


def _truncate(events: Iterable[EventRow], as_of: date) -> list[EventRow]:
    """Events as they stood at the end of ``as_of``: later starts dropped, later ends open."""
    out = []
    for e in events:
        if e.start > as_of:
            continue
        if e.end is not None and e.end > as_of:
            e = e._replace(end=None, outcome="")
        out.append(e)
    return out


def build_episodes(
    people: Iterable[PersonRow], events: Iterable[EventRow], as_of: date | None = None
) -> Episodes:
    """The episodes table of everyone with at least one event on or before ``as_of``.

    ``events`` need not be sorted. ``as_of`` (default: the latest date in the events) is the
    day the record is read at: anything later is ignored, as if it had not happened yet,
    which is what a backtest needs.
    """
    by_person: dict[str, list[EventRow]] = {}
    events = list(events)
    if as_of is None:
        days = [d for e in events for d in (e.start, e.end) if d is not None]
        as_of = max(days) if days else date.today()
    for e in _truncate(events, as_of):
        by_person.setdefault(e.person, []).append(e)
    b = _Builder(as_of.toordinal())
    keys, birth, death, sex, psr, known = [], [], [], [], [], []
    req_person, req_day = [], []
    no_person = 0
    rows = {r.key: r for r in people}
    for key, evs in by_person.items():
        row = rows.get(key)
        if row is None:
            no_person += 1
            continue
        p = len(keys)
        # A full order, so the result does not depend on the order rows came in.
        evs.sort(
            key=lambda e: (e.start, e.event_type, e.end or date.max, e.service_type, e.outcome)
        )
        died = b.person_spells(p, evs)
        recorded = row.date_of_death if row.date_of_death and row.date_of_death <= as_of else None
        dod = recorded.toordinal() if recorded else died
        if dod:
            b.add(p, LEFT, st.DECEASED, dod, FOREVER)
        first = evs[0].start.toordinal()
        b.add(p, KNOWN, st.NO_FORMAL_SUPPORT, first, FOREVER)
        for e in evs:
            if e.event_type == "request":
                req_person.append(p)
                req_day.append(e.start.toordinal())
        keys.append(key)
        birth.append(row.date_of_birth.toordinal())
        death.append(dod or 0)
        sex.append(row.gender or "unknown")
        psr.append(row.primary_support_reason or "unknown")
        known.append(first)
    notes = []
    if no_person:
        notes.append(f"{no_person:,} people with events but no person details were left out")
    if b.stale:
        notes.append(
            f"{b.stale:,} journeys stopped after a 'progress to ...' outcome with no next step "
            f"within {STALE_JOURNEY_DAYS} days; counted as ending without support"
        )
    return Episodes(
        person_key=np.array(keys, dtype=object),
        birth=np.array(birth, dtype=np.int64),
        death=np.array(death, dtype=np.int64),
        sex=np.array(sex, dtype=object),
        support_reason=np.array(psr, dtype=object),
        known_from=np.array(known, dtype=np.int64),
        spell_person=np.array(b.person, dtype=np.int64),
        spell_rank=np.array(b.rank, dtype=np.int16),
        spell_start=np.array(b.start, dtype=np.int64),
        spell_end=np.array(b.end, dtype=np.int64),
        spell_weekly_cost=np.array(b.cost, dtype=float),
        request_person=np.array(req_person, dtype=np.int64),
        request_day=np.array(req_day, dtype=np.int64),
        as_of=as_of,
        notes=tuple(notes),
    )
