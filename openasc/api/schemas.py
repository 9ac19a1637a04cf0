"""The shapes the API reads and writes. Validation here gives the caller a message per field
before a service runs; the services and models check again, so nothing relies on this alone.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, WithJsonSchema, model_validator

from openasc.journey.lifecycle import Status
from openasc.journey.models import TYPE_FIELDS
from openasc.people.identifiers import clean_nhs_number, clean_postcode
from openasc.returns.metrics import BREAKDOWNS
from openasc.vocab import lists as v
from openasc.vocab.lists import DefinedList

# Largest values the databases hold (PostgreSQL integer / bigint); larger ones are refused
# here rather than overflowing in the driver.
MAX_INT = 2_147_483_647
MAX_ID = 9_223_372_036_854_775_807


def _plain_text(value: str) -> str:
    # PostgreSQL cannot store NUL, and lone surrogates cannot be encoded: refuse both.
    if "\x00" in value:
        raise ValueError("Text must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("Text must be valid Unicode") from None
    return value


def Text(max_length: int, min_length: int = 0) -> Any:  # noqa: N802 - a type factory
    return Annotated[
        str,
        Field(max_length=max_length, min_length=min_length),
        AfterValidator(_plain_text),
    ]


def vocab_slug(dl: DefinedList) -> str:
    """A URL-safe name for a defined list: 'yes / no / unknown' -> 'yes_no_unknown'."""
    return "_".join(dl.name.replace("/", " ").split())


def Code(dl: DefinedList) -> Any:  # noqa: N802 - a type factory
    """A string that must be one of the list's codes; the OpenAPI document lists them."""

    def check(value: str) -> str:
        if value not in dl:
            raise ValueError(
                f"“{value}” is not a valid {dl.name}. Choose one of: {', '.join(dl.codes)}."
            )
        return value

    return Annotated[
        str,
        AfterValidator(check),
        WithJsonSchema(
            {
                "type": "string",
                "enum": dl.codes,
                "description": f"A code from the {dl.name} list (GET /vocab/{vocab_slug(dl)})",
            }
        ),
    ]


def _nhs(value: str) -> str:
    return clean_nhs_number(value)


def _postcode(value: str) -> str:
    return clean_postcode(value) if value.strip() else ""


NhsNumber = Annotated[
    str,
    AfterValidator(_nhs),
    WithJsonSchema(
        {
            "type": "string",
            "maxLength": 20,
            "description": "10 digits with a valid check digit; spaces and dashes are allowed",
            "example": "943 476 5919",
        }
    ),
]
Postcode = Annotated[
    str, Field(max_length=10), AfterValidator(_plain_text), AfterValidator(_postcode)
]
Version = Annotated[
    int,
    Field(
        ge=1,
        le=MAX_INT,
        description="The version you read; the write is refused (409) if it has changed since",
    ),
]
Pence = Annotated[int, Field(ge=0, le=MAX_INT, description="Money in whole pence")]
Units = Annotated[Decimal, Field(ge=0, max_digits=7, decimal_places=2)]
StatusCode = Literal["planned", "open", "on_hold", "completed", "cancelled"]
assert set(StatusCode.__args__) == {s.value for s in Status}  # type: ignore[attr-defined]


# Errors ---------------------------------------------------------------------------------------


class PersonSummary(Schema):
    id: int
    council_person_id: str
    nhs_number: str | None
    given_name: str
    family_name: str
    preferred_name: str
    date_of_birth: date
    date_of_death: date | None
    postcode: str
    restricted: bool


class ErrorOut(Schema):
    """Every error has this shape."""

    detail: str = Field(description="What went wrong, in words to show a person")
    code: str = Field(
        description="Stable machine-readable reason, e.g. not_authenticated, not_allowed, "
        "break_glass_required, not_found, stale_version, possible_duplicates, invalid"
    )
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="Messages per field, for invalid input"
    )
    candidates: list[PersonSummary] | None = Field(
        default=None, description="With possible_duplicates: the people who may be this person"
    )


# People ---------------------------------------------------------------------------------------

Access = Literal["allowed", "break_glass_required"]


class SearchResult(PersonSummary):
    score: float = Field(description="Name similarity, 0–100")
    access: Access = Field(
        description="'allowed' if you may open the record now; otherwise break glass first"
    )


