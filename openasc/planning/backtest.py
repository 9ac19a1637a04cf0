"""Backtest: calibrate on the earlier part of a window, project the rest with the engine,
and compare the forecast with what the record shows happened.

Pure NumPy. The calibration reads the record as it stood at the split (nothing later is
seen); the outcome is read with everything known since. Both are counted the same way
(month-end states, ``calibration.Panel``), and the engine's central projection
(``run_expected``) starts from the calibration's end-of-window counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

import numpy as np

from .calibration import (
    DEFAULT_DIMS,
    Calibration,
    CalibrationError,
    CohortScheme,
    Panel,
    calibrate,
    state_label,
    window_months,
)
from .engine import Params, run_expected, to_yearly
from .engine import states as st
from .episodes import WAITING, Episodes

LIVING = tuple(range(st.DECEASED))
NEW_REQUESTS = "New requests (people not known before)"
ADMISSIONS = "Care home admissions"
DEATHS = "Deaths of people known to the council"


class BacktestOptions(TypedDict, total=False):
    """``backtest``'s keyword options, for the functions that read its data and pass them on
    (``record.backtest_from_record``, ``cld_source.backtest_from_cld``)."""

    dims: Sequence[str]
    levels: Mapping[str, Sequence[str]] | None
    pseudo_counts: float
    defaults: Params | None


@dataclass(frozen=True)
class Comparison:
    """One figure: the forecast and what happened, in year ``year`` after the split."""

    measure: str
    year: int
    forecast: float
    actual: float

    @property
    def error(self) -> float:
        """Forecast minus actual (positive: the model expected more)."""
        return self.forecast - self.actual

    @property
    def percent_error(self) -> float:
        """Error as a percentage of the actual; NaN when nothing happened."""
        return 100 * self.error / self.actual if self.actual else float("nan")


@dataclass(frozen=True, eq=False)
class Backtest:
    date_from: date
    split: date
    date_to: date
    comparisons: tuple[Comparison, ...]
    waiting: tuple[int, ...]  # people still waiting for an outcome at each year end
    calibration: Calibration

    @property
    def mape(self) -> float:
        """Mean absolute percentage error over every figure with a non-zero actual."""
        errors = [abs(c.percent_error) for c in self.comparisons if c.actual]
        return float(np.mean(errors)) if errors else float("nan")

    def render(self) -> str:
        head = (
            f"{'Measure':<52}{'Year':>5}{'Forecast':>11}{'Actual':>11}{'Error':>10}{'Error %':>9}"
        )
        lines = [
            f"Backtest: calibrated on {self.date_from} to {self.split}, projected "
            f"{self.split} to {self.date_to} (the engine's expected values)",
            "",
            head,
            "-" * len(head),
        ]
        for c in self.comparisons:
            pct = "-" if np.isnan(c.percent_error) else f"{c.percent_error:+.1f}%"
            lines.append(
                f"{c.measure:<52}{c.year:>5}{c.forecast:>11,.0f}{c.actual:>11,.0f}"
                f"{c.error:>+10,.0f}{pct:>9}"
            )
        figures = sum(1 for c in self.comparisons if c.actual)
        lines += ["", f"Mean absolute percentage error: {self.mape:.1f}% over {figures} figures"]
        for year, n in enumerate(self.waiting, start=1):
            if n:
                lines.append(
                    f"Not counted: {n:,} people still waiting for the outcome of a request at "
                    f"the end of year {year}."
                )
        return "\n".join(lines)


def backtest(
    history: Episodes,
    outcome: Episodes,
    date_from: date,
    split: date,
    date_to: date,
    population=None,
    *,
    dims: Sequence[str] = DEFAULT_DIMS,
    levels: Mapping[str, Sequence[str]] | None = None,
    pseudo_counts: float = 20.0,
    defaults: Params | None = None,
    source: str = "",
) -> Backtest:
    """Calibrate on ``[date_from, split)`` from ``history`` (the record read at the split),
    project ``[split, date_to)`` and compare, year by year from the split, with ``outcome``
    (the record read later): people in each state at each year end, new requests, care
    home admissions and deaths in each year."""
    if not date_from < split < date_to:
        raise CalibrationError("a backtest needs date_from < split < date_to")
    if history.as_of >= split:
        raise CalibrationError(
            f"the calibration data were read as of {history.as_of}: read them before the split "
            f"({split}), or the backtest sees the future"
        )
    cal = calibrate(
        history, date_from, split, population,
        dims=dims, levels=levels, pseudo_counts=pseudo_counts, source=source,
    )  # fmt: skip
    obs = window_months(cal.date_to, date_to)
    months = len(obs) - 1
    yearly = to_yearly(run_expected(cal.to_params(defaults), months))
    panel = Panel.build(outcome, obs, CohortScheme(cal.cohorts))
    n_c = cal.cohorts.size
    ends = [min(12 * (y + 1), months) for y in range(yearly.people.shape[1])]
    starts = [12 * y for y in range(len(ends))]
    person, k, _ = panel.arrivals()
    new = np.zeros(months + 1, dtype=int)
    np.add.at(new, k[panel.cohort[person, k] >= 0], 1)
    care_home = panel.admissions(st.CARE_HOME_STATES)
    deaths = panel.admissions([st.DECEASED], arrivals=False)
    rows, waiting = [], []
    for y, (a, b) in enumerate(zip(starts, ends, strict=True)):
        counts = panel.counts(b, n_c).sum(axis=0)
        waiting.append(int(counts[WAITING]))
        forecast_people = yearly.people[0, y].sum(axis=0)
        for s in LIVING:
            measure = f"People in {state_label(s)} (year end)"
            rows.append(Comparison(measure, y + 1, float(forecast_people[s]), float(counts[s])))
        rows.append(
            Comparison(
                NEW_REQUESTS,
                y + 1,
                float(yearly.requests[0, y].sum()),
                float(new[a + 1 : b + 1].sum()),
            )
        )
        admitted = yearly.admissions[0, y][:, list(st.CARE_HOME_STATES)].sum()
        rows.append(Comparison(ADMISSIONS, y + 1, float(admitted), float(care_home[a:b].sum())))
        died = yearly.admissions[0, y][:, st.DECEASED].sum()
        rows.append(Comparison(DEATHS, y + 1, float(died), float(deaths[a:b].sum())))
    rows.sort(key=lambda c: (_order(c.measure), c.year))
    return Backtest(
        cal.date_from, cal.date_to, date.fromordinal(int(obs[-1]) + 1), tuple(rows),
        tuple(waiting), cal,
    )  # fmt: skip


def _order(measure: str) -> int:
    names = [f"People in {state_label(s)} (year end)" for s in LIVING]
    return (names + [NEW_REQUESTS, ADMISSIONS, DEATHS]).index(measure)
