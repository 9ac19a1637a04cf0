"""The journey: Request, Assessment, Service and Review events, as Client Level Data sees them.

One table holds all four types so that the timeline, CLD and every measure read one place;
the proxies give each type its own name, manager and form. Type-specific columns are empty
for the other types; services validate which ones each type needs.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from openasc.common.versioning import Versioned
from openasc.vocab import lists as v
from openasc.vocab.fields import CodeField

from .lifecycle import OUTCOMES_BY_TYPE, Status

STATUS_CHOICES = [(s.value, s.label) for s in Status]
CQC_LOCATION = r"^1-\d{8,11}$"


class Event(Versioned):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="events")
    event_type = CodeField(vocab=v.EVENT_TYPE, blank=False, default=None)
    reference = models.CharField("event reference", max_length=40, unique=True)
    client_type = CodeField(vocab=v.CLIENT_TYPE, default="service_user")
    status = models.CharField(max_length=12, choices=STATUS_CHOICES, default=Status.OPEN)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    description = models.CharField(max_length=500, blank=True, default="")
    outcome = CodeField(vocab=v.EVENT_OUTCOME)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_events"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Request
    route_of_access = CodeField(vocab=v.ROUTE_OF_ACCESS)
    request_reason = CodeField(vocab=v.REQUEST_REASON)
    contact_source = CodeField(vocab=v.CONTACT_SOURCE)
    # Assessment
    assessment_type = CodeField(vocab=v.ASSESSMENT_TYPE)
    assessment_method = CodeField(vocab=v.ASSESSMENT_METHOD)
    eligible_needs_identified = CodeField(vocab=v.YES_NO_UNKNOWN)
    # Service
    service_type = CodeField(vocab=v.SERVICE_TYPE)
    service_component = CodeField(vocab=v.SERVICE_COMPONENT)
    delivery_mechanism = CodeField(vocab=v.DELIVERY_MECHANISM)
    provider_name = models.CharField(max_length=200, blank=True, default="")
    cqc_location_id = models.CharField(
        "CQC location id",
        max_length=14,
        blank=True,
        default="",
        validators=[
            models.fields.validators.RegexValidator(
                CQC_LOCATION, "Enter a CQC location id like 1-123456789"
            )
        ],
    )
    unit_cost_pence = models.PositiveIntegerField(null=True, blank=True)
    cost_frequency = CodeField(vocab=v.COST_FREQUENCY)
    planned_units_per_week = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    # Review
    review_reason = CodeField(vocab=v.REVIEW_REASON)
    review_method = CodeField(vocab=v.REVIEW_METHOD)
    review_outcomes_achieved = CodeField(vocab=v.REVIEW_OUTCOMES_ACHIEVED)

    class Meta:
        ordering = ["start_date", "id"]
        indexes = [
            models.Index(fields=["person", "start_date"]),
            models.Index(fields=["event_type", "status", "end_date"]),
            models.Index(fields=["event_type", "start_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="event_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"{v.EVENT_TYPE.label(self.event_type)} {self.reference}"

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = "End date must be the same as or after the start date"
        if (
            self.outcome
            and self.event_type in OUTCOMES_BY_TYPE
            and (self.outcome not in OUTCOMES_BY_TYPE[self.event_type])
        ):
            errors["outcome"] = (
                f"“{v.EVENT_OUTCOME.label(self.outcome)}” is not an outcome of a {self.event_type}"
            )
        if self.status == Status.COMPLETED:
            if not self.end_date:
                errors["end_date"] = "Enter the date it ended"
            if not self.outcome:
                errors["outcome"] = "Choose the outcome"
        if errors:
            raise ValidationError(errors)


class _TypedManager(models.Manager):
    def __init__(self, event_type: str):
        super().__init__()
        self.event_type = event_type

    def get_queryset(self):
        return super().get_queryset().filter(event_type=self.event_type)


class Request(Event):
    objects = _TypedManager("request")

    class Meta:
        proxy = True


class Assessment(Event):
    objects = _TypedManager("assessment")

    class Meta:
        proxy = True


class Service(Event):
    objects = _TypedManager("service")

    class Meta:
        proxy = True


class Review(Event):
    objects = _TypedManager("review")

    class Meta:
        proxy = True


# Fields each type records besides the common ones, in form order.
TYPE_FIELDS: dict[str, list[str]] = {
    "request": ["route_of_access", "request_reason", "contact_source"],
    "assessment": ["assessment_type", "assessment_method", "eligible_needs_identified"],
    "service": [
        "service_type",
        "service_component",
        "delivery_mechanism",
        "provider_name",
        "cqc_location_id",
        "unit_cost_pence",
        "cost_frequency",
        "planned_units_per_week",
    ],
    "review": ["review_reason", "review_method", "review_outcomes_achieved"],
}
# Of those, the ones that must be filled before an event can open or complete.
REQUIRED_FIELDS: dict[str, list[str]] = {
    "request": ["route_of_access", "request_reason", "contact_source"],
    "assessment": ["assessment_type", "assessment_method"],
    "service": ["service_type", "delivery_mechanism"],
    "review": ["review_reason", "review_method"],
}


class RuleSnapshot(models.Model):
    """The rule figures a decision used, kept by version id, so a past decision can be
    explained and re-run even after the files behind it have been replaced."""

    id = models.CharField(primary_key=True, max_length=80)
    domain = models.CharField(max_length=20)
    effective_from = models.DateField()
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.id


class RuleDecision(Versioned):
    """A result worked out by the Care Act rules: its explanation, line by line, as shown at
    the time, the rule version that produced it, and who recorded it."""

    steps = models.JSONField()
    rules = models.ForeignKey(RuleSnapshot, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class EligibilityDecision(RuleDecision):
    """The eligibility determination of one assessment (regulations 2 and 3 of the Eligibility
    Criteria Regulations 2015): what the practitioner recorded, and the result with reasons."""

    assessment = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="eligibility")
    kind = models.CharField(max_length=6, choices=[("adult", "Adult"), ("carer", "Carer")])
    answers = models.JSONField()
    status = models.CharField(
        max_length=20,
        choices=[
            ("eligible", "Eligible"),
            ("not_eligible", "Not eligible"),
            ("not_yet_determined", "Not yet determined"),
        ],
    )

    def __str__(self) -> str:
        return f"Eligibility for {self.assessment.reference}: {self.status}"
