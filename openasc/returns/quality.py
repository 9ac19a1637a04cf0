"""The data-quality rules of the Client Level Data (CLD) return, in DHSC's model.

Every field of every row is Mandatory, Applicable not mandatory, or Not applicable (it
depends on the event type and client type), and every applicable value is Valid,
Blank-allowed, Failed-blank or Failed-invalid. ``FIELDS`` below is the whole rule book, one
line per CLD column, in file order: a council can read it to see why a row failed.

Where the rules came from: DHSC's own model (the GetDQValues procedure of
DataS-DHSC/ASC-CLD-LA-Dashboard, Release 1), with three deliberate differences asked for by
our brief: NHS Number is applicable not mandatory (DHSC: mandatory; people without a traced
number are common and lawful), Delivery Mechanism is mandatory for services (DHSC: not; our
record requires it), and Event Outcome is mandatory only once the event has ended (DHSC: on
every row; an ongoing service has no outcome yet).
"""

# ruff: noqa: E501 (the rule book below is a table, aligned so that it reads as one)
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from openasc.people.identifiers import clean_nhs_number, clean_postcode
from openasc.vocab import lists as v

Row = dict  # one event with its person's fields: record codes and values, not CLD text

VALID, BLANK_ALLOWED = "Valid", "Blank-allowed"
FAILED_BLANK, FAILED_INVALID, NOT_APPLICABLE = "Failed-blank", "Failed-invalid", "Not applicable"
RESULTS = (VALID, BLANK_ALLOWED, FAILED_BLANK, FAILED_INVALID, NOT_APPLICABLE)


# When a field applies --------------------------------------------------------------------------
# Each rule answers, for one row: None (not applicable), "" (applicable, not mandatory) or the
# reason it is mandatory ("for a request"), which the failure message repeats.


@dataclass(frozen=True)
class When:
    describe: str  # for people: printed in the quality summary
    test: Callable[[Row], str | None]


def _events(row: Row) -> bool:
    # A carer known only by association has a person row but no events of their own.
    return row["client_type"] != "carer_by_association"


def _is(row: Row, *types: str) -> bool:
    return _events(row) and row["event_type"] in types


def _service_user(row: Row) -> bool:
    return row["client_type"] in ("service_user", "", None)


def _carer(row: Row) -> bool:
    return row["client_type"] in ("carer", "carer_by_association")


def _ended(row: Row) -> str | None:
    if not _events(row):
        return None
    if row["event_type"] != "service":
        return f"for a {row['event_type']}"
    return "for a service when the person has died" if row["date_of_death"] else ""


def _age_at_period_end(row: Row) -> int | None:
    born, end = row["date_of_birth"], row["period_end"]
    if not born:
        return None
    return end.year - born.year - ((end.month, end.day) < (born.month, born.day))


def _employment(row: Row) -> str:
    age = _age_at_period_end(row)
    ld = row["primary_support_reason"] == "learning_disability"
    if _service_user(row) and ld and age is not None and 18 <= age < 65:
        return "for a service user aged 18 to 64 with learning disability support"
    return ""


def _funding(row: Row) -> str | None:
    if not _service_user(row):
        return None
    if row["event_type"] in ("service", "review"):
        return f"for a service user's {row['event_type']}"
    if row["event_type"] == "assessment" and row["assessment_type"] == "financial":
        return "for a financial assessment"
    return ""


# Costs are asked of budgets the council does not commission itself, and of care homes,
# short-term residential care and respite (DHSC's rule).
_COSTED_COMPONENTS = {"short_term_residential", "short_term_nursing", "carer_respite"}


def _costed(row: Row) -> str | None:
    if not _is(row, "service"):
        return None
    kind = (
        v.SERVICE_TYPE[row["service_type"]].group if row["service_type"] in v.SERVICE_TYPE else ""
    )
    costed = kind in ("long_term", "carer") or row["service_component"] in _COSTED_COMPONENTS
    if costed and row["delivery_mechanism"] != "commissioned":
        return "for long-term, carer or short-term residential support not commissioned by us"
    return ""


