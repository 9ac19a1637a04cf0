"""Calibrate the planning engine from the episodes table (the council's record or a CLD file).

Pure NumPy. The window ``[date_from, date_to)`` is taken as whole calendar months. The
method, so a reader can check each figure:

- **Panel** (``panel.py``). At the end of every month (and the day before the window
  opens), everyone known to the council by then is in one state: the one ``episodes.py``
  gives for that day. People never in contact are not in the panel; the inflow models
  their arrival.
- **Transitions** are counts of month-end state -> next month-end state, per cohort (the
  cohort at the first month end). Each row is estimated as ``(N + k P) / (n + k)``: the
  cohort's own counts ``N`` (``n`` person-months) plus ``k`` pseudo-counts (``pseudo_counts``)
  spread like the all-cohort row ``P``. So a cohort with few observations leans on everyone
  (with ``n = k`` it is half its own, half the pooled row) and a large one is its own.
  Deceased is absorbing. Moves out of the council are censored (not counted).
- **95% intervals** for probabilities are Wilson score intervals on those same effective
  counts (``N + kP`` out of ``n + k``); for counts and rates, Poisson intervals (Byar's
  approximation, within 1% of the exact ones from a count of 1 up).
- **Inflow** is requests from people new to the council (their first recorded contact) per
  month; repeat requests from people already known are moves out of "no formal support" or
  "information and advice", as in the engine. With a population (e.g. ONS mid-year
  estimates of adults per cohort) it is also a rate per adult per month.
- **Entry mix** is the month-end state in the month of that first contact (the state just
  before, if they died or moved away that month), shrunk like a transition row.
- **Initial** counts are the month-end states at the end of the window; people still waiting
  for the outcome of a request are shared out by their cohort's entry mix.
- **Unit costs** (£ a week) are the mean recorded weekly cost of the services running for
  people in each state at the month ends of the last 12 months of the window, with cohort
  means shrunk toward the all-cohort mean in the same way. States the record never costs
  (hospital, information and advice) keep the default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from .engine import states as st
from .engine.params import Cohorts, Params, PlanningInputError
from .episodes import MOVED_AWAY, RANK_STATE, WAITING, Episodes
from .panel import (
    AGE_BANDS,
    DEFAULT_DIMS,
    DIM_LEVELS,
    SEXES,
    SUPPORT_REASON_GROUP,
    SUPPORT_REASONS,
    CalibrationError,
    CohortScheme,
    Panel,
    cover,
    window_months,
)
from .params_file import params_to_dict

__all__ = [
    "AGE_BANDS",
    "DEFAULT_DIMS",
    "DIM_LEVELS",
    "SEXES",
    "SUPPORT_REASONS",
    "SUPPORT_REASON_GROUP",
    "Calibration",
    "CalibrationError",
    "CohortScheme",
    "Panel",
    "calibrate",
    "window_months",
]

S = st.N_STATES
LIVING = S - 1  # every state but deceased
Z95 = 1.959963984540054


# -- statistics ------------------------------------------------------------------------------


def wilson(x: np.ndarray, n: np.ndarray, z: float = Z95) -> np.ndarray:
    """Wilson score interval for x successes out of n, shape (..., 2); [0, 1] when n = 0."""
    x, n = np.broadcast_arrays(np.asarray(x, float), np.asarray(n, float))
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = (x + z * z / 2) / (n + z * z)
        half = z / (n + z * z) * np.sqrt(np.maximum(x * (n - x), 0) / n + z * z / 4)
        low = np.where(n > 0, np.clip(centre - half, 0, 1), 0.0)
        high = np.where(n > 0, np.clip(centre + half, 0, 1), 1.0)
    return np.stack([low, high], axis=-1)


def poisson_interval(x: np.ndarray, z: float = Z95) -> np.ndarray:
    """95% interval for the mean of a Poisson count x (Byar's approximation), (..., 2)."""
    x = np.asarray(x, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.where(x > 0, x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3, 0.0)
    up = x + 1
    high = up * (1 - 1 / (9 * up) + z / (3 * np.sqrt(up))) ** 3
    return np.stack([np.maximum(low, 0), high], axis=-1)


def shrink(counts: np.ndarray, k: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of counts (C, R, S) -> estimates and Wilson intervals shrunk toward the pooled
    row with k pseudo-counts, and the pooled row (R, S). Rows with no data anywhere are NaN."""
    pooled = counts.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        prior = pooled / pooled.sum(axis=-1, keepdims=True)  # NaN rows: no data at all
    x = counts + k * prior
    n = counts.sum(axis=-1, keepdims=True) + k
    with np.errstate(divide="ignore", invalid="ignore"):
        est = np.where(n > 0, x / n, prior)
    ci = wilson(np.where(n > 0, x, 0), np.broadcast_to(n, x.shape))
    ci[np.isnan(est)] = np.nan
    return est, ci, prior


# -- the calibration -------------------------------------------------------------------------


def _population(population, cohorts: Cohorts) -> np.ndarray | None:
    if population is None:
        return None
    if isinstance(population, Mapping):
        out = []
        for label in cohorts.labels:
            value = population.get(label, population.get("/".join(label)))
            if value is None:
                raise CalibrationError(f"population: no figure for cohort {'/'.join(label)}")
            out.append(value)
        population = out
    arr = np.asarray(population, dtype=float)
    if arr.shape != (cohorts.size,) or not np.all(np.isfinite(arr)) or (arr <= 0).any():
        raise CalibrationError(
            f"population: need {cohorts.size} positive numbers of adults, one per cohort "
            f"({', '.join('/'.join(lb) for lb in cohorts.labels)})"
        )
    return arr


def _label(cohorts: Cohorts, c: int) -> str:
    return "/".join(cohorts.labels[c])


@dataclass(frozen=True, eq=False)
class Calibration:
    """Engine parameters estimated from the record, with 95% intervals and counts.

    C cohorts, S states. Probabilities are monthly; NaN where nothing was observed.
      arrivals, requests      (C,)       people new to the council; all requests (window)
      inflow, inflow_ci       (C,), (C, 2)  new requests a month
      request_rate(_ci)       (C,), (C, 2)  new requests per adult a month (needs population)
      entry_counts, entry_mix, entry_ci     (C, S), (C, S), (C, S, 2)
      transition_counts, transitions, transitions_ci  (C, S, S), (C, S, S), (C, S, S, 2)
      initial                 (C, S)     people in each state at the end of the window
      unit_cost               (C, S)     £ a week; NaN where the record has no cost
      cost_observations       (C, S)     person-months the costs come from
    """

    cohorts: Cohorts
    date_from: date
    date_to: date
    months: int
    people: int
    arrivals: np.ndarray
    requests: np.ndarray
    inflow: np.ndarray
    inflow_ci: np.ndarray
    adult_population: np.ndarray | None
    request_rate: np.ndarray | None
    request_rate_ci: np.ndarray | None
    entry_counts: np.ndarray
    entry_mix: np.ndarray
    entry_ci: np.ndarray
    transition_counts: np.ndarray
    transitions: np.ndarray
    transitions_ci: np.ndarray
    initial: np.ndarray
    unit_cost: np.ndarray
    cost_observations: np.ndarray
    pseudo_counts: float
    source: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def person_months(self) -> np.ndarray:
        """(C, S) person-months observed in each state (the rows' sample sizes)."""
        return self.transition_counts.sum(axis=-1)

    def pooled_transitions(self) -> tuple[np.ndarray, np.ndarray]:
        """All-cohort monthly probabilities (S, S) and their Wilson intervals (S, S, 2)."""
        counts = self.transition_counts.sum(axis=0)
        n = counts.sum(axis=-1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            p = counts / n
        return p, wilson(counts, np.broadcast_to(n, counts.shape))

    def to_params(self, defaults: Params | None = None) -> Params:
        """Valid engine parameters. What the record could not tell (rows never observed,
        costs never recorded, uplift, uncertainty settings) comes from ``defaults`` if
        given: otherwise a row never observed stays put, a cost never recorded is £0, and
        there is no uplift or parameter uncertainty."""
        c = self.cohorts.size
        if defaults is not None and defaults.cohorts != self.cohorts:
            raise PlanningInputError(
                "defaults.cohorts",
                f"the defaults have cohorts {defaults.cohorts.dims}, the calibration "
                f"{self.cohorts.dims} with levels {self.cohorts.levels}",
            )
        eye = np.broadcast_to(np.eye(S), (c, S, S))
        fallback = defaults.transitions if defaults is not None else eye
        p = np.where(np.isnan(self.transitions), fallback, self.transitions)
        p[:, st.DECEASED] = np.eye(S)[st.DECEASED]
        p /= p.sum(axis=-1, keepdims=True)
        no_support = np.eye(S)[st.NO_FORMAL_SUPPORT]
        entry_fallback = defaults.entry_mix if defaults is not None else no_support
        entry = np.where(np.isnan(self.entry_mix), entry_fallback, self.entry_mix)
        entry[:, st.DECEASED] = 0.0
        entry /= entry.sum(axis=-1, keepdims=True)
        cost_fallback = defaults.unit_cost if defaults is not None else 0.0
        cost = np.where(np.isnan(self.unit_cost), cost_fallback, self.unit_cost)
        population = self.adult_population
        if population is None and defaults is not None:
            population = defaults.adult_population
        return Params(
            cohorts=self.cohorts,
            initial=self.initial,
            inflow=self.inflow,
            entry_mix=entry,
            transitions=p,
            unit_cost=cost,
            annual_uplift=defaults.annual_uplift if defaults is not None else 0.0,
            adult_population=population,
            concentration=defaults.concentration if defaults is not None else None,
            inflow_cv=defaults.inflow_cv if defaults is not None else 0.0,
            notes=(
                f"calibrated from {self.source or 'the record'}, "
                f"{self.date_from} to {self.date_to}",
                *self.warnings,
            ),
        )

    def to_yaml_dict(self, defaults: Params | None = None) -> dict:
        """The calibrated parameters as plain data in the council-file format of
        ``params_file`` (what a scenario's ``council:`` names), ready for ``yaml.safe_dump``."""
        return params_to_dict(self.to_params(defaults))

    def evidence_dict(self) -> dict:
        """The 95% intervals and the counts behind the estimates, as plain data, to keep
        beside the parameters (a scenario file does not read them)."""

        def plain(a):
            return None if a is None else np.asarray(a, dtype=float).round(10).tolist()

        return {
            "source": self.source,
            "window": {"from": str(self.date_from), "to": str(self.date_to), "months": self.months},
            "cohorts": [list(label) for label in self.cohorts.labels],
            "states": list(st.STATES),
            "pseudo_counts": self.pseudo_counts,
            "people": self.people,
            "arrivals": self.arrivals.tolist(),
            "requests": self.requests.tolist(),
            "person_months": self.person_months.tolist(),
            "inflow_per_month_95": plain(self.inflow_ci),
            "request_rate_per_adult_month_95": plain(self.request_rate_ci),
            "entry_mix_95": plain(self.entry_ci),
            "transitions_95": plain(self.transitions_ci),
            "cost_person_months": self.cost_observations.tolist(),
            "warnings": list(self.warnings),
        }

    def render(self) -> str:
        """A plain-text summary: requests, where they go, the main monthly moves, costs."""
        return _render(self)


def calibrate(
    episodes: Episodes,
    date_from: date,
    date_to: date,
    population=None,
    *,
    dims: Sequence[str] = DEFAULT_DIMS,
    levels: Mapping[str, Sequence[str]] | None = None,
    pseudo_counts: float = 20.0,
    min_person_months: int = 50,
    source: str = "",
) -> Calibration:
    """Estimate engine parameters over the whole months of ``[date_from, date_to)``.

    ``population``: adults in each cohort (array in cohort order, or a mapping from the
    cohort label tuple, or "a/b" text, to a number), e.g. ONS mid-year estimates; without
    it the inflow is requests a month, not a rate. ``pseudo_counts`` (k) sets the pooling;
    rows with fewer than ``min_person_months`` are named in the warnings.
    """
    if pseudo_counts < 0:
        raise CalibrationError("pseudo_counts must be zero or more")
    obs = window_months(date_from, date_to)
    scheme = CohortScheme.make(dims, levels)
    cohorts = scheme.cohorts
    n_c, K = cohorts.size, len(obs) - 1
    population = _population(population, cohorts)
    warnings: list[str] = []
    start, end = date.fromordinal(int(obs[0]) + 1), date.fromordinal(int(obs[-1]) + 1)
    if (start, end) != (date_from, date_to):
        warnings.append(f"window taken as whole months: {start} to {end}")
    if obs[-1] > episodes.as_of.toordinal():
        warnings.append(
            f"the data were read as of {episodes.as_of}, before the window ends: the last "
            "months look quieter than they were"
        )
    if episodes.n_people == 0 or (episodes.known_from <= obs[-1]).sum() == 0:
        raise CalibrationError(
            f"no one was known to the council between {start} and {end}: nothing to calibrate"
        )
    panel = Panel.build(episodes, obs, scheme)
    counts = panel.transitions(n_c)
    if counts.sum() == 0 and (panel.first >= 1).sum() == 0:
        raise CalibrationError(
            f"no person-months or new requests between {start} and {end}: nothing to calibrate"
        )

    # Transitions.
    p, p_ci, _ = shrink(counts, pseudo_counts)
    p[:, st.DECEASED] = np.eye(S)[st.DECEASED]
    p_ci[:, st.DECEASED] = np.stack([np.eye(S)[st.DECEASED]] * 2, axis=-1)

    # Inflow and entry mix.
    person, k, entry = panel.arrivals()
    c = panel.cohort[person, k]
    arrivals = np.bincount(c[c >= 0], minlength=n_c)
    known = (entry < S) & (c >= 0)
    entry_counts = np.bincount(c[known] * S + entry[known], minlength=n_c * S).reshape(n_c, S)
    e, e_ci, _ = shrink(entry_counts[:, None, :], pseudo_counts)
    e, e_ci = e[:, 0], e_ci[:, 0]
    inflow = arrivals / K
    inflow_ci = poisson_interval(arrivals) / K
    rate = rate_ci = None
    if population is not None:
        rate = inflow / population
        rate_ci = inflow_ci / population[:, None]
    else:
        warnings.append(
            "no adult population given: inflow is estimated as new requests a month, not as a "
            "rate per adult (pass population, e.g. ONS mid-year estimates, for rates)"
        )

    # All requests (new and repeat), by cohort on the day.
    in_window = (episodes.request_day > obs[0]) & (episodes.request_day <= obs[-1])
    rc = scheme.codes(episodes, episodes.request_person[in_window], episodes.request_day[in_window])
    requests = np.bincount(rc[rc >= 0], minlength=n_c)

    # Initial counts at the window end; people still waiting shared out by the entry mix.
    last = panel.counts(K, n_c)
    mix = np.where(np.isnan(e), np.eye(S)[st.NO_FORMAL_SUPPORT], e)
    initial = last[:, :S].astype(float) + last[:, WAITING, None] * mix
    initial[:, st.DECEASED] = 0.0
    waiting = int(last[:, WAITING].sum())
    if waiting:
        warnings.append(
            f"{waiting:,} people were still waiting for the outcome of a request at the window "
            "end; shared out by their cohort's entry mix"
        )

    cost, cost_n = _unit_costs(episodes, panel, n_c, pseudo_counts)
    warnings += _sample_warnings(cohorts, counts, cost_n, min_person_months)
    warnings += _scope_warnings(episodes, panel, scheme)
    warnings += _drift_warnings(panel, n_c)
    warnings += list(episodes.notes)
    return Calibration(
        cohorts=cohorts,
        date_from=start,
        date_to=end,
        months=K,
        people=int(((panel.state >= 0) & (panel.cohort >= 0)).any(axis=1).sum()),
        arrivals=arrivals,
        requests=requests,
        inflow=inflow,
        inflow_ci=inflow_ci,
        adult_population=population,
        request_rate=rate,
        request_rate_ci=rate_ci,
        entry_counts=entry_counts,
        entry_mix=e,
        entry_ci=e_ci,
        transition_counts=counts,
        transitions=p,
        transitions_ci=p_ci,
        initial=initial,
        unit_cost=cost,
        cost_observations=cost_n,
        pseudo_counts=float(pseudo_counts),
        source=source,
        warnings=tuple(warnings),
    )


def _unit_costs(ep: Episodes, panel: Panel, n_c: int, k: float):
    """Mean £ a week per person in each state over the last 12 month ends, (C, S) and the
    person-months behind each; cohort means shrunk toward the all-cohort mean."""
    K = panel.months
    first = max(1, K - 11)
    obs = panel.obs[first:]
    costed = np.isfinite(ep.spell_weekly_cost)
    spell, j = cover(ep.spell_start[costed], ep.spell_end[costed], obs)
    person = ep.spell_person[costed][spell]
    state = RANK_STATE[ep.spell_rank[costed][spell]]
    col = first + j
    match = panel.state[person, col] == state  # only the services of the state they are in
    total = np.zeros((ep.n_people, len(obs)))
    np.add.at(total, (person[match], j[match]), ep.spell_weekly_cost[costed][spell][match])
    cells = total > 0
    pp, jj = np.nonzero(cells)
    c = panel.cohort[pp, first + jj]
    s = panel.state[pp, first + jj]
    ok = (c >= 0) & (s < S)
    idx = c[ok] * S + s[ok]
    n = np.bincount(idx, minlength=n_c * S).reshape(n_c, S).astype(float)
    money = np.bincount(idx, weights=total[pp, jj][ok], minlength=n_c * S).reshape(n_c, S)
    with np.errstate(divide="ignore", invalid="ignore"):
        overall = money.sum(axis=0) / n.sum(axis=0)
        cost = (money + k * overall) / (n + k)
        cost = np.where(n + k > 0, cost, overall)
    cost[:, np.isnan(overall)] = np.nan
    return cost, n


def _sample_warnings(cohorts, counts, cost_n, minimum, shown: int = 8) -> list[str]:
    out = []
    n = counts.sum(axis=-1)
    for s in range(LIVING):
        if n[:, s].sum() == 0:
            out.append(f"no one was observed in {state_label(s)}: its row comes from the defaults")
    thin = []
    for c in range(cohorts.size):
        rows = [
            f"{state_label(s)} {int(n[c, s])}"
            for s in range(LIVING)
            if n[:, s].sum() > 0 and n[c, s] < minimum
        ]
        if rows:
            thin.append(f"{_label(cohorts, c)} ({', '.join(rows)})")
    if thin:
        more = f"; and {len(thin) - shown} more cohorts" if len(thin) > shown else ""
        out.append(
            f"{len(thin)} cohorts have fewer than {minimum} person-months in some states, "
            f"which lean on the all-cohort estimate: {'; '.join(thin[:shown])}{more}"
        )
    never = [state_label(s) for s in range(LIVING) if cost_n[:, s].sum() == 0]
    if never:
        out.append(f"no recorded weekly cost for {', '.join(never)}: the default is kept")
    return out


def _scope_warnings(ep: Episodes, panel: Panel, scheme: CohortScheme) -> list[str]:
    out = []
    seen = (panel.state >= 0).any(axis=1)
    outside = int((seen & (panel.cohort < 0).all(axis=1)).sum())
    if outside:
        out.append(f"{outside:,} people were in no cohort (under 18, say) and are left out")
    odd_sex = int((seen & ~np.isin(ep.sex, list(SEXES))).sum())
    if odd_sex and "sex" in scheme.cohorts.dims:
        out.append(
            f"{odd_sex:,} people's gender is not recorded as female or male; they are shared "
            "evenly between the sex cohorts"
        )
    moved = int(((panel.state == MOVED_AWAY).any(axis=1)).sum())
    if moved:
        out.append(f"{moved:,} people moved to another council and leave the panel then")
    return out


def _drift_warnings(panel: Panel, n_c: int) -> list[str]:
    """Rows whose rate of leaving changed clearly between the first and second half of the
    window (intervals apart and by more than a quarter): the engine holds rates steady, so
    a recent, shorter window may forecast better."""
    half = panel.months // 2
    if half < 3:
        return []
    out = []
    early = panel.transitions(n_c, slice(0, half)).sum(axis=0)
    late = panel.transitions(n_c, slice(half, None)).sum(axis=0)
    for s in range(LIVING):
        n1, n2 = early[s].sum(), late[s].sum()
        if min(n1, n2) == 0:
            continue
        left1, left2 = n1 - early[s, s], n2 - late[s, s]
        (lo1, hi1), (lo2, hi2) = wilson(left1, n1), wilson(left2, n2)
        r1, r2 = left1 / n1, left2 / n2
        if (hi1 < lo2 or hi2 < lo1) and max(r1, r2) > 1.25 * min(r1, r2):
            out.append(
                f"people left {state_label(s)} at {_pct(r1)} a month in the first half of the "
                f"window and {_pct(r2)} in the second: the engine holds rates steady, so a "
                "shorter, recent window may forecast better"
            )
    return out


# -- the summary -----------------------------------------------------------------------------


def state_label(s: int) -> str:
    return st.STATE_LABELS[s]


def _pct(p: float) -> str:
    return "-" if np.isnan(p) else f"{100 * p:.2f}%"


def _ci(low: float, high: float, fmt=_pct) -> str:
    return f"({fmt(low)} to {fmt(high)})"


def _render(cal: Calibration) -> str:
    lines = [
        f"Calibration from {cal.source or 'the record'}: {cal.date_from} to {cal.date_to} "
        f"({cal.months} months)",
        f"{cal.people:,} people known to the council; "
        f"{int(cal.transition_counts.sum()):,} person-months observed",
        "",
        "New requests (people not known before), with 95% intervals",
    ]
    rate = cal.request_rate is not None
    w = max(len(_label(cal.cohorts, c)) for c in range(cal.cohorts.size)) + 2
    head = f"  {'Cohort':<{w}}{'In window':>10}  {'A month':<26}"
    lines.append(head + ("Per 1,000 adults a year" if rate else ""))
    for c in range(cal.cohorts.size):
        if not cal.arrivals[c]:
            continue  # cohorts with no new requests are left out of the table
        low, high = cal.inflow_ci[c]
        row = f"  {_label(cal.cohorts, c):<{w}}{int(cal.arrivals[c]):>10,}  "
        row += f"{cal.inflow[c]:.1f} ({low:.1f} to {high:.1f})".ljust(26)
        if rate:
            r, (rl, rh) = cal.request_rate[c] * 12000, cal.request_rate_ci[c] * 12000
            row += f"{r:.2f} ({rl:.2f} to {rh:.2f})"
        lines.append(row)
    lines.append(f"  All requests, new and repeat: {int(cal.requests.sum()):,}")
    lines += ["", "Where new requests go first (all cohorts)"]
    counts = cal.entry_counts.sum(axis=0)
    ci = wilson(counts, np.full(S, counts.sum()))
    for s in range(LIVING):
        share = counts[s] / counts.sum() if counts.sum() else np.nan
        lines.append(f"  {state_label(s):<32}{_pct(share):>8} {_ci(*ci[s])}")
    lines += ["", "Monthly moves (all cohorts pooled; 95% intervals; moves of 0.05% or more)"]
    p, p_ci = cal.pooled_transitions()
    months = cal.transition_counts.sum(axis=(0, 2))
    for s in range(LIVING):
        lines.append(f"  From {state_label(s)} ({int(months[s]):,} person-months)")
        if months[s] == 0:
            lines.append("    not observed")
            continue
        for t in range(S):
            if t != s and p[s, t] >= 0.0005:
                lines.append(f"    -> {state_label(t):<30}{_pct(p[s, t]):>8} {_ci(*p_ci[s, t])}")
        lines.append(f"    {'stays':<33}{_pct(p[s, s]):>8}")
    lines += ["", "At the end of the window", f"  {'State':<32}{'People':>10}{'£ a week':>12}"]
    n = cal.cost_observations.sum(axis=0)
    for s in range(LIVING):
        with np.errstate(invalid="ignore"):
            mean = np.nansum(cal.unit_cost[:, s] * cal.cost_observations[:, s]) / n[s]
        cost = f"{mean:,.0f}" if n[s] else "default"
        lines.append(f"  {state_label(s):<32}{cal.initial[:, s].sum():>10,.0f}{cost:>12}")
    if cal.warnings:
        lines += ["", "Warnings"] + [f"  - {w}" for w in cal.warnings]
    return "\n".join(line.rstrip() for line in lines)
