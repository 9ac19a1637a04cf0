"""The Client Level Data (CLD) return: the record's events of a period as the national file,
with its data-quality report (``quality.py``) written beside it.

One row per event that CLD counts in the period (``record_source.in_period``), with the
person's details as they stand now, and, for carers, the people they care for. A later
export also sends again the events of earlier periods changed since they were last sent:
DHSC takes the latest submission of an event as the truth, so a corrected outcome reaches
them this way. Rows stream from the database to the file, so memory stays flat however
large the record; the file is written under a temporary name and moved into place only if
it is to be kept, so a refused or interrupted export never leaves half a return behind.
"""

from __future__ import annotations

import csv
import operator
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Q

from openasc.access import audit
from openasc.journey.lifecycle import Status
from openasc.journey.models import Event
from openasc.people.models import Relationship
from openasc.vocab import lists as v

from . import quality as dq
from .models import CldExport
from .record_source import in_period

CHUNK = 5_000
# Release 2 of the CLD specification applies to returns from October 2025.
RELEASE_2_FROM = date(2025, 10, 1)
# CLD leaves out assessments under other law (DoLS, safeguarding, mental capacity, Mental
# Health Act). Our assessment list holds none of them today; should it gain them, they stay
# out of the return without a change here.
EXCLUDED_ASSESSMENTS = sorted(
    {"dols", "safeguarding", "mental_capacity", "mental_health_act"} & set(v.ASSESSMENT_TYPE.codes)
)
EVENT_VALUES = (
    "id", "reference", "event_type", "client_type", "start_date", "end_date", "description",
    "outcome", "route_of_access", "assessment_type", "assessment_method",
    "eligible_needs_identified", "service_type", "service_component", "delivery_mechanism",
    "provider_name", "cqc_location_id", "unit_cost_pence", "cost_frequency",
    "planned_units_per_week", "review_reason", "review_method", "review_outcomes_achieved",
    "person_id",
)  # fmt: skip
PERSON_VALUES = (
    "nhs_number", "council_person_id", "given_name", "family_name", "gp_practice_code",
    "gender", "ethnicity", "date_of_birth", "date_of_death", "primary_support_reason",
    "postcode", "accommodation_status", "employment_status", "has_unpaid_carer", "autism",
    "visual_impairment", "hearing_impairment", "dementia", "client_funding_status",
)  # fmt: skip
KEYS = EVENT_VALUES + PERSON_VALUES
NO_CARER = (None, None, None, None, None)


@dataclass
class ExportResult:
    record: CldExport
    path: Path  # the CLD file (written only if ``record.written``)
    quality_path: Path
    summary_path: Path
    first_failures: list[str] = field(default_factory=list)
    late: list[tuple[CldExport, int]] = field(default_factory=list)  # (last sent in, events)

    @property
    def late_lines(self) -> list[str]:
        return [
            f"{n:,} events from earlier periods changed since {export.made}"
            for export, n in self.late
        ]


def default_release(date_to: date) -> int:
    return 2 if date_to >= RELEASE_2_FROM else 1


def file_stem(date_from: date, date_to: date) -> str:
    return f"cld_{settings.COUNCIL_CODE}_{date_from.isoformat()}_{date_to.isoformat()}"


# Which events --------------------------------------------------------------------------------


def earlier_exports(date_from: date, date_to: date) -> list[CldExport]:
    """The exports sent before this one. A repeat of a period is judged against the exports
    that came before its first run, so running the same export twice gives the same file."""
    sent = CldExport.objects.filter(written=True)
    first_run = sent.filter(date_from=date_from, date_to=date_to).order_by("created_at").first()
    if first_run is not None:
        sent = sent.filter(created_at__lt=first_run.created_at)
    return list(sent.exclude(date_from=date_from, date_to=date_to))


