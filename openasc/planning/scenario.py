"""Scenario files: what a commissioner wants to compare, as YAML.

A scenario file describes the world as it is and will be (``baseline``), and what the
council would change (``scenario``: the levers of the optimised model, and any different
capacity or costs). Both are run with the same council parameters, population projection,
seed and runs, so their difference is the effect of the change alone. See
``openasc/planning/scenarios/`` for worked examples and the README for every key.

Every error names the file and the key, e.g.
``optimised.yaml: scenario.levers.front_door_resolution: 1.5 is not a share in [0, 1]``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from .engine import (
    STATES,
    Levers,
    Params,
    PlanningInputError,
    apply_levers,
    demo_params,
)
from .engine.carers import CarerChain
from .engine.params import Capacity
from .engine.states import COMMUNITY_COMMISSIONED, STATE_GROUPS, state_group
from .params_file import params_from_dict
from .population import population_index

#: The example scenarios shipped with openasc (a scenario can be named by its file's stem).
EXAMPLES = Path(__file__).resolve().parent / "scenarios"

TOP_KEYS = {
    "name": str,
    "description": str,
    "council": str,
    "adults": int,
    "start_year": int,
    "years": int,
    "runs": int,
    "seed": int,
    "uncertainty": dict,
    "carers": dict,
    "baseline": dict,
    "scenario": dict,
}
WORLD_KEYS = {"population": dict, "costs": dict, "capacity": dict}
SCENARIO_KEYS = {**WORLD_KEYS, "levers": dict}
UNCERTAINTY_KEYS = {"concentration": (int, float, type(None)), "demand_cv": (int, float)}
COST_KEYS = {"annual_uplift": (int, float), "weekly": dict}
#: The carers section's keys, and the ``CarerChain`` field each share sets.
CARER_SHARES = {
    "known_at_start": "known_at_start",
    "identified_per_month": "identified",
    "taken_up_per_month": "taken_up",
    "support_ends_per_month": "support_ends",
    "known_today": "initial_known",
    "supported_today": "initial_supported",
}
CARER_KEYS = {
    "per_person": dict,
    "weekly_cost": (int, float),
    **dict.fromkeys(CARER_SHARES, (int, float)),
}
LIMITS = {"years": (1, 50), "runs": (1, 100_000), "adults": (1_000, 60_000_000)}


class ScenarioError(ValueError):
    """A scenario file is invalid: ``path`` and ``key`` say where."""

    def __init__(self, path: str, key: str, message: str):
        super().__init__(f"{path}: {key}: {message}")
        self.path, self.key = path, key


@dataclass(frozen=True, eq=False)
class Scenario:
    """A loaded scenario: both parameter sets ready for the engine."""

    name: str
    description: str
    source: str
    start_year: int
    years: int
    runs: int
    seed: int
    baseline: Params
    world: Params  # the scenario's world (capacity, costs, population) before the levers
    changed: Params  # the world with the levers applied: what is run
    levers: Levers
    text: str  # the file as given, kept with every run

    @property
    def months(self) -> int:
        return self.years * 12


def load_scenario(path: str | Path, **overrides) -> Scenario:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(str(path), "file", f"cannot read it ({exc.strerror})") from None
    return parse_scenario(text, source=str(path), base_dir=path.parent, **overrides)


def parse_scenario(
    text: str, source: str = "scenario", base_dir: Path | None = None, **overrides
) -> Scenario:
    """Check and build a scenario from YAML text. ``overrides`` (years, runs, seed) win over
    the file, as command-line options do."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        key = f"line {where.line + 1}" if where else "file"
        raise ScenarioError(source, key, "not valid YAML") from None
    if not isinstance(data, dict):
        raise ScenarioError(source, "file", "expected a mapping of keys (name, levers, ...)")
    check = _Checker(source)
    check.keys("", data, TOP_KEYS)
    data.update({k: v for k, v in overrides.items() if v is not None})
    for key, (low, high) in LIMITS.items():
        if key in data:
            check.number(key, data[key], low, high)
    baseline_world = data.get("baseline") or {}
    changes = data.get("scenario") or {}
    check.keys("baseline", baseline_world, WORLD_KEYS)
    check.keys("scenario", changes, SCENARIO_KEYS)
    years = int(data.get("years", 10))
    base = _council_params(check, data, base_dir)
    base = _uncertainty(check, data.get("uncertainty") or {}, base)
    if data.get("carers"):
        base = dataclasses.replace(base, carers=_carers(check, data["carers"]))
    baseline = _world(check, "baseline", baseline_world, base, years, base_dir)
    changed_world = _merge(baseline_world, {k: v for k, v in changes.items() if k != "levers"})
    world = _world(check, "scenario", changed_world, base, years, base_dir)
    levers = _levers(check, changes.get("levers") or {})
    try:
        changed = apply_levers(world, levers)
    except PlanningInputError as exc:
        raise ScenarioError(source, f"scenario.{exc.key}", _message(exc)) from None
    return Scenario(
        name=str(data.get("name") or Path(source).stem),
        description=str(data.get("description") or ""),
        source=source,
        start_year=int(data.get("start_year", 2026)),
        years=years,
        runs=int(data.get("runs", 1000)),
        seed=int(data.get("seed", 1)),
        baseline=baseline,
        world=world,
        changed=changed,
        levers=levers,
        text=text,
    )


