"""Calibrating the RAS against the council's existing packages (NumPy only).

Given, for each current package, the points it scores in each questionnaire domain and what
it actually costs a week, fit the price per point (and optionally a weight per domain) so
that the RAS allocates about what the council spends, then check who the fitted figures
would under- or over-allocate: by age band, primary support reason, locality or any other
label. The result is a NEW dated rule file; the version in force is never changed, so every
past budget can still be explained with the figures it used.

Methods for the price per point (cost = price x points, a line through the origin):
- ``ols``: ordinary least squares.
- ``huber``: Huber M-estimate by iteratively reweighted least squares: packages whose cost
  is far from the line (beyond 1.345 robust standard deviations, scale from the median
  absolute deviation) count for less, so a few exceptional packages cannot drag the price.
- ``ratio``: total cost / total points, so the allocations sum to current spend.
Domain weights come from non-negative least squares (Lawson-Hanson active set on the normal
equations, d x d), inside the same Huber loop when the method is huber.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from openasc.rules.ras import compile_data
from openasc.rules.ruleset import RuleDataError, _overlay

METHODS = ("ols", "huber", "ratio")
HUBER_K = 1.345  # 95% efficiency when errors are normal
MAD_TO_SD = 0.6745
_DATED = re.compile(r"^\d{4}-\d{2}-\d{2}\.ya?ml$")


@dataclass(frozen=True)
class GroupRow:
    dimension: str  # e.g. "age_band"
    group: str  # e.g. "18-64"
    n: int
    median_ratio: float  # median of allocated / actual; below 1 means under-allocated
    mdape: float  # median absolute percentage error, as a fraction
    flagged: bool


@dataclass(frozen=True)
class Report:
    n: int
    r2: float  # 1 - SSres / SStot, about the mean (not the inflated through-origin R²)
    mdape: float  # median |allocated - actual| / actual, as a fraction
    mean_error_pence: float  # mean of allocated - actual; positive means over-allocating
    allocated_total_pence: int
    actual_total_pence: int
    threshold: float
    fairness: tuple[GroupRow, ...]

    @property
    def flagged(self) -> tuple[GroupRow, ...]:
        return tuple(row for row in self.fairness if row.flagged)


@dataclass(frozen=True)
class Fit:
    method: str
    price_per_point_pence: int  # what goes in the rule file
    price_exact: float  # pence per point before rounding to a whole penny
    weights: tuple[float, ...] | None  # per domain (two decimals), None when not fitted
    domains: tuple[str, ...] | None  # codes of the points columns, in order
    no_data: tuple[str, ...]  # domains nobody scored in; their weight is left at 1
    iterations: int
    converged: bool
    fitted_on: date
    report: Report


def calibrate(
    points: Any,
    cost_pence: Any,
    groups: Mapping[str, Sequence] | None = None,
    *,
    method: str = "huber",
    domains: Sequence[str] | None = None,
    fit_weights: bool = False,
    domain_weights: Sequence[float] | None = None,
    carer_factor: Any = None,
    threshold: float = 0.10,
    min_group: int = 5,
    max_iter: int = 50,
    tol: float = 1e-8,
    fitted_on: date | None = None,
) -> Fit:
    """Fit the price per point (and domain weights if fit_weights) to existing packages.

    points: n x d points per domain (before weights); cost_pence: n weekly costs.
    groups: label dimension -> n labels, for the fairness tables.
    domain_weights: the weights in force, used when weights are not being fitted.
    carer_factor: per package, 1 - the unpaid carer reduction that applied (default 1).
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")
    X, y = _check(points, cost_pence)
    n, d = X.shape
    if domains is not None and len(domains) != d:
        raise ValueError(f"{len(domains)} domain codes for {d} columns of points")
    if fit_weights and method == "ratio":
        raise ValueError("the ratio method fits a price only; use ols or huber for weights")
    fixed = np.ones(d) if domain_weights is None else np.asarray(domain_weights, dtype=float)
    if fixed.shape != (d,) or (fixed < 0).any():
        raise ValueError("domain_weights must be d non-negative numbers")
    if carer_factor is not None:
        factor = np.asarray(carer_factor, dtype=float)
        if factor.shape != (n,) or not np.isfinite(factor).all() or (factor < 0).any():
            raise ValueError("carer_factor must be n numbers from 0 to 1")
        X = X * factor[:, None]

    total = X @ fixed
    if method == "ratio":
        price, iterations, converged = float(y.sum() / total.sum()), 0, True
    elif method == "ols":
        price, iterations, converged = float(_origin(total[:, None], y, np.ones(n))[0]), 1, True
    else:
        beta, iterations, converged = _huber(total[:, None], y, _origin, max_iter, tol)
        price = float(beta[0])
    price_pence = int(np.floor(price + 0.5))

    weights = None
    no_data: tuple[str, ...] = ()
    used = fixed
    if fit_weights:
        if method == "ols":
            beta, iterations, converged = _nnls_fit(X, y, np.ones(n)), 1, True
        else:
            beta, iterations, converged = _huber(X, y, _nnls_fit, max_iter, tol)
        empty = ~(X > 0).any(axis=0)
        # Weights are relative to the fitted price; a domain nobody scored in tells us
        # nothing, so it stays at 1 rather than silently dropping out of the RAS.
        used = np.where(empty, 1.0, np.round(beta / price, 2))
        weights = tuple(float(w) for w in used)
        codes = list(domains) if domains is not None else [str(j) for j in range(d)]
        no_data = tuple(codes[j] for j in np.flatnonzero(empty))

    allocated = price_pence * (X @ used)
    return Fit(
        method=method,
        price_per_point_pence=price_pence,
        price_exact=price,
        weights=weights,
        domains=tuple(domains) if domains is not None else None,
        no_data=no_data,
        iterations=iterations,
        converged=converged,
        fitted_on=fitted_on or date.today(),
        report=evaluate(allocated, y, groups, threshold=threshold, min_group=min_group),
    )