class PersonOut(PersonSummary):
    gender: str
    ethnicity: str
    gp_practice_code: str
    primary_support_reason: str
    accommodation_status: str
    employment_status: str
    has_unpaid_carer: str
    autism: str
    visual_impairment: str
    hearing_impairment: str
    dementia: str
    client_funding_status: str
    merged_into_id: int | None = Field(description="Set when this record was merged into another")
    version: int
    created_at: datetime
    updated_at: datetime
    access_basis: str | None = Field(
        default=None, description="Why you may see this record, e.g. 'allocated to your team'"
    )


class _PersonFields(Schema):
    nhs_number: NhsNumber | None = None
    preferred_name: Text(100) = ""
    date_of_death: date | None = None
    gender: Code(v.GENDER) | None = None
    ethnicity: Code(v.ETHNICITY) | None = None
    postcode: Postcode = ""
    gp_practice_code: Text(10) = ""
    primary_support_reason: Code(v.PRIMARY_SUPPORT_REASON) | None = None
    accommodation_status: Code(v.ACCOMMODATION_STATUS) | None = None
    employment_status: Code(v.EMPLOYMENT_STATUS) | None = None
    has_unpaid_carer: Code(v.YES_NO_UNKNOWN) | None = None
    autism: Code(v.YES_NO_UNKNOWN) | None = None
    visual_impairment: Code(v.YES_NO_UNKNOWN) | None = None
    hearing_impairment: Code(v.YES_NO_UNKNOWN) | None = None
    dementia: Code(v.YES_NO_UNKNOWN) | None = None
    client_funding_status: Code(v.CLIENT_FUNDING_STATUS) | None = None


class PersonIn(_PersonFields):
    given_name: Text(100, min_length=1)
    family_name: Text(100, min_length=1)
    date_of_birth: date
    not_a_duplicate: bool = Field(
        default=False,
        description="Set after checking the candidates of a 409: none of them is this person",
    )


# Fields a PATCH may leave out but may not set to null (the record always has a value).
NOT_NULL_PERSON = {
    "given_name",
    "family_name",
    "date_of_birth",
    "preferred_name",
    "postcode",
    "gp_practice_code",
}


class PersonPatch(_PersonFields):
    version: Version
    given_name: Text(100, min_length=1) | None = None
    family_name: Text(100, min_length=1) | None = None
    date_of_birth: date | None = None
    preferred_name: Text(100) | None = None
    postcode: Postcode | None = None
    gp_practice_code: Text(10) | None = None

    @model_validator(mode="after")
    def _no_null_required(self):
        _refuse_nulls(self, NOT_NULL_PERSON)
        return self


def _refuse_nulls(obj: Schema, fields: set[str]) -> None:
    for name in fields & obj.model_fields_set:
        if getattr(obj, name) is None:
            raise ValueError(f"{name} cannot be null; leave it out to keep its value")


class BreakGlassIn(Schema):
    reason: Text(2000) = Field(description="Why you need this record (at least 10 characters)")


class BreakGlassOut(Schema):
    person_id: int
    reason: str
    expires_at: datetime


# Events ---------------------------------------------------------------------------------------

ALL_TYPE_FIELDS = {f for fields in TYPE_FIELDS.values() for f in fields}


class EventOut(Schema):
    id: int
    person_id: int
    event_type: str
    reference: str
    client_type: str
    status: str
    start_date: date
    end_date: date | None
    description: str
    outcome: str
    previous_id: int | None
    version: int
    route_of_access: str
    request_reason: str
    contact_source: str
    assessment_type: str
    assessment_method: str
    eligible_needs_identified: str
    service_type: str
    service_component: str
    delivery_mechanism: str
    provider_name: str
    cqc_location_id: str
    unit_cost_pence: int | None
    cost_frequency: str
    planned_units_per_week: Decimal | None
    review_reason: str
    review_method: str
    review_outcomes_achieved: str
    created_at: datetime
    updated_at: datetime


