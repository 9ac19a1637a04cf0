"""Baseline against scenario: the figures by year, and a summary in plain English.

Everything here is computed from the two sets of yearly results (runs x years x ...); a
figure is the median over runs with its 5th-95th percentile band. Differences are taken run
by run (both use the same seed, so run i of each shares its random draws) before the bands,
which gives the uncertainty of the difference, not the difference of two uncertainties.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np

from .engine import STATES, Params, PlanningInputError, YearlyResults, percentile_bands
from .engine.carers import KNOWN, SUPPORTED
from .engine.cohort_select import older_adults, working_age_learning_disability
from .engine.model import RunSummary
from .engine.outcomes import short_term_no_ongoing_support_share
from .engine.states import (
    CARE_HOME_STATES,
    COMMUNITY_DIRECT_PAYMENT,
    COMMUNITY_STATES,
    INFORMATION_AND_ADVICE,
    LONG_TERM_STATES,
    SELF_DIRECTED_STATES,
    SHORT_TERM_SUPPORT,
)
from .scenario import Scenario


@dataclass(frozen=True)
class Measure:
    """One measure by year: baseline, scenario and difference, each (low, median, high)."""

    code: str
    label: str
    unit: str  # "people", "£", "share", "per 100,000"
    baseline: list[tuple[float, float, float]]
    scenario: list[tuple[float, float, float]]
    difference: list[tuple[float, float, float]]


def _bands(values: np.ndarray) -> list[tuple[float, float, float]]:
    b = percentile_bands(values)
    rows = np.stack([b.low, b.median, b.high], axis=-1)
    return [tuple(float(v) for v in row) for row in rows]


def _optional(select, cohorts) -> np.ndarray | None:
    """A cohort mask from ``cohort_select``, or None when the cohorts cannot show the group
    (then the measures that need it are left out rather than guessed)."""
    try:
        return select(cohorts, "report")
    except PlanningInputError:
        return None


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(whole > 0, part / whole, np.nan)


def _words(state: int) -> str:
    return STATES[state].replace("_", " ")


def measures(y: YearlyResults, params: Params) -> dict[str, tuple]:
    """Measure code -> (label, unit, values (R, Y)). The ASCOF codes are the measures'
    numbers since 2023-24 (domain.md §2); each is a proxy from the model's states."""
    out: dict[str, tuple] = {}
    people = y.people.sum(axis=-2)  # (R, Y, S) over cohorts
    community = list(COMMUNITY_STATES)
    for s in (SHORT_TERM_SUPPORT, *LONG_TERM_STATES):
        out[f"people.{STATES[s]}"] = (
            f"People in {_words(s)} at year end",
            "people",
            people[..., s],
        )
    out["people.long_term_community_support"] = (
        "People in long-term community support at year end (however held)", "people",
        people[..., community].sum(axis=-1),
    )  # fmt: skip
    out["requests"] = ("Requests for support", "people", y.requests.sum(axis=-1))
    out["front_door.information_and_advice"] = (
        "Requests answered with information and advice", "share",
        np.minimum(_share(y.admissions[..., INFORMATION_AND_ADVICE].sum(-1),
                          y.requests.sum(-1)), 1),
    )  # fmt: skip
    out["admissions.care_home"] = (
        "Admissions to residential and nursing care", "people",
        y.admissions[..., list(CARE_HOME_STATES)].sum(axis=(-1, -2)),
    )  # fmt: skip
    out["ascof.2A"] = (
        "Proxy 2A: share leaving short-term support with no long-term support", "share",
        short_term_no_ongoing_support_share(y),
    )  # fmt: skip
    adults = params.adult_population
    older = _optional(older_adults, params.cohorts)
    if adults is not None and older is not None:
        for code, mask, who in (("2B", ~older, "18-64"), ("2C", older, "65 and over")):
            admitted = y.admissions[..., mask, :][..., list(CARE_HOME_STATES)].sum(axis=(-1, -2))
            denominator = adults[mask].sum()
            if denominator > 0:
                out[f"ascof.{code}"] = (
                    f"Proxy {code}: care-home admissions per 100,000 adults aged {who}",
                    "per 100,000", admitted / denominator * 100_000,
                )  # fmt: skip
    in_support = people[..., list(LONG_TERM_STATES)].sum(axis=-1)
    out["ascof.2E"] = (
        "Proxy 2E: people in long-term support living at home", "share",
        _share(people[..., community].sum(axis=-1), in_support),
    )  # fmt: skip
    ld = _optional(working_age_learning_disability, params.cohorts)
    if ld is not None:
        ld_people = y.people[..., ld, :].sum(axis=-2)
        out["ascof.2E.learning_disability"] = (
            "Proxy 2E: adults 18-64 with a learning disability in support living at home",
            "share", _share(ld_people[..., community].sum(axis=-1),
                            ld_people[..., list(LONG_TERM_STATES)].sum(axis=-1)),
        )  # fmt: skip
    at_home = people[..., community].sum(axis=-1)
    out["ascof.3D.1"] = (
        "Proxy 3D part 1: people in community support with self-directed support", "share",
        _share(people[..., list(SELF_DIRECTED_STATES)].sum(axis=-1), at_home),
    )  # fmt: skip
    out["ascof.3D.2"] = (
        "Proxy 3D part 2: people in community support with a direct payment", "share",
        _share(people[..., COMMUNITY_DIRECT_PAYMENT], at_home),
    )  # fmt: skip
    out["over_capacity"] = (
        "People sent elsewhere because a service was full", "people",
        y.over_capacity.sum(axis=(-1, -2)),
    )  # fmt: skip
    if params.carers is not None:
        _carer_measures(out, y)
    out["cost.total"] = ("Gross cost of care", "£", y.total_cost)
    for s in (SHORT_TERM_SUPPORT, *LONG_TERM_STATES):
        out[f"cost.{STATES[s]}"] = (f"Cost of {_words(s)}", "£", y.cost[..., s])
    out["cost.long_term_community_support"] = (
        "Cost of long-term community support (however held)", "£",
        y.cost[..., community].sum(axis=-1),
    )  # fmt: skip
    if params.carers is not None and params.carers.weekly_cost:
        out["cost.carers"] = ("Cost of carer support", "£", y.carer_cost)
    return out