def _units(row: Row) -> str | None:
    """Planned units per week: as costs, except for a lump sum (an annual or one-off payment,
    such as a carer's direct payment for breaks), which has no weekly units."""
    reason = _costed(row)
    if reason and row["cost_frequency"] in ("annually", "one_off"):
        return ""
    return reason


def _outcome(row: Row) -> str | None:
    if not _events(row):
        return None
    if row["end_date"] and row["assessment_type"] != "financial":
        return "once the event has ended"
    return ""


def _planned_review(row: Row) -> str | None:
    if not _is(row, "review"):
        return None
    return "for a planned review" if row["review_reason"] == "planned" else ""


def _method_of_assessment(row: Row) -> str | None:
    if not _is(row, "assessment"):
        return None
    return "" if row["assessment_type"] == "financial" else "for an assessment"


def only(*types: str, mandatory: bool = True) -> When:
    a = "an" if types[0][0] in "aeiou" else "a"
    phrase = f"for {a} {' or '.join(types)}"
    return When(
        f"mandatory {phrase}; otherwise not applicable"
        if mandatory
        else f"not mandatory; applies {phrase} only",
        lambda row: (phrase if mandatory else "") if _is(row, *types) else None,
    )


ALWAYS = When("mandatory on every row", lambda row: "on every row")
OPTIONAL = When("applicable, not mandatory", lambda row: "")
EVENTS = When(
    "mandatory on every event row", lambda row: "on every event row" if _events(row) else None
)
EVENTS_OPTIONAL = When("applicable to every event row", lambda row: "" if _events(row) else None)
NOT_ON_REQUESTS = When(
    "mandatory except on requests",
    lambda row: "" if row["event_type"] == "request" else "except on a request",
)
SERVICE_USERS = When(
    "applicable to service users only", lambda row: "" if _service_user(row) else None
)
CARERS = When("applicable to carers only", lambda row: "" if _carer(row) else None)
END_DATE = When(
    "mandatory for requests, assessments and reviews, and for services once the person has died",
    _ended,
)
OUTCOME = When("mandatory once the event has ended (not for financial assessments)", _outcome)
EMPLOYMENT = When(
    "mandatory for service users aged 18-64 with learning disability support", _employment
)
FUNDING = When("mandatory for service users' services, reviews and financial assessments", _funding)
COSTS = When(
    "mandatory for services not commissioned by the council that are long-term, carer support "
    "or short-term residential/nursing/respite",
    _costed,
)
UNITS_WHEN = When("as Unit Cost, except for a lump sum (an annual or one-off payment)", _units)
PLANNED_REVIEW = When("mandatory for planned reviews", _planned_review)
METHOD_OF_ASSESSMENT = When(
    "mandatory for assessments other than financial ones", _method_of_assessment
)


# Checks on a value that is there: the reason it is wrong, or None --------------------------------

Check = Callable[[object, Row], str | None]


def nhs_number(value, row) -> str | None:
    return _nhs_number(value)


def postcode(value, row) -> str | None:
    return _postcode(value)


# A person's NHS number and postcode recur on every one of their events: check each once.
@functools.lru_cache(maxsize=20_000)
def _nhs_number(value) -> str | None:
    try:
        clean_nhs_number(str(value))
    except ValueError:
        return f"NHS Number {value} fails the modulus 11 check: correct it, or leave it blank"
    return None


@functools.lru_cache(maxsize=20_000)
def _postcode(value) -> str | None:
    try:
        clean_postcode(str(value))
    except ValueError:
        return f"Postcode {value!r} is not a UK postcode: record it like DS1 4AB"
    return None


def pattern(regex: str, what: str, example: str) -> Check:
    compiled = re.compile(regex)

    def check(value, row) -> str | None:
        if compiled.match(str(value)):
            return None
        return f"{what} {value!r} is not {example}"

    return check


def number(low: float, high: float, what: str) -> Check:
    def check(value, row) -> str | None:
        try:
            ok = low <= float(value) <= high
        except (TypeError, ValueError):
            ok = False
        return None if ok else f"{what} {value} is not a number from {low:g} to {high:g}"

    return check


