"""Forms for the practitioner's pages.

Django does the validating; the templates render every field with the GOV.UK macros. Ids equal
field names (auto_id="%s") so the error summary can link straight to the field, and dates are
GOV.UK day/month/year inputs (`dob-day`, `dob-month`, `dob-year`).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField

from openasc.journey import lifecycle
from openasc.journey.models import TYPE_FIELDS, Event
from openasc.people.identifiers import clean_nhs_number, clean_postcode
from openasc.people.models import Person, Relationship
from openasc.vocab import lists as v
from openasc.vocab.fields import CodeField

DATE_PARTS = ("day", "month", "year")
JOURNEY_DATE_HINT = "For example, 27 3 2025"
_OUTWARD_CODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")


class GovForm(forms.Form):
    # A service's name for an answer -> the form field that asks it, where they differ
    # (a service speaks of agreed_weekly_pence; the form asks for pounds).
    service_fields: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def service_field(self, name: str) -> str | None:
        name = self.service_fields.get(name, name)
        return name if name in self.fields else None

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show a service's ValidationError against the fields it names (or the whole form)."""
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                self.add_error(self.service_field(field), errors)
        else:
            self.add_error(None, exc)

    @property
    def summary(self) -> list[tuple[str, str]]:
        """(link, message) for the GOV.UK error summary: whole-form errors first, then each
        field's first error in page order, linking to the first input that needs fixing."""
        items = [("", str(e)) for e in self.non_field_errors()]
        for bf in self:
            if bf.errors and not bf.is_hidden:
                items.append((f"#{first_input_id(bf)}", bf.errors[0]))
            elif bf.errors:  # a hidden field (version) cannot be fixed by the user
                items.append(("", bf.errors[0]))
        return items


def first_input_id(bf: BoundField) -> str:
    if isinstance(bf, DateBoundField):
        return f"{bf.html_name}-{bf.error_parts[0]}"
    return bf.auto_id


# Dates ---------------------------------------------------------------------------------------


class DateInputWidget(forms.Widget):
    def value_from_datadict(self, data, files, name):
        return {part: (data.get(f"{name}-{part}") or "").strip() for part in DATE_PARTS}

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}-{part}" in data for part in DATE_PARTS)


class DateBoundField(BoundField):
    @property
    def parts(self) -> dict[str, str]:
        value = self.value()
        if isinstance(value, date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        if isinstance(value, dict):
            return value
        return dict.fromkeys(DATE_PARTS, "")

    @property
    def error_parts(self) -> list[str]:
        """Which of day, month and year to highlight: the ones at fault, or all three."""
        for error in self.form.errors.as_data().get(self.name, []):
            if error.params and error.params.get("parts"):
                return list(error.params["parts"])
        return list(DATE_PARTS)


class GovDateField(forms.Field):
    widget = DateInputWidget

    def __init__(self, *, label: str, past: str = "", **kwargs):
        """past: the message when the date is after today (empty: any date will do)."""
        self.past = past
        kwargs.setdefault("error_messages", {"required": f"Enter the {label.lower()}"})
        kwargs.setdefault("help_text", "For example, 27 3 1950")
        super().__init__(label=label, **kwargs)

    def get_bound_field(self, form, field_name):
        return DateBoundField(form, self, field_name)

    def to_python(self, value):
        if value is None or isinstance(value, date):
            return value
        if not any(value.values()):
            return None
        missing = [p for p in DATE_PARTS if not value[p]]
        if missing:
            raise ValidationError(
                f"{self.label} must include a {' and a '.join(missing)}",
                params={"parts": missing},
            )
        bad = [p for p in DATE_PARTS if not value[p].isdigit()]
        if bad:
            raise ValidationError(f"{self.label} must be a real date", params={"parts": bad})
        day, month, year = (int(value[p]) for p in DATE_PARTS)
        if year < 1000:
            raise ValidationError("Year must include 4 numbers", params={"parts": ["year"]})
        try:
            found = date(year, month, day)
        except ValueError:
            raise ValidationError(f"{self.label} must be a real date") from None
        if self.past and found > date.today():
            raise ValidationError(self.past)
        return found


# Defined lists and identifiers ------------------------------------------------------------------


def vocab_field(
    dl: v.DefinedList, label: str, *, required: bool = False, radios: bool = False
) -> forms.ChoiceField:
    """A select (or radios, for short lists) of one defined list. Every term is offered, so
    old records still show their value."""
    choices = [(t.code, t.label) for t in dl]
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=choices if radios else [("", "Choose")] + choices,
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={
            "required": f"Choose the {label.lower()}",
            "invalid_choice": f"Choose {label.lower()} from the list",
        },
    )


