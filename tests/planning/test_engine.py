"""The planning engine: conservation, levers, an analytic case, determinism, validation and
agreement with the per-person reference. Pure NumPy: no database."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from openasc.planning.engine import (
    Cohorts,
    Levers,
    Params,
    PlanningInputError,
    apply_levers,
    care_home_admissions_per_100k,
    demo_params,
    percentile_bands,
    run_batch,
    run_expected,
    run_monte_carlo,
    run_stream,
    short_term_no_ongoing_support_share,
    simulate,
    to_yearly,
)
from openasc.planning.engine import states as st
from openasc.planning.engine.model import WEEKS_PER_MONTH
from openasc.planning.engine.reference import simulate_people

S = st.N_STATES
LTC = st.COMMUNITY_COMMISSIONED


def random_params(seed: int, n_cohorts: int = 3, sparsity: float = 0.3) -> Params:
    """Random valid parameters: Dirichlet rows with some zeros, deceased absorbing."""
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(S), size=(n_cohorts, S))
    p[rng.random(p.shape) < sparsity] = 0.0
    p[:, :, st.DECEASED] += 1e-3  # every row keeps some mass
    p /= p.sum(axis=-1, keepdims=True)
    p[:, st.DECEASED] = np.eye(S)[st.DECEASED]
    entry = rng.dirichlet(np.ones(S - 1), size=n_cohorts)
    return Params(
        cohorts=Cohorts.product(cohort=[f"c{i}" for i in range(n_cohorts)]),
        initial=rng.uniform(0, 1000, (n_cohorts, S)),
        inflow=rng.uniform(0, 100, n_cohorts),
        entry_mix=np.concatenate([entry, np.zeros((n_cohorts, 1))], axis=1),
        transitions=p,
        unit_cost=rng.uniform(0, 1000, S),
        annual_uplift=0.03,
        adult_population=rng.uniform(1e4, 1e5, n_cohorts),
        concentration=50.0,
        inflow_cv=0.1,
    )


def assert_conserved(params: Params, res) -> None:
    totals = res.people.sum(axis=-1)  # (R, M + 1, C), includes the deceased
    np.testing.assert_allclose(totals[:, 1:], totals[:, :-1] + res.requests, rtol=1e-12)
    # Flows agree with the stocks: in minus out is the change in each state.
    change = res.people[:, 1:] - res.people[:, :-1]
    scale = max(1.0, float(res.people.max()))
    np.testing.assert_allclose(res.admissions - res.discharges, change, atol=1e-9 * scale)


# --- conservation and properties -------------------------------------------------------


def test_demo_council_conserves_people():
    params = demo_params()
    assert_conserved(params, run_batch(params, range(4), seed=7, months=24))


@settings(max_examples=40, deadline=None)
@given(
    seed=hst.integers(0, 2**32 - 1),
    n_cohorts=hst.integers(1, 4),
    months=hst.integers(1, 30),
    runs=hst.integers(1, 3),
)
def test_random_parameters_conserve_people_and_stay_non_negative(seed, n_cohorts, months, runs):
    params = random_params(seed, n_cohorts)
    res = run_batch(params, range(runs), seed=seed, months=months)
    assert_conserved(params, res)
    for name in ("people", "admissions", "discharges", "short_term_exits", "cost"):
        assert (getattr(res, name) >= 0).all(), name
    # The dead stay dead: deceased never falls.
    assert (np.diff(res.people[..., st.DECEASED], axis=1) >= 0).all()


@settings(max_examples=25, deadline=None)
@given(
    seed=hst.integers(0, 2**32 - 1),
    shares=hst.tuples(*[hst.floats(0, 1)] * 4),
    multipliers=hst.lists(hst.floats(0.1, 5), min_size=3, max_size=3),
)
def test_levers_keep_parameters_valid_and_people_conserved(seed, shares, multipliers):
    params = random_params(seed)
    destinations = ["residential_care", "nursing_care", "short_term_support"]
    mix = dict(zip(destinations, multipliers, strict=True))
    levers = Levers(*shares, discharge_mix=mix)
    scenario = apply_levers(params, levers)  # re-validated on construction
    assert_conserved(scenario, run_batch(scenario, [0, 1], seed=1, months=12))


# --- levers ----------------------------------------------------------------------------


def test_every_lever_at_no_change_equals_the_baseline_exactly():
    params = demo_params()
    unchanged = apply_levers(params, Levers())
    also_unchanged = apply_levers(
        params, Levers(discharge_mix={"residential_care": 1.0, "nursing_care": 1.0})
    )
    for scenario in (unchanged, also_unchanged):
        assert np.array_equal(scenario.transitions, params.transitions)
        assert np.array_equal(scenario.entry_mix, params.entry_mix)
        base = run_batch(params, range(3), seed=5, months=36)
        same = run_batch(scenario, range(3), seed=5, months=36)
        for name in ("people", "admissions", "discharges", "cost"):
            assert np.array_equal(getattr(base, name), getattr(same, name)), name


def test_levers_move_people_the_way_the_delivery_model_says():
    params = demo_params(concentration=None)
    base = to_yearly(run_expected(params, 60))

    def yearly(**kw):
        return to_yearly(run_expected(apply_levers(params, Levers(**kw)), 60))

    care_home = list(st.CARE_HOME_STATES)
    front_door = yearly(front_door_resolution=0.3)
    assert (
        front_door.admissions[..., st.INFORMATION_AND_ADVICE]
        > base.admissions[..., st.INFORMATION_AND_ADVICE]
    ).all()
    assert front_door.total_cost[0, -1] < base.total_cost[0, -1]
    avoided = yearly(care_home_avoidance=0.18)
    assert avoided.admissions[..., care_home].sum() < base.admissions[..., care_home].sum()
    reablement = yearly(reablement_effectiveness=0.5)
    assert (
        short_term_no_ongoing_support_share(reablement) > short_term_no_ongoing_support_share(base)
    ).all()
    offer = yearly(short_term_offer=0.5)
    assert (
        offer.admissions[..., st.SHORT_TERM_SUPPORT].sum()
        > base.admissions[..., st.SHORT_TERM_SUPPORT].sum()
    )
    discharge = apply_levers(params, Levers(discharge_mix={"residential_care": 0.5}))
    row, old = discharge.transitions[:, st.IN_HOSPITAL], params.transitions[:, st.IN_HOSPITAL]
    assert (row[:, st.RESIDENTIAL_CARE] < old[:, st.RESIDENTIAL_CARE]).all()
    # Staying in hospital and dying there are not discharge destinations: unchanged.
    for s in (st.IN_HOSPITAL, st.DECEASED):
        np.testing.assert_allclose(row[:, s], old[:, s], rtol=1e-15)


def test_apply_levers_does_not_change_its_input():
    params = demo_params()
    before = params.transitions.copy()
    apply_levers(params, Levers(front_door_resolution=0.5, care_home_avoidance=0.5))
    assert np.array_equal(params.transitions, before)
    with pytest.raises(ValueError):
        params.transitions[0, 0, 0] = 1.0  # read-only


# --- an analytic case ------------------------------------------------------------------


def two_state_params(n0: float, p: float, inflow: float, weekly_cost: float) -> Params:
    """Everyone in long-term community support, leaving only by death with probability p."""
    t = np.eye(S)
    t[LTC, LTC] = 1 - p
    t[LTC, st.DECEASED] = p
    initial = np.zeros((1, S))
    initial[0, LTC] = n0
    cost = np.zeros(S)
    cost[LTC] = weekly_cost
    return Params(
        cohorts=Cohorts.product(age_band=["65+"]),
        initial=initial,
        inflow=[inflow],
        entry_mix=np.eye(S)[[LTC]],
        transitions=t[None],
        unit_cost=cost,
        annual_uplift=0.1,
    )


def test_two_state_chain_matches_the_closed_form():
    n0, p, a, months = 1000.0, 0.02, 15.0, 60
    res = run_expected(two_state_params(n0, p, a, weekly_cost=300.0), months)
    t = np.arange(months + 1)
    survivors = n0 * (1 - p) ** t + a * (1 - (1 - p) ** t) / p
    np.testing.assert_allclose(res.people[0, :, 0, LTC], survivors, rtol=1e-12)
    np.testing.assert_allclose(
        res.deaths[0, :, 0], p * survivors[:-1], rtol=1e-12
    )  # deaths in month t = p x people at its start
    # Cost: average occupancy x weekly cost x weeks per month, uplifted 10% a year.
    uplift = 1.1 ** (t[:-1] // 12)
    expected = 0.5 * (survivors[:-1] + survivors[1:]) * 300 * WEEKS_PER_MONTH * uplift
    np.testing.assert_allclose(res.cost[0, :, LTC], expected, rtol=1e-12)
    yearly = to_yearly(res)
    np.testing.assert_allclose(yearly.total_cost[0], expected.reshape(5, 12).sum(1), rtol=1e-12)
    np.testing.assert_allclose(yearly.people[0, :, 0, LTC], survivors[12::12])


def test_proxies_on_a_hand_worked_case():
    t = np.eye(S)
    t[st.SHORT_TERM_SUPPORT] = 0
    t[st.SHORT_TERM_SUPPORT, [st.NO_FORMAL_SUPPORT, st.RESIDENTIAL_CARE, st.DECEASED]] = [
        0.6,
        0.2,
        0.2,
    ]
    initial = np.zeros((1, S))
    initial[0, st.SHORT_TERM_SUPPORT] = 100
    params = Params(
        cohorts=Cohorts.product(age_band=["85+"]),
        initial=initial,
        inflow=[0.0],
        entry_mix=np.eye(S)[[st.NO_FORMAL_SUPPORT]],
        transitions=t[None],
        unit_cost=np.zeros(S),
        adult_population=[10_000],
    )
    yearly = to_yearly(run_expected(params, 12))
    # 60 of the 80 who left other than by death need no ongoing support.
    assert short_term_no_ongoing_support_share(yearly)[0, 0] == pytest.approx(0.75)
    names, rate = care_home_admissions_per_100k(yearly, params)
    assert names == ("85+",)
    assert rate[0, 0, 0] == pytest.approx(20 / 10_000 * 100_000)


# --- Monte Carlo -----------------------------------------------------------------------


def test_runs_are_identical_whatever_the_batching():
    params = demo_params()
    whole = run_batch(params, range(10), seed=42, months=24)
    halves = [run_batch(params, ids, seed=42, months=24) for ids in (range(0, 4), range(4, 10))]
    backwards = run_batch(params, range(9, -1, -1), seed=42, months=24)
    for name in ("people", "admissions", "discharges", "short_term_exits", "cost", "requests"):
        full = getattr(whole, name)
        assert np.array_equal(full, np.concatenate([getattr(h, name) for h in halves])), name
        assert np.array_equal(full, getattr(backwards, name)[::-1]), name
    chunked = run_monte_carlo(params, 10, seed=42, months=24, chunk_size=3)
    assert np.array_equal(chunked.total_cost, to_yearly(whole).total_cost)


def test_run_streams_are_the_spawned_children():
    children = np.random.SeedSequence(9).spawn(5)
    for i, child in enumerate(children):
        expected = np.random.Generator(np.random.PCG64(child)).random(3)
        assert np.array_equal(run_stream(9, i).random(3), expected)


def test_uncertainty_is_centred_on_the_base_parameters_and_seeds_matter():
    params = demo_params(concentration=200.0)
    mc = run_monte_carlo(params, 200, seed=3, months=24)
    central = to_yearly(run_expected(params, 24)).total_cost[0]
    bands = percentile_bands(mc.total_cost)
    assert (bands.low < central).all() and (central < bands.high).all()
    assert (bands.low <= bands.median).all() and (bands.median <= bands.high).all()
    np.testing.assert_allclose(bands.median, central, rtol=0.02)
    other = run_monte_carlo(params, 5, seed=4, months=24)
    assert not np.array_equal(other.total_cost, mc.total_cost[:5])


# --- validation ------------------------------------------------------------------------


def _kwargs(params: Params) -> dict:
    """Constructor arguments of ``params``, as writable copies of its arrays."""
    names = ("initial", "inflow", "entry_mix", "transitions", "unit_cost", "adult_population")
    return {"cohorts": params.cohorts} | {k: np.array(getattr(params, k)) for k in names}


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (
            lambda k: k["transitions"].__setitem__((0, 0, 1), 1.5),
            "transitions",
            r"outside \[0, 1\]",
        ),
        (lambda k: k["transitions"].__setitem__((0, 0, 1), -0.1), "transitions", "outside"),
        (lambda k: k["transitions"].__setitem__((1, 2, 0), 0.5), "transitions", "sum to 1"),
        (lambda k: k["entry_mix"].__setitem__((0, 0), 0.9), "entry_mix", "sum to 1"),
        (lambda k: k["unit_cost"].__setitem__((0, 3), -1.0), "unit_cost", "negative"),
        (lambda k: k["inflow"].__setitem__(0, -5.0), "inflow", "negative"),
        (lambda k: k["initial"].__setitem__((0, 0), np.nan), "initial", "finite"),
        (lambda k: k.__setitem__("inflow", np.ones(5)), "inflow", "shape"),
        (lambda k: k.__setitem__("transitions", np.ones((2, S, S))), "transitions", "shape"),
    ],
)
def test_invalid_inputs_name_the_key(change, key, words):
    kwargs = _kwargs(random_params(1, n_cohorts=3))
    change(kwargs)
    with pytest.raises(PlanningInputError, match=words) as err:
        Params(**kwargs)
    assert err.value.key.startswith(key)
    assert isinstance(err.value, ValueError)


def test_deceased_must_be_absorbing():
    kwargs = _kwargs(random_params(2))
    kwargs["transitions"][:, st.DECEASED] = np.eye(S)[st.NO_FORMAL_SUPPORT]
    with pytest.raises(PlanningInputError, match="absorbing") as err:
        Params(**kwargs)
    assert err.value.key == "transitions"


def test_row_errors_say_which_cohort_and_state():
    kwargs = _kwargs(random_params(3))
    kwargs["transitions"][2, 4, 0] += 0.01
    with pytest.raises(PlanningInputError) as err:
        Params(**kwargs)
    assert err.value.key == "transitions[('c2',), 4]"


@pytest.mark.parametrize(
    ("levers", "key"),
    [
        (dict(front_door_resolution=1.2), "levers.front_door_resolution"),
        (dict(care_home_avoidance=-0.1), "levers.care_home_avoidance"),
        (dict(discharge_mix={"care_home": 0.5}), "levers.discharge_mix.care_home"),
        (dict(discharge_mix={"deceased": 0.5}), "levers.discharge_mix.deceased"),
        (dict(discharge_mix={"nursing_care": -1}), "levers.discharge_mix.nursing_care"),
    ],
)
def test_invalid_levers_name_the_key(levers, key):
    with pytest.raises(PlanningInputError) as err:
        Levers(**levers)
    assert err.value.key == key


def test_other_invalid_settings_name_the_key():
    params = random_params(4)
    for key, value in (("concentration", -1.0), ("inflow_cv", -0.5), ("annual_uplift", -2.0)):
        with pytest.raises(PlanningInputError) as err:
            Params(**_kwargs(params) | {key: value})
        assert err.value.key == key
    with pytest.raises(PlanningInputError) as err:
        care_home_admissions_per_100k(to_yearly(run_expected(params, 12)), params, dim="sex")
    assert err.value.key == "cohorts"


# --- the per-person reference ----------------------------------------------------------


def test_per_person_reference_agrees_with_the_cohort_model_in_expectation():
    params = random_params(11, n_cohorts=2, sparsity=0.2)
    params = dataclasses.replace(params, initial=params.initial * 5, inflow=params.inflow * 5)
    months = 12
    expected = simulate(params, months).people[0]
    counts = simulate_people(params, months, seed=2024)
    # Each count is a sum of independent yes/no draws, so within 5 standard deviations
    # (sd <= sqrt(expected)), plus a little for rounding fractional starting numbers.
    tolerance = 5 * np.sqrt(expected) + 3
    assert (np.abs(counts - expected) <= tolerance).all()
    # Over all months and cells the differences are noise around zero, not a bias.
    z = (counts - expected)[1:] / np.sqrt(np.maximum(expected[1:], 1))
    assert abs(z.mean()) < 0.5


def test_more_cohort_dimensions_are_just_more_cohorts():
    cohorts = Cohorts.product(
        age_band=["18-64", "65+"], sex=["female", "male"], reason=["physical", "memory", "ld"]
    )
    assert cohorts.size == 12 and cohorts.labels[1] == ("18-64", "female", "memory")
    assert list(cohorts.codes("reason")[:4]) == [0, 1, 2, 0]
    base = random_params(5, n_cohorts=12)
    params = dataclasses.replace(base, cohorts=cohorts)
    yearly = to_yearly(run_batch(params, [0], seed=1, months=12))
    names, rate = care_home_admissions_per_100k(yearly, params, dim="reason")
    assert names == ("physical", "memory", "ld") and rate.shape == (1, 1, 3)
    with pytest.raises(PlanningInputError) as err:
        Cohorts.product(age_band=["65+", "65+"])
    assert err.value.key == "cohorts.age_band"