def birth(value: date, row) -> str | None:
    if row["start_date"] and value > row["start_date"]:
        return f"Date of Birth {value} is after the event started ({row['start_date']}): correct it"
    return None


def death(value: date, row) -> str | None:
    if row["date_of_birth"] and value < row["date_of_birth"]:
        return f"Date of Death {value} is before the Date of Birth: correct one of them"
    return None


def start(value: date, row) -> str | None:
    died = row["date_of_death"]
    if died and value > died and row["event_type"] == "service":
        return (
            f"Event Start Date {value} is after the person died ({died}): a service cannot "
            "start after death; correct the date of death or end the service"
        )
    return None


def end(value: date, row) -> str | None:
    if row["start_date"] and value < row["start_date"]:
        return f"Event End Date {value} is before the Event Start Date {row['start_date']}"
    return None


# The rule book ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    column: str  # the CLD column (Release 1 name, as DHSC's files have it)
    key: str  # the value in the row
    when: When
    vocab: v.DefinedList | None = None
    check: Check | None = None

    @property
    def name(self) -> str:
        """How a message names it: "Route of Access is blank"."""
        return self.column.removeprefix("Request: ")


LA_CODE = pattern(r"^E\d{8}$", "LA Code", "an ONS code like E06000999")
GP_CODE = pattern(r"^[A-Z]\d{5}$", "GP Practice Code", "a practice code like A81001")
CQC_ID = pattern(r"^1-\d{8,11}$", "Provider CQC Location ID", "a CQC location id like 1-123456789")
HOURS = number(0, 168, "Total Hrs Caring per week")
ADULTS = number(1, 20, "No. of adults being cared for")
PENCE = number(0, 10_000_000, "Unit Cost (pence)")
UNITS = number(0, 10_000, "Planned units per week")
REQUEST, ASSESSMENT, SERVICE, REVIEW = (
    only(t) for t in ("request", "assessment", "service", "review")
)
ASSESSMENT_OPTIONAL = only("assessment", mandatory=False)
SERVICE_OPTIONAL = only("service", mandatory=False)

