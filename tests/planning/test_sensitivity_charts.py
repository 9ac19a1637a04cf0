"""One-at-a-time sensitivity (tornado) and the planning charts. Pure NumPy and Matplotlib:
no database."""

from __future__ import annotations

import numpy as np
import pytest

from openasc.planning import charts
from openasc.planning.engine import (
    Levers,
    PlanningInputError,
    apply_levers,
    demo_params,
    run_expected,
    run_monte_carlo,
    to_yearly,
)
from openasc.planning.engine import states as st
from openasc.planning.engine.sensitivity import (
    Factor,
    TornadoBar,
    apply_factor,
    default_factors,
    share_levers,
    tornado,
    total_cost,
)

MONTHS = 24
HOSPITAL_TO_RESIDENTIAL = "transitions.in_hospital_awaiting_discharge.residential_care"


@pytest.fixture(scope="module")
def params():
    return demo_params(concentration=None)


def run_tornado(params, factors=None, **kw):
    return tornado(params, factors=factors, months=MONTHS, scheduler="synchronous", **kw)


# --- factors ---------------------------------------------------------------------------


def test_default_factors_cover_demand_every_share_lever_costs_uplift_and_discharges(params):
    names = [f.name for f in default_factors(params)]
    assert len(names) == len(set(names))
    assert set(names) == {
        "inflow",
        *(f"levers.{name}" for name in share_levers()),
        "unit_cost.residential_care",
        "unit_cost.nursing_care",
        "unit_cost.long_term_community_support",
        "annual_uplift",
        HOSPITAL_TO_RESIDENTIAL,
    }
    assert "levers.reablement_effectiveness" in names
    for f in default_factors(params):
        assert f.label and f.low <= f.high
        apply_factor(params, Levers(), f, f.low)  # every default is valid
        apply_factor(params, Levers(), f, f.high)


def test_a_probability_factor_moves_mass_from_staying_put_and_rows_still_sum_to_1(params):
    h, r = st.IN_HOSPITAL, st.RESIDENTIAL_CARE
    factor = Factor(HOSPITAL_TO_RESIDENTIAL, "Discharges to residential care", 0.5, 2.0)
    for m in (0.0, 0.5, 2.0):
        changed, levers = apply_factor(params, Levers(), factor, m)
        t, old = changed.transitions, params.transitions
        np.testing.assert_allclose(t.sum(axis=-1), 1.0, rtol=0, atol=1e-12)
        np.testing.assert_allclose(t[:, h, r], old[:, h, r] * m, rtol=1e-12)
        np.testing.assert_allclose(t[:, h, h], old[:, h, h] - old[:, h, r] * (m - 1), rtol=1e-12)
        others = np.ones(old.shape, dtype=bool)
        others[:, h, [h, r]] = False
        assert np.array_equal(t[others], old[others])
        assert levers == Levers()


def test_a_probability_factor_that_needs_more_than_staying_put_is_refused(params):
    factor = Factor(HOSPITAL_TO_RESIDENTIAL, "Discharges to residential care", 1.0, 100.0)
    with pytest.raises(PlanningInputError, match="not possible") as err:
        apply_factor(params, Levers(), factor, 100.0)
    assert err.value.key == f"factors.{HOSPITAL_TO_RESIDENTIAL}"


@pytest.mark.parametrize(
    "name",
    [
        "demand",
        "inflow.female",
        "unit_cost",
        "unit_cost.care_home",
        "levers.discharge_mix",
        "levers.no_such_lever",
        "transitions.residential_care",
        "transitions.deceased.no_formal_support",
        "transitions.nursing_care.nursing_care",
        "transitions.hospital.residential_care",
    ],
)
def test_an_invalid_factor_is_refused_naming_it_before_any_task_runs(params, name):
    calls = []
    factors = [Factor("inflow", "Demand", 0.9, 1.1), Factor(name, "Bad", 0.5, 1.5)]
    with pytest.raises(PlanningInputError) as err:
        run_tornado(params, factors, progress=lambda *a: calls.append(a))
    assert err.value.key == f"factors.{name}"
    assert name in str(err.value)
    assert calls == []


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [
        ("levers.care_home_avoidance", 0.0, 1.5),
        ("inflow", -0.1, 1.0),
        ("unit_cost.nursing_care", 1.0, float("nan")),
        ("annual_uplift", -2.0, 0.0),
    ],
)
def test_an_impossible_setting_is_refused_naming_the_factor(params, name, low, high):
    with pytest.raises(PlanningInputError) as err:
        run_tornado(params, [Factor(name, "Bad", low, high)])
    assert err.value.key == f"factors.{name}"


# --- the tornado -----------------------------------------------------------------------


