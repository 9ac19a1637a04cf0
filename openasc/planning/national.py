"""National validation: does the engine, run for England, give the report's opportunities?

The Newton / CCN report (seed 003, domain.md §4) puts the optimised delivery model's value
at about £1.6bn a year across six opportunities. A national ``Params`` is built from the
report's published figures plus the assumptions it does not state (``national_model.py``;
all in ``data/national_england.yaml``, each marked ``published`` or ``assumption`` with a
note), and each opportunity is worked out through the engine: a run with that
opportunity's levers against a run without (``run_expected``, no sampling), comparing the
cost of long-term support (community, residential and nursing: the spend the report says is
offset) in the last year of the horizon. The baseline starts in its steady state, so that
is the settled annual figure. Where the report removed a double count, the opportunity is
worked out with the other opportunity's levers already in both runs (``method`` in the
file). The total is every lever together. Prices are 2019/20 (no uplift). Pure: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .engine.cohort_select import older_adults
from .engine.levers import Levers, apply_levers
from .engine.model import to_yearly
from .engine.params import Params, PlanningInputError
from .engine.sampling import run_expected
from .engine.states import CARE_HOME_STATES, COMMUNITY_STATES, IN_HOSPITAL, LONG_TERM_STATES
from .national_model import national_params

DATA = Path(__file__).parent / "data" / "national_england.yaml"
SOURCES = ("published", "assumption")
SECTIONS = ("inputs", "levers", "opportunities", "method")

#: name, words, the levers it uses (their values come from ``lever_values``).
OPPORTUNITIES = (
    (
        "short_term_services",
        "Short-term services for older adults",
        ("short_term_offer", "reablement_effectiveness"),
    ),
    ("ld_support_hours", "Learning disability support hours", ("ld_support_hours_reduction",)),
    (
        "care_home_admissions",
        "Older adults' care-home admissions",
        ("care_home_avoidance", "discharge_mix"),
    ),
    ("community_connection", "Community connection", ("community_replacement_hours_reduction",)),
    ("ld_accommodation", "Learning disability accommodation", ("ld_residential_moves",)),
    ("trusted_providers", "Trusted providers", ("trusted_provider_hours_reduction",)),
)


@dataclass(frozen=True)
class Figure:
    """One entry of the national file."""

    value: object
    source: str  # "published" or "assumption"
    note: str


def load(path: Path | str | None = None) -> dict[str, dict[str, Figure]]:
    """The national file's sections, each a mapping of name to ``Figure``; PlanningInputError
    naming ``section.name`` for an entry without a value, a known source or a note."""
    path = Path(path) if path is not None else DATA
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    data: dict[str, dict[str, Figure]] = {}
    for section in SECTIONS:
        entries = raw.get(section)
        if not isinstance(entries, dict) or not entries:
            raise PlanningInputError(section, f"missing from {path.name}")
        data[section] = {}
        for name, entry in entries.items():
            key = f"{section}.{name}"
            if not isinstance(entry, dict) or "value" not in entry:
                raise PlanningInputError(key, "expected {value, source, note}")
            if entry.get("source") not in SOURCES:
                raise PlanningInputError(key, f"source must be one of {SOURCES}")
            if not str(entry.get("note") or "").strip():
                raise PlanningInputError(key, "needs a note saying where it comes from or why")
            data[section][name] = Figure(entry["value"], entry["source"], entry["note"])
    return data


def _values(data, section: str) -> dict:
    return {name: fig.value for name, fig in data[section].items()}


# --- the opportunities -------------------------------------------------------------------------


def lever_values(data, params: Params) -> dict:
    """Every lever of the optimised model at its national size: the published shares, and
    those the engine needs as shares of its own flows, worked out from the baseline."""
    f, levers = _values(data, "inputs"), _values(data, "levers")
    older = older_adults(params.cohorts, "national.short_term_offer")
    # 90,000 more older people offered short-term services: a share of those who start
    # long-term community support straight from a request today.
    community = list(COMMUNITY_STATES)
    straight_in = 12 * (params.inflow * params.entry_mix[:, community].sum(1))[older].sum()
    levers["short_term_offer"] = float(f["extra_older_short_term"] / straight_in)
    levers["reablement_effectiveness"] = (
        1 - f["short_term_to_long_term_upper_quartile"] / f["short_term_to_long_term_today"]
    )
    # The same 18% of admissions from hospital: care-home discharges x 0.82, and home with
    # support up by just enough to keep the number discharged (see _reweight_discharges).
    share = levers["care_home_avoidance"]
    row = (params.initial[:, IN_HOSPITAL, None] * params.transitions[:, IN_HOSPITAL]).sum(0)
    to_care_home = row[list(CARE_HOME_STATES)].sum()
    home = row[community].sum()
    if home <= 0:
        raise PlanningInputError(
            "inputs.high_need_hospital_discharges_to_care_home",
            "some must go home with support for the discharge lever to move people there",
        )
    levers["discharge_mix"] = {
        "residential_care": 1 - share,
        "nursing_care": 1 - share,
        "long_term_community_support": float(1 + share * to_care_home / home),
    }
    return levers


_LEVERS_OF = {name: fields for name, _, fields in OPPORTUNITIES}


def _levers(names, values: dict) -> Levers:
    return Levers(**{k: values[k] for name in names for k in _LEVERS_OF[name]})


def _long_term_cost(params: Params, levers: Levers, years: int) -> float:
    """£ on long-term support in the last of ``years`` years with the levers applied."""
    yearly = to_yearly(run_expected(apply_levers(params, levers), 12 * years))
    return float(yearly.cost[0, -1, list(LONG_TERM_STATES)].sum())


@dataclass(frozen=True)
class OpportunityResult:
    """One opportunity: £ a year modelled through the engine against the report's figure."""

    name: str
    label: str
    modelled: float
    published: float
    tolerance: float

    @property
    def relative_difference(self) -> float:
        return self.modelled / self.published - 1.0

    @property
    def within_tolerance(self) -> bool:
        return abs(self.relative_difference) <= self.tolerance


