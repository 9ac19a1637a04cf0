"""Indicative and agreed personal budgets, and financial assessments (what a person pays).
Each stores the answers it was worked out from, the result with its explanation, and the
rule version used, so it can be shown to the person, explained later and re-run."""

from django.db import models

from openasc.journey.models import RuleDecision


class SupportBudget(RuleDecision):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="budgets")
    assessment = models.ForeignKey(
        "journey.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answers = models.JSONField(help_text="questionnaire domain code -> answer code")
    carer_support = models.CharField(max_length=30, blank=True, default="")
    indicative_weekly_pence = models.PositiveIntegerField()
    agreed_weekly_pence = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "-created_at"])]

    def __str__(self) -> str:
        return f"Budget for person {self.person_id}: {self.indicative_weekly_pence}p a week"


class FinancialAssessment(RuleDecision):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="financial_assessments"
    )
    assessed_on = models.DateField()
    setting = models.CharField(max_length=20)
    inputs = models.JSONField(help_text="what the person told us, as the charging rules take it")
    cost_of_care_weekly_pence = models.PositiveIntegerField()
    weekly_charge_pence = models.PositiveIntegerField()
    self_funder = models.BooleanField(default=False)
    # None when the question does not arise (not a permanent care home stay).
    deferred_payment_eligible = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["person", "-assessed_on"])]

    @property
    def council_pays_weekly_pence(self) -> int:
        """The rest of the cost of care (the charging rules never charge above it)."""
        return self.cost_of_care_weekly_pence - self.weekly_charge_pence

    def __str__(self) -> str:
        return f"Financial assessment for person {self.person_id} on {self.assessed_on}"
