"""The episodes table from a Client Level Data file, for a council whose record is elsewhere.

Pure: no Django. A CLD file is a CSV with one row per event and the person's fields repeated
on each row. Column names may be Release 1 or 2 spellings, with spaces or underscores, in
any case ("Event Start Date", "Event_Start_Date"); values may be either release's text
(``openasc.vocab.lists`` knows both). Dates are ISO (2024-04-01) or UK style (01/04/2024).

A row that cannot be used is skipped and reported with its row number (the header is row 1)
and the reason; a row with a value that is wrong but not needed (an unknown outcome, a
malformed unit cost) is kept without it, and reported too. Nothing in the rows raises: only
a missing file or missing columns do. The person is identified as DHSC does: by NHS number
if present, else the council's person id. A file holding several councils (an "LA Code"
column) gives one table per council.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Unpack

from openasc.vocab import lists as v

from .backtest import Backtest, BacktestOptions, backtest
from .calibration import DEFAULT_DIMS, Calibration, CalibrationError, calibrate
from .episodes import Episodes, EventRow, PersonRow, build_episodes, person_key

# Our name for each column, and the spellings accepted for it (folded: lower case, single
# spaces, no underscores or brackets).
COLUMNS: dict[str, tuple[str, ...]] = {
    "council": ("la code", "local authority code", "council"),
    "person_id": ("la person unique identifier", "la person id", "person id"),
    "nhs_number": ("nhs number",),
    "date_of_birth": ("date of birth",),
    "date_of_death": ("date of death",),
    "gender": ("gender",),
    "primary_support_reason": ("primary support reason",),
    "client_type": ("client type",),
    "event_type": ("event type",),
    "start": ("event start date",),
    "end": ("event end date",),
    "outcome": ("event outcome",),
    "route_of_access": ("route of access", "request route of access", "request: route of access"),
    "service_type": ("service type",),
    "unit_cost": ("unit cost",),
    "cost_frequency": ("cost frequency unit type", "cost frequency"),
    "planned_units": ("planned units per week",),
    "delivery_mechanism": ("delivery mechanism",),
}
REQUIRED = ("date_of_birth", "event_type", "start")


@dataclass(frozen=True)
class RowProblem:
    row: int  # the row of the file, the header being row 1
    reason: str
    skipped: bool  # True: the row was left out; False: kept without the bad value

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}{' (row skipped)' if self.skipped else ''}"


@dataclass
class CldFile:
    """A CLD file read into people and events, per council ("" when it does not say)."""

    path: str
    rows: int = 0
    people: dict[str, dict[str, PersonRow]] = field(default_factory=dict)
    events: dict[str, list[EventRow]] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    carer_rows: int = 0

    @property
    def councils(self) -> list[str]:
        return sorted(self.events)

    def episodes(self, council: str | None = None, as_of: date | None = None) -> Episodes:
        """The episodes table of one council (the only one, if the file holds one)."""
        council = self._pick(council)
        return build_episodes(self.people[council].values(), self.events[council], as_of)

    def _pick(self, council: str | None) -> str:
        if not self.events:
            raise CalibrationError(f"{self.path} holds no usable event rows")
        if council is None:
            if len(self.events) > 1:
                raise CalibrationError(
                    f"{self.path} holds {len(self.events)} councils "
                    f"({', '.join(self.councils)}): choose one"
                )
            return self.councils[0]
        if council not in self.events:
            raise CalibrationError(
                f"{self.path} has no rows for council {council!r}; it has "
                f"{', '.join(self.councils) or 'none'}"
            )
        return council

    def summary(self, limit: int = 10) -> list[str]:
        """Plain-text lines on the rows left out or kept without a value."""
        if not self.problems:
            return []
        skipped = sum(p.skipped for p in self.problems)
        lines = [
            f"{self.path}: {skipped:,} of {self.rows:,} rows skipped, "
            f"{len(self.problems) - skipped:,} kept without a bad value"
        ]
        lines += [str(p) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit:,} more")
        return lines


def _fold(name: str) -> str:
    return " ".join(re.sub(r"[_\-()]", " ", name).lower().split())


def _date(text: str) -> date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (use 2024-04-01 or 01/04/2024)")


def _code(vocab: v.DefinedList, text: str) -> str:
    return vocab.from_text(text) if text.strip() else ""


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # a spreadsheet saved on Windows


def read_cld(path: str | Path) -> CldFile:
    """Read a CLD CSV file; FileNotFoundError if it is not there, CalibrationError if it
    lacks the columns needed. Problems with rows are in ``problems``."""
    path = Path(path)
    reader = csv.reader(io.StringIO(_read_text(path), newline=""))
    header = next(reader, None)
    if not header:
        raise CalibrationError(f"{path} is empty")
    folded = [_fold(h) for h in header]
    where = {}
    for ours, names in COLUMNS.items():
        for i, h in enumerate(folded):
            if h in names:
                where.setdefault(ours, i)
    missing = [COLUMNS[c][0] for c in REQUIRED if c not in where]
    if "person_id" not in where and "nhs_number" not in where:
        missing.append("la person unique identifier (or nhs number)")
    if missing:
        raise CalibrationError(f"{path} has no column for: {', '.join(missing)}")
    out = CldFile(str(path))
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        out.rows += 1
        row = {k: cells[i].strip() if i < len(cells) else "" for k, i in where.items()}
        try:
            _add_row(out, number, row)
        except (ValueError, KeyError) as exc:  # a bad row is reported, never raised
            reason = exc.args[0] if exc.args else type(exc).__name__
            out.problems.append(RowProblem(number, str(reason), True))
    return out


def _add_row(out: CldFile, number: int, row: dict[str, str]) -> None:
    """One row into ``out``; ValueError (with the reason) if the row cannot be used."""

    def kept(reason: str) -> None:
        out.problems.append(RowProblem(number, reason, False))

    def lookup(vocab: v.DefinedList, key: str, needed: bool = False) -> str:
        try:
            return _code(vocab, row.get(key, ""))
        except KeyError:
            reason = f"{vocab.cld_field} {row[key]!r} is not a value of the CLD list"
            if needed:
                raise ValueError(reason) from None
            kept(reason)
            return ""

    nhs = re.sub(r"\s", "", row.get("nhs_number", ""))
    local = row.get("person_id", "")
    if nhs and not (nhs.isdigit() and len(nhs) == 10):
        kept(f"NHS number {nhs!r} is not 10 digits; the council's person id is used")
        nhs = ""
    if not nhs and not local:
        raise ValueError("no NHS number or council person id")
    key = person_key(nhs, local)
    if lookup(v.CLIENT_TYPE, "client_type") not in ("", "service_user"):
        out.carer_rows += 1  # carers are not modelled by the engine: not a problem
        return
    event_type = lookup(v.EVENT_TYPE, "event_type", needed=True)
    if not event_type:
        raise ValueError("no event type")
    if not row.get("start"):
        raise ValueError("no event start date")
    start = _date(row["start"])
    end = _date(row["end"]) if row.get("end") else None
    if end is not None and end < start:
        raise ValueError(f"event end date {end} is before its start date {start}")
    if not row.get("date_of_birth"):
        raise ValueError("no date of birth")
    birth = _date(row["date_of_birth"])
    death = _date(row["date_of_death"]) if row.get("date_of_death") else None
    service_type = ""
    if event_type == "service":
        service_type = lookup(v.SERVICE_TYPE, "service_type", needed=True)
        if not service_type:
            raise ValueError("a service row with no service type")
    outcome = lookup(v.EVENT_OUTCOME, "outcome") if end is not None else ""
    cost = None
    if row.get("unit_cost"):
        try:
            pounds = float(row["unit_cost"].replace("£", "").replace(",", ""))
            if pounds < 0:
                raise ValueError
            cost = round(pounds * 100)
        except ValueError:
            kept(f"unit cost {row['unit_cost']!r} is not an amount of money")
    units = None
    if row.get("planned_units"):
        try:
            units = float(row["planned_units"])
        except ValueError:
            kept(f"planned units per week {row['planned_units']!r} is not a number")
    council = row.get("council", "")
    people = out.people.setdefault(council, {})
    person = people.get(key)
    if person is None:
        gender = lookup(v.GENDER, "gender") or "unknown"
        psr = lookup(v.PRIMARY_SUPPORT_REASON, "primary_support_reason") or "unknown"
        people[key] = PersonRow(key, birth, death, gender, psr)
    elif person.date_of_birth != birth:
        kept(f"date of birth {birth} differs from an earlier row's {person.date_of_birth}")
    elif death and not person.date_of_death:
        people[key] = person._replace(date_of_death=death)
    out.events.setdefault(council, []).append(
        EventRow(
            key, event_type, start, end, outcome, lookup(v.ROUTE_OF_ACCESS, "route_of_access"),
            service_type, cost, lookup(v.COST_FREQUENCY, "cost_frequency"), units,
            lookup(v.DELIVERY_MECHANISM, "delivery_mechanism"),
        )
    )  # fmt: skip


def _read_council(path: str | Path, council: str | None) -> tuple[CldFile, str, list[str]]:
    """The file read, the council chosen (``CldFile._pick``: several councils need one
    named), and plain-text notes on the rows left out, for a calibration's warnings."""
    cld = read_cld(path)
    chosen = cld._pick(council)
    notes = cld.summary()
    if cld.carer_rows:
        notes.append(f"{cld.carer_rows:,} carers' rows left out (the engine does not model carers)")
    return cld, chosen, notes


