"""The scrutiny pack's words: figures written out for a councillor, sentences generated from
them (never a number typed into a template), and the questions the record cannot answer.
Kept apart from ``scrutiny`` so the wording can be changed without touching the figures."""

from __future__ import annotations

from .metrics import Metric

EPSILON = 1e-9  # a change this small is no change (floating-point noise)
#: Breakdown groups smaller than this are not shown: the pack is published, and a group of
#: two or three people in one locality or ethnic group could point at someone.
SMALL = 5


def number(value: float | None, unit: str) -> str:
    """A value with its unit: '62.5%', '12.3 per 100,000', '1,204 people', '17 days'."""
    if value is None:
        return "no figure"
    if unit == "%":
        return f"{value:.1f}%"
    if unit in ("people", "requests", "reviews", "events"):
        if round(value) == 1:
            return "1 person" if unit == "people" else f"1 {unit[:-1]}"
        return f"{value:,.0f} {unit}"
    if unit == "days":
        return f"{value:,.1f} days"
    return f"{value:,.1f} {unit}"


def basis(figure, unit: str) -> str:
    """What a figure was worked out from, when it says: '25 of 40'."""
    if figure is None or figure.numerator is None or figure.denominator is None:
        return ""
    if unit == "%":
        return f"{figure.numerator:,.0f} of {figure.denominator:,.0f}"
    if unit == "per 100,000":
        return f"{figure.numerator:,.0f} among {figure.denominator:,.0f} people"
    return ""


def with_basis(figure, unit: str) -> str:
    text = number(figure.value if figure else None, unit)
    extra = basis(figure, unit)
    return f"{text} ({extra})" if extra else text


def change_text(change: float | None, unit: str) -> str:
    """'+7.5 percentage points', '-3.0 per 100,000', 'no change'."""
    if change is None:
        return "cannot compare"
    if abs(change) < EPSILON:
        return "no change"
    sign = "+" if change > 0 else "-"
    size = abs(change)
    if unit == "%":
        return f"{sign}{size:.1f} percentage points"
    return f"{sign}{number(size, unit)}"


def verdict(change: float, better: str | None) -> str:
    if abs(change) < EPSILON:
        return "no change"
    up = change > 0
    if better == "higher":
        return "better" if up else "worse"
    if better == "lower":
        return "worse" if up else "better"
    return "up" if up else "down"  # neither direction is better in itself


def year_sentence(metric: Metric, this, last, change, verdict_: str) -> str:
    """The year's figure against last year's, in one or two sentences."""
    if this.value is None:
        return f"There is no figure for {this.label}: {this.missing}."
    now = f"In {this.label} the figure was {with_basis(this.figure, metric.unit)}"
    if last.value is None:
        return f"{now}. There is no figure for {last.label} to compare with: {last.missing}."
    now += f"; in {last.label} it was {with_basis(last.figure, metric.unit)}"
    if verdict_ == "no change":
        return f"{now}: no change."
    said = f"{now}: {'up' if change > 0 else 'down'} {change_text(change, metric.unit)[1:]}."
    if verdict_ in ("better", "worse"):
        return f"{said} {metric.better.capitalize()} is better, so this is {verdict_}."
    return f"{said} Neither higher nor lower is better in itself: read it with the other measures."


def breakdown_sentence(b, small: int = SMALL) -> str:
    if b.missing:
        return f"No {b.label.lower()} breakdown for this year: {b.missing}."
    shown = b.shown
    hidden = sum(g.suppressed for g in b.groups)
    blank = len(b.groups) - len(shown) - hidden
    notes = ""
    if hidden:
        notes += (f" {_groups(hidden)} of fewer than {small} people "
                  f"{'is' if hidden == 1 else 'are'} not shown, to protect privacy.")  # fmt: skip
    if blank:
        notes += f" {_groups(blank)} had nothing to count."
    if not shown:
        return f"No group can be reported.{notes}"
    unit = b.metric.unit
    if len(shown) == 1:
        only = shown[0]
        return f"Only {only.name} can be reported: {number(only.figure.value, unit)}.{notes}"
    ranked = sorted(shown, key=lambda g: g.figure.value)
    low, high = ranked[0], ranked[-1]
    gap = change_text(high.figure.value - low.figure.value, unit).lstrip("+")
    total = f" The whole council: {number(b.total.value, unit)}." if b.total else ""
    return (
        f"Highest: {high.name} ({number(high.figure.value, unit)}); lowest: {low.name} "
        f"({number(low.figure.value, unit)}); a gap of {gap}.{total}{notes}"
    )