def _model_vocab(model, name: str) -> tuple[v.DefinedList, str]:
    field = model._meta.get_field(name)
    assert isinstance(field, CodeField)
    label = str(field.verbose_name)
    return field.vocab, label[0].upper() + label[1:]


class NhsNumberField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "10 digits, like 943 476 5919")
        super().__init__(label="NHS number", required=False, max_length=20, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return clean_nhs_number(value)
        except ValueError as e:
            raise ValidationError(str(e)) from None


class PostcodeField(forms.CharField):
    def __init__(self, *, partial: bool = False, **kwargs):
        self.partial = partial
        super().__init__(label="Postcode", required=False, max_length=10, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        try:
            return clean_postcode(value)
        except ValueError as e:
            compact = re.sub(r"\s+", "", value.upper())
            if self.partial and _OUTWARD_CODE.match(compact):
                return compact
            if self.partial:
                raise ValidationError(
                    "Enter a real postcode, like DS1 4AB, or the first half of one, like DS1"
                ) from None
            raise ValidationError(str(e)) from None


# Signing in -----------------------------------------------------------------------------------


class SignInForm(GovForm):
    username = forms.CharField(
        label="Username", max_length=150, error_messages={"required": "Enter your username"}
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Enter your password"},
    )


class CodeForm(GovForm):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        error_messages={"required": "Enter the 6 digit code from your authenticator app"},
    )


# People ---------------------------------------------------------------------------------------


class SearchForm(GovForm):
    name = forms.CharField(label="Name", required=False, max_length=200)
    nhs_number = NhsNumberField()
    dob = GovDateField(label="Date of birth", required=False)
    postcode = PostcodeField(partial=True)

    def clean(self):
        data = super().clean()
        if (
            not self.errors
            and not any(data.get(f) for f in ("name", "nhs_number", "dob"))
            and (not data.get("postcode"))
        ):
            raise ValidationError("Enter a name, NHS number, date of birth or postcode")
        return data


# Every coded detail of a person, from the model, so a new CLD field appears here by itself.
PERSON_VOCAB_FIELDS = [f.name for f in Person._meta.fields if isinstance(f, CodeField)]


class PersonForm(GovForm):
    given_name = forms.CharField(
        label="Given name", max_length=100, error_messages={"required": "Enter the given name"}
    )
    family_name = forms.CharField(
        label="Family name", max_length=100, error_messages={"required": "Enter the family name"}
    )
    preferred_name = forms.CharField(label="Preferred name", required=False, max_length=100)
    date_of_birth = GovDateField(label="Date of birth", past="Date of birth must be in the past")
    nhs_number = NhsNumberField()
    postcode = PostcodeField()
    gp_practice_code = forms.CharField(label="GP practice code", required=False, max_length=10)
    date_of_death = GovDateField(
        label="Date of death", required=False, past="Date of death must be today or in the past"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PERSON_VOCAB_FIELDS:
            dl, label = _model_vocab(Person, name)
            self.fields[name] = vocab_field(
                dl, label, required=name == "gender", radios=len(dl.terms) <= 4
            )
        self.order_fields(PERSON_ORDER)

    def person_data(self) -> dict:
        return {k: val for k, val in self.cleaned_data.items() if k in PERSON_FIELDS}


PERSON_ORDER = [
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "nhs_number",
    "gender",
    "postcode",
    "ethnicity",
    "primary_support_reason",
    "accommodation_status",
    "employment_status",
    "client_funding_status",
    "has_unpaid_carer",
    "autism",
    "dementia",
    "visual_impairment",
    "hearing_impairment",
    "gp_practice_code",
    "date_of_death",
]
PERSON_FIELDS = {
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "date_of_death",
    "nhs_number",
    "postcode",
    "gp_practice_code",
    *PERSON_VOCAB_FIELDS,
}


class RegisterForm(PersonForm):
    not_a_duplicate = forms.BooleanField(
        label="None of these is the person: create a new record", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["not_a_duplicate", *PERSON_ORDER])  # it shows above the details


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class BreakGlassForm(GovForm):
    reason = forms.CharField(
        label="Why do you need to see this record?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Give a reason for seeing this record"},
    )


class MergeForm(GovForm):
    duplicate = forms.CharField(
        label="Council person id of the duplicate record",
        max_length=30,
        error_messages={"required": "Enter the council person id of the duplicate record"},
    )
    reason = forms.CharField(
        label="Why are these the same person?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Say why these records are the same person"},
    )
    confirm = forms.BooleanField(
        label="I have checked that these records are the same person", required=False
    )


