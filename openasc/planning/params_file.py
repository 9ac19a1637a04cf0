"""Engine parameters as plain data (for YAML files), and back.

A calibration is saved with ``openasc plan calibrate --out FILE.yaml`` and named in a
scenario file as its ``council``. The file lists the cohorts and the states so that a file
written for another state order, or edited by hand into the wrong shape, is refused with the
key at fault rather than silently misread.
"""

from __future__ import annotations

import numpy as np

from .engine import STATES, Cohorts, Params, PlanningInputError

ARRAYS = ("adult_population", "inflow", "initial", "entry_mix", "transitions", "unit_cost")
SCALARS = ("annual_uplift", "concentration", "inflow_cv")


def params_to_dict(params: Params) -> dict:
    cohorts = params.cohorts
    out: dict = {
        "cohorts": {d: list(lv) for d, lv in zip(cohorts.dims, cohorts.levels, strict=True)},
        "states": list(STATES),
    }
    for key in ARRAYS:
        value = getattr(params, key)
        if value is not None:
            out[key] = np.round(value, 12).tolist()
    for key in SCALARS:
        out[key] = getattr(params, key)
    out["notes"] = list(params.notes)
    return out


def params_from_dict(data: dict) -> Params:
    """Parameters from a dict written by ``params_to_dict``; PlanningInputError names the key."""
    if not isinstance(data, dict):
        raise PlanningInputError("council", "expected a mapping of parameters")
    unknown = set(data) - {"cohorts", "states", "notes", *ARRAYS, *SCALARS}
    if unknown:
        raise PlanningInputError(sorted(unknown)[0], "unknown key")
    for key in ("cohorts", "states", "inflow", "initial", "entry_mix", "transitions", "unit_cost"):
        if key not in data:
            raise PlanningInputError(key, "missing")
    if list(data["states"]) != list(STATES):
        raise PlanningInputError("states", f"must be exactly {list(STATES)} in that order")
    cohorts = data["cohorts"]
    if not isinstance(cohorts, dict):
        raise PlanningInputError("cohorts", "expected a mapping of dimension to levels")
    kwargs = {key: data[key] for key in (*ARRAYS, *SCALARS) if data.get(key) is not None}
    try:
        return Params(
            cohorts=Cohorts.product(**cohorts), notes=tuple(data.get("notes", ())), **kwargs
        )
    except (TypeError, ValueError) as exc:
        if isinstance(exc, PlanningInputError):
            raise
        raise PlanningInputError("council", str(exc)) from None