def late_change_filters(earlier: list[CldExport], date_from: date) -> list[tuple[Q, CldExport]]:
    """For the days before ``date_from`` that an earlier export covered, a filter for the
    events counted there and changed after the last export that sent them (the one that
    covered them or any later one, which sent their late changes), with that export."""
    bounds = {date_from}
    for e in earlier:
        bounds |= {e.date_from, e.date_to + timedelta(days=1)}
    bounds = sorted(bounds)
    out = []
    # Between two bounds the same exports cover every day, so one filter serves them all.
    for low, high in zip(bounds, bounds[1:], strict=False):
        if low >= date_from:
            break
        if not any(e.date_from <= low <= e.date_to for e in earlier):
            continue  # never sent: a period nobody exported is not ours to send now
        last = max((e for e in earlier if e.date_to >= low), key=lambda e: (e.created_at, e.pk))
        days = Q(end_date__gte=low, end_date__lt=min(high, date_from))
        out.append((days & Q(updated_at__gt=last.created_at), last))
    return out


def _counted():
    events = Event.objects.exclude(status__in=[Status.CANCELLED, Status.PLANNED])
    if EXCLUDED_ASSESSMENTS:
        events = events.exclude(event_type="assessment", assessment_type__in=EXCLUDED_ASSESSMENTS)
    return events


def selection(date_from: date, date_to: date, earlier: list[CldExport]):
    """The events of the return, and the late changes counted by the export that last sent
    them. Late ones ended before the period, so they are never also in it."""
    late = late_change_filters(earlier, date_from)
    chosen = in_period(date_from, date_to)
    if EXCLUDED_ASSESSMENTS:
        chosen = chosen.exclude(event_type="assessment", assessment_type__in=EXCLUDED_ASSESSMENTS)
    counts: dict[int, list] = {}
    for where, export in late:
        n = _counted().filter(where).count()
        if n:
            counts.setdefault(export.pk, [export, 0])[1] += n
            chosen = chosen | _counted().filter(where)
    return chosen, [(export, n) for export, n in counts.values()]


def carers(date_from: date, date_to: date) -> dict[int, tuple]:
    """Carer's person id -> (hours caring per week, adults cared for, up to three linked
    person ids): from their caring relationships that ran at some time in the period."""
    links = (
        Relationship.objects.filter(kind=Relationship.Kind.CARER)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=date_to))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=date_from))
        .order_by("from_person_id", "id")
        .values_list("from_person_id", "to_person__council_person_id", "hours_caring_per_week")
    )
    found: dict[int, tuple[list, list]] = {}
    for carer, cared_for, hours in links.iterator(chunk_size=CHUNK):
        ids, all_hours = found.setdefault(carer, ([], []))
        ids.append(cared_for)
        all_hours.append(hours)
    out = {}
    for carer, (ids, hours) in found.items():
        known = [h for h in hours if h is not None]
        total = sum(known) if known else None
        out[carer] = (total, len(ids), *(ids[:3] + [None] * (3 - len(ids[:3]))))
    return out


# Rows ------------------------------------------------------------------------------------------


def rows(events, date_from: date, date_to: date) -> Iterator[dq.Row]:
    """Each event with its person's fields and the submission's, in event id order."""
    caring = carers(date_from, date_to)
    fixed = {"la_code": settings.COUNCIL_CODE, "period_start": date_from, "period_end": date_to,
             "gp_practice_name": None}  # fmt: skip
    values = events.order_by("id").values_list(
        *EVENT_VALUES, *(f"person__{name}" for name in PERSON_VALUES)
    )
    for values_ in values.iterator(chunk_size=CHUNK):
        row = dict(zip(KEYS, values_, strict=True))
        row.update(fixed)
        carer = (
            caring.get(row["person_id"], NO_CARER)
            if row["client_type"] != "service_user"
            else NO_CARER
        )
        (row["carer_hours"], row["adults_cared_for"], row["linked_1"], row["linked_2"],
         row["linked_3"]) = carer  # fmt: skip
        yield row


