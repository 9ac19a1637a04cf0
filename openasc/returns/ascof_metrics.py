"""ASCOF measures in the catalogue (``metrics``), worked out by ``measures`` for a whole
financial year from the snapshot. Broken down by age band (18-64, 65+) as published."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from . import measures
from .metrics import TOTAL, Figure, Metric, Window, register


def _year_of(window: Window) -> int:
    year = window.start.year
    if (window.start, window.end) != (date(year, 4, 1), date(year + 1, 3, 31)):
        raise ValueError("ASCOF measures are for a financial year: 1 April to 31 March")
    return year


#: (connection, year) -> ASCOF rows. Every ASCOF metric comes from the same working-out of
#: the year; a page showing all eight (or a year against the last) does it once per year.
#: Keyed by the connection object, so a fresh snapshot (a new connection) starts afresh.
_YEARS: dict[tuple[int, int], tuple[object, list[dict]]] = {}


def _rows(con, year: int) -> list[dict]:
    key = (id(con), year)
    held = _YEARS.get(key)
    if held is None or held[0] is not con:
        if len(_YEARS) > 16:
            _YEARS.clear()
        held = _YEARS[key] = (con, measures.ascof(con, year))
    return held[1]


def _figures(measure: str, part: str):
    def figures(con, window: Window, breakdown: str | None = None) -> list[Figure]:
        if breakdown not in (None, "age_band"):
            raise ValueError(f"ASCOF {measure} is broken down by age band only")
        rows = _rows(con, _year_of(window))
        mine = [
            r for r in rows
            if r["measure"] == measure and r["part"] == part
            and r["council"] == settings.COUNCIL_CODE
        ]  # fmt: skip
        wanted = [TOTAL] if breakdown is None else [TOTAL, "18-64", "65+"]
        by_band = {r["breakdown"]: r for r in mine}
        return [
            Figure(
                band,
                by_band[band]["value"],
                by_band[band]["numerator"],
                by_band[band]["denominator"],
                by_band[band].get("note") or "",
            )  # fmt: skip
            for band in wanted
            if band in by_band
        ]

    return figures


def _ascof(code, measure, part, title, unit, meaning, shortfalls, better, by_age=True):
    register(
        Metric(
            code=code, title=title, unit=unit, meaning=meaning, shortfalls=shortfalls,
            figures=_figures(measure, part), better=better,
            breakdowns=("age_band",) if by_age else (), yearly=True, group="ASCOF",
        )
    )  # fmt: skip


_ascof(
    "ascof-2a", "2A", "all", "Short-term support that left people independent", "%",
    "Of new clients who finished reablement (ST-Max) in the year, the share who needed no "
    "further ongoing support.",
    "Counts only reablement for people not already supported; people who died or went into "
    "hospital during it are left out; a request made after the year is not seen.",
    "higher",
)  # fmt: skip
_ascof(
    "ascof-2b", "2B", "18-64", "Care-home admissions, 18-64", "per 100,000",
    "New permanent admissions to residential and nursing care of people aged 18-64, per "
    "100,000 people of that age living in the area.",
    "CLD does not tell permanent from temporary stays; needs the ONS population estimates.",
    "lower", by_age=False,
)  # fmt: skip
_ascof(
    "ascof-2c", "2C", "65+", "Care-home admissions, 65 and over", "per 100,000",
    "New permanent admissions to residential and nursing care of people aged 65 and over, "
    "per 100,000 people of that age living in the area.",
    "CLD does not tell permanent from temporary stays; needs the ONS population estimates.",
    "lower", by_age=False,
)  # fmt: skip
_ascof(
    "ascof-2e", "2E", "all", "Long-term support at home", "%",
    "Of people receiving long-term support at the year end, the share living in their own "
    "home or with family (settled accommodation).",
    "Depends on accommodation status being kept up to date on the record.",
    "higher",
)  # fmt: skip
_ascof(
    "ascof-3d-1a", "3D", "1a", "Self-directed support (people)", "%",
    "Of adults in long-term community support at the year end, the share with self-directed "
    "support: a direct payment or a personal budget the council manages.",
    "Delivery mechanism is not mandatory in CLD, so some self-directed support is missed.",
    "higher",
)  # fmt: skip
_ascof(
    "ascof-3d-2a", "3D", "2a", "Direct payments (people)", "%",
    "Of adults in long-term community support at the year end, the share receiving a direct "
    "payment.",
    "Part direct payments are only seen where the service component or mechanism says so.",
    "higher",
)  # fmt: skip
_ascof(
    "ascof-3d-1b", "3D", "1b", "Self-directed support (carers)", "%",
    "Of carers supported directly in the year, the share with self-directed support.",
    "Only carers' services recorded as direct to the carer count.",
    "higher",
)  # fmt: skip
_ascof(
    "ascof-3d-2b", "3D", "2b", "Direct payments (carers)", "%",
    "Of carers supported directly in the year, the share receiving a direct payment.",
    "Only carers' services recorded as direct to the carer count.",
    "higher",
)  # fmt: skip
