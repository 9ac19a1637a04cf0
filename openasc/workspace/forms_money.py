"""Forms about money: amounts in pounds (stored as integer pence), the resource allocation
questionnaire that gives an indicative personal budget, and agreeing the final budget.

The questionnaire's domains, answers and unpaid carer options come from the RAS rule data in
force, so a council's own questionnaire appears here without code."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from openasc.rules.explain import pounds

from .forms import GovForm

_POUNDS = re.compile(r"^\d+(\.\d{1,2})?$")
# Far above any weekly cost or any estate, and inside a 32-bit column as pence.
MOST_PENCE = 2_000_000_000


def pounds_text(pence: int | None) -> str:
    """Integer pence as the form shows them: 1234.50 (no £: the input has a £ prefix)."""
    if pence is None:
        return ""
    whole, part = divmod(pence, 100)
    return f"{whole}.{part:02d}"


class PoundsField(forms.CharField):
    """An amount typed in pounds ("£1,234.50", "12.5", "300"), cleaned to integer pence.
    `what` names the amount in error messages: "Enter the cost of care as an amount…"."""

    def __init__(self, *, what: str, least_pence: int = 0, most_pence: int = MOST_PENCE, **kw):
        self.what, self.least_pence, self.most_pence = what, least_pence, most_pence
        kw.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        kw.setdefault("error_messages", {"required": f"Enter {what}"})
        super().__init__(**kw)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        compact = re.sub(r"[£,\s]", "", text)
        if not _POUNDS.match(compact):
            raise ValidationError(f"Enter {self.what} in pounds, like 12.50")
        pence = int(Decimal(compact) * 100)
        if pence < self.least_pence:
            raise ValidationError(f"{_upper(self.what)} must be more than £0")
        if pence > self.most_pence:
            raise ValidationError(f"{_upper(self.what)} must be {pounds(self.most_pence)} or less")
        return pence


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


class BudgetForm(GovForm):
    """One question per questionnaire domain, then the unpaid carer question. Every domain
    must be answered: each has an answer worth no points, and a domain skipped by mistake
    would quietly make the budget smaller."""

    def __init__(self, ras: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = []
        for code, domain in ras["domains"].items():
            label = domain["label"]
            self.fields[code] = forms.ChoiceField(
                label=label,
                choices=[(a, _upper(answer["says"])) for a, answer in domain["answers"].items()],
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose an answer for {label.lower()}",
                    "invalid_choice": f"Choose an answer for {label.lower()} from the list",
                },
            )
            self.domains.append(code)
        options = ras["carer_support"]["options"]
        self.fields["carer_support"] = forms.ChoiceField(
            label="How much does an unpaid carer help?",
            help_text="Answer the questions above as if nobody helps. What a carer is willing "
            "and able to do is taken off the budget as a separate step.",
            choices=[(code, o["says"]) for code, o in options.items()],
            widget=forms.RadioSelect,
            error_messages={
                "required": "Choose how much an unpaid carer helps",
                "invalid_choice": "Choose how much an unpaid carer helps from the list",
            },
        )

    def answers(self) -> dict:
        return {code: self.cleaned_data[code] for code in self.domains}


class AgreeBudgetForm(GovForm):
    service_fields = {"agreed_weekly_pence": "agreed_weekly"}

    agreed_weekly = PoundsField(
        label="Agreed weekly budget",
        what="the agreed weekly budget",
        least_pence=1,
        help_text="The budget agreed with the person in their support plan, in pounds a week",
    )
    budget = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
