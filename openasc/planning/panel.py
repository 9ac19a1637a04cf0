"""The month-end panel: which state, and which cohort, everyone known to the council is in
at the end of each calendar month of a window.

Pure NumPy. The engine steps a month at a time and counts people at month ends, so the
record is read the same way: calibration counts moves between consecutive month ends, and a
backtest counts what happened at the same month ends. The state on a day is the winning
spell of the episodes table (``episodes.py``); the cohort is the person's age band on that
day (whole years from the date of birth), sex and primary support reason.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from .engine import states as st
from .engine.params import Cohorts
from .episodes import LEFT, MOVED_AWAY, RANK_STATE, Episodes, rank

S = st.N_STATES

AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-84", "85+")
SEXES = ("female", "male")
# The engine's demo cohorts (engine/demo.py) use these levels, so a calibration can take
# the demo's parameters as its defaults. Finer levels can be asked for (``levels=``): the
# group names below or the vocab codes themselves.
SUPPORT_REASONS = ("physical", "learning_disability", "mental_health", "other")
#: Primary support reason codes (openasc.vocab) and their groups; a group that is not a level
#: counts as "other" (or "unknown").
SUPPORT_REASON_GROUP = {
    "physical_access": "physical",
    "physical_personal_care": "physical",
    "sensory": "sensory",
    "sensory_hearing": "sensory",
    "sensory_dual": "sensory",
    "memory_cognition": "memory_cognition",
    "learning_disability": "learning_disability",
    "mental_health": "mental_health",
    "social_substance": "social",
    "social_asylum": "social",
    "social_isolation": "social",
    "social_carer": "social",
}
DEFAULT_DIMS = ("age_band", "sex", "primary_support_reason")
DIM_LEVELS = {"age_band": AGE_BANDS, "sex": SEXES, "primary_support_reason": SUPPORT_REASONS}


class CalibrationError(ValueError):
    """The record cannot be calibrated as asked (an empty window, say); the message says why."""


# -- cohorts ---------------------------------------------------------------------------------


def _age_bounds(bands: Sequence[str]) -> np.ndarray:
    """'18-24' -> (18, 24), '85+' -> (85, 999): shape (B, 2), whole years."""
    out = []
    for band in bands:
        try:
            if band.endswith("+"):
                out.append((int(band[:-1]), 999))
            else:
                lo, hi = band.split("-")
                out.append((int(lo), int(hi)))
        except ValueError:
            raise CalibrationError(f"age band {band!r} is not like '18-24' or '85+'") from None
    return np.array(out)


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Proleptic ordinals -> (year, month * 32 + day), for whole-year ages."""
    d = (days - date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(int) + 1970
    month = months.astype(int) % 12
    day = (d - months.astype("datetime64[D]")).astype(int)
    return year, month * 32 + day


def age_on(birth: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Age in whole years on ``days`` (ordinals); arrays broadcast."""
    by, bmd = _ymd(birth)
    dy, dmd = _ymd(days)
    return dy - by - (dmd < bmd)


@dataclass(frozen=True)
class CohortScheme:
    """Which cohort a person is in on a day, for the engine's cohort dimensions."""

    cohorts: Cohorts

    @classmethod
    def make(cls, dims: Sequence[str], levels: Mapping[str, Sequence[str]] | None = None):
        levels = dict(levels or {})
        unknown = [d for d in dims if d not in DIM_LEVELS and d not in levels]
        if unknown:
            raise CalibrationError(
                f"unknown cohort dimension {unknown[0]!r}; expected one of {sorted(DIM_LEVELS)}"
            )
        return cls(Cohorts.product(**{d: levels.get(d, DIM_LEVELS.get(d)) for d in dims}))

    def codes(self, ep: Episodes, person: np.ndarray, days: np.ndarray) -> np.ndarray:
        """Cohort index of ``person`` on ``days`` (same shape); -1 outside every cohort
        (under 18, or a level the scheme does not have)."""
        idx = []
        for dim, lv in zip(self.cohorts.dims, self.cohorts.levels, strict=True):
            if dim == "age_band":
                bounds = _age_bounds(lv)
                age = age_on(ep.birth[person], days)
                band = np.searchsorted(bounds[:, 0], age, side="right") - 1
                ok = (band >= 0) & (age <= bounds[np.maximum(band, 0), 1])
                idx.append(np.where(ok, band, -1))
            else:
                idx.append(self._person_level(ep, dim, lv)[person])
        code = np.zeros(np.shape(person), dtype=np.int64)
        bad = np.zeros(np.shape(person), dtype=bool)
        for i, size in zip(idx, self.cohorts.shape, strict=True):
            code = code * size + np.maximum(i, 0)
            bad |= i < 0
        return np.where(bad, -1, code)

    @staticmethod
    def _person_level(ep: Episodes, dim: str, lv: Sequence[str]) -> np.ndarray:
        lookup = {v: i for i, v in enumerate(lv)}
        if dim == "sex":
            # Gender not recorded as one of the levels ("other", "unknown") is shared evenly
            # between them, person by person, rather than dropped: dropping would undercount.
            # By a checksum of the person's id, so the same person always goes the same way.
            return np.array(
                [
                    lookup.get(g, zlib.crc32(str(k).encode()) % len(lv))
                    for g, k in zip(ep.sex, ep.person_key, strict=True)
                ],
                dtype=np.int64,
            ).reshape(-1)
        if dim == "primary_support_reason":
            fallback = lookup.get("other", lookup.get("unknown", -1))
            return np.array(
                [
                    lookup.get(r, lookup.get(SUPPORT_REASON_GROUP.get(r, "unknown"), fallback))
                    for r in ep.support_reason
                ],
                dtype=np.int64,
            ).reshape(-1)
        raise CalibrationError(f"cohort dimension {dim!r} is not recorded in the episodes")


# -- the panel -------------------------------------------------------------------------------


def window_months(date_from: date, date_to: date) -> np.ndarray:
    """Month ends of the whole calendar months in [date_from, date_to), with the day before
    the first month at index 0 (ordinals, shape (K + 1,))."""
    first = date_from if date_from.day == 1 else _add_months(date_from.replace(day=1), 1)
    stop = date_to.replace(day=1)
    months = (stop.year - first.year) * 12 + stop.month - first.month
    if months < 1:
        raise CalibrationError(
            f"the window {date_from} to {date_to} holds no whole calendar month to calibrate on"
        )
    return np.array([_add_months(first, k).toordinal() - 1 for k in range(months + 1)])


def _add_months(d: date, k: int) -> date:
    m = d.month - 1 + k
    return d.replace(year=d.year + m // 12, month=m % 12 + 1)


def cover(start, end, obs):
    """For spells [start, end], which observation days each covers: (spell, obs index)."""
    a = np.searchsorted(obs, start, side="left")
    b = np.searchsorted(obs, end, side="right")
    length = np.maximum(b - a, 0)
    spell = np.repeat(np.arange(len(start)), length)
    offset = np.cumsum(length) - length
    k = a[spell] + np.arange(len(spell)) - offset[spell]
    return spell, k


@dataclass(frozen=True, eq=False)
class Panel:
    """Month-end states of everyone in the episodes table.

    obs      (K + 1,)    the observation days (month ends; index 0 = before the window)
    state    (P, K + 1)  engine state, WAITING or MOVED_AWAY; -1 = not known to the council yet
    settled  (P, K + 1)  the same ignoring death and moving away (where they were before)
    cohort   (P, K + 1)  cohort index on that day; -1 = in no cohort
    first    (P,)        month (1..K) of first contact, 0 before the window, -1 after it
    """

    obs: np.ndarray
    state: np.ndarray
    settled: np.ndarray
    cohort: np.ndarray
    first: np.ndarray

    @classmethod
    def build(cls, ep: Episodes, obs: np.ndarray, scheme: CohortScheme) -> Panel:
        n_obs = len(obs)
        spell, k = cover(ep.spell_start, ep.spell_end, obs)
        cell = ep.spell_person[spell] * n_obs + k
        best = np.zeros(ep.n_people * n_obs, dtype=np.int16)
        np.maximum.at(best, cell, ep.spell_rank[spell])
        settled = np.zeros_like(best)
        stay = ep.spell_rank[spell] < rank(LEFT, st.NO_FORMAL_SUPPORT)
        np.maximum.at(settled, cell[stay], ep.spell_rank[spell][stay])
        shape = (ep.n_people, n_obs)
        person = np.broadcast_to(np.arange(ep.n_people)[:, None], shape)
        days = np.broadcast_to(obs[None, :], shape)
        first = np.searchsorted(obs, ep.known_from, side="left")
        first = np.where(first > n_obs - 1, -1, first)
        return cls(
            obs=obs,
            state=RANK_STATE[best].reshape(shape),
            settled=RANK_STATE[settled].reshape(shape),
            cohort=scheme.codes(ep, person, days),
            first=first,
        )

    @property
    def months(self) -> int:
        return len(self.obs) - 1

    def counts(self, k: int, n_cohorts: int) -> np.ndarray:
        """People in each state (incl. WAITING, MOVED_AWAY) at month end k, (C, S + 2)."""
        ok = (self.state[:, k] >= 0) & (self.cohort[:, k] >= 0)
        idx = self.cohort[ok, k] * (S + 2) + self.state[ok, k]
        return np.bincount(idx, minlength=n_cohorts * (S + 2)).reshape(n_cohorts, S + 2)

    def transitions(self, n_cohorts: int, months: slice = slice(None)) -> np.ndarray:
        """Month-to-month moves (C, S, S) over the months in ``months`` (1..K)."""
        frm = self.state[:, :-1][:, months]
        to = self.state[:, 1:][:, months]
        c = self.cohort[:, :-1][:, months]
        ok = (frm >= 0) & (frm < st.DECEASED) & (to >= 0) & (to < S) & (c >= 0)
        idx = (c[ok] * S + frm[ok]) * S + to[ok]
        return np.bincount(idx, minlength=n_cohorts * S * S).reshape(n_cohorts, S, S)

    def arrivals(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """People whose first contact falls in the window: person, month (1..K), and the
        state they were in at that month end (dying or leaving that month: where they were
        before; WAITING if not known yet)."""
        person = np.flatnonzero(self.first >= 1)
        k = self.first[person]
        entry = self.state[person, k]
        gone = (entry == st.DECEASED) | (entry == MOVED_AWAY)
        entry = np.where(gone, self.settled[person, k], entry)
        return person, k, entry

    def admissions(self, states: Sequence[int], arrivals: bool = True) -> np.ndarray:
        """Moves into any of ``states`` in each month (1..K), (K,), for people in a cohort:
        the engine's admissions summed over those states (with ``arrivals``, people new that
        month count too, as the engine's arrivals do)."""
        now = self.state[:, 1:]
        before = self.state[:, :-1]
        into = np.isin(now, states) & (now != before) & (self.cohort[:, 1:] >= 0)
        if not arrivals:
            into &= before >= 0
        return into.sum(axis=0)
