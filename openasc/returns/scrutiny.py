"""The scrutiny pack's content: what a councillor on an overview and scrutiny committee asks
(domain.md §5), answered from the metrics catalogue for a financial year.

Pure data, no layout: ``build`` returns a ``Pack`` that the HTML page (``views_scrutiny``)
and the PDF (``scrutiny_pdf``) both render, so the two never disagree. Every number comes
from a ``Metric.figures`` call; the words around it come from ``scrutiny_words``.

Metrics are placed in the committee's areas by a small table of code fragments (``AREAS``),
so a metric registered later by anyone appears in the pack without changing this module;
one that matches no area still appears, under "Other measures".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

from . import metrics
from . import scrutiny_words as words
from .metrics import BREAKDOWNS, TOTAL, Figure, Metric, Window

SMALL = words.SMALL  # breakdown groups smaller than this are not shown (privacy)


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    question: str  # the committee's question, in its words (domain.md §5)
    matches: tuple[str, ...]  # fragments of metric codes that belong here; first area wins


# Carers come before self-directed support so that 3D's carers' parts (1b, 2b) go there.
AREAS = (
    Area("carers", "Carers", "Are unpaid carers supported, and do they choose how?",
         ("ascof-3d-1b", "ascof-3d-2b", "carer")),
    Area("self-directed", "Self-directed support",
         "Do people have choice and control: how many have a personal budget or a direct "
         "payment?", ("ascof-3d", "personal-budget", "direct-payment", "self-directed")),
    Area("assessment", "Assessment, reviews and waiting",
         "Who is waiting, for how long, and are people's needs settled at first contact?",
         ("wait", "first-contact", "requests", "assessment", "review")),
    Area("prevention", "Prevention and reablement",
         "Does short-term support help people stay independent, and how many need long-term "
         "support?", ("ascof-2a", "ascof-2d", "reablement", "short-term", "new-long-term")),
    Area("outcomes", "Outcomes for people",
         "Do people live at home, and how many move into care homes?",
         ("ascof-2e", "ascof-2b", "ascof-2c", "care-home", "outcome")),
)  # fmt: skip
OTHER = Area("other", "Other measures", "What else does the council measure?", ())
EQUITY = Area("equity", "Equity: for whom",
              "Do results differ by age, sex, ethnic group, primary support reason or "
              "locality?", ())  # fmt: skip
#: Units compared between groups. Counts of people are not: without each group's population
#: they show the size of the group more than whether it is treated fairly.
EQUITY_UNITS = ("%", "days", "per 100,000")


def area_of(metric: Metric) -> Area:
    code = metric.code.lower()
    return next((a for a in AREAS if any(m in code for m in a.matches)), OTHER)


@dataclass
class YearFigure:
    label: str  # "2025-26"
    figure: Figure | None  # the TOTAL figure, or None if there is none
    missing: str = ""  # why there is no figure ("" when there is one)

    @property
    def value(self) -> float | None:
        return None if self.missing else self.figure.value


@dataclass
class Result:
    """One metric: this year against last year."""

    metric: Metric
    this: YearFigure
    last: YearFigure
    change: float | None  # this - last, when both exist
    verdict: str  # "better", "worse", "no change", "up", "down" or "" (cannot compare)
    sentence: str  # the figures in words, generated


@dataclass
class Group:
    name: str
    figure: Figure
    suppressed: bool


@dataclass
class Breakdown:
    """One metric broken down one way, for this year."""

    metric: Metric
    by: str  # key of BREAKDOWNS
    total: Figure | None
    groups: list[Group]
    sentence: str
    missing: str = ""

    @property
    def label(self) -> str:
        return BREAKDOWNS[self.by]

    @property
    def shown(self) -> list[Group]:
        return [g for g in self.groups if not g.suppressed and g.figure.value is not None]


@dataclass
class Section:
    area: Area
    results: list[Result] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"section-{self.area.key}"


@dataclass
class Pack:
    council: str
    year: int
    produced: date
    record_at: datetime  # when the snapshot the figures came from was taken
    sections: list[Section]
    gaps: list[str]  # questions the record cannot answer yet
    events_this_year: int
    problems: list[str] = field(default_factory=list)  # metrics that failed to compute

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def title(self) -> str:
        return f"Adult social care: scrutiny pack {self.year_label}"


def year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def events_in(con, window: Window) -> int:
    """Events of the record completed, or services active, in the window: none means the
    record holds nothing for that year, so its figures are missing, not zero."""
    return con.execute(
        "SELECT count(*) FROM cld_events WHERE event_start <= ? "
        "AND (event_end IS NULL OR event_end >= ?)",
        [window.end, window.start],
    ).fetchone()[0]


def councils_in(con) -> int:
    return con.execute("SELECT count(DISTINCT council) FROM cld_events").fetchone()[0]


def record_time() -> datetime:
    from . import snapshot

    stamp = snapshot.path().stat().st_mtime if snapshot.path().exists() else time.time()
    return datetime.fromtimestamp(stamp, tz=timezone.get_current_timezone())


def build(con, year: int, progress: Callable[[int, int], None] | None = None) -> Pack:
    """The pack for the financial year starting 1 April ``year``, from snapshot ``con``."""
    catalogue = metrics.all_metrics()
    windows = {y: Window.financial_year(y) for y in (year, year - 1)}
    held = {y: events_in(con, w) for y, w in windows.items()}
    steps = sum(2 + len(m.breakdowns) * (m.unit in EQUITY_UNITS) for m in catalogue)
    done, problems = 0, []

    def step():
        nonlocal done
        done += 1
        if progress:
            progress(done, steps)

    def compute(metric, y, by=None) -> tuple[list[Figure], str]:
        step()
        if not held[y]:
            return [], f"the record holds no events for {year_label(y)}"
        try:
            return metric.figures(con, windows[y], by), ""
        except Exception as exc:  # noqa: BLE001 (one metric's fault must not sink the pack)
            problems.append(f"{metric.title} ({year_label(y)}): {exc}")
            return [], f"it could not be worked out ({exc})"

    sections = {a.key: Section(a) for a in (*AREAS, OTHER, EQUITY)}
    for metric in catalogue:
        years = {y: _year_figure(metric, y, *compute(metric, y)) for y in (year, year - 1)}
        sections[area_of(metric).key].results.append(_result(metric, years[year], years[year - 1]))
        for by in metric.breakdowns if metric.unit in EQUITY_UNITS else ():
            sections[EQUITY.key].breakdowns.append(
                _breakdown(metric, by, *compute(metric, year, by))
            )
    # The equity section goes by breakdown (all measures by age, then by sex, ...).
    order = list(BREAKDOWNS)
    sections[EQUITY.key].breakdowns.sort(key=lambda b: order.index(b.by))
    shown = [s for s in sections.values() if s.results or s.breakdowns or s.area is not OTHER]
    gaps = words.gaps(catalogue, councils_in(con), sections[EQUITY.key].breakdowns)
    return Pack(settings.COUNCIL_NAME, year, timezone.localdate(), record_time(), shown, gaps,
                held[year], problems)  # fmt: skip


def _year_figure(metric: Metric, year: int, figures: list[Figure], why: str) -> YearFigure:
    total = next((f for f in figures if f.group == TOTAL), None)
    label = year_label(year)
    if why:
        return YearFigure(label, None, why.rstrip("."))
    if total is None:
        return YearFigure(label, None, "the measure gave no figure for the whole council")
    if total.value is None:
        # Notes are sentences; the pack puts them after a colon.
        return YearFigure(label, total, (total.note or "there was nothing to count").rstrip("."))
    return YearFigure(label, total)


def _result(metric: Metric, this: YearFigure, last: YearFigure) -> Result:
    change = verdict = None
    if this.value is not None and last.value is not None:
        change = this.value - last.value
        verdict = words.verdict(change, metric.better)
    return Result(metric, this, last, change, verdict or "",
                  words.year_sentence(metric, this, last, change, verdict or ""))  # fmt: skip


def _breakdown(metric: Metric, by: str, figures: list[Figure], why: str) -> Breakdown:
    total = next((f for f in figures if f.group == TOTAL), None)
    groups = [Group(f.group, f, _small(metric, f)) for f in figures if f.group != TOTAL]
    b = Breakdown(metric, by, total, groups, "", why)
    if not why and not groups:
        b.missing = "the measure gave no figures for this breakdown"
    b.sentence = words.breakdown_sentence(b, SMALL)
    return b


def _small(metric: Metric, f: Figure) -> bool:
    count = f.denominator if f.denominator is not None else (
        f.value if metric.unit == "people" else None)  # fmt: skip
    return count is not None and 0 < count < SMALL
