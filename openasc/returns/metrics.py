"""The catalogue of measures that managers, the metrics API and the scrutiny pack show.

Each ``Metric`` says what it counts and where it falls short, in plain English, and how to
work out its figures for a window of time (optionally broken down) from the record's
snapshot (``snapshot.py``: DuckDB tables ``cld_events`` and ``population``). Where a
figure is a count of people, ``people`` gives the person keys behind it ('nhs:...' or
'la:...'), so a page can drill down from the number to the list (with access rules and
audit: the page's job, not the catalogue's).

ASCOF measures come by financial year only (``yearly``); operational measures for any
window (a week, a month, a quarter). Register new measures with ``register``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

#: Breakdowns a metric may offer, and how a page names them.
BREAKDOWNS: dict[str, str] = {
    "age_band": "Age band",
    "sex": "Sex",
    "ethnicity": "Ethnic group",
    "primary_support_reason": "Primary support reason",
    "locality": "Locality (postcode district)",
}
TOTAL = "total"


@dataclass(frozen=True)
class Window:
    """Days ``start`` to ``end``, both included."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(f"the window ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def financial_year(cls, year: int) -> Window:
        """1 April ``year`` to 31 March ``year + 1``."""
        return cls(date(year, 4, 1), date(year + 1, 3, 31))

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


@dataclass(frozen=True)
class Figure:
    """One number: for ``group`` (TOTAL, or a level of the breakdown), with what it was
    worked out from. ``value`` is None (and ``note`` says why) when it cannot be worked out,
    e.g. nobody in the denominator: an empty period gives zeros and a note, not an error."""

    group: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""


# figures(con, window, breakdown or None) -> figures: a TOTAL figure first, then one per
# group of the breakdown (groups add up to the total for counts).
Figures = Callable[..., list[Figure]]
# people(con, window, breakdown or None, group) -> the person keys behind that figure's
# numerator (or its count).
People = Callable[..., list[str]]


@dataclass(frozen=True)
class Metric:
    code: str  # in URLs and the API: "ascof-2a", "waiting-for-assessment"
    title: str
    unit: str  # "%", "people", "days", "per 100,000"
    meaning: str  # what it measures, for a councillor
    shortfalls: str  # where it falls short, honestly
    figures: Figures
    better: str | None = None  # "higher", "lower" or None (neither: context)
    breakdowns: tuple[str, ...] = ()
    yearly: bool = False  # only for whole financial years (ASCOF)
    people: People | None = None
    group: str = "Operational"  # where a page lists it: "ASCOF", "Operational", ...


REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    unknown = set(metric.breakdowns) - set(BREAKDOWNS)
    if unknown:
        raise ValueError(f"{metric.code}: unknown breakdowns {sorted(unknown)}")
    REGISTRY[metric.code] = metric
    return metric


def get(code: str) -> Metric:
    """The metric, or KeyError naming the code and the known ones."""
    _load()
    try:
        return REGISTRY[code]
    except KeyError:
        raise KeyError(f"no metric {code!r}; known: {', '.join(sorted(REGISTRY))}") from None


def all_metrics() -> list[Metric]:
    _load()
    return list(REGISTRY.values())


def _load() -> None:
    """Import the modules that register metrics (once)."""
    from . import ascof_metrics, operational  # noqa: F401
