"""The planning pages: choose or edit a scenario, run it in the background, see the result.

Planning works with aggregate figures only, never a person's record, so these pages are for
commissioners, analysts, team managers and administrators (access.roles.PLANNING_ROLES)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_safe

from openasc.access import policy
from openasc.workspace.pages import render_page, require, workspace_view

from . import selectors
from .forms import PlanningForm
from .models import PlanningRun
from .report import measures_csv
from .services import start_run

DEFAULT_EXAMPLE = "optimised-model"
NOT_ALLOWED = "Planning is for commissioners, analysts, team managers and administrators."


@workspace_view
@require_http_methods(["GET", "POST"])
def planning(request):
    require(policy.can_plan(request.user), NOT_ALLOWED)
    examples = selectors.examples()
    if request.method == "POST":
        form = PlanningForm(request.POST)
        if form.is_valid():
            try:
                run = start_run(request.user, form.cleaned_data["scenario_text"],
                                form.cleaned_data["runs"], form.cleaned_data["years"])  # fmt: skip
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                return redirect("planning-run", run.pk)
    else:
        chosen = request.GET.get("example", DEFAULT_EXAMPLE)
        text = next((e["text"] for e in examples if e["slug"] == chosen), "")
        form = PlanningForm(initial={"scenario_text": text})
        form.chosen = chosen
    return render_page(
        request, "planning.html",
        {"form": form, "examples": examples, "runs": selectors.recent_runs()},
    )  # fmt: skip


@workspace_view
@require_safe
def planning_run(request, pk: int):
    require(policy.can_plan(request.user), NOT_ALLOWED)
    run = get_object_or_404(PlanningRun, pk=pk)
    rows = selectors.headline_rows(run.results) if run.results else []
    return render_page(request, "planning_run.html", {"run": run, "rows": rows})


FILES = {
    "cost.svg": ("image/svg+xml", lambda run: run.cost_chart),
    "people.svg": ("image/svg+xml", lambda run: run.people_chart),
    "results.json": ("application/json", None),
    "results.csv": ("text/csv; charset=utf-8", lambda run: measures_csv(run.results)),
    "scenario.yaml": ("application/yaml; charset=utf-8", lambda run: run.scenario_text),
}


@workspace_view
@require_safe
def planning_run_file(request, pk: int, name: str):
    require(policy.can_plan(request.user), NOT_ALLOWED)
    run = get_object_or_404(PlanningRun, pk=pk)
    if name not in FILES or (name != "scenario.yaml" and run.status != PlanningRun.Status.DONE):
        raise Http404("No such file for this run")
    content_type, body = FILES[name]
    if body is None:
        return JsonResponse(run.results)
    response = HttpResponse(body(run), content_type=content_type)
    if not name.endswith(".svg"):
        response["Content-Disposition"] = f'attachment; filename="run-{run.pk}-{name}"'
    return response
