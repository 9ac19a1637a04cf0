"""Long-term packages as Client Level Data records them.

Pure: no Django. A package is one or more service components (home care and telecare, a
personal assistant and day care, …), each its own Service event with its own unit cost, cost
frequency and planned units. A component's row ends, with outcome "continuation", whenever
something about it changes, and a new row starts the next day linked to it through
`previous`: every 1 April (the annual uplift), when a review changes the planned units, and
when a provider hands the care back (or a resident moves to another home).
"""

from __future__ import annotations

import random
from bisect import bisect_right
from datetime import date
from typing import TYPE_CHECKING

from . import mix as m

if TYPE_CHECKING:
    from .simulate import Simulation

PROGRESS = ("progress_assessment", "progress_reablement", "progress_services")
# Which list of providers (Simulation.providers) a component's provider comes from.
PROVIDER_KIND = {"care_home_nursing": "nursing", "care_home_residential": "residential"}

# One component's running row, as a list because its fields change as it goes on.
# C_KEY is its entry in mix.UNIT_COST (a care home's depends on the setting).
(C_CODE, C_KEY, C_MECH, C_PROV, C_CQC, C_BASE, C_FREQ, C_UNITS, C_START, C_PREV) = range(10)


class Prices:
    """Council-wide April uplifts, one per financial year. Unit costs are drawn in today's
    prices (the ranges in mix.UNIT_COST) and scaled back to the year a row starts, so a
    service running today costs what mix.py says and older rows cost less."""

    def __init__(self, rng: random.Random, as_of: int, first_year: int):
        last_year = date.fromordinal(as_of).year + 1
        self.aprils = [date(y, 4, 1).toordinal() for y in range(first_year, last_year + 1)]
        factors = [1.0] * len(self.aprils)
        now = self.year_index(as_of)
        for i in range(now - 1, -1, -1):  # each year's prices are last year's plus the uplift
            factors[i] = factors[i + 1] / (1 + rng.uniform(*m.ANNUAL_UPLIFT))
        self.factors = factors

    def year_index(self, day: int) -> int:
        """Which financial year (April to March) a day falls in, as an index into aprils."""
        return max(0, bisect_right(self.aprils, day) - 1)

    def next_april(self, day: int) -> int:
        """The first 1 April after `day`."""
        return self.aprils[bisect_right(self.aprils, day)]

    def cost(self, base: int, day: int) -> int:
        return round(base * self.factors[self.year_index(day)])


class Package:
    """The components of one long-term package, from its start until it ends or changes."""

    def __init__(self, sim: Simulation, p: int, setting: str, day: int, team: str,
                 comps: list[list], prev: int | None):  # fmt: skip
        self.sim, self.p, self.setting, self.team = sim, p, setting, team
        self.comps = comps
        comps[0][C_PREV] = prev  # the first component follows the step that opened it
        self.latest = day  # the latest day any component's current row started
        self.april = sim.prices.next_april(day - 1)  # the first 1 April on or after `day`

    def _close(self, c: list, end: int, outcome: str) -> tuple[int, int | None]:
        sim = self.sim
        typed = (
            ("",) * 6
            + (self.setting, c[C_CODE], c[C_MECH], c[C_PROV], c[C_CQC],
               sim.prices.cost(c[C_BASE], c[C_START]), c[C_FREQ], f"{c[C_UNITS]:.2f}")
            + ("", "", "")
        )  # fmt: skip
        return sim.ev(self.p, "service", c[C_START], end - c[C_START], outcome, c[C_PREV],
                      self.team, typed, kind="long_term")  # fmt: skip

    def _restart(self, c: list, day: int) -> None:
        """End c's row the day before `day` as a continuation; its next row starts on `day`."""
        eid, _ = self._close(c, day - 1, "continuation")
        c[C_START], c[C_PREV] = day, eid
        self.latest = max(self.latest, day)

    def reprice(self, until: int) -> None:
        """Apply each 1 April uplift up to `until` (and never beyond the as_of day)."""
        last = min(until, self.sim.T)
        while self.april <= last:
            for c in self.comps:
                if c[C_START] < self.april:  # a row starting that day already has its price
                    self._restart(c, self.april)
            self.april = self.sim.prices.next_april(self.april)

    def change_units(self, day: int, rng: random.Random) -> None:
        """A review changes one component's planned units from `day` (hours up or down)."""
        self.reprice(day)
        variable = [c for c in self.comps if _units_range(c)[0] < _units_range(c)[1]]
        if not variable:
            return
        c = variable[int(rng.random() * len(variable))]
        lo, hi = _units_range(c)
        if c[C_FREQ] == "hourly":
            up = rng.random() < m.HOURS_UP_SHARE
            units = round(c[C_UNITS] * rng.uniform(*(m.HOURS_UP if up else m.HOURS_DOWN)) * 4) / 4
        else:  # days a week
            units = c[C_UNITS] + (1 if rng.random() < m.HOURS_UP_SHARE else -1)
        units = min(hi, max(lo, units))
        if units == c[C_UNITS]:
            return
        if c[C_START] < day:  # a row that started on this 1 April just takes the new units
            self._restart(c, day)
        c[C_UNITS] = units

    def change_provider(self, day: int, rng: random.Random) -> None:
        """A provider hands back one component (or a resident moves home) from `day`: the
        new provider charges its own price."""
        if self.sim.prices.next_april(day - 1) == day:
            return  # leave 1 April to the uplift alone
        self.reprice(day)
        provided = [c for c in self.comps if c[C_PROV]]
        if not provided:
            return
        c = provided[int(rng.random() * len(provided))]
        choices = self.sim.providers[PROVIDER_KIND.get(c[C_KEY], c[C_KEY])]
        prov, cqc = choices[int(rng.random() * len(choices))]
        if prov == c[C_PROV]:
            return
        self._restart(c, day)
        (lo, hi), freq, _ = m.UNIT_COST[c[C_KEY]]
        c[C_PROV], c[C_CQC] = prov, cqc
        c[C_BASE] = rng.randrange(lo, hi + 1, 100 if freq == "weekly" else 5)

    def end_all(self, day: int, outcome: str) -> None:
        """End every component on `day` (a review ended the support)."""
        self.reprice(day)
        for c in self.comps:
            self._close(c, day, outcome)

    def hand_over(self, day: int, setting: str, comps: list[list], link: int) -> Package:
        """A review (or reassessment, `link`) changes the package from `day`. The first new
        component is the changed service, a new row following `link`. A component the new
        package keeps is the same service (provider, mechanism, price): its row runs on, or
        if its planned units change, ends the day before as a continuation and the next row
        follows it. The old first component ends as a continuation too (its support goes on
        in the changed service); components the package drops end as planned."""
        self.reprice(day - 1)
        old = {c[C_KEY]: c for c in self.comps}
        first = old.pop(self.comps[0][C_KEY])
        self._close(first, day - 1, "continuation")
        for i, n in enumerate(comps):
            c = old.pop(n[C_KEY], None) if i else None
            if c is None:
                continue
            n[C_MECH], n[C_PROV], n[C_CQC], n[C_BASE] = c[C_MECH], c[C_PROV], c[C_CQC], c[C_BASE]
            if n[C_UNITS] == c[C_UNITS]:
                comps[i] = c
            else:
                n[C_PREV], _ = self._close(c, day - 1, "continuation")
        for c in old.values():
            self._close(c, day - 1, "nfa_ended_planned")
        return Package(self.sim, self.p, setting, day, self.team, comps, link)

    def finish(self, exit_day: int, outcome: str) -> tuple[int, int | None]:
        """The package's last rows (open if exit_day is after as_of). The first component
        carries the outcome; if that opens a next step, the others simply end as planned.
        Returns the first component's (id, end)."""
        self.reprice(exit_day)
        other = "nfa_ended_planned" if outcome in PROGRESS else outcome
        first = None
        for i, c in enumerate(self.comps):
            result = self._close(c, exit_day, other if i else outcome)
            if first is None:
                first = result
        return first