FIELDS: tuple[Field, ...] = (
    # CLD column (Release 1)              row value                  when it applies  list     check
    Field("LA Code",                      "la_code",                 ALWAYS,          check=LA_CODE),
    Field("Reporting Period Start Date",  "period_start",            ALWAYS),
    Field("Reporting Period End Date",    "period_end",              ALWAYS),
    Field("NHS Number",                   "nhs_number",              OPTIONAL,        check=nhs_number),
    Field("LA Person Unique Identifier",  "council_person_id",       ALWAYS),
    Field("First Name",                   "given_name",              OPTIONAL),
    Field("Last Name",                    "family_name",             OPTIONAL),
    Field("GP Practice Name",             "gp_practice_name",        OPTIONAL),
    Field("GP Practice Code",             "gp_practice_code",        OPTIONAL,        check=GP_CODE),
    Field("Gender",                       "gender",                  ALWAYS,          v.GENDER),
    Field("Ethnicity",                    "ethnicity",               ALWAYS,          v.ETHNICITY),
    Field("Date of Birth",                "date_of_birth",           ALWAYS,          check=birth),
    Field("Date of Death",                "date_of_death",           OPTIONAL,        check=death),
    Field("Client Type",                  "client_type",             ALWAYS,          v.CLIENT_TYPE),
    Field("Primary Support Reason",       "primary_support_reason",  NOT_ON_REQUESTS, v.PRIMARY_SUPPORT_REASON),
    Field("Postcode",                     "postcode",                ALWAYS,          check=postcode),
    Field("Accommodation Status",         "accommodation_status",    ALWAYS,          v.ACCOMMODATION_STATUS),
    Field("Employment Status",            "employment_status",       EMPLOYMENT,      v.EMPLOYMENT_STATUS),
    Field("Has Unpaid Carer",             "has_unpaid_carer",        ALWAYS,          v.YES_NO_UNKNOWN),
    Field("Autism Spectrum Disorder (ASD)", "autism",                SERVICE_USERS,   v.YES_NO_UNKNOWN),
    Field("Visual Impairment",            "visual_impairment",       SERVICE_USERS,   v.YES_NO_UNKNOWN),
    Field("Hearing Impairment",           "hearing_impairment",      SERVICE_USERS,   v.YES_NO_UNKNOWN),
    Field("Dementia",                     "dementia",                SERVICE_USERS,   v.YES_NO_UNKNOWN),
    Field("Client Funding Status",        "client_funding_status",   FUNDING,         v.CLIENT_FUNDING_STATUS),
    Field("Event Type",                   "event_type",              EVENTS,          v.EVENT_TYPE),
    Field("Event Reference",              "reference",               EVENTS_OPTIONAL),
    Field("Event Start Date",             "start_date",              EVENTS,          check=start),
    Field("Event End Date",               "end_date",                END_DATE,        check=end),
    Field("Event Description",            "description",             EVENTS_OPTIONAL),
    Field("Event Outcome",                "outcome",                 OUTCOME,         v.EVENT_OUTCOME),
    Field("Request: Route of Access",     "route_of_access",         REQUEST,         v.ROUTE_OF_ACCESS),
    Field("Assessment Type",              "assessment_type",         ASSESSMENT,      v.ASSESSMENT_TYPE),
    Field("Eligible Needs Identified",    "eligible_needs_identified", ASSESSMENT_OPTIONAL, v.YES_NO_UNKNOWN),
    Field("Method of Assessment",         "assessment_method",       METHOD_OF_ASSESSMENT, v.ASSESSMENT_METHOD),
    Field("Total Hrs Caring per week",    "carer_hours",             CARERS,          check=HOURS),
    Field("No. of adults being cared for", "adults_cared_for",       CARERS,          check=ADULTS),
    Field("Adult 1 Linked Person_ID",     "linked_1",                CARERS),
    Field("Adult 2 Linked Person_ID",     "linked_2",                CARERS),
    Field("Adult 3 Linked Person_ID",     "linked_3",                CARERS),
    Field("Service Type",                 "service_type",            SERVICE,         v.SERVICE_TYPE),
    Field("Service Component",            "service_component",       SERVICE,         v.SERVICE_COMPONENT),
    Field("Delivery Mechanism",           "delivery_mechanism",      SERVICE,         v.DELIVERY_MECHANISM),
    Field("Provider CQC Location Name",   "provider_name",           SERVICE_OPTIONAL),
    Field("Provider CQC Location ID",     "cqc_location_id",         SERVICE_OPTIONAL, check=CQC_ID),
    Field("Review Reason",                "review_reason",           REVIEW,          v.REVIEW_REASON),
    Field("Review Outcomes Achieved",     "review_outcomes_achieved", PLANNED_REVIEW, v.REVIEW_OUTCOMES_ACHIEVED),
    Field("Method of Review",             "review_method",           REVIEW,          v.REVIEW_METHOD),
    Field("Unit Cost",                    "unit_cost_pence",         COSTS,           check=PENCE),
    Field("Cost Frequency (Unit Type)",   "cost_frequency",          COSTS,           v.COST_FREQUENCY),
    Field("Planned units per week",       "planned_units_per_week",  UNITS_WHEN,      check=UNITS),
)  # fmt: skip
COLUMNS = tuple(f.column for f in FIELDS)


# Judging a row -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    field: Field
    result: str  # FAILED_BLANK or FAILED_INVALID
    value: object
    reason: str


def _in_release(vocab: v.DefinedList, release: int) -> frozenset[str]:
    return frozenset(t.code for t in vocab if (t.r1 if release == 1 else t.r2) is not None)


def shape(row: Row) -> tuple:
    """Everything the ``When`` rules above read from a row. Rows of one shape have the same
    fields applicable and mandatory, so ``Judge`` works that out once per shape, not once
    per row (a year's return has hundreds of thousands of rows but a few hundred shapes).
    A new rule that reads something else must add it here."""
    ld_adult = row["primary_support_reason"] == "learning_disability" and (
        18 <= (_age_at_period_end(row) or 0) < 65
    )
    return (
        row["event_type"], row["client_type"], row["date_of_death"] is not None,
        row["end_date"] is not None, row["assessment_type"] == "financial",
        row["review_reason"] == "planned", ld_adult, row["service_type"],
        row["service_component"] in _COSTED_COMPONENTS,
        row["delivery_mechanism"] == "commissioned",
    )  # fmt: skip