EQUITY_NOTE = (
    "Rates and waiting times for each group this year. Counts of people are not compared "
    "between groups: without each group's population they show the size of the group more "
    "than whether it is treated fairly."
)


def _groups(n: int) -> str:
    return "1 group" if n == 1 else f"{n} groups"


def _has(catalogue, *fragments: str) -> bool:
    return any(f in m.code.lower() for m in catalogue for f in fragments)


def gaps(catalogue: list[Metric], councils: int, breakdowns) -> list[str]:
    """The questions of domain.md §5 that these figures do not answer yet. Each is listed
    only while it holds: a question drops off once a metric that answers it is registered."""
    out = []
    if not _has(catalogue, "wait"):
        out.append("Who is waiting for an assessment or a service, and for how long: no "
                   "waiting-list measure is in the catalogue yet.")  # fmt: skip
    out.append("Unmet, under-met and wrongly-met need: the record holds the support people "
               "get, not what they needed and did not get.")  # fmt: skip
    if not _has(catalogue, "ideal"):
        out.append(
            "Whether people got the support they would have chosen (their ideal "
            "outcome): nothing measures the gap between ideal and actual support yet."
        )
    if not _has(catalogue, "outcomes-achieved", "own-outcomes"):
        out.append("Whether people's own outcomes were met: reviews record it, but no "
                   "measure counts it yet.")  # fmt: skip
    out.append("Spend shifted to prevention, savings and value for money: the pack counts "
               "people, not money; budgets and spend are not in it.")  # fmt: skip
    if councils <= 1:
        out.append("How the council compares with similar councils: only this council's "
                   "Client Level Data is loaded, so there is nothing to compare with.")  # fmt: skip
    if not any(b.by == "locality" for b in breakdowns):
        out.append("Differences between localities: no measure is broken down by locality yet.")
    if not _has(catalogue, "carer-break", "respite"):
        out.append("Whether carers get breaks: carers' services are counted, not breaks.")
    out.append("Advance plans, advocacy, workforce and the sustainability of the care market: "
               "none of these is in the record.")  # fmt: skip
    return out


# Tables and the front page: the same cells in the page and the PDF. ------------------------


def front_lines(pack) -> list[str]:
    produced = pack.produced.strftime("%-d %B %Y")
    taken = pack.record_at.strftime("%-d %B %Y at %H:%M")
    return [
        f"Financial year {pack.year_label}: 1 April {pack.year} to 31 March {pack.year + 1}.",
        f"Produced on {produced}.",
        f"Figures computed from the council's record on {taken}.",
        "Each measure is shown for this year and last, with what it means and where it falls "
        f"short. Breakdowns hide groups of fewer than {SMALL} people.",
    ]


def year_rows(result) -> tuple[list[str], list[list[str]]]:
    unit = result.metric.unit
    head = ["Year", "Figure", "Worked out from", "Note"]
    rows = []
    for y in (result.last, result.this):
        if y.value is None:
            rows.append([y.label, "No figure", "", y.missing])
        else:
            rows.append([y.label, number(y.value, unit), basis(y.figure, unit), y.figure.note])
    rows.append(["Change", change_text(result.change, unit), "",
                 _verdict_words(result.verdict, result.metric.better)])  # fmt: skip
    return head, rows


def _verdict_words(verdict_: str, better: str | None) -> str:
    if not verdict_:
        return "One of the years has no figure."
    if verdict_ in ("better", "worse"):
        return f"{verdict_.capitalize()} ({better} is better)"
    if verdict_ == "no change":
        return "No change"
    return f"{verdict_.capitalize()} (neither direction is better in itself)"


def breakdown_rows(b) -> tuple[list[str], list[list[str]]]:
    unit = b.metric.unit
    rows = []
    for g in b.groups:
        if g.suppressed:
            rows.append([g.name, f"Fewer than {SMALL} people: not shown", ""])
        elif g.figure.value is None:
            rows.append([g.name, "No figure", g.figure.note])
        else:
            rows.append([g.name, number(g.figure.value, unit), basis(g.figure, unit)])
    if b.total is not None:
        rows.append(["Whole council", number(b.total.value, unit), basis(b.total, unit)])
    return [b.label, "Figure", "Worked out from"], rows