class RelationshipForm(GovForm):
    other = forms.CharField(
        label="Council person id of the carer, nominee, advocate, attorney or deputy",
        max_length=30,
        error_messages={"required": "Enter the council person id of the other person"},
    )
    kind = forms.ChoiceField(
        label="How are they connected to this person?",
        choices=Relationship.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they are connected"},
    )
    start_date = GovDateField(
        label="Since when (optional)", required=False, past="The start date must be in the past"
    )
    hours_caring_per_week = forms.IntegerField(
        label="Hours of care a week (unpaid carers only, optional)",
        required=False,
        min_value=0,
        max_value=168,
        error_messages={
            "min_value": "Hours a week must be 0 or more",
            "max_value": "Hours a week must be 168 or fewer (there are 168 hours in a week)",
            "invalid": "Enter hours a week as a whole number, like 20",
        },
    )


class RestrictionForm(GovForm):
    restricted = forms.BooleanField(label="Restrict this record to named staff", required=False)
    usernames = forms.CharField(
        label="Usernames of the staff who may see it",
        help_text="Separate usernames with commas",
        max_length=2000,
        required=False,
    )


# The journey ---------------------------------------------------------------------------------


def _label(name: str) -> str:
    text = str(Event._meta.get_field(name).verbose_name)
    return text[0].upper() + text[1:]


class EventForm(GovForm):
    """Base for the per-type forms that event_form_class builds."""

    event_type: str = ""

    def event_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        if "unit_cost" in data:
            pounds = data.pop("unit_cost")
            data["unit_cost_pence"] = None if pounds is None else int(pounds * 100)
        return data


def event_form_class(event_type: str, *, creating: bool, closed: bool = False) -> type[EventForm]:
    """A form for one event type: the common fields, then the type's own (TYPE_FIELDS).
    A closed event can change only its description."""
    fields: dict[str, forms.Field] = {}
    if not closed:
        dl, label = _model_vocab(Event, "client_type")
        fields["client_type"] = vocab_field(dl, "Who is this for?", required=True, radios=True)
        fields["client_type"].error_messages["required"] = "Choose who this is for"
        fields["start_date"] = GovDateField(label="Start date", help_text=JOURNEY_DATE_HINT)
        if creating and event_type == "service":
            fields["status"] = forms.ChoiceField(
                label="Has the service started?",
                choices=[
                    (lifecycle.Status.OPEN.value, "Yes, it has started"),
                    (lifecycle.Status.PLANNED.value, "No, it is planned"),
                ],
                widget=forms.RadioSelect,
                initial=lifecycle.Status.OPEN.value,
                error_messages={"required": "Say whether the service has started"},
            )
        for name in TYPE_FIELDS[event_type]:
            fields.update(_type_field(name))
    fields["description"] = forms.CharField(
        label="Notes", required=False, max_length=500, widget=forms.Textarea
    )
    if not creating:
        fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
    attrs = {"event_type": event_type, **fields}
    return type(f"{event_type.title()}Form", (EventForm,), attrs)