def _message(exc: PlanningInputError) -> str:
    return str(exc).removeprefix(f"{exc.key}: ")


class _Checker:
    """Key and value checks that raise ScenarioError naming the file and key."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, key: str, message: str):
        raise ScenarioError(self.source, key, message)

    def keys(self, where: str, data, allowed: dict) -> None:
        prefix = f"{where}." if where else ""
        if not isinstance(data, dict):
            self.fail(where or "file", "expected a mapping")
        for key, value in data.items():
            if key not in allowed:
                self.fail(f"{prefix}{key}", f"unknown key; expected one of {sorted(allowed)}")
            if not isinstance(value, allowed[key]) or isinstance(value, bool):
                self.fail(f"{prefix}{key}", f"expected {_type_name(allowed[key])}")

    def number(self, key: str, value, low: float | None = None, high: float | None = None):
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, f"{value!r} is not a number")
        if not np.isfinite(value):
            self.fail(key, f"{value!r} is not a finite number")
        if low is not None and value < low:
            self.fail(key, f"{value!r} is below {low}")
        if high is not None and value > high:
            self.fail(key, f"{value!r} is above {high}")
        return float(value)

    def states(self, key: str, name) -> list[int]:
        """A state, or a group of states such as ``long_term_community_support``."""
        try:
            return list(state_group(str(name)))
        except KeyError:
            known = [*STATES, *STATE_GROUPS]
            self.fail(key, f"unknown state {name!r}; expected one of {known}")

    def state(self, key: str, name) -> int:
        """One state; a group name is refused, naming its states."""
        found = self.states(key, name)
        if len(found) > 1:
            self.fail(key, f"{name!r} is several states; name one of {[STATES[s] for s in found]}")
        return found[0]


def _type_name(types) -> str:
    names = {dict: "a mapping", str: "text", int: "a whole number", float: "a number"}
    types = types if isinstance(types, tuple) else (types,)
    return " or ".join(names.get(t, "nothing") for t in types)


def _merge(base: dict, over: dict) -> dict:
    """``over`` laid on ``base``, one level of sections deep (costs.weekly merges too)."""
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()}
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            merged = {**out[key], **value}
            for sub, sv in value.items():
                if isinstance(sv, dict) and isinstance(out[key].get(sub), dict):
                    merged[sub] = {**out[key][sub], **sv}
            out[key] = merged
        else:
            out[key] = value
    return out


def _council_params(check: _Checker, data: dict, base_dir: Path | None) -> Params:
    council = data.get("council", "demo")
    if council == "demo":
        return demo_params(adults=int(data.get("adults", 1_200_000)))
    if "adults" in data:
        check.fail("adults", "only for council: demo (a calibration file has its own adults)")
    path = Path(council)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        check.fail("council", f"cannot read {path} ({exc.strerror})")
    except yaml.YAMLError:
        raise ScenarioError(str(path), "file", "not valid YAML") from None
    try:
        return params_from_dict(loaded)
    except PlanningInputError as exc:
        # The fault is in the council's parameter file: name that file.
        raise ScenarioError(str(path), exc.key, _message(exc)) from None


def _uncertainty(check: _Checker, section: dict, params: Params) -> Params:
    check.keys("uncertainty", section, UNCERTAINTY_KEYS)
    changes = {}
    if "concentration" in section:
        value = section["concentration"]
        if value is not None:
            value = check.number("uncertainty.concentration", value, 1e-6)
        changes["concentration"] = value
    if "demand_cv" in section:
        changes["inflow_cv"] = check.number("uncertainty.demand_cv", section["demand_cv"], 0, 2)
    return dataclasses.replace(params, **changes)


def _world(check, where: str, world: dict, params: Params, years: int, base_dir) -> Params:
    """Apply a population projection, costs and capacity to the council's parameters."""
    changes: dict = {}
    if "population" in world:
        try:
            changes["demand_index"] = population_index(
                world["population"], params.cohorts, years, base_dir
            )
        except PlanningInputError as exc:
            check.fail(f"{where}.population.{exc.key}", _message(exc))
    costs = world.get("costs") or {}
    check.keys(f"{where}.costs", costs, COST_KEYS)
    if "annual_uplift" in costs:
        key = f"{where}.costs.annual_uplift"
        changes["annual_uplift"] = check.number(key, costs["annual_uplift"], -0.5, 1)
    if costs.get("weekly"):
        unit_cost = params.unit_cost.copy()
        for name, value in costs["weekly"].items():
            key = f"{where}.costs.weekly.{name}"
            unit_cost[:, check.states(key, name)] = check.number(key, value, 0)
        changes["unit_cost"] = unit_cost
    limits = []
    for name, spec in (world.get("capacity") or {}).items():
        key = f"{where}.capacity.{name}"
        state = check.state(key, name)
        if not isinstance(spec, dict) or set(spec) - {"places", "overflow"} or "places" not in spec:
            check.fail(key, "expected {places: N, overflow: STATE}")
        places = check.number(f"{key}.places", spec["places"], 0)
        overflow = _overflow(check, f"{key}.overflow", spec.get("overflow", COMMUNITY))
        try:
            limits.append(Capacity(state, places, overflow))
        except PlanningInputError as exc:
            check.fail(f"{where}.{exc.key}", _message(exc))
    changes["capacity"] = tuple(limits)
    return dataclasses.replace(params, **changes)