def evaluate(
    allocated: Any,
    actual: Any,
    groups: Mapping[str, Sequence] | None = None,
    *,
    threshold: float = 0.10,
    min_group: int = 5,
) -> Report:
    """How well allocations match actual costs, overall and for each group.

    A group is flagged when its median allocated/actual ratio is more than threshold away
    from 1 and it has at least min_group packages (smaller groups are shown, not flagged).
    Works for any allocation, e.g. full budgets from ras.indicative_budget with floor and cap.
    """
    a = np.asarray(allocated, dtype=float)
    y = np.asarray(actual, dtype=float)
    if a.shape != y.shape or a.ndim != 1:
        raise ValueError("allocated and actual must be two lists of the same length")
    err = a - y
    ape = np.abs(err) / y
    ratio = a / y
    sst = float(((y - y.mean()) ** 2).sum())
    rows: list[GroupRow] = []
    for dimension, labels in (groups or {}).items():
        labels = np.asarray(labels).astype(str)
        if labels.shape != y.shape:
            raise ValueError(f"group labels {dimension!r} must have one label per package")
        names, inverse = np.unique(labels, return_inverse=True)
        order = np.argsort(inverse, kind="stable")
        bounds = np.searchsorted(inverse[order], np.arange(len(names) + 1))
        for g, name in enumerate(names):
            idx = order[bounds[g] : bounds[g + 1]]
            med = float(np.median(ratio[idx]))
            count = len(idx)
            flagged = count >= min_group and abs(med - 1) > threshold
            rows.append(
                GroupRow(dimension, str(name), count, med, float(np.median(ape[idx])), flagged)
            )
    return Report(
        n=len(y),
        r2=1 - float((err**2).sum()) / sst if sst > 0 else float("nan"),
        mdape=float(np.median(ape)),
        mean_error_pence=float(err.mean()),
        allocated_total_pence=int(round(float(a.sum()))),
        actual_total_pence=int(round(float(y.sum()))),
        threshold=threshold,
        fairness=tuple(rows),
    )


# --- fitting -------------------------------------------------------------------------------


def _check(points: Any, cost: Any) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(points, dtype=float)
    y = np.asarray(cost, dtype=float)
    if X.ndim != 2 or y.ndim != 1 or len(X) != len(y) or len(y) == 0:
        raise ValueError("points must be n x d and costs n long, with n at least 1")
    if not (np.isfinite(X).all() and np.isfinite(y).all()):
        raise ValueError("points and costs must be finite numbers")
    if (X < 0).any():
        raise ValueError("points must not be negative")
    if (y <= 0).any():
        raise ValueError(f"{int((y <= 0).sum())} packages cost nothing; leave them out")
    if not (X.sum(axis=1) > 0).any():
        raise ValueError("no package scores any points")
    return X, y


