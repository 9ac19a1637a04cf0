"""Reads of budgets and financial assessments for pages and the API."""

from __future__ import annotations

from .models import FinancialAssessment, SupportBudget


def latest_budget(person) -> SupportBudget | None:
    """The budget worked out most recently (the one a support plan is agreed against)."""
    return (
        SupportBudget.objects.filter(person=person)
        .select_related("recorded_by")
        .order_by("-created_at", "-id")
        .first()
    )


def latest_financial_assessment(person) -> FinancialAssessment | None:
    return (
        FinancialAssessment.objects.filter(person=person)
        .select_related("recorded_by")
        .order_by("-assessed_on", "-id")
        .first()
    )


def weekly_budget_pence(budget: SupportBudget | None) -> int | None:
    """What the care is expected to cost a week: the agreed budget, or else the indicative."""
    if budget is None:
        return None
    if budget.agreed_weekly_pence is not None:
        return budget.agreed_weekly_pence
    return budget.indicative_weekly_pence