COMMUNITY = "long_term_community_support"


def _overflow(check: _Checker, key: str, name) -> int:
    """Where people go when a service is full. "Community support" as a whole means support
    the council commissions: a person turned away from a full service gets what the
    council can arrange, not a personal budget set up for them."""
    if name == COMMUNITY:
        return COMMUNITY_COMMISSIONED
    return check.state(key, name)


def _levers(check: _Checker, section: dict) -> Levers:
    known = {f.name for f in dataclasses.fields(Levers)}
    for key in section:
        if key not in known:
            check.fail(f"scenario.levers.{key}", f"unknown lever; expected one of {sorted(known)}")
    values = {}
    for key, value in section.items():
        where = f"scenario.levers.{key}"
        if key == "discharge_mix":
            if not isinstance(value, dict):
                check.fail(where, "expected a mapping of state to multiplier")
            values[key] = {str(k): check.number(f"{where}.{k}", v) for k, v in value.items()}
        else:
            values[key] = check.number(where, value)
    try:
        return Levers(**values)
    except PlanningInputError as exc:
        check.fail(f"scenario.{exc.key}", _message(exc))


def _carers(check: _Checker, section: dict) -> CarerChain:
    """The unpaid carers' chain (``engine/carers.py``) from the carers section."""
    check.keys("carers", section, CARER_KEYS)
    per_person = np.zeros(len(STATES))
    for name, value in (section.get("per_person") or {}).items():
        key = f"carers.per_person.{name}"
        per_person[check.states(key, name)] = check.number(key, value, 0, 10)
    shares = {
        name: check.number(f"carers.{key}", section.get(key, 0.0), 0, 1)
        for key, name in CARER_SHARES.items()
    }
    weekly_cost = check.number("carers.weekly_cost", section.get("weekly_cost", 0.0), 0)
    try:
        return CarerChain(per_person, weekly_cost=weekly_cost, **shares)
    except PlanningInputError as exc:
        check.fail(exc.key.replace("initial_supported", "supported_today"), _message(exc))