def _carer_measures(out: dict, y: YearlyResults) -> None:
    """The unpaid carers' chain: how many, how many the council knows and supports."""
    carers = y.carers.sum(axis=-2)  # (R, Y, 3) over cohorts
    caring = carers.sum(axis=-1)
    known = carers[..., KNOWN] + carers[..., SUPPORTED]
    out["carers"] = ("Unpaid carers of people in the model, at year end", "people", caring)
    out["carers.known"] = ("Carers known to the council", "people", known)
    out["carers.supported"] = ("Carers receiving carer support", "people", carers[..., SUPPORTED])
    out["carers.identified"] = (
        "Carers newly known to the council in the year", "people",
        y.carers_identified.sum(axis=-1),
    )  # fmt: skip
    out["carers.supported_share"] = (
        "Share of carers receiving carer support",
        "share",
        _share(carers[..., SUPPORTED], caring),
    )


@dataclass(frozen=True)
class Comparison:
    scenario: Scenario
    runs: int
    years: list[int]
    measures: list[Measure]

    def get(self, code: str) -> Measure:
        return next(m for m in self.measures if m.code == code)

    def to_dict(self) -> dict:
        return {
            "scenario": self.scenario.name,
            "description": self.scenario.description,
            "runs": self.runs,
            "seed": self.scenario.seed,
            "years": self.years,
            "levers": {k: v for k, v in vars(self.scenario.levers).items() if v},
            "measures": [vars(m) for m in self.measures],
            "summary": summary(self),
        }

    def to_csv(self) -> str:
        return measures_csv(self.to_dict())


