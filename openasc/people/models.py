"""A person known to adult social care, and the people around them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from openasc.common.versioning import Versioned
from openasc.vocab import lists as v
from openasc.vocab.fields import CodeField

from .identifiers import clean_nhs_number, clean_postcode, fold_name, name_keys


def validate_nhs_number(value: str) -> None:
    try:
        clean_nhs_number(value)
    except ValueError as e:
        raise ValidationError(str(e)) from None


def validate_postcode(value: str) -> None:
    try:
        clean_postcode(value)
    except ValueError as e:
        raise ValidationError(str(e)) from None


_COVER = ["merged_into", "restricted", "given_folded", "family_folded", "id"]


class Person(Versioned):
    # Identity
    council_person_id = models.CharField("council person id", max_length=30, unique=True)
    nhs_number = models.CharField(
        max_length=10, null=True, blank=True, unique=True, validators=[validate_nhs_number]
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True, default="")
    date_of_birth = models.DateField()
    date_of_death = models.DateField(null=True, blank=True)
    # Demographics (CLD person fields)
    gender = CodeField(vocab=v.GENDER)
    ethnicity = CodeField(vocab=v.ETHNICITY)
    postcode = models.CharField(
        max_length=8, blank=True, default="", validators=[validate_postcode]
    )
    gp_practice_code = models.CharField("GP practice code", max_length=10, blank=True, default="")
    primary_support_reason = CodeField(vocab=v.PRIMARY_SUPPORT_REASON)
    accommodation_status = CodeField(vocab=v.ACCOMMODATION_STATUS)
    employment_status = CodeField(vocab=v.EMPLOYMENT_STATUS)
    has_unpaid_carer = CodeField(vocab=v.YES_NO_UNKNOWN)
    autism = CodeField(vocab=v.YES_NO_UNKNOWN)
    visual_impairment = CodeField(vocab=v.YES_NO_UNKNOWN)
    hearing_impairment = CodeField(vocab=v.YES_NO_UNKNOWN)
    dementia = CodeField(vocab=v.YES_NO_UNKNOWN)
    client_funding_status = CodeField(vocab=v.CLIENT_FUNDING_STATUS)
    # Privacy: a restricted record is hidden from search except to the named users.
    restricted = models.BooleanField(default=False)
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_people"
    )
    # Merging keeps the duplicate, pointing at the record that carries on.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    # Search keys, derived on save (see identifiers.name_keys).
    family_folded = models.CharField(max_length=100, default="", editable=False)
    given_folded = models.CharField(max_length=100, default="", editable=False)
    family_key = models.CharField(max_length=4, default="", editable=False)
    family_key_rev = models.CharField(max_length=4, default="", editable=False)

    class Meta:
        indexes = [
            # Name search reads only these indexes, never the table (see selectors.search):
            # each holds the columns the candidate query filters on and returns.
            models.Index(fields=["family_key", *_COVER], name="person_family_key"),
            models.Index(fields=["family_key_rev", *_COVER], name="person_family_key_rev"),
            models.Index(
                fields=["family_folded", *_COVER[:2], "given_folded", "id"],
                name="person_family_name",
            ),
            # A one-word search matches given names too ("Tariq" finds Tariq Bennett).
            models.Index(
                fields=["given_folded", *_COVER[:2], "family_folded", "id"],
                name="person_given_name",
            ),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["postcode"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_of_death__isnull=True)
                | models.Q(date_of_death__gte=models.F("date_of_birth")),
                name="death_not_before_birth",
            )
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    def refresh_search_keys(self) -> None:
        self.family_folded = fold_name(self.family_name)
        self.given_folded = fold_name(self.given_name)
        self.family_key, self.family_key_rev = name_keys(self.family_name)

    def clean(self) -> None:
        errors = {}
        if self.date_of_death and self.date_of_birth and self.date_of_death < self.date_of_birth:
            errors["date_of_death"] = "Date of death must be the same as or after date of birth"
        from datetime import date

        if self.date_of_birth and self.date_of_birth > date.today():
            errors["date_of_birth"] = "Date of birth must be in the past"
        if self.date_of_death and self.date_of_death > date.today():
            errors["date_of_death"] = "Date of death must be today or in the past"
        if self.postcode:
            try:
                self.postcode = clean_postcode(self.postcode)
            except ValueError as e:
                errors["postcode"] = str(e)
        if self.nhs_number == "":
            self.nhs_number = None
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.refresh_search_keys()
        super().save(*args, **kwargs)


class Relationship(Versioned):
    class Kind(models.TextChoices):
        CARER = "carer", "Unpaid carer of"
        NOMINEE = "nominee", "Direct payment nominee for"
        ADVOCATE = "advocate", "Advocate for"
        ATTORNEY = "attorney", "Attorney (lasting power of attorney) for"
        DEPUTY = "deputy", "Court of Protection deputy for"

    # `from_person` is the carer / nominee / advocate; `to_person` the person they support.
    from_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="supports")
    to_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="supported_by")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    hours_caring_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True, default="")

    def clean(self) -> None:
        if self.from_person_id and self.from_person_id == self.to_person_id:
            raise ValidationError("A person cannot be in a relationship with themselves")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "End date must be on or after the start date"})


class PersonMerge(models.Model):
    """A record of two people found to be one. Both histories stay: the duplicate keeps its
    row (pointing at the survivor), its events move across, and this row keeps a snapshot of
    the duplicate's details as they were."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges")
    duplicate = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="merge")
    duplicate_snapshot = models.JSONField()
    moved = models.JSONField(default=dict)  # ids of the events, allocations and relationships
    reason = models.TextField()
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