def renderer(release: int) -> Callable[[dq.Row], list]:
    """A row as the file's cells: defined lists as the release's text (a value not in the
    list as it stands, for the quality report to point at), money in pounds, the rest as
    they are (the csv module writes dates ISO, as CLD wants, and None as blank)."""
    values = operator.itemgetter(*(f.key for f in dq.FIELDS))
    lists = []
    for i, f in enumerate(dq.FIELDS):
        if f.vocab is not None:
            lists.append((i, {t.code: f.vocab.text(t.code, release) for t in f.vocab}))
    pence = [f.key for f in dq.FIELDS].index("unit_cost_pence")

    def render(row: dq.Row) -> list:
        cells = list(values(row))
        for i, text in lists:
            cells[i] = text.get(cells[i], cells[i])
        if cells[pence] is not None:
            cells[pence] = f"{cells[pence] / 100:.2f}"
        return cells

    return render


# The export ------------------------------------------------------------------------------------


def export_cld(
    date_from: date,
    date_to: date,
    out_dir: Path,
    release: int = 1,
    allow_invalid: bool = False,
    *,
    user=None,
    run_by: str = "",
    command: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Write the return and its quality report into ``out_dir``. The CLD file is kept only
    if no row fails, or ``allow_invalid``; the quality report is always written, so that
    the council can put the failures right. Recorded as a ``CldExport`` and audited."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = file_stem(date_from, date_to)
    record = CldExport(date_from=date_from, date_to=date_to, release=release,
                       allow_invalid=allow_invalid, file_name=f"{stem}.csv",
                       run_by=run_by or getattr(user, "username", ""), command=command)  # fmt: skip
    result = ExportResult(record, out_dir / f"{stem}.csv", out_dir / f"{stem}_quality.csv",
                          out_dir / f"{stem}_quality_summary.csv")  # fmt: skip
    events, result.late = selection(date_from, date_to, earlier_exports(date_from, date_to))
    record.late_changes = sum(n for _, n in result.late)
    total = events.count() if progress else 0
    judge = dq.Judge(release)
    partial = out_dir / f".{stem}.csv.partial"
    try:
        _write(events, date_from, date_to, judge, partial, result, progress, total)
        record.rows, record.failing_rows = judge.rows, judge.failing_rows
        record.written = judge.failing_rows == 0 or allow_invalid
        _write_summary(judge, result.summary_path)
        if record.written:
            os.replace(partial, result.path)
    finally:
        partial.unlink(missing_ok=True)
    record.save()
    audit.record(
        user, "cld_export", obj=record, reason="Client Level Data national return",
        date_from=date_from.isoformat(), date_to=date_to.isoformat(), release=release,
        rows=record.rows, failing_rows=record.failing_rows, written=record.written,
        file=record.file_name, run_by=record.run_by,
    )  # fmt: skip
    return result


def _write(events, date_from, date_to, judge, partial, result, progress, total) -> None:
    render = renderer(judge.release)
    record = result.record
    with (
        open(partial, "w", newline="", encoding="utf-8") as cld_file,
        open(result.quality_path, "w", newline="", encoding="utf-8") as quality_file,
    ):
        cld, report = csv.writer(cld_file), csv.writer(quality_file)
        cld.writerow(dq.COLUMNS)
        report.writerow(dq.QUALITY_HEADER)
        for number, row in enumerate(rows(events, date_from, date_to), start=2):
            cld.writerow(render(row))
            for failure in judge.judge(row):
                record.failures += 1
                report.writerow([
                    number, row["reference"], row["council_person_id"], row["event_type"],
                    failure.field.column, failure.result, failure.value, failure.reason,
                ])  # fmt: skip
                if len(result.first_failures) < 10:
                    result.first_failures.append(
                        f"row {number} ({row['reference']}): {failure.reason}"
                    )
            if progress and number % 1000 == 0:
                progress(number - 1, total)
        if progress:
            progress(judge.rows, total)


def _write_summary(judge: dq.Judge, path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(dq.SUMMARY_HEADER)
        out.writerows(judge.summary_rows())