def _origin(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted least squares through the origin for one column."""
    x = X[:, 0]
    return np.array([(w * x * y).sum() / (w * x * x).sum()])


def _nnls_fit(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    Xw = X * w[:, None]
    return nnls(X.T @ Xw, Xw.T @ y)


def _huber(X, y, solve, max_iter: int, tol: float) -> tuple[np.ndarray, int, bool]:
    """Huber IRLS: refit with weights min(1, k*s/|r|) until the coefficients settle."""
    w = np.ones(len(y))
    beta = solve(X, y, w)
    for i in range(1, max_iter + 1):
        r = y - X @ beta
        scale = float(np.median(np.abs(r - np.median(r)))) / MAD_TO_SD
        if scale <= 0:  # (almost) every package is on the line: nothing to down-weight
            return beta, i, True
        u = np.abs(r) / (HUBER_K * scale)
        w = np.where(u <= 1, 1.0, 1.0 / np.maximum(u, 1.0))
        new = solve(X, y, w)
        if np.max(np.abs(new - beta)) <= tol * max(1.0, float(np.max(np.abs(beta)))):
            return new, i, True
        beta = new
    return beta, max_iter, False


def nnls(gram: np.ndarray, rhs: np.ndarray, max_iter: int | None = None) -> np.ndarray:
    """min |Xb - y| with b >= 0, from the normal equations (gram = X'X, rhs = X'y).

    Lawson and Hanson's active-set method: add the variable whose gradient most wants to
    grow, solve the unconstrained problem on the free set, and step back to the boundary
    when a free variable would go negative. Working on the d x d normal equations keeps it
    cheap however many packages there are.
    """
    d = len(rhs)
    x = np.zeros(d)
    free = np.zeros(d, dtype=bool)
    tol = 1e-10 * max(1.0, float(np.abs(rhs).max()))
    for _ in range(max_iter or 3 * d):
        grad = rhs - gram @ x
        candidates = ~free & (grad > tol)
        if not candidates.any():
            break
        free[np.argmax(np.where(candidates, grad, -np.inf))] = True
        while True:
            idx = np.flatnonzero(free)
            z = np.zeros(d)
            z[idx] = np.linalg.lstsq(gram[np.ix_(idx, idx)], rhs[idx], rcond=None)[0]
            if (z[idx] > 0).all():
                x = z
                break
            neg = idx[z[idx] <= 0]
            alpha = float(np.min(x[neg] / (x[neg] - z[neg])))
            x = x + alpha * (z - x)
            free &= x > tol
            x[~free] = 0.0
    return x


# --- new rule versions ---------------------------------------------------------------------


def calibrated_version_data(
    current_data: dict, fit: Fit, effective_from: date, *, full: bool = False
) -> dict:
    """Rule data for a new dated RAS file carrying the fitted figures.

    By default only what changes (price, weights, the calibration record), which is what a
    council rules directory holds: it is laid over the national questionnaire, so later
    national rewording still applies. full=True gives a complete, standalone copy.
    The result is checked by compiling it over current_data before it is returned.
    """
    if current_data.get("method") == "bands":
        raise RuleDataError(
            "ras key 'method' is bands: calibration fits a price per point, so set the band"
            " amounts by hand or switch method to price_per_point"
        )
    changes: dict[str, Any] = {"price_per_point_pence": fit.price_per_point_pence}
    if fit.weights is not None:
        current = current_data.get("domains") or {}
        if fit.domains is None or set(fit.domains) != set(current):
            raise RuleDataError(
                "ras key 'domains': the fitted weights must name the same domains as the"
                f" rules ({sorted(current)}); pass domains= to calibrate"
            )
        changes["domains"] = {
            code: {"weight": weight} for code, weight in zip(fit.domains, fit.weights, strict=True)
        }
    changes["calibration"] = _record(current_data, fit, effective_from)
    merged = _overlay(copy.deepcopy(current_data), changes, "calibration")
    compile_data(merged, f"ras/{effective_from.isoformat()}/calibrated")
    return merged if full else changes


def _record(current_data: dict, fit: Fit, effective_from: date) -> dict:
    r = fit.report
    return {
        "method": fit.method,
        "fitted_on": fit.fitted_on.isoformat(),
        "effective_from": effective_from.isoformat(),
        "n": r.n,
        "price_per_point_pence": fit.price_per_point_pence,
        "previous_price_per_point_pence": current_data.get("price_per_point_pence"),
        "weights_fitted": fit.weights is not None,
        "r2": round(r.r2, 4),
        "mdape_percent": round(100 * r.mdape, 2),
        "mean_error_pence": round(r.mean_error_pence, 2),
        "allocated_total_pence": r.allocated_total_pence,
        "actual_total_pence": r.actual_total_pence,
        "fairness_threshold_percent": round(100 * r.threshold, 2),
        "flagged_groups": [
            f"{row.dimension}={row.group}: median allocated/actual {row.median_ratio:.2f}"
            f" (n {row.n})"
            for row in r.flagged
        ],
    }


def write_new_version(directory: Path | str, data: dict, effective_from: date) -> Path:
    """Write data as <directory>/ras/<date>.yaml, directory being a council rules directory.

    Refuses to overwrite a file, and refuses a date that is not after every RAS file already
    there: an earlier date would change versions that decisions have already used.
    """
    folder = Path(directory) / "ras"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{effective_from.isoformat()}.yaml"
    if path.exists():
        raise FileExistsError(f"{path} already exists; rule files are never overwritten")
    dated = (p.stem for p in folder.iterdir() if _DATED.match(p.name))
    latest = max(dated, default=None)
    if latest is not None and latest >= effective_from.isoformat():
        raise RuleDataError(f"{path}: a new RAS version must be dated after {latest}")
    header = (
        f"# RAS figures from {effective_from.isoformat()}, written by"
        " openasc.rules.ras_calibration.\n# Never edit: write a new dated file instead.\n"
    )
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    with path.open("x", encoding="utf-8") as out:  # "x": fail rather than overwrite
        out.write(header + text)
    return path
