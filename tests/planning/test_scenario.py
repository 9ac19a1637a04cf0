"""Scenario files, population projections, capacity limits and the baseline comparison."""

from __future__ import annotations

import dataclasses
import json
import textwrap

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from openasc.cli import main
from openasc.planning.engine import STATES, demo_params, run_expected, simulate
from openasc.planning.engine.params import Capacity
from openasc.planning.engine.states import COMMUNITY_COMMISSIONED, SHORT_TERM_SUPPORT
from openasc.planning.params_file import params_to_dict
from openasc.planning.report import summary
from openasc.planning.runner import run_scenario
from openasc.planning.scenario import EXAMPLES, ScenarioError, load_scenario, parse_scenario

SMALL = "council: demo\nadults: 20000\nyears: 2\nruns: 4\nseed: 5\n"


def write(tmp_path, text, name="s.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_scenario_loads(path):
    scenario = load_scenario(path)
    assert scenario.name and scenario.description
    assert scenario.baseline.n_cohorts == scenario.changed.n_cohorts


@pytest.mark.parametrize(
    "text, key",
    [
        ("levers: {}\n", "levers"),
        ("scenario: {levers: {front_door_resolutin: 0.1}}\n",
         "scenario.levers.front_door_resolutin"),
        ("scenario: {levers: {short_term_offer: 1.5}}\n", "scenario.levers.short_term_offer"),
        ("scenario: {levers: {care_home_avoidance: -0.1}}\n",
         "scenario.levers.care_home_avoidance"),
        ("scenario: {levers: {discharge_mix: {attic: 2}}}\n",
         "scenario.levers.discharge_mix.attic"),
        ("baseline: {costs: {weekly: {residential_care: -5}}}\n",
         "baseline.costs.weekly.residential_care"),
        ("baseline: {costs: {weekly: {castle: 5}}}\n", "baseline.costs.weekly.castle"),
        ("baseline: {costs: {annual_uplift: x}}\n", "baseline.costs.annual_uplift"),
        ("baseline: {capacity: {short_term_support: {places: -1}}}\n",
         "baseline.capacity.short_term_support.places"),
        ("baseline: {capacity: {short_term_support: {places: 9, overflow: deceased}}}\n",
         "baseline.capacity.short_term_support.overflow"),
        ("baseline: {population: {variant: enormous}}\n", "baseline.population.variant"),
        ("baseline: {population: {growth_per_year: {'18-24': 0.01}}}\n",
         "baseline.population.growth_per_year"),
        ("runs: 0\n", "runs"),
        ("carers: {share_supported: 2}\n", "carers.share_supported"),
        ("carers: {identified_per_month: 2}\n", "carers.identified_per_month"),
        ("carers: {known_today: 0.7, supported_today: 0.5}\n", "carers.supported_today"),
        ("carers: {per_person: {attic: 1}}\n", "carers.per_person.attic"),
        ("uncertainty: {wobble: 1}\n", "uncertainty.wobble"),
    ],
)  # fmt: skip
def test_bad_scenario_names_the_file_and_key(tmp_path, text, key):
    path = write(tmp_path, SMALL + text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert err.value.path == str(path)
    assert err.value.key == key
    assert str(err.value).startswith(f"{path}: {key}: ")


def test_not_yaml_and_missing_file_are_clear(tmp_path):
    with pytest.raises(ScenarioError, match="line 2: not valid YAML"):
        load_scenario(write(tmp_path, "name: a\n  - b: [\n"))
    with pytest.raises(ScenarioError, match="nothing.yaml: file: cannot read it"):
        load_scenario(tmp_path / "nothing.yaml")


def council_file(tmp_path, change):
    data = params_to_dict(demo_params(adults=10_000))
    change(data)
    path = tmp_path / "council.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change, key, message",
    [
        (lambda d: d["transitions"][0][0].__setitem__(1, 1.5), "transitions[", "outside [0, 1]"),
        (lambda d: d["transitions"][0][0].__setitem__(1, 0.5), "transitions[", "does not sum"),
        (lambda d: d["unit_cost"][3].__setitem__(4, -700.0), "unit_cost[", "negative value"),
        (lambda d: d["initial"].__setitem__(2, [1, 2]), "initial", "expected numbers"),
        (lambda d: d.__setitem__("colour", "blue"), "colour", "unknown key"),
        (lambda d: d.pop("inflow"), "inflow", "missing"),
    ],
)
def test_bad_council_parameters_name_that_file_and_key(tmp_path, change, key, message):
    council = council_file(tmp_path, change)
    path = write(tmp_path, "council: council.yaml\nyears: 1\nruns: 2\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert err.value.path == str(council)
    assert err.value.key.startswith(key)
    assert message in str(err.value)


def test_a_council_file_round_trips(tmp_path):
    council = council_file(tmp_path, lambda d: None)
    scenario = load_scenario(write(tmp_path, f"council: {council}\nyears: 1\nruns: 2\n"))
    base = demo_params(adults=10_000)
    np.testing.assert_allclose(scenario.baseline.transitions, base.transitions, atol=1e-12)
    np.testing.assert_allclose(scenario.baseline.initial, base.initial, atol=1e-9)


def projection_csv(tmp_path, years, drop=None):
    rows = ["year,age_band,sex,adults"]
    bands = demo_params(adults=10_000).cohorts.levels[0]
    for y in years:
        for i, band in enumerate(bands):
            for sex in ("female", "male"):
                if (y, band) != drop:
                    rows.append(f"{y},{band},{sex},{1000 * (1 + 0.01 * i) ** (y - 2026)}")
    path = tmp_path / "projection.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_population_projection_from_a_file_scales_requests(tmp_path):
    projection_csv(tmp_path, range(2026, 2029))
    s = load_scenario(
        write(tmp_path, SMALL + "baseline: {population: {projection: projection.csv}}\n")
    )
    index = s.baseline.demand_index
    assert index.shape == (2, s.baseline.n_cohorts)
    np.testing.assert_allclose(index[0], 1.0)
    band = s.baseline.cohorts.codes("age_band")
    np.testing.assert_allclose(index[1], 1 + 0.01 * band)
    monthly = run_expected(s.baseline, months=24)
    np.testing.assert_allclose(monthly.requests[0, 12], s.baseline.inflow * index[1])


def test_missing_population_data_names_the_file_and_year(tmp_path):
    csv_path = projection_csv(tmp_path, range(2026, 2028), drop=(2027, "85+"))
    path = write(tmp_path, SMALL + "baseline: {population: {projection: projection.csv}}\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert err.value.key == f"baseline.population.projection ({csv_path})"
    assert "missing population data for 2027, age band 85+" in str(err.value)
    projection_csv(tmp_path, range(2026, 2027))  # one year only: the run needs two
    with pytest.raises(ScenarioError, match="missing population data for 2027"):
        load_scenario(path)


def test_a_projection_of_no_growth_changes_nothing():
    params = demo_params(adults=20_000)
    flat = dataclasses.replace(params, demand_index=np.ones((3, params.n_cohorts)))
    a, b = run_expected(params, 36), run_expected(flat, 36)
    np.testing.assert_array_equal(a.people, b.people)
    with pytest.raises(ValueError, match="population: the projection covers 3 years"):
        run_expected(flat, 37)


def test_a_scenario_without_changes_equals_its_baseline(tmp_path):
    s = load_scenario(write(tmp_path, SMALL + "scenario: {levers: {short_term_offer: 0}}\n"))
    outcome = run_scenario(s, scheduler="synchronous")
    np.testing.assert_array_equal(outcome.baseline.cost, outcome.changed.cost)
    for m in outcome.comparison.measures:
        assert all(d == (0.0, 0.0, 0.0) or np.isnan(d).all() for d in m.difference), m.code
    assert "about the same" in " ".join(summary(outcome.comparison))


def test_capacity_turns_people_away_and_keeps_everyone():
    params = demo_params(adults=50_000, concentration=None)
    free = run_expected(params, 24)
    places = float(free.people[0, 1:, :, SHORT_TERM_SUPPORT].sum(-1).min()) * 0.6
    limit = Capacity(SHORT_TERM_SUPPORT, places, COMMUNITY_COMMISSIONED)
    capped = run_expected(dataclasses.replace(params, capacity=(limit,)), 24)
    in_short_term = capped.people[0, 1:, :, SHORT_TERM_SUPPORT].sum(-1)
    # Once full it stays at its places (up to rounding); people go to home care instead.
    assert in_short_term.max() <= max(places, in_short_term[0]) + 1e-6
    assert capped.over_capacity[..., SHORT_TERM_SUPPORT].sum() > 0
    assert (
        capped.people[0, -1, :, COMMUNITY_COMMISSIONED].sum()
        > free.people[0, -1, :, COMMUNITY_COMMISSIONED].sum()
    )
    # Conservation: nobody is created or lost by the limit.
    np.testing.assert_allclose(capped.people.sum(axis=(-1, -2)), free.people.sum(axis=(-1, -2)))
    huge = Capacity(SHORT_TERM_SUPPORT, 1e12, COMMUNITY_COMMISSIONED)
    unlimited = run_expected(dataclasses.replace(params, capacity=(huge,)), 24)
    np.testing.assert_array_equal(unlimited.people, free.people)


@settings(max_examples=25, deadline=None)
@given(
    places=st.floats(0, 5_000),
    state=st.sampled_from([2, 3, 4, 5]),
    overflow=st.sampled_from([0, 1, 3, 6]),
)
def test_capacity_conserves_people(places, state, overflow):
    if overflow == state:
        overflow = 0
    params = demo_params(adults=20_000)
    limit = Capacity(state, places, overflow)
    out = simulate(dataclasses.replace(params, capacity=(limit,)), 12)
    free = simulate(params, 12)
    np.testing.assert_allclose(out.people.sum(axis=(-1, -2)), free.people.sum(axis=(-1, -2)))
    assert (out.people >= -1e-9).all()


def test_comparison_outputs(tmp_path):
    s = parse_scenario(
        SMALL + "carers: {per_person: {long_term_community_support: 1}, supported_today: 0.2,"
        " weekly_cost: 30}\nscenario: {levers: {care_home_avoidance: 0.3}}\n"
    )
    c = run_scenario(s, scheduler="synchronous").comparison
    assert c.years == [2026, 2027] and c.runs == 4
    admissions = c.get("admissions.care_home")
    assert all(d[1] < 0 for d in admissions.difference)
    # Nobody new is supported (no take-up), so the supported share falls from a fifth.
    share = [b[1] for b in c.get("carers.supported_share").baseline]
    assert 0.2 > share[0] > share[1] > 0
    assert c.get("cost.carers").baseline[0][1] > 0
    data = json.loads(json.dumps(c.to_dict()))
    assert data["levers"] == {"care_home_avoidance": 0.3}
    lines = c.to_csv().splitlines()
    assert lines[0].startswith("measure,label,unit,year,series")
    assert len(lines) == 1 + len(c.measures) * 2 * 3
    text = " ".join(summary(c))
    assert "fewer admissions to care homes" in text


def test_plan_run_command(tmp_path, capsys):
    path = write(tmp_path, SMALL + "scenario: {levers: {front_door_resolution: 0.2}}\n")
    out = tmp_path / "out"
    code = main(
        ["plan", "run", str(path), "--runs", "3", "--scheduler", "synchronous", "-q",
         "--format", "csv", "--chart", "png", "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    printed = capsys.readouterr().out
    assert "3 Monte Carlo runs" in printed
    assert {p.name for p in out.iterdir()} == {
        "results.csv", "summary.txt", "scenario.yaml", "people.png", "cost.png"
    }  # fmt: skip
    assert (out / "people.png").read_bytes()[:4] == b"\x89PNG"


def test_plan_run_refuses_a_bad_file(tmp_path, capsys):
    path = write(tmp_path, SMALL + "scenario: {levers: {short_term_offer: 2}}\n")
    with pytest.raises(SystemExit) as exit_:
        main(["plan", "run", str(path), "--scheduler", "synchronous", "-q"])
    assert exit_.value.code == 2
    assert "scenario.levers.short_term_offer: 2.0 is not a share" in capsys.readouterr().err


def test_plan_scenarios_lists_the_examples(capsys):
    assert main(["plan", "scenarios"]) == 0
    assert "optimised-model" in capsys.readouterr().out


def test_states_in_files_are_the_engine_states():
    assert params_to_dict(demo_params(adults=10_000))["states"] == list(STATES)


def test_plan_calibrate_checks_its_dates(capsys):
    assert main(["plan", "calibrate", "--from", "2025-01-01", "--to", "2024-01-01"]) == 2
    assert "--to must be after --from" in capsys.readouterr().err
    args = ["plan", "calibrate", "--from", "2024-01-01", "--to", "2025-01-01",
            "--backtest-from", "2026-01-01"]  # fmt: skip
    assert main(args) == 2
    assert "--backtest-from must fall between" in capsys.readouterr().err