def _type_field(name: str) -> dict[str, forms.Field]:
    model_field = Event._meta.get_field(name)
    if isinstance(model_field, CodeField):
        dl, label = _model_vocab(Event, name)
        return {name: vocab_field(dl, label, radios=len(dl.terms) <= 4)}
    if name == "unit_cost_pence":
        return {
            "unit_cost": forms.DecimalField(
                label="Unit cost in pounds",
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                required=False,
                min_value=Decimal(0),
                max_digits=9,
                decimal_places=2,
                error_messages={
                    "invalid": "Enter the unit cost as an amount in pounds, like 21.50",
                    "min_value": "Unit cost must be £0 or more",
                    "max_decimal_places": "Unit cost must be in pounds and pence, like 21.50",
                },
            )
        }
    if name == "planned_units_per_week":
        return {
            name: forms.DecimalField(
                label="Planned units a week",
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                required=False,
                min_value=Decimal(0),
                max_digits=7,
                decimal_places=2,
                error_messages={"invalid": "Enter planned units a week as a number, like 7.5"},
            )
        }
    if name == "cqc_location_id":
        return {
            name: forms.RegexField(
                label="CQC location id",
                regex=r"^1-\d{8,11}$",
                required=False,
                max_length=14,
                error_messages={"invalid": "Enter a CQC location id like 1-123456789"},
            )
        }
    return {name: forms.CharField(label=_label(name), required=False, max_length=200)}


def event_initial(event: Event) -> dict:
    initial = {name: getattr(event, name) for name in ["client_type", "start_date", "description"]}
    for name in TYPE_FIELDS[event.event_type]:
        if name == "unit_cost_pence":
            pence = event.unit_cost_pence
            initial["unit_cost"] = None if pence is None else Decimal(pence) / 100
        else:
            initial[name] = getattr(event, name)
    initial["version"] = event.version
    return initial


class StatusForm(GovForm):
    def __init__(self, event: Event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"] = forms.ChoiceField(
            label="New status",
            choices=[(s.value, s.label) for s in lifecycle.allowed_moves(event.status)],
            widget=forms.RadioSelect,
            error_messages={
                "required": "Choose the new status",
                "invalid_choice": "Choose one of the statuses shown",
            },
        )
        self.fields["end_date"] = GovDateField(
            label="End date", required=False, help_text=JOURNEY_DATE_HINT
        )
        outcomes = lifecycle.OUTCOMES_BY_TYPE[event.event_type]
        self.fields["outcome"] = forms.ChoiceField(
            label="Outcome",
            required=False,
            choices=[("", "Choose")]
            + [(t.code, t.label) for t in v.EVENT_OUTCOME if t.code in outcomes],
            error_messages={"invalid_choice": f"Choose an outcome of a {event.event_type}"},
        )
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("status") == lifecycle.Status.COMPLETED:
            if not data.get("end_date") and "end_date" not in self.errors:
                self.add_error("end_date", "Enter the date it ended")
            if not data.get("outcome") and "outcome" not in self.errors:
                self.add_error("outcome", "Choose the outcome")
        return data


class TotpForm(GovForm):
    action = forms.ChoiceField(
        choices=[("begin", "begin"), ("confirm", "confirm"), ("disable", "disable")],
        widget=forms.HiddenInput,
    )
    code = forms.CharField(label="Code from your authenticator app", required=False, max_length=10)