class Judge:
    """Judges rows of one release, keeping the per-field tally for the summary."""

    def __init__(self, release: int):
        self.release = release
        self._codes = {f.key: _in_release(f.vocab, release) for f in FIELDS if f.vocab}
        self._plans: dict[tuple, list[tuple[Field, str]]] = {}
        self._shape_rows: dict[tuple, int] = {}
        self.tally = {f.column: dict.fromkeys(RESULTS, 0) for f in FIELDS}
        self.rows = self.failing_rows = 0

    def plan(self, row: Row) -> list[tuple]:
        """The fields that apply to this row: (field, why it is mandatory or "", the codes
        its list allows or None, its check or None), worked out once per shape of row."""
        key = shape(row)
        self._shape_rows[key] = self._shape_rows.get(key, 0) + 1
        plan = self._plans.get(key)
        if plan is None:
            plan = [
                (f, because, self._codes.get(f.key), f.check)
                for f in FIELDS
                if (because := f.when.test(row)) is not None
            ]
            self._plans[key] = plan
        return plan

    def judge(self, row: Row) -> list[Failure]:
        failures = []
        for f, because, codes, check in self.plan(row):
            value = row[f.key]
            if value is None or value == "":
                if not because:
                    self.tally[f.column][BLANK_ALLOWED] += 1
                    continue
                result, reason = FAILED_BLANK, f"{f.name} is blank: mandatory {because}"
            elif codes is not None and value not in codes:
                result, reason = FAILED_INVALID, self._not_listed(f, value)
            elif check is not None and (reason := check(value, row)):
                result = FAILED_INVALID
            else:
                continue
            self.tally[f.column][result] += 1
            failures.append(Failure(f, result, value, reason))
        self.rows += 1
        self.failing_rows += bool(failures)
        return failures

    def _not_listed(self, f: Field, value) -> str:
        if value in f.vocab:
            return (
                f"{f.name} “{f.vocab.label(value)}” is not in the CLD Release {self.release} "
                f"list: record another value, or export as Release {3 - self.release}"
            )
        return f"{f.name} {value!r} is not a CLD value: choose one from the {f.vocab.name} list"

    def counts(self) -> dict[str, dict[str, int]]:
        """Per column, how many rows had each result. Valid and Not applicable are what is
        left once the rows of each shape and the other results are counted."""
        applicable = dict.fromkeys((f.column for f in FIELDS), 0)
        for key, n in self._shape_rows.items():
            for f, *_ in self._plans[key]:
                applicable[f.column] += n
        out = {}
        for f in FIELDS:
            counts = dict(self.tally[f.column])
            others = counts[BLANK_ALLOWED] + counts[FAILED_BLANK] + counts[FAILED_INVALID]
            counts[VALID] = applicable[f.column] - others
            counts[NOT_APPLICABLE] = self.rows - applicable[f.column]
            out[f.column] = counts
        return out

    def summary_rows(self) -> list[list]:
        rows, all_counts = [], self.counts()
        for f in FIELDS:
            counts = all_counts[f.column]
            failing = counts[FAILED_BLANK] + counts[FAILED_INVALID]
            rows.append([f.column, f.when.describe, *(counts[r] for r in RESULTS), failing])
        passing = self.rows - self.failing_rows
        rows.append(["Any field (rows)", "rows with at least one failure", passing, "", "", "",
                     "", self.failing_rows])  # fmt: skip
        return rows


QUALITY_HEADER = ["Row", "Event Reference", "LA Person Unique Identifier", "Event Type",
                  "Field", "Result", "Value", "Reason"]  # fmt: skip
SUMMARY_HEADER = ["Field", "When it applies", *RESULTS, "Rows failing"]
