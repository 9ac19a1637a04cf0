"""Money pages: the indicative personal budget from the resource allocation questionnaire,
agreeing the final budget, and the financial assessment (what the person pays a week).

Views are thin: the money services work everything out and record it with the rule version
used; these pages ask the questions and show the explanation line by line."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from openasc.access import policy
from openasc.access.roles import Role
from openasc.common.errors import StaleVersion
from openasc.journey import rulebook
from openasc.money import selectors
from openasc.money.services import (
    agree_budget,
    can_assess_charge,
    record_budget,
    record_financial_assessment,
)
from openasc.rules.explain import pounds

from .forms_charge import ChargeForm, initial_from
from .forms_money import AgreeBudgetForm, BudgetForm, pounds_text
from .pages import allow, person_or_404, render_page, workspace_view

NEWER_BUDGET = (
    "A newer budget has been worked out since you opened this page. Nothing has been saved: "
    "check the new budget, then agree it."
)


def _post(request):
    return request.POST if request.method == "POST" else None


def _allow_charge(request, person, obj=None) -> str:
    if policy.role(request.user) == Role.FINANCE:
        return allow(request, person, obj=obj)  # the service checks what finance may record
    return allow(request, person, record=True, obj=obj)


# Personal budget --------------------------------------------------------------------------------


@workspace_view
@require_http_methods(["GET", "POST"])
def budget(request, pk: int):
    person = person_or_404(pk)
    allow(request, person, record=True)
    latest = selectors.latest_budget(person)
    # Start from the last answers: a reassessment usually changes a few of them.
    initial = dict(latest.answers, carer_support=latest.carer_support) if latest else {}
    form = BudgetForm(rulebook.in_force("ras").data, _post(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            new = record_budget(
                request.user, person, form.answers(), form.cleaned_data["carer_support"]
            )
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(
                request,
                f"Indicative budget worked out: {pounds(new.indicative_weekly_pence)} a week",
            )
            return redirect("budget-agree", person.pk)
    return render_page(request, "budget.html", {"form": form, "person": person})


@workspace_view
@require_http_methods(["GET", "POST"])
def budget_agree(request, pk: int):
    """The latest budget with its explanation, and (for those who record) agreeing it."""
    person = person_or_404(pk)
    latest = selectors.latest_budget(person)
    allow(request, person, record=request.method == "POST", obj=latest)
    can_record = policy.can_record(request.user)
    form = None
    if latest is not None and can_record:
        initial = {
            "agreed_weekly": pounds_text(selectors.weekly_budget_pence(latest)),
            "budget": latest.pk,
            "version": latest.version,
        }
        form = AgreeBudgetForm(_post(request), initial=initial)
    if form is not None and form.is_bound and form.is_valid() and _agree(request, form, latest):
        pence = form.cleaned_data["agreed_weekly"]
        messages.success(request, f"Weekly budget of {pounds(pence)} agreed for {person}")
        return redirect("person", person.pk)
    return render_page(
        request,
        "budget_agree.html",
        {"person": person, "budget": latest, "form": form, "can_record": can_record},
    )


def _agree(request, form: AgreeBudgetForm, latest) -> bool:
    d = form.cleaned_data
    if d["budget"] != latest.pk:  # a new budget replaced the one on the page
        form.add_error(None, NEWER_BUDGET)
        return False
    try:
        agree_budget(request.user, latest, d["agreed_weekly"], d["version"])
    except StaleVersion as e:
        form.add_error(None, str(e))
    except ValidationError as e:
        form.add_service_errors(e)
    else:
        return True
    return False


# Financial assessment ---------------------------------------------------------------------------


@workspace_view
@require_http_methods(["GET", "POST"])
def charge(request, pk: int):
    person = person_or_404(pk)
    _allow_charge(request, person)
    on = timezone.localdate()
    latest = selectors.latest_financial_assessment(person)
    initial = initial_from(latest.inputs) if latest else {}
    cost = selectors.weekly_budget_pence(selectors.latest_budget(person))
    if cost is not None:  # the care being charged for is what the budget pays for
        initial["cost_of_care"] = pounds_text(cost)
    form = ChargeForm(rulebook.in_force("charging", on).data, _post(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            fa = record_financial_assessment(request.user, person, form.inputs(), on)
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(
                request,
                f"Financial assessment recorded: {person} pays "
                f"{pounds(fa.weekly_charge_pence)} a week",
            )
            return redirect("charge-result", person.pk)
    return render_page(
        request, "charge.html", {"form": form, "person": person, "budget_pence": cost}
    )


@workspace_view
@require_safe
def charge_result(request, pk: int):
    person = person_or_404(pk)
    fa = selectors.latest_financial_assessment(person)
    allow(request, person, obj=fa)
    context = {"person": person, "fa": fa, "can_assess": can_assess_charge(request.user)}
    if fa is not None:
        context["council_pays"] = fa.council_pays_weekly_pence
        context["deferred"] = fa.deferred_payment_eligible
    return render_page(request, "charge_result.html", context)
