"""The planning pages: starting a run, watching it, seeing and downloading its results."""

from __future__ import annotations

import pytest

from openasc.access.models import AuditEntry
from openasc.access.roles import Role
from openasc.cli import main
from openasc.planning import services
from openasc.planning.models import PlanningRun

TINY = (
    "name: Tiny\nadults: 5000\nyears: 2\nruns: 3\nscenario: {levers: {care_home_avoidance: 0.3}}\n"
)


@pytest.fixture
def analyst(client, users):
    client.force_login(users[Role.ANALYST])
    return users[Role.ANALYST]


def test_the_page_offers_the_examples(client, analyst):
    page = client.get("/planning").content.decode()
    assert "Optimised delivery model" in page
    assert "front_door_resolution" in page  # the first example is in the box, ready to edit
    page = client.get("/planning?example=older-population").content.decode()
    assert "variant: high" in page


def test_a_run_is_kept_with_its_inputs_and_results(client, analyst):
    response = client.post("/planning", {"scenario_text": TINY, "runs": "4", "years": ""})
    run = PlanningRun.objects.get()
    assert response.status_code == 302 and response.url == f"/planning/runs/{run.pk}"
    assert run.status == "done" and run.progress == 100
    assert (run.runs, run.years, run.scenario_text) == (4, 2, TINY)
    assert run.created_by == analyst
    assert AuditEntry.objects.filter(action="planning run", username=analyst.username).exists()
    page = client.get(response.url).content.decode()
    assert "fewer admissions to care homes" in page
    assert "Admissions to residential and nursing care" in page
    svg = client.get(f"/planning/runs/{run.pk}/cost.svg")
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<?xml")
    csv_text = client.get(f"/planning/runs/{run.pk}/results.csv").content.decode()
    assert csv_text.startswith("measure,label,unit,year,series")
    data = client.get(f"/planning/runs/{run.pk}/results.json").json()
    assert data["runs"] == 4 and data["levers"] == {"care_home_avoidance": 0.3}
    assert client.get(f"/planning/runs/{run.pk}/secrets.txt").status_code == 404


@pytest.mark.parametrize(
    "form, field, message",
    [
        ({"scenario_text": "scenario: {levers: {teleport: 1}}"}, "scenario_text",
         "scenario: scenario.levers.teleport: unknown lever"),
        ({"scenario_text": "baseline: [\n"}, "scenario_text", "not valid YAML"),
        ({"scenario_text": ""}, "scenario_text", "Enter a scenario"),
        ({"scenario_text": TINY, "runs": "many"}, "runs", "Enter the number of runs"),
        ({"scenario_text": TINY, "runs": "999999"}, "runs", "2,000 runs or fewer"),
        ({"scenario_text": TINY, "years": "80"}, "years", "Enter 50 years or fewer"),
    ],
)  # fmt: skip
def test_a_bad_scenario_is_refused_and_nothing_is_saved(client, analyst, form, field, message):
    response = client.post("/planning", {"runs": "", "years": "", **form})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert f'href="#{field}"' in page
    assert not PlanningRun.objects.exists()


def test_a_run_in_progress_shows_how_far_it_has_got(client, analyst):
    run = PlanningRun.objects.create(
        name="Busy", scenario_text=TINY, runs=3, years=2, seed=1, status="running",
        progress=55, stage="Running the scenario",
    )  # fmt: skip
    page = client.get(f"/planning/runs/{run.pk}").content.decode()
    assert "Running the scenario: 55% done" in page and 'value="55"' in page
    assert client.get(f"/planning/runs/{run.pk}/cost.svg").status_code == 404


def test_a_failed_run_says_why(analyst):
    run = PlanningRun.objects.create(
        name="Broken", scenario_text="runs: 0\n", runs=0, years=1, seed=1
    )
    services.execute_run(run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and "runs: 0 is below 1" in run.error


def test_the_page_starts_a_background_process(
    analyst, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PLANNING_RUNNER = "process"
    started = []
    monkeypatch.setattr(services.subprocess, "Popen", lambda argv, **kw: started.append(argv))
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_run(analyst, TINY)
    assert run.status == "queued"
    assert started and started[0][1:] == ["-m", "openasc", "plan", "execute", str(run.pk)]


def test_plan_execute_carries_out_a_queued_run_once(analyst, capsys):
    run = PlanningRun.objects.create(name="Queued", scenario_text=TINY, runs=2, years=2, seed=1)
    assert main(["plan", "execute", str(run.pk)]) == 0
    run.refresh_from_db()
    assert run.status == "done" and run.results["runs"] == 2
    finished = run.finished_at
    main(["plan", "execute", str(run.pk)])  # a second start does nothing
    run.refresh_from_db()
    assert run.finished_at == finished
    assert main(["plan", "execute", "999999"]) == 2