class _EventFields(Schema):
    client_type: Code(v.CLIENT_TYPE) | None = None
    end_date: date | None = None
    description: Text(500) | None = None
    outcome: Code(v.EVENT_OUTCOME) | None = None
    route_of_access: Code(v.ROUTE_OF_ACCESS) | None = None
    request_reason: Code(v.REQUEST_REASON) | None = None
    contact_source: Code(v.CONTACT_SOURCE) | None = None
    assessment_type: Code(v.ASSESSMENT_TYPE) | None = None
    assessment_method: Code(v.ASSESSMENT_METHOD) | None = None
    eligible_needs_identified: Code(v.YES_NO_UNKNOWN) | None = None
    service_type: Code(v.SERVICE_TYPE) | None = None
    service_component: Code(v.SERVICE_COMPONENT) | None = None
    delivery_mechanism: Code(v.DELIVERY_MECHANISM) | None = None
    provider_name: Text(200) | None = None
    cqc_location_id: Text(14) | None = None
    unit_cost_pence: Pence | None = None
    cost_frequency: Code(v.COST_FREQUENCY) | None = None
    planned_units_per_week: Units | None = None
    review_reason: Code(v.REVIEW_REASON) | None = None
    review_method: Code(v.REVIEW_METHOD) | None = None
    review_outcomes_achieved: Code(v.REVIEW_OUTCOMES_ACHIEVED) | None = None


def foreign_fields(event_type: str, given: set[str]) -> list[str]:
    """Type-specific fields sent for an event of another type."""
    return sorted((given & ALL_TYPE_FIELDS) - set(TYPE_FIELDS.get(event_type, [])))


class EventIn(_EventFields):
    event_type: Code(v.EVENT_TYPE)
    start_date: date
    status: Literal["open", "planned"] = Field(
        default="open", description="A new event starts open, or planned (a service to come)"
    )


class EventPatch(_EventFields):
    version: Version
    start_date: date | None = None

    @model_validator(mode="after")
    def _no_null_start(self):
        _refuse_nulls(self, {"start_date"})
        return self


class StatusIn(Schema):
    status: StatusCode
    version: Version
    end_date: date | None = None
    outcome: Code(v.EVENT_OUTCOME) | None = None


class StatusOut(Schema):
    event: EventOut
    next_event: EventOut | None = Field(
        description="The event a 'progress to …' outcome opened, if any"
    )


# Vocabulary -----------------------------------------------------------------------------------


class TermOut(Schema):
    code: str
    r1: str | None = Field(description="Text in CLD Release 1 (null: not in Release 1)")
    r2: str | None = Field(description="Text in CLD Release 2 (null: withdrawn in Release 2)")
    label: str
    group: str


class VocabOut(Schema):
    slug: str
    name: str
    cld_field: str
    terms: list[TermOut]


class VocabSummary(Schema):
    slug: str
    name: str
    cld_field: str
    codes: list[str]


# Performance metrics --------------------------------------------------------------------------

Period = Literal["week", "month", "quarter", "year"]
Breakdown = Literal[tuple(BREAKDOWNS)]  # the catalogue's; a metric offers some of them


class MetricOut(Schema):
    code: str
    title: str
    unit: str
    meaning: str = Field(description="What it measures, in plain English")
    shortfalls: str = Field(description="Where it falls short")
    better: Literal["higher", "lower"] | None = Field(
        description="Which way is better; null when neither is (a volume, for context)"
    )
    breakdowns: list[Breakdown]
    yearly: bool = Field(description="Only for whole financial years (ASCOF): period=year")
    group: str = Field(description="Where it is listed: 'ASCOF', 'Operational', ...")


class SeriesParams(Schema):
    # "from" is a Python keyword: the field has another name, the parameter this one.
    start: date = Field(alias="from", description="First day (YYYY-MM-DD)")
    to: date = Field(description="Last day (YYYY-MM-DD)")
    period: Period | None = Field(
        None, description="Default: year for a yearly metric, otherwise month"
    )
    breakdown: Breakdown | None = Field(None, description="One of the metric's breakdowns")


class FigureOut(Schema):
    group: str = Field(description="'total', or a group of the breakdown")
    value: float | None = Field(description="Null when it cannot be worked out (see note)")
    numerator: float | None
    denominator: float | None
    note: str


class PeriodOut(Schema):
    start: date
    end: date
    label: str
    figures: list[FigureOut]


class SeriesOut(Schema):
    code: str
    unit: str
    period: Period
    breakdown: Breakdown | None
    series: list[PeriodOut] = Field(description="One entry per period overlapping from-to")