def components(sim: Simulation, p: int, setting: str, day: int, mech: str = "") -> list[list]:
    """Choose a package's components: a care home placement, or 1-3 community services
    (all paid the same way, `mech` if given: a changed package is rarely paid differently)."""
    from .simulate import P_ACCOM, P_FUNDING, P_PSR

    r = sim.rng
    row = sim.people[p]
    if row[P_FUNDING] in ("unknown", "self_funded"):
        row[P_FUNDING] = m.FUNDING_LTS(r)
    if setting != "lts_community":
        nursing = setting == "lts_nursing"
        row[P_ACCOM] = "registered_nursing_home" if nursing else "registered_care_home"
        key = "care_home_nursing" if nursing else "care_home_residential"
        prov, cqc = r.choice(sim.providers[PROVIDER_KIND[key]])
        return [_component(r, "care_home", key, "commissioned", prov, cqc, day)]
    younger = sim.age(p, day) < 65
    if row[P_ACCOM] in ("registered_care_home", "registered_nursing_home"):
        row[P_ACCOM] = "owner_occupier" if not younger else "family_friends"
    if not mech:
        x = r.random()
        dp = m.DIRECT_PAYMENT["younger" if younger else "older"]
        mech = "managed_pb" if x < dp + m.MANAGED_PB else "commissioned"
        if x < dp:
            mech = "direct_payment"
    psr = row[P_PSR]
    if mech == "direct_payment":
        group = "direct_payment"
    elif psr in ("learning_disability", "mental_health"):
        group = psr
    else:
        group = "other"
    first, extras = m.COMPONENTS[group]
    codes = [first(r)]
    wanted = 1 + m.EXTRA_COMPONENTS(r)
    for _ in range(8):  # distinct components; a few tries is plenty
        if len(codes) == wanted:
            break
        code = extras(r)
        if code not in codes:
            codes.append(code)
    comps = []
    for code in codes:
        # Telecare is arranged by the council even for a person who takes a direct payment.
        cmech = "commissioned" if code == "telecare" and mech == "direct_payment" else mech
        if code == "personal_assistant" or code not in sim.providers:
            prov, cqc = "", ""  # a person's own assistant, or a service that needs no CQC
        else:
            prov, cqc = r.choice(sim.providers[code])
        comps.append(_component(r, code, code, cmech, prov, cqc, day))
    return comps


def _component(r: random.Random, code: str, key: str, mech: str, prov: str, cqc: str,
               day: int) -> list:  # fmt: skip
    (lo, hi), freq, (ulo, uhi) = m.UNIT_COST[key]
    units = ulo if ulo == uhi else round(r.uniform(ulo, uhi) * 4) / 4
    if freq == "daily":
        units = round(units)
    cost = r.randrange(lo, hi + 1, 100 if freq == "weekly" else 5)
    return [code, key, mech, prov, cqc, cost, freq, units, day, None]


def _units_range(c: list) -> tuple[float, float]:
    return m.UNIT_COST[c[C_KEY]][2]