def _source(path: str | Path, council: str) -> str:
    return Path(path).name + (f" (council {council})" if council else "")


def _noted(cal: Calibration, notes: Sequence[str]) -> Calibration:
    return dataclasses.replace(cal, warnings=(*cal.warnings, *notes)) if notes else cal


def _last_day(cld: CldFile, council: str) -> date:
    """The latest start or end date in the council's rows: when the file ends."""
    return max(d for e in cld.events[council] for d in (e.start, e.end) if d is not None)


def calibrate_from_cld(
    path: str | Path,
    date_from: date,
    date_to: date,
    council: str | None = None,
    population=None,
    *,
    dims: Sequence[str] = DEFAULT_DIMS,
    levels: Mapping[str, Sequence[str]] | None = None,
    pseudo_counts: float = 20.0,
) -> Calibration:
    """Calibrate on the whole months of ``[date_from, date_to)`` from a CLD file, read as
    things stood when the window closed (as ``record.calibrate_from_record`` reads the
    record). ``council``: the LA code, needed if the file holds several. Rows left out are
    listed in the calibration's warnings (``read_cld`` gives them all)."""
    cld, chosen, notes = _read_council(path, council)
    # Read as the record is (record.calibrate_from_record): as things stood when the window
    # closed, or when the file ends if that is earlier.
    as_of = min(_last_day(cld, chosen), date_to - timedelta(days=1))
    cal = calibrate(
        cld.episodes(chosen, as_of=as_of), date_from, date_to, population,
        dims=dims, levels=levels, pseudo_counts=pseudo_counts, source=_source(path, chosen),
    )  # fmt: skip
    return _noted(cal, notes)