def measures_csv(results: dict) -> str:
    """Results (as from ``Comparison.to_dict``) as CSV: one row per measure, year and series."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["measure", "label", "unit", "year", "series", "low_5", "median", "high_95"])
    for m in results["measures"]:
        for series in ("baseline", "scenario", "difference"):
            for year, (lo, md, hi) in zip(results["years"], m[series], strict=True):
                w.writerow([m["code"], m["label"], m["unit"], year, series, lo, md, hi])
    return out.getvalue()


def compare(
    scenario: Scenario,
    baseline: YearlyResults | RunSummary,
    changed: YearlyResults | RunSummary,
) -> Comparison:
    """From yearly results, or from summaries whose measures were computed on the workers
    (``runner.summarise``: the same ``measures``, run by run, so the same figures)."""

    def measures_of(results, params):
        return results.measures if isinstance(results, RunSummary) else measures(results, params)

    base = measures_of(baseline, scenario.baseline)
    new = measures_of(changed, scenario.changed)
    rows = [
        Measure(
            code, label, unit, _bands(values), _bands(new[code][2]), _bands(new[code][2] - values)
        )
        for code, (label, unit, values) in base.items()
        if code in new
    ]
    n_years = baseline.cost.shape[1]
    years = [scenario.start_year + i for i in range(n_years)]
    return Comparison(scenario, baseline.cost.shape[0], years, rows)


def money(pounds: float) -> str:
    """£1.2m, £350k, £900: how a councillor would say it."""
    size = abs(pounds)
    if size >= 1e9:
        return f"£{size / 1e9:,.2f}bn"
    if size >= 1e6:
        return f"£{size / 1e6:,.1f}m"
    if size >= 1e3:
        return f"£{size / 1e3:,.0f}k"
    return f"£{size:,.0f}"


def _direction(value: float, more: str, fewer: str) -> str:
    return more if value > 0 else fewer


def summary(c: Comparison) -> list[str]:
    """A few sentences a commissioner can read aloud; every figure comes from ``c``."""
    first, last = c.years[0], c.years[-1]
    cost = c.get("cost.total")
    total = [sum(m[i] for m in cost.difference) for i in range(3)]
    lines = [
        f"Scenario '{c.scenario.name}' against the baseline, {first} to {last}, "
        f"{c.runs:,} Monte Carlo runs.",
    ]
    lo, md, hi = total
    if abs(md) < 1:
        lines.append("Over the period the scenario costs about the same as the baseline.")
    elif lo * hi > 0:
        near, far = sorted((abs(lo), abs(hi)))
        way = _direction(md, "more", "less")
        lines.append(
            f"Over the period the scenario costs {money(md)} {way} than the baseline "
            f"(90% of runs: between {money(near)} and {money(far)} {way})."
        )
    else:
        lines.append(
            f"Over the period the scenario costs {money(md)} {_direction(md, 'more', 'less')} "
            f"than the baseline, but the runs range from {money(lo)} "
            f"{_direction(lo, 'more', 'less')} to {money(hi)} {_direction(hi, 'more', 'less')}: "
            "the direction is not certain."
        )
    year_cost, year_base = cost.difference[-1][1], cost.baseline[-1][1]
    if year_base and abs(year_cost) >= 1:
        lines.append(
            f"In {last} alone the scenario costs {money(year_cost)} "
            f"{_direction(year_cost, 'more', 'less')}, {abs(year_cost) / year_base:.1%} of the "
            f"baseline's {money(year_base)}."
        )
    for code, what in (
        ("admissions.care_home", "admissions to care homes"),
        ("people.short_term_support", "people in short-term support at year end"),
        ("people.long_term_community_support", "people in long-term support at home"),
    ):
        d = c.get(code).difference[-1][1]
        if abs(d) >= 0.5:
            lines.append(
                f"By {last}: {abs(d):,.0f} {_direction(d, 'more', 'fewer')} {what} a year."
                if code.startswith("admissions")
                else f"By {last}: {abs(d):,.0f} {_direction(d, 'more', 'fewer')} {what}."
            )
    for code, what in (
        ("ascof.2A", "people leaving short-term support needing no long-term support"),
        ("ascof.3D.2", "people supported at home who hold a direct payment"),
    ):
        m = c.get(code)
        b, s = m.baseline[-1][1], m.scenario[-1][1]
        if np.isfinite(b) and np.isfinite(s) and abs(s - b) >= 0.005:
            lines.append(
                f"The share of {what} goes from {b:.0%} to {s:.0%} "
                f"(a proxy for ASCOF {code.split('.', 1)[1]})."
            )
    full = c.get("over_capacity").scenario[-1][1]
    if full >= 0.5:
        lines.append(
            f"Capacity is short: in {last} about {full:,.0f} people could not get the service "
            f"they were heading for because it was full, and went elsewhere."
        )
    lines.append(
        "These are projections from a model: the bands show the uncertainty in its "
        "parameters, not every way the future could differ."
    )
    return [line for line in lines if line]
