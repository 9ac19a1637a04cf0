"""`openasc plan`: run scenarios, sensitivity sweeps, the national validation, calibration.

Scenario files are YAML (see openasc/planning/scenario.py and the examples in
openasc/planning/scenarios/); a built-in example can be named without its path.
"""

from __future__ import annotations

from pathlib import Path

from openasc.cli import fail, progress_bar

from .scenario import EXAMPLES


def scenario_path(name: str) -> Path:
    """A path as given, or a built-in example by name ("optimised-model")."""
    path = Path(name)
    if path.exists() or path.suffix:
        return path
    return EXAMPLES / f"{name}.yaml"


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "plan", help="planning: scenarios, sensitivity, national validation, calibration",
        description="Forecast demand, outcomes and cost, and compare scenarios of the "
        "optimised delivery model against the baseline.",
    )  # fmt: skip
    sub = p.add_subparsers(dest="plan_command", metavar="ACTION", required=True)

    def scheduler_options(s):
        s.add_argument(
            "--scheduler", default=None, metavar="ADDRESS",
            help="Dask scheduler address (e.g. tcp://10.0.0.5:8786); default a local cluster "
            "of one worker per core; 'synchronous' runs in this process",
        )  # fmt: skip
        s.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    s = sub.add_parser(
        "run", help="run a scenario file against its baseline",
        description="Run the baseline and the scenario of a scenario file (Monte Carlo on "
        "Dask) and write the differences by year, charts and a plain-English summary.",
    )  # fmt: skip
    s.add_argument("scenario", help="scenario YAML file, or a built-in example's name")
    s.add_argument("--runs", type=int, help="Monte Carlo runs (default: the file's, or 1000)")
    s.add_argument("--years", type=int, help="years to project (default: the file's, or 10)")
    s.add_argument("--seed", type=int, help="random seed (default: the file's, or 1)")
    s.add_argument("--format", choices=["json", "csv"], default="json", help="results file")
    s.add_argument("--chart", choices=["svg", "png"], default="svg", help="chart format")
    s.add_argument("--out", type=Path, help="directory for results, charts and summary")
    scheduler_options(s)
    s.set_defaults(func=cmd_run)

    s = sub.add_parser(
        "sweep", help="one-at-a-time sensitivity (tornado chart) for a scenario",
        description="Vary each assumption and lever in turn, low and high, and show which "
        "moves the total cost over the projection most.",
    )  # fmt: skip
    s.add_argument("scenario", help="scenario YAML file, or a built-in example's name")
    s.add_argument("--years", type=int, help="years to project (default: the file's)")
    s.add_argument("--out", type=Path, help="directory for tornado.svg and tornado.json")
    s.add_argument("--chart", choices=["svg", "png"], default="svg", help="chart format")
    scheduler_options(s)
    s.set_defaults(func=cmd_sweep)

    s = sub.add_parser(
        "validate", help="reproduce the national opportunity figures (±10%%)",
        description="Run the national England scenario built from the published inputs and "
        "compare its six opportunity figures with the report's. Exit 1 if any is off by "
        "more than 10%%.",
    )  # fmt: skip
    s.add_argument("--file", type=Path, help="national inputs YAML (default: the shipped one)")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("scenarios", help="list the example scenario files")
    s.set_defaults(func=cmd_scenarios)

    s = sub.add_parser(
        "execute", help="carry out a run saved from the planning page (used by the page)",
        description="Carry out a planning run saved from the planning page, recording its "
        "progress and results in the database. The page starts this in the background.",
    )  # fmt: skip
    s.add_argument("run_id", type=int, help="the saved run's id")
    s.set_defaults(func=cmd_execute)

    from .calibrate_cli import add_calibrate

    add_calibrate(sub)


def _load(args, **overrides):
    from .engine import PlanningInputError
    from .scenario import ScenarioError, load_scenario

    try:
        return load_scenario(scenario_path(args.scenario), **overrides)
    except (ScenarioError, PlanningInputError) as exc:
        raise SystemExit(fail(str(exc))) from None


def cmd_run(args) -> int:
    from .runner import run_scenario, write_outputs

    scenario = _load(args, runs=args.runs, years=args.years, seed=args.seed)
    with progress_bar(args.quiet) as bar:
        tasks = {}

        def progress(done, total, part):
            if part not in tasks:
                tasks[part] = bar.add_task(f"Running the {part}", total=total)
            bar.update(tasks[part], completed=done)

        outcome = run_scenario(scenario, scheduler=args.scheduler, progress=progress)
    from .report import summary

    print("\n".join(summary(outcome.comparison)))
    if args.out:
        for path in write_outputs(outcome, args.out, args.format, args.chart):
            print(f"Wrote {path}")
    return 0


def cmd_sweep(args) -> int:
    import json

    from .charts import tornado_chart
    from .engine.sensitivity import default_factors, tornado
    from .report import money

    scenario = _load(args, years=args.years)
    with progress_bar(args.quiet) as bar:
        task = bar.add_task("Sensitivity runs", total=None)
        bars = tornado(
            scenario.world, scenario.levers, default_factors(scenario.world),
            months=scenario.months, scheduler=args.scheduler,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )  # fmt: skip
    print(f"Total cost over {scenario.years} years, scenario '{scenario.name}':")
    base = bars[0].base_value if bars else 0.0
    print(f"  at the central assumptions: {money(base)}")
    for b in bars:
        print(f"  {b.label:60} {money(b.low_value):>10} to {money(b.high_value):>10}")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        path = tornado_chart(bars, args.out / f"tornado.{args.chart}")
        print(f"Wrote {path}")
        data = [vars(b) | {"swing": b.swing} for b in bars]
        (args.out / "tornado.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
        print(f"Wrote {args.out / 'tornado.json'}")
    return 0


def cmd_validate(args) -> int:
    from .national import render_table, validate

    results = validate(args.file)
    print(render_table(results))
    if all(r.within_tolerance for r in results):
        print("All national figures reproduced within ±10%.")
        return 0
    print("Some national figures are outside ±10%.")
    return 1


def cmd_execute(args) -> int:
    from openasc.cli import setup_django

    setup_django()
    from .models import PlanningRun
    from .services import execute_run

    if not PlanningRun.objects.filter(pk=args.run_id).exists():
        return fail(f"no planning run {args.run_id}")
    run = execute_run(args.run_id)
    print(f"Planning run {run.pk}: {run.get_status_display()}. {run.error}".strip())
    return 0 if run.status == PlanningRun.Status.DONE else 1


def cmd_scenarios(args) -> int:
    import yaml

    for path in sorted(EXAMPLES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        print(f"{path.stem:28} {data.get('name', '')}: {data.get('description', '').strip()}")
    print(f"\nFiles in {EXAMPLES}; run one with: openasc plan run NAME")
    return 0
