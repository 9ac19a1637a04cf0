"""Recording the eligibility determination on an assessment (Eligibility Criteria Regulations
2015). The rules engine decides from the practitioner's answers; the view only asks and shows."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from openasc.common.errors import StaleVersion
from openasc.journey import rulebook
from openasc.journey.eligibility import kind_of, record_eligibility
from openasc.journey.models import Event
from openasc.journey.selectors import eligibility_of

from .forms_eligibility import EligibilityForm, initial_from
from .pages import allow, render_page, workspace_view


@workspace_view
@require_http_methods(["GET", "POST"])
def eligibility(request, pk: int):
    # Only an assessment has an eligibility determination; any other event is not found.
    event = get_object_or_404(
        Event.objects.select_related("person"), pk=pk, event_type="assessment"
    )
    allow(request, event.person, record=True, obj=event)
    kind = kind_of(event)
    decision = eligibility_of(event)
    initial = {}
    if decision is not None:
        # A decision recorded under the other kind (the assessment type has changed since)
        # has answers to other questions: start afresh, but still carry its version.
        answers = decision.answers if decision.kind == kind else {}
        initial = initial_from(kind, answers, decision.version)
    rules = rulebook.in_force("eligibility", event.start_date).data
    data = request.POST if request.method == "POST" else None
    form = EligibilityForm(kind, rules, data, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            decision = record_eligibility(
                request.user, event, form.answers(), form.cleaned_data["version"]
            )
        except StaleVersion as e:
            form.add_error(None, str(e))
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(request, f"Eligibility recorded: {decision.get_status_display()}")
            return redirect("event", event.pk)
    return render_page(
        request,
        "eligibility.html",
        {"form": form, "event": event, "person": event.person, "kind": kind,
         "decision": decision},
    )  # fmt: skip
