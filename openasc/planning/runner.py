"""Run a scenario: baseline and scenario through the Monte Carlo on Dask, then compare.

Used by ``openasc plan run`` and by the planning page's background job, so both give the
same numbers for the same file and seed.

Each Dask task reduces its chunk of runs to a ``RunSummary`` (the report's measures and the
chart series) on the worker, so only those small arrays come back, not every run's cohorts
by state; every figure is per run, so the results are the same bits as reducing all the
runs here, whatever the number of workers and the chunk size.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .engine import Params, YearlyResults
from .engine.distributed import SYNCHRONOUS, run_monte_carlo_dask, using_client
from .engine.model import RunSummary
from .report import Comparison, compare, measures, summary
from .scenario import Scenario

#: progress(done, total, what): "what" says which part is running, for people watching.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, eq=False)
class Outcome:
    comparison: Comparison
    baseline: RunSummary
    changed: RunSummary


def summarise(yearly: YearlyResults, params: Params) -> RunSummary:
    """What a run needs of a chunk's yearly results (the reducer run on the workers)."""
    return RunSummary.of(yearly, measures(yearly, params))


def run_scenario(
    scenario: Scenario,
    scheduler: Any = None,
    progress: Progress | None = None,
    client: Any = None,
    chunk_size: int = 100,
) -> Outcome:
    """Baseline then scenario, each ``scenario.runs`` runs with the scenario's seed."""
    results = []
    with using_client(client, scheduler) as c:
        for part, params in (("baseline", scenario.baseline), ("scenario", scenario.changed)):

            def tick(done, total, part=part):
                if progress is not None:
                    progress(done, total, part)

            parts = run_monte_carlo_dask(
                params, scenario.runs, scenario.seed, scenario.months,
                chunk_size=chunk_size, progress=tick, client=c, reduce=summarise,
                # No client means "synchronous": do not start a second cluster.
                scheduler=SYNCHRONOUS if c is None else None,
            )  # fmt: skip
            results.append(RunSummary.concat(parts))
    baseline, changed = results
    return Outcome(compare(scenario, baseline, changed), baseline, changed)


def write_outputs(outcome: Outcome, out_dir: Path, fmt: str = "json", chart: str = "svg") -> list:
    """Results (JSON or CSV), the summary, the scenario as given, and charts, into out_dir.
    Returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    c = outcome.comparison
    written = []
    if fmt == "json":
        path = out_dir / "results.json"
        path.write_text(json.dumps(c.to_dict(), indent=1), encoding="utf-8")
    else:
        path = out_dir / "results.csv"
        path.write_text(c.to_csv(), encoding="utf-8")
    written.append(path)
    path = out_dir / "summary.txt"
    path.write_text("\n".join(summary(c)) + "\n", encoding="utf-8")
    written.append(path)
    path = out_dir / "scenario.yaml"
    path.write_text(c.scenario.text, encoding="utf-8")
    written.append(path)
    written.extend(_write_charts(outcome, out_dir, chart))
    return written


def _write_charts(outcome: Outcome, out_dir: Path, fmt: str) -> tuple[Path, Path]:
    """The cost and people charts, as ``cost.FMT`` and ``people.FMT`` in out_dir."""
    from .charts import cost_chart, people_by_state_chart

    start = outcome.comparison.years[0]
    base, changed = outcome.baseline, outcome.changed
    return (
        cost_chart(base, changed, out_dir / f"cost.{fmt}", start_year=start),
        people_by_state_chart(base, changed, out_dir / f"people.{fmt}", start_year=start),
    )


def chart_texts(outcome: Outcome) -> tuple[str, str]:
    """The cost and people charts as SVG text (to keep with a run in the database)."""
    with tempfile.TemporaryDirectory() as tmp:
        return tuple(
            p.read_text(encoding="utf-8") for p in _write_charts(outcome, Path(tmp), "svg")
        )