def validate(path: Path | str | None = None) -> list[OpportunityResult]:
    """The six opportunities and their total (all levers together), modelled vs published."""
    data = load(path)
    method, published = _values(data, "method"), _values(data, "opportunities")
    years, tolerance = int(method["horizon_years"]), float(method["tolerance"])
    params = national_params(_values(data, "inputs"))
    values = lever_values(data, params)
    results = []
    for name, label, _ in OPPORTUNITIES:
        before = list(method.get(f"{name}_on_top_of") or [])
        saving = _long_term_cost(params, _levers(before, values), years) - _long_term_cost(
            params, _levers([*before, name], values), years
        )
        results.append(OpportunityResult(name, label, saving, published[name], tolerance))
    every = [name for name, _, _ in OPPORTUNITIES]
    total = _long_term_cost(params, Levers(), years) - _long_term_cost(
        params, _levers(every, values), years
    )
    label = "Total, all levers together"
    results.append(OpportunityResult("total", label, total, published["total"], tolerance))
    return results


def render_table(results: list[OpportunityResult]) -> str:
    """The results as a plain-text table, £m a year at 2019/20 prices."""

    def money(x: float) -> str:
        return f"£{x / 1e6:,.0f}m"

    width = max(len(r.label) for r in results)
    head = f"{'Opportunity':<{width}}  {'Modelled':>9}  {'Published':>9}  {'Diff':>6}  Within"
    lines = [head, "-" * (len(head) + 8)]
    for r in results:
        ok = "yes" if r.within_tolerance else "NO"
        lines.append(
            f"{r.label:<{width}}  {money(r.modelled):>9}  {money(r.published):>9}  "
            f"{r.relative_difference:>+6.1%}  {ok} (±{r.tolerance:.0%})"
        )
    lines.append(
        "£ a year of long-term support offset, 2019/20 prices; England; Newton/CCN report."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_table(validate()))