def test_tornado_bars_are_sorted_by_swing_and_demand_moves_cost_the_right_way(params):
    calls = []
    bars = run_tornado(params, progress=lambda *a: calls.append(a))
    factors = default_factors(params)
    assert {b.name for b in bars} == {f.name for f in factors}
    swings = [b.swing for b in bars]
    assert swings == sorted(swings, reverse=True) and swings[0] > 0
    base = total_cost(to_yearly(run_expected(params, MONTHS)))
    assert all(b.base_value == base for b in bars)
    demand = next(b for b in bars if b.name == "inflow")
    assert demand.low_value < base < demand.high_value
    uplift = next(b for b in bars if b.name == "annual_uplift")
    assert uplift.low_value < uplift.high_value
    reablement = next(b for b in bars if b.name == "levers.reablement_effectiveness")
    assert reablement.low_value == base and reablement.high_value < base  # 0 is the base
    assert calls[-1] == (1 + 2 * len(factors), 1 + 2 * len(factors))


def test_a_factor_whose_low_equals_its_high_has_a_zero_width_bar_at_the_end(params):
    factors = [
        Factor("levers.reablement_effectiveness", "Reablement at 20% either way", 0.2, 0.2),
        Factor("inflow", "Demand ±10%", 0.9, 1.1),
        Factor("unit_cost.nursing_care", "Nursing care cost unchanged", 1.0, 1.0),
    ]
    bars = run_tornado(params, factors)
    assert [b.name for b in bars] == ["inflow", "levers.reablement_effectiveness", factors[2].name]
    for bar in bars[1:]:
        assert bar.swing == 0 and bar.low_value == bar.high_value
    assert bars[2].low_value == bars[2].base_value  # x1 changes nothing at all
    assert bars[1].low_value < bars[1].base_value  # 20% reablement, against a base of 0


def test_the_base_levers_are_the_base_and_a_custom_metric_is_used(params):
    levers = Levers(care_home_avoidance=0.1)

    def care_home_admissions(yearly):
        return float(yearly.admissions[..., list(st.CARE_HOME_STATES)].sum())

    factor = Factor("levers.care_home_avoidance", "Care homes avoided", 0.0, 0.3)
    (bar,) = run_tornado(params, [factor], levers=levers, metric=care_home_admissions)
    scenario = to_yearly(run_expected(apply_levers(params, levers), MONTHS))
    assert bar.base_value == care_home_admissions(scenario)
    assert bar.high_value < bar.base_value < bar.low_value


# --- charts ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def yearly():
    params = demo_params()
    scenario = apply_levers(params, Levers(reablement_effectiveness=0.3))
    return (
        run_monte_carlo(params, 20, seed=1, months=36),
        run_monte_carlo(scenario, 20, seed=1, months=36),
    )


@pytest.fixture(scope="module")
def bars():
    return [
        TornadoBar("inflow", "Demand: new requests ±10%", 9.1e8, 1.09e9, 1.0e9),
        TornadoBar("levers.x", "A lever with a long label that needs wrapping", 1e9, 9.5e8, 1e9),
        TornadoBar("annual_uplift", "No change", 1e9, 1e9, 1e9),
    ]


def draw(kind, yearly, bars, path):
    if kind == "people":
        return charts.people_by_state_chart(*yearly, path)
    if kind == "cost":
        return charts.cost_chart(*yearly, path, start_year=2026)
    return charts.tornado_chart(bars, path, "Total cost over 3 years")


@pytest.mark.parametrize("kind", ["people", "cost", "tornado"])
def test_charts_write_png_and_identical_svg(tmp_path, yearly, bars, kind):
    png = draw(kind, yearly, bars, tmp_path / f"{kind}.png")
    assert png == tmp_path / f"{kind}.png"
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and png.stat().st_size > 5000
    first = draw(kind, yearly, bars, tmp_path / f"{kind}.svg").read_bytes()
    second = draw(kind, yearly, bars, tmp_path / f"{kind}-again.svg").read_bytes()
    assert b"<svg" in first and len(first) > 5000
    assert first == second
    assert b"<dc:date>" not in first


def test_charts_without_a_scenario_and_from_one_expected_run(tmp_path):
    params = demo_params(concentration=None)
    expected = to_yearly(run_expected(params, 24))
    assert charts.people_by_state_chart(expected, None, tmp_path / "p.svg").stat().st_size
    assert charts.cost_chart(expected, None, tmp_path / "c.png").stat().st_size


def test_only_png_and_svg_are_written(tmp_path, bars):
    with pytest.raises(ValueError, match="png or .svg"):
        charts.tornado_chart(bars, tmp_path / "tornado.jpg")
    assert not (tmp_path / "tornado.jpg").exists()


@pytest.mark.parametrize(
    ("ticks", "labels"),
    [
        ([7.5e9, 8e9, 8.5e9], ["£7.5bn", "£8.0bn", "£8.5bn"]),
        ([7.75e9, 8e9, 8.25e9], ["£7.75bn", "£8.00bn", "£8.25bn"]),
        ([0, 5e5, 1e6], ["£0.0m", "£0.5m", "£1.0m"]),
        ([-2e6, 0, 2e6], ["-£2m", "£0m", "£2m"]),
        ([0, 200, 400], ["£0", "£200", "£400"]),
    ],
)
def test_money_ticks(ticks, labels):
    formatter = charts.MoneyFormatter()
    assert formatter.format_ticks(ticks) == labels
