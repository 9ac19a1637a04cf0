"""A model field whose values must come from one defined list."""

from django.core.exceptions import ValidationError
from django.db import models

from .lists import DefinedList


class CodeField(models.CharField):
    """Stores a defined-list code; rejects anything else with the list's own name."""

    def __init__(self, *args, vocab: DefinedList | None = None, **kwargs):
        self.vocab = vocab
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        if vocab is not None:
            kwargs["choices"] = [(t.code, t.label) for t in vocab]
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)  # the list lives in code; migrations need not churn
        return name, "django.db.models.CharField", args, kwargs

    def validate(self, value, model_instance):
        if value and self.vocab is not None and value not in self.vocab:
            raise ValidationError(
                f"“{value}” is not a valid {self.vocab.name}. "
                f"Choose one of: {', '.join(self.vocab.codes)}.",
                code="invalid_choice",
            )
        if not value and not self.blank:
            raise ValidationError(f"Enter the {self.vocab.name if self.vocab else 'value'}.")
