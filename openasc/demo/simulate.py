"""The Demoshire simulation: people and their journeys as plain tuples, ready to insert.

Pure: no Django. Dates are day ordinals (date.toordinal) until the writer formats them.
Each journey is simulated start to finish when it begins, so a person's events never overlap
wrongly, nothing happens after their death, and every "progress to …" outcome is followed by
the event it opens (linked through `previous`). An event still running on the `as_of` day is
left open; the journey stops there. Long-term packages are recorded as CLD records them (one
row per component, ended as a continuation and restarted whenever it changes): packages.py.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from . import mix as m
from .ids import PersonIds, References, cqc_location_ids, nhs_numbers, postcode
from .names import (
    DISTRICTS,
    FAMILY,
    GIVEN_FEMALE,
    GIVEN_MALE,
    LOCALITIES,
    PLACES,
    PROVIDER_KINDS,
)
from .packages import C_MECH, Package, Prices, components

BUSY = 10**9  # "free from" for someone whose journey is still running
YEAR = 365.25

# Person row, in the order the writer inserts it (see writer.PERSON_COLUMNS).
(
    P_ID, P_CPID, P_NHS, P_GIVEN, P_FAMILY, P_DOB, P_DOD, P_GENDER, P_ETH, P_POSTCODE, P_GP,
    P_PSR, P_ACCOM, P_EMPLOY, P_CARER, P_AUTISM, P_VISUAL, P_HEARING, P_DEMENTIA, P_FUNDING,
    P_RESTRICTED, P_FIRST,
) = range(22)  # fmt: skip

_B14 = ("",) * 8 + (None, "", None)  # service columns left blank (cost and units are numbers)


def req_t(route: str, reason: str, source: str) -> tuple:
    return (route, reason, source, "", "", "") + ("", "", "", "", "", None, "", None, "", "", "")


def asm_t(atype: str, method: str, eligible: str) -> tuple:
    return ("", "", "", atype, method, eligible) + ("", "", "", "", "", None, "", None, "", "", "")


def svc_t(stype, comp, mech, prov, cqc, cost, freq, units) -> tuple:
    return ("",) * 6 + (stype, comp, mech, prov, cqc, cost, freq, units, "", "", "")


def rev_t(reason: str, method: str, achieved: str) -> tuple:
    return ("",) * 6 + ("", "", "", "", "", None, "", None) + (reason, method, achieved)


@dataclass
class Staff:
    """Teams and the workers who record events and hold caseloads, by team key."""

    team_ids: dict[str, int]
    workers: dict[str, list[int]]
    caseload: dict[str, int] = field(default_factory=dict)  # team key -> people per worker


# Which open event a person's allocation follows, most pressing first.
OPEN_RANK = {"request": 0, "assessment": 1, "review": 2, "short_term": 3, "long_term": 4}


class Simulation:
    def __init__(self, adults: int, years: int, seed: int, as_of: int, staff: Staff):
        self.rng = rng = random.Random(seed)
        self.adults, self.years = adults, years
        self.T = as_of
        self.W = as_of - int(years * YEAR)  # first day of the simulated window
        self.staff = staff
        self.ref = References(random.Random(rng.random()))
        self.cpid = PersonIds(random.Random(rng.random()))
        self.nhs = nhs_numbers(random.Random(rng.random()))
        self.providers = self._providers(random.Random(rng.random()))
        # Prices go back far enough for the longest-running package already in place.
        first_year = date.fromordinal(self.W - 7 * 366).year
        self.prices = Prices(random.Random(rng.random()), as_of, first_year)
        self.people: list[list] = []
        self.events: list[tuple] = []
        self.relationships: list[tuple] = []
        self.free: list[int] = []  # day from which a person may start a new journey
        self.gone: list[bool] = []  # died or moved away
        self.last_end: list[int] = []
        self.open: dict[int, tuple] = {}  # person index -> (rank, team key, start, reason)
        self.service_users: list[int] = []
        self.allocations: list[tuple] = []
        self.restricted: list[tuple[int, int]] = []
        self.beyond_front_door: set[int] = set()  # people with more than a request

    # -- building blocks -------------------------------------------------------------------

    def _providers(self, rng: random.Random) -> dict[str, list[tuple[str, str]]]:
        ids = cqc_location_ids(rng)
        per_60k = {"home_care": 12, "residential": 14, "nursing": 6, "day_care": 4,
                   "supported_living": 5, "reablement": 1, "shared_lives": 1}  # fmt: skip
        out = {}
        scale = max(1.0, self.adults / 60000) ** 0.75  # bigger councils, bigger providers
        for kind, n in per_60k.items():
            count = n if kind in ("reablement", "shared_lives") else max(2, round(n * scale))
            names: set[str] = set()
            rows = []
            while len(rows) < count:
                name = f"{rng.choice(PLACES)} {rng.choice(PROVIDER_KINDS[kind])}"
                if name in names:
                    name = f"{name} {len(rows) + 1}"
                names.add(name)
                rows.append((name, next(ids)))
            out[kind] = rows
        return out

    def new_person(self, day: int, age: float, *, carer_of: int | None = None) -> int:
        r = self.rng
        idx = len(self.people)
        dob = day - int(age * YEAR) - r.randrange(365)
        older = age >= 65
        if carer_of is not None:
            other = self.people[carer_of]
            district_pc = other[P_POSTCODE]
            family = other[P_FAMILY] if r.random() < 0.6 else r.choice(FAMILY)
            psr, accom = "social_carer", other[P_ACCOM]
        else:
            district = r.choice(DISTRICTS)
            district_pc = postcode(r, district)
            family = r.choice(FAMILY)
            psr = (m.PSR_OLDER if older else m.PSR_YOUNGER)(r)
            accom = (m.ACCOMMODATION_LD if psr == "learning_disability" else m.ACCOMMODATION)(r)
        x = r.random()
        female_share = 0.6 if age >= 75 else 0.52
        gender = "female" if x < female_share else ("male" if x < 0.992 else "unknown")
        if gender == "unknown" and x > 0.996:
            gender = "other"
        given = r.choice(GIVEN_MALE if gender == "male" else GIVEN_FEMALE)
        employ = "not_in_paid_not_seeking" if older else m.EMPLOYMENT_YOUNGER(r)
        dementia = "yes" if psr == "memory_cognition" or (age >= 75 and r.random() < 0.1) else "no"
        row = [
            idx + 1,
            self.cpid(idx),
            next(self.nhs) if r.random() < 0.93 else None,
            given,
            family,
            dob,
            None,
            gender,
            m.ETHNICITY(r),
            district_pc,
            f"D9{DISTRICTS.index(district_pc.split()[0])}{r.randrange(6):03d}",
            psr,
            accom,
            employ,
            "no" if carer_of is not None else ("yes" if r.random() < 0.35 else "no"),
            "yes" if (psr == "learning_disability" and r.random() < 0.3) else "no",
            "yes" if (psr == "sensory" and r.random() < 0.6) or r.random() < 0.03 else "no",
            "yes" if (psr == "sensory" and r.random() < 0.4) or r.random() < 0.05 else "no",
            dementia,
            "unknown",
            False,
            day,
        ]
        self.people.append(row)
        self.free.append(BUSY)
        self.gone.append(False)
        self.last_end.append(day)
        if carer_of is None:
            self.service_users.append(idx)
        return idx

    def age(self, p: int, day: int) -> float:
        return (day - self.people[p][P_DOB]) / YEAR

    def home_team(self, p: int, day: int) -> str:
        row = self.people[p]
        if row[P_PSR] == "learning_disability" and self.age(p, day) < 65:
            return "learning_disability"
        if row[P_PSR] == "mental_health":
            return "mental_health"
        district = row[P_POSTCODE].split()[0]
        for name, districts in LOCALITIES:
            if district in districts:
                return name.lower()
        raise AssertionError(district)

    def ev(self, p, etype, start, dur, outcome, prev, team, typed, ctype="service_user", kind=""):
        """Append one event; return (id, end day), or (id, None) if still open on as_of."""
        eid = len(self.events) + 1
        end = start + dur
        workers = self.staff.workers[team]
        recorder = workers[int(self.rng.random() * len(workers))]
        if end > self.T:
            status, end, outcome = "open", None, ""
            if etype == "assessment":
                typed = typed[:5] + ("",) + typed[6:]  # eligibility not decided yet
            elif etype == "review":
                typed = typed[:16] + ("",)
            rank = OPEN_RANK[kind or etype]
            held = self.open.get(p)
            if held is None or rank < held[0]:
                self.open[p] = (rank, team, start, kind or etype)
        else:
            status = "completed"
        if etype != "request":
            self.beyond_front_door.add(p)
        if end is not None and end > self.last_end[p]:
            self.last_end[p] = end
        self.events.append(
            (eid, p + 1, etype, self.ref(etype, eid), ctype, status, start, end, outcome, prev,
             recorder) + typed
        )  # fmt: skip
        return eid, end

    def die(self, p: int, day: int) -> None:
        self.people[p][P_DOD] = day
        self.gone[p] = True

    # -- journeys --------------------------------------------------------------------------

    def request(self, day: int) -> None:
        r = self.rng
        p = None
        repeat = False
        if r.random() < m.REPEAT_SHARE and self.service_users:
            for _ in range(3):
                q = self.service_users[int(r.random() * len(self.service_users))]
                if not self.gone[q] and self.free[q] < day:
                    p, repeat = q, True
                    break
        transition = False
        if p is None:
            if r.random() < m.TRANSITION_SHARE:
                p, transition = self.new_person(day, 18), True
                self.people[p][P_PSR] = "learning_disability"
                self.people[p][P_ACCOM] = "family_friends"
            else:
                lo, hi = m.AGE_BANDS(r)
                p = self.new_person(day, r.uniform(lo, hi))
        self.free[p] = BUSY
        older = self.age(p, day) >= 65
        route = "planned_entry" if transition else (m.ROUTE_OLDER if older else m.ROUTE_YOUNGER)(r)
        if route == "discharge_hospital":
            reason, source = "hospital_discharge", "hospital"
            sequel = m.REQUEST_SEQUEL_DISCHARGE(r)
        else:
            reason = m.REQUEST_REASON(r)
            if repeat and reason == "new_needs":
                reason = "change_in_needs"
            source = m.CONTACT_SOURCE(r)
            sequel = "nfa" if reason == "information_only" else m.REQUEST_SEQUEL_COMMUNITY(r)
        if transition:
            sequel, source = "progress_assessment", "other_council"
        outcome = m.REQUEST_NFA(r) if sequel == "nfa" else sequel
        dur = 0 if r.random() < 0.55 else r.randint(1, 14)
        rid, end = self.ev(p, "request", day, dur, outcome, None, "front_door",
                           req_t(route, reason, source))  # fmt: skip
        if end is None:
            return
        self.free[p] = self.follow(p, outcome, end, rid, route)

    def follow(self, p: int, outcome: str, end: int, prev: int, route: str = "") -> int:
        """What happens after an event ends with `outcome`; returns the day the person is free
        (BUSY while their journey is still running)."""
        r = self.rng
        nxt = min(end + r.randint(1, 10), self.T)
        if outcome == "progress_reablement":
            return self.reablement(p, nxt, prev)
        if outcome == "progress_assessment":
            return self.assessment(p, nxt, prev, route)
        if outcome == "progress_services":
            return self.long_term(p, nxt, prev)
        if outcome == "nfa_deceased":
            self.die(p, end)
        elif outcome == "nfa_moved_la":
            self.gone[p] = True
        elif outcome == "nfa_self_funded":
            self.people[p][P_FUNDING] = "self_funded"
        return end

    def assessment(self, p: int, day: int, prev: int, route: str = "") -> int:
        r = self.rng
        team = "hospital" if route == "discharge_hospital" else self.home_team(p, day)
        dur = 1 + min(int(r.expovariate(1 / 21)), 110)
        method = m.ASSESSMENT_METHOD(r)
        if r.random() < m.OT_SHARE:
            outcome = "progress_services" if r.random() < 0.7 else "nfa_information"
            aid, end = self.ev(p, "assessment", day, dur, outcome, prev, team,
                               asm_t("occupational_therapy", method, "unknown"))  # fmt: skip
            if end is None:
                return BUSY
            if outcome == "nfa_information":
                return end
            return self.equipment(p, min(end + r.randint(1, 14), self.T), aid, team)
        if r.random() < 0.005:
            outcome, eligible = "nfa_deceased", "unknown"
        else:
            share = (
                m.ELIGIBLE_SHARE_DISCHARGE if route == "discharge_hospital" else m.ELIGIBLE_SHARE
            )
            yes = r.random() < share
            eligible = "yes" if yes else "no"
            outcome = (m.ASSESSMENT_YES if yes else m.ASSESSMENT_NO)(r)
        aid, end = self.ev(p, "assessment", day, dur, outcome, prev, team,
                           asm_t("long_term_first", method, eligible))  # fmt: skip
        if end is None:
            return BUSY
        return self.follow(p, outcome, end, aid)

    def equipment(self, p: int, day: int, prev: int, team: str) -> int:
        r = self.rng
        cost = r.randrange(5000, 150000, 100)
        sid, end = self.ev(p, "service", day, r.randint(0, 3), "nfa_ended_planned", prev, team,
                           svc_t("sts_other", "equipment", "commissioned", "", "", cost,
                                 "one_off", None), kind="short_term")  # fmt: skip
        return BUSY if end is None else end

    def reablement(self, p: int, day: int, prev: int) -> int:
        r = self.rng
        prov, cqc = self.providers["reablement"][0]
        (lo, hi), freq, (ulo, uhi) = m.UNIT_COST["reablement"]
        units = f"{r.randint(ulo, uhi):.2f}"
        outcome = m.REABLEMENT_OUTCOME(r)
        sid, end = self.ev(p, "service", day, r.randint(7, 42), outcome, prev, "reablement",
                           svc_t("sts_st_max", "reablement", "commissioned", prov, cqc,
                                 r.randrange(lo, hi + 1, 5), freq, units),
                           kind="short_term")  # fmt: skip
        if end is None:
            return BUSY
        if outcome == "progress_assessment":  # the end-of-reablement review
            out = "progress_services" if r.random() < 0.45 else "nfa_ended_planned"
            rid, rend = self.ev(p, "review", min(end + r.randint(0, 7), self.T), r.randint(0, 7),
                                out, sid, self.home_team(p, end),
                                rev_t("planned", m.REVIEW_METHOD(r),
                                      m.REVIEW_ACHIEVED(r)))  # fmt: skip
            if rend is None:
                return BUSY
            if out == "progress_services":
                return self.long_term(p, min(rend + r.randint(1, 14), self.T), rid)
            return rend
        return self.follow(p, outcome, end, sid)

    def setting(self, p: int, day: int) -> str:
        r = self.rng
        age = self.age(p, day)
        band = "younger" if age < 65 else ("older" if age < 85 else "oldest")
        nursing, residential = m.CARE_HOME[band]
        if self.people[p][P_PSR] == "memory_cognition":
            nursing, residential = nursing * 1.5, residential * 1.5
        x = r.random()
        if x < nursing:
            return "lts_nursing"
        return "lts_residential" if x < nursing + residential else "lts_community"

    def review_dates(self, start: int, first: int, until: int) -> list[tuple[int, bool | None]]:
        """Planned reviews (first, then about yearly: True) and unplanned ones (False), and
        days a provider hands the care back (None), up to `until`."""
        r = self.rng
        dates: list[tuple[int, bool | None]] = []
        d = first
        while d <= until:
            dates.append((d, True))
            d += r.randint(335, 395)
        for kind, per_year in ((False, m.UNPLANNED_REVIEWS_PER_YEAR),
                               (None, m.PROVIDER_CHANGES_PER_YEAR)):  # fmt: skip
            d = start
            while True:
                d += int(r.expovariate(per_year / YEAR)) + 1
                if d > until:
                    break
                dates.append((d, kind))
        dates.sort(key=lambda t: t[0])
        return dates

    def long_term(self, p: int, day: int, prev: int | None, setting: str = "",
                  stock: bool = False) -> int:  # fmt: skip
        r, T = self.rng, self.T
        setting = setting or self.setting(p, day)
        team = self.home_team(p, day)
        tenure_from = max(day, self.W) if stock else day
        exit_day = tenure_from + 1 + int(r.expovariate(1 / m.TENURE_DAYS[setting]))
        exit_out = m.LTS_EXIT[setting](r)
        pkg = Package(self, p, setting, day, team, components(self, p, setting, day), prev)
        community = not stock and setting == "lts_community"
        if community and self.people[p][P_CARER] == "yes" and r.random() < m.CARER_KNOWN_SHARE:
            self.carers_for.append((p, day))  # a carer known to the council
        if stock:  # reviews in the window only: the next anniversary of the start
            years_in = max(0, (self.W - day) // 365 + 1)
            first = day + int(years_in * YEAR) + r.randint(-20, 20)
        else:
            first = day + r.randint(42, 56)
        dates = self.review_dates(max(day, self.W), first, min(exit_day - 22, T))
        i = 0
        while i < len(dates):
            rd, planned = dates[i]
            i += 1
            if rd <= pkg.latest:  # the package changed since this review was due
                continue
            if planned is None:
                pkg.change_provider(rd, r)
                continue
            outcome = (m.REVIEW_PLANNED if planned else m.REVIEW_UNPLANNED)(r)
            reason = "planned" if planned else m.UNPLANNED_REASON(r)
            rid, rend = self.ev(p, "review", rd, r.randint(0, 21), outcome, None, team,
                                rev_t(reason, m.REVIEW_METHOD(r),
                                      m.REVIEW_ACHIEVED(r)))  # fmt: skip
            if rend is None:
                exit_day = T + 1  # the service carries on while the review is open
                break
            if outcome in ("nfa_ended_planned", "nfa_ended_other"):
                pkg.end_all(rend, outcome)
                return rend
            if outcome == "continuation":
                change = min(rend + r.randint(1, 14), T)
                if r.random() < m.UNITS_CHANGE_SHARE and change < exit_day:
                    pkg.change_units(change, r)
                continue
            # A change of package: the review (or a reassessment) opens a new service.
            link = rid
            ns = min(rend + r.randint(1, 14), T)
            if outcome == "progress_assessment":
                aid, aend = self.ev(p, "assessment", ns, r.randint(3, 30), "progress_services",
                                    rid, team, asm_t("long_term_review", m.ASSESSMENT_METHOD(r),
                                                     "yes"))  # fmt: skip
                if aend is None:
                    exit_day = T + 1
                    break
                link, ns = aid, min(aend + r.randint(1, 14), T)
            mech = pkg.comps[0][C_MECH]
            if setting == "lts_community" and self.age(p, ns) >= 65 and r.random() < 0.2:
                setting = "lts_residential" if r.random() < 0.7 else "lts_nursing"
                exit_out = m.LTS_EXIT[setting](r)
            if setting != "lts_community":
                mech = ""
            pkg = pkg.hand_over(ns, setting, components(self, p, setting, ns, mech), link)
            if exit_day <= ns + 30:
                exit_day = ns + 30 + int(r.expovariate(1 / m.TENURE_DAYS[setting]))
            dates = self.review_dates(ns, ns + r.randint(42, 56), min(exit_day - 22, T))
            i = 0
        if exit_day <= pkg.latest:
            exit_day = pkg.latest + 1
        sid, end = pkg.finish(exit_day, exit_out)
        if end is None:
            return BUSY
        if exit_out == "progress_services":  # a move into a care home
            nxt = min(end + r.randint(1, 7), T)
            care = "lts_nursing" if r.random() < 0.35 else "lts_residential"
            return self.long_term(p, nxt, sid, care)
        return self.follow(p, exit_out, end, sid)

    def carer(self, p: int, day: int) -> None:
        """An unpaid carer of p: their own record, a relationship, and their own journey."""
        r, T = self.rng, self.T
        c = self.new_person(day, r.uniform(35, 85), carer_of=p)
        cared = self.people[p]
        self.relationships.append(
            (len(self.relationships) + 1, c + 1, p + 1, "carer", day, cared[P_DOD],
             m.CARER_HOURS(r))
        )  # fmt: skip
        d = day + r.randint(0, 60)
        if d > T:
            return
        outcome = "progress_assessment" if r.random() < 0.8 else "nfa_information"
        rid, end = self.ev(c, "request", d, r.randint(0, 7), outcome, None, "front_door",
                           req_t("community", "carer_support", "carer"), "carer")  # fmt: skip
        if end is None or outcome != "progress_assessment":
            return
        team = self.home_team(p, end)
        yes = r.random() < m.CARER_ELIGIBLE
        outcome = "progress_services" if yes else "nfa_information"
        aid, aend = self.ev(c, "assessment", min(end + r.randint(1, 21), T), r.randint(1, 30),
                            outcome, rid, team,
                            asm_t("carer", m.ASSESSMENT_METHOD(r), "yes" if yes else "no"),
                            "carer")  # fmt: skip
        if aend is None or not yes:
            return
        self.ev(c, "service", min(aend + r.randint(1, 14), T), 364, "nfa_ended_planned", aid,
                team, svc_t("carer_direct", "carer_break", "direct_payment", "", "",
                            r.randrange(20000, 60001, 500), "annually", None),
                "carer", kind="short_term")  # fmt: skip

    # -- the whole council -----------------------------------------------------------------

    def run(self, progress=None) -> None:
        r = self.rng
        self.carers_for: list[tuple[int, int]] = []
        # People already in long-term support when the window opens.
        stock = int(self.adults * m.LONG_TERM_SHARE)
        for n in range(stock):
            start = self.W - r.randint(1, 6 * 365)
            lo, hi = m.STOCK_AGE_BANDS(r)
            p = self.new_person(start, r.uniform(lo, hi))
            self.free[p] = self.long_term(p, start, None, stock=True)
            if progress and n % 5000 == 4999:
                progress(5000)
        # Requests through the window, in date order so repeat requests see the past.
        per_year = self.adults * m.REQUESTS_PER_ADULT_YEAR * 0.93  # the rest are carers'
        days = sorted(self.W + r.randrange(self.T - self.W + 1)
                      for _ in range(int(per_year * self.years)))  # fmt: skip
        for n, day in enumerate(days):
            self.request(day)
            if progress and n % 5000 == 4999:
                progress(5000)
        for p, day in self.carers_for:
            self.carer(p, day)
        self.allocate()

    def allocate(self) -> None:
        """Open cases sit in a team queue or on a worker's caseload; finished ones are closed."""
        r = self.rng
        load: dict[int, int] = {}
        cursor = dict.fromkeys(self.staff.workers, 0)
        chance = {"request": 0.5, "assessment": 0.55, "review": 0.7, "short_term": 0.9,
                  "long_term": 0.25}  # fmt: skip
        priority = {"request": "high", "assessment": "normal", "review": "normal",
                    "short_term": "high", "long_term": "low"}  # fmt: skip
        reason = {"request": "New request", "assessment": "Care Act assessment",
                  "review": "Review", "short_term": "Short-term support",
                  "long_term": "Long-term support"}  # fmt: skip
        aid = 0
        for p in range(len(self.people)):
            held = self.open.get(p)
            if held is None:
                continue
            _, team, start, kind = held
            workers = self.staff.workers[team]
            cap = self.staff.caseload.get(team, m.CASELOAD)
            worker = None
            if r.random() < chance[kind]:
                for _ in range(len(workers)):  # the next worker with room, round robin
                    w = workers[cursor[team] % len(workers)]
                    cursor[team] += 1
                    if load.get(w, 0) < cap:
                        worker = w
                        load[w] = load.get(w, 0) + 1
                        break
            prio = "urgent" if team == "hospital" and kind == "assessment" else priority[kind]
            aid += 1
            self.allocations.append(
                (aid, p + 1, self.staff.team_ids[team], worker,
                 "allocated" if worker else "queued", prio, reason[kind], start, None)
            )  # fmt: skip
            # A few records are restricted (e.g. a member of staff, or someone at risk) and
            # named to the worker who holds them.
            room = len(self.restricted) < self._restricted_target()
            if worker and kind != "request" and room and r.random() < 0.02:
                self.people[p][P_RESTRICTED] = True
                self.restricted.append((p + 1, worker))
        for p, row in enumerate(self.people):
            if p in self.open or p not in self.beyond_front_door or row[P_PSR] == "social_carer":
                continue
            team = self.home_team(p, row[P_FIRST])
            aid += 1
            self.allocations.append(
                (aid, p + 1, self.staff.team_ids[team], None, "closed", "normal",
                 "Case closed", row[P_FIRST], self.last_end[p])
            )  # fmt: skip

    def _restricted_target(self) -> int:
        return max(3, self.adults // 20000)
