"""Starting and carrying out planning runs (every write to PlanningRun is here).

A run is checked when it is asked for (a bad scenario file is refused with the file's key
and nothing is saved), saved with its inputs, then carried out in the background by
``openasc plan execute RUN_ID``, which records its progress so the page can show it.
"""

from __future__ import annotations

import subprocess
import sys

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openasc.access import audit

from .engine import PlanningInputError
from .models import PlanningRun
from .scenario import ScenarioError, parse_scenario

SOURCE = "scenario"  # how errors name the text typed on the page


def check_scenario(text: str, runs: int | None = None, years: int | None = None):
    """The scenario, or ValidationError on ``scenario_text`` naming the key at fault."""
    if runs is not None and runs > settings.PLANNING_MAX_RUNS:
        raise ValidationError(
            {"runs": f"Enter {settings.PLANNING_MAX_RUNS:,} runs or fewer (the web limit; "
                     "use openasc plan run for more)"}
        )  # fmt: skip
    try:
        return parse_scenario(text, source=SOURCE, runs=runs, years=years)
    except (ScenarioError, PlanningInputError) as exc:
        raise ValidationError({"scenario_text": str(exc)}) from None


@transaction.atomic
def start_run(user, text: str, runs: int | None = None, years: int | None = None) -> PlanningRun:
    scenario = check_scenario(text, runs, years)
    run = PlanningRun.objects.create(
        name=scenario.name[:200], scenario_text=text, runs=scenario.runs,
        years=scenario.years, seed=scenario.seed, created_by=user,
    )  # fmt: skip
    audit.record(user, "planning run", obj=run, detail=f"{run.name}: {run.runs} runs")
    if settings.PLANNING_RUNNER == "inline":
        return execute_run(run.pk)
    # After the commit, so the background process can see the run.
    transaction.on_commit(lambda: _start_process(run.pk))
    return run


def _start_process(run_id: int) -> None:
    # Its own session, so it outlives the web worker that started it.
    subprocess.Popen(  # noqa: S603 - our own command, with an id we created
        [sys.executable, "-m", "openasc", "plan", "execute", str(run_id)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip


def execute_run(run_id: int) -> PlanningRun:
    """Carry out a saved run, recording progress; failures are recorded, not raised."""
    from .runner import chart_texts, run_scenario

    updated = PlanningRun.objects.filter(pk=run_id, status=PlanningRun.Status.QUEUED).update(
        status=PlanningRun.Status.RUNNING, stage="Starting"
    )
    run = PlanningRun.objects.get(pk=run_id)
    if not updated:
        return run  # already taken by another worker, or finished
    try:
        scenario = parse_scenario(run.scenario_text, source=SOURCE, runs=run.runs, years=run.years)

        def progress(done, total, part):
            share = (done / total) / 2 + (0.5 if part == "scenario" else 0.0)
            PlanningRun.objects.filter(pk=run_id).update(
                progress=min(99, int(share * 100)), stage=f"Running the {part}",
                updated_at=timezone.now(),
            )  # fmt: skip

        outcome = run_scenario(scenario, scheduler=settings.PLANNING_SCHEDULER, progress=progress)
        cost_svg, people_svg = chart_texts(outcome)
        results = outcome.comparison.to_dict()
        PlanningRun.objects.filter(pk=run_id).update(
            status=PlanningRun.Status.DONE, progress=100, stage="",
            results=results, summary=results["summary"],
            cost_chart=cost_svg, people_chart=people_svg, finished_at=timezone.now(),
        )  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - recorded for the person watching the page
        PlanningRun.objects.filter(pk=run_id).update(
            status=PlanningRun.Status.FAILED, stage="", error=f"{type(exc).__name__}: {exc}",
            finished_at=timezone.now(),
        )  # fmt: skip
    return PlanningRun.objects.get(pk=run_id)