def backtest_from_cld(
    path: str | Path,
    date_from: date,
    split: date,
    date_to: date,
    council: str | None = None,
    population=None,
    **options: Unpack[BacktestOptions],
) -> Backtest:
    """Calibrate on ``[date_from, split)`` from a CLD file read as things stood at the
    split, project to ``date_to`` and compare with the file read in full (as
    ``record.backtest_from_record`` does with the record).

    A file has no "as of" column: it holds events as they were when it was extracted.
    Reading it as of a day (``CldFile.episodes(as_of=...)``, ``episodes._truncate``) is
    rebuilding what it would have held then: events that start after the day are dropped,
    and an end date (with its outcome) after the day is dropped too, so the event counts as
    still open; a date of death after the day is ignored. The calibration is read as of the
    day before the split, so it sees no event that starts on or after the split nor any end
    or outcome recorded from the split on. What the file cannot undo is a later correction
    to a field it holds once (a date of birth, a primary support reason): those are as the
    file has them. The outcome is the file read as of its latest date: if that is before
    ``date_to``, the last months' actual figures are short.

    ``council``: the LA code, needed if the file holds several; ``options``: as
    ``backtest``'s. Rows left out are listed in the calibration's warnings
    (``result.calibration.warnings``)."""
    cld, chosen, notes = _read_council(path, council)
    last = _last_day(cld, chosen)
    if last < split:
        raise CalibrationError(
            f"{Path(path).name} ends on {last}, before the split ({split}): there is nothing "
            "to compare the forecast with"
        )
    result = backtest(
        cld.episodes(chosen, as_of=split - timedelta(days=1)), cld.episodes(chosen),
        date_from, split, date_to, population, source=_source(path, chosen), **options,
    )  # fmt: skip
    return dataclasses.replace(result, calibration=_noted(result.calibration, notes))
