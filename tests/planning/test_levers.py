"""The levers aimed at groups (learning disability, older adults, home care): no change at
zero, the right cohorts and direction, errors naming the lever, and the invariants (rows sum
to 1, nobody lost) for any values. Pure NumPy: no database."""

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
    demo_params,
    run_batch,
    run_expected,
    to_yearly,
)
from openasc.planning.engine import states as st
from openasc.planning.engine.cohort_select import age_bounds, home_care
from openasc.planning.engine.levers import TARGETED, lever_applies

S = st.N_STATES
RES = st.RESIDENTIAL_CARE
LTC = list(st.COMMUNITY_STATES)  # long-term community support, however held
NEW_LEVERS = tuple(TARGETED)


def random_params(seed: int, cohorts: Cohorts) -> Params:
    """Random valid parameters over ``cohorts``: Dirichlet rows, deceased absorbing."""
    rng = np.random.default_rng(seed)
    c = cohorts.size
    p = rng.dirichlet(np.ones(S), size=(c, S))
    p[rng.random(p.shape) < 0.3] = 0.0
    p[:, :, st.DECEASED] += 1e-3
    p /= p.sum(axis=-1, keepdims=True)
    p[:, st.DECEASED] = np.eye(S)[st.DECEASED]
    entry = rng.dirichlet(np.ones(S - 1), size=c)
    return Params(
        cohorts=cohorts,
        initial=rng.uniform(0, 1000, (c, S)),
        inflow=rng.uniform(0, 100, c),
        entry_mix=np.concatenate([entry, np.zeros((c, 1))], axis=1),
        transitions=p,
        unit_cost=rng.uniform(0, 1000, (c, S)),
    )


AGE_REASON = Cohorts.product(
    age_band=["18-64", "65-74", "85+"],
    primary_support_reason=["learning_disability", "physical", "mental_health"],
)


def mask(cohorts: Cohorts, **where) -> np.ndarray:
    """Cohorts whose level in each named dimension is one of the given levels."""
    keep = np.ones(cohorts.size, dtype=bool)
    for dim, levels in where.items():
        names = cohorts.levels[cohorts.dims.index(dim)]
        keep &= np.isin(cohorts.codes(dim), [names.index(v) for v in levels])
    return keep


@pytest.fixture(scope="module")
def demo():
    return demo_params(concentration=None)


@pytest.fixture(scope="module")
def groups(demo):
    cohorts = demo.cohorts
    older = mask(cohorts, age_band=["65-74", "75-84", "85+"])
    ld = mask(cohorts, primary_support_reason=["learning_disability"])
    return {"older": older, "ld_working_age": ld & ~older}


# --- no change at zero ---------------------------------------------------------------------


@pytest.mark.parametrize("cohorts", [AGE_REASON, Cohorts.product(cohort=["a", "b"])])
def test_new_levers_at_zero_leave_every_parameter_identical(cohorts):
    # At zero no cohort dimension is needed, so any cohorts will do.
    params = random_params(1, cohorts)
    same = apply_levers(params, Levers(**dict.fromkeys(NEW_LEVERS, 0.0)))
    for name in ("initial", "inflow", "entry_mix", "transitions", "unit_cost"):
        assert np.array_equal(getattr(same, name), getattr(params, name)), name


# --- each lever acts on its group, the right way ----------------------------------------------


@pytest.mark.parametrize(
    ("lever", "share", "group"),
    [
        ("ld_support_hours_reduction", 0.08, "ld_working_age"),
        ("trusted_provider_hours_reduction", 0.05, "older"),
        ("community_replacement_hours_reduction", 0.047, None),
    ],
)
def test_hours_levers_cut_community_cost_for_their_group_only(demo, groups, lever, share, group):
    changed = apply_levers(demo, Levers(**{lever: share}))
    hit = groups[group] if group else np.ones(demo.n_cohorts, dtype=bool)
    old, new = demo.unit_cost, changed.unit_cost
    np.testing.assert_allclose(new[hit][:, LTC], old[hit][:, LTC] * (1 - share), rtol=1e-15)
    assert np.array_equal(new[~hit][:, LTC], old[~hit][:, LTC])
    others = [s for s in range(S) if s not in LTC]
    assert np.array_equal(new[:, others], old[:, others])
    base = to_yearly(run_expected(demo, 24))
    scenario = to_yearly(run_expected(changed, 24))
    assert np.array_equal(scenario.people, base.people)  # the same people, cheaper hours
    assert (scenario.total_cost < base.total_cost).all()


def test_hours_levers_on_the_same_people_multiply(demo, groups):
    both = Levers(
        ld_support_hours_reduction=0.08,
        trusted_provider_hours_reduction=0.05,
        community_replacement_hours_reduction=0.047,
    )
    new, old = apply_levers(demo, both).unit_cost[:, LTC], demo.unit_cost[:, LTC]
    ld, older = groups["ld_working_age"], groups["older"]
    np.testing.assert_allclose(new[ld], old[ld] * 0.92 * 0.953, rtol=1e-15)
    np.testing.assert_allclose(new[older], old[older] * 0.95 * 0.953, rtol=1e-15)
    rest = ~(ld | older)
    np.testing.assert_allclose(new[rest], old[rest] * 0.953, rtol=1e-15)


def test_ld_residential_moves_move_residents_once_and_redirect_admissions(demo, groups):
    ld = groups["ld_working_age"]
    moved = apply_levers(demo, Levers(ld_residential_moves=0.43))
    old, new = demo.initial, moved.initial
    np.testing.assert_allclose(new[ld, RES], old[ld, RES] * 0.57, rtol=1e-12)
    np.testing.assert_allclose(
        new[ld][:, LTC].sum(1), old[ld][:, LTC].sum(1) + old[ld, RES] * 0.43, rtol=1e-12
    )
    # The movers are shared between direct payments, managed budgets and commissioned
    # support as the people already in community support are.
    np.testing.assert_allclose(
        new[ld][:, LTC] / new[ld][:, LTC].sum(1, keepdims=True),
        old[ld][:, LTC] / old[ld][:, LTC].sum(1, keepdims=True),
        rtol=1e-12,
    )
    assert np.array_equal(new[~ld], old[~ld])
    np.testing.assert_allclose(new.sum(axis=1), old.sum(axis=1), rtol=1e-12)  # nobody lost
    # New admissions to residential care: from requests and from the community, not from
    # hospital (the discharge mix's) or nursing care (moves between care homes).
    assert (moved.entry_mix[ld, RES] < demo.entry_mix[ld, RES]).all()
    assert np.array_equal(moved.entry_mix[~ld], demo.entry_mix[~ld])
    for origin in (st.NO_FORMAL_SUPPORT, st.SHORT_TERM_SUPPORT, *LTC):
        np.testing.assert_allclose(
            moved.transitions[ld, origin, RES], demo.transitions[ld, origin, RES] * 0.57
        )
    for origin in (st.IN_HOSPITAL, st.NURSING_CARE):
        assert np.array_equal(moved.transitions[:, origin], demo.transitions[:, origin])
    base = to_yearly(run_expected(demo, 36))
    scenario = to_yearly(run_expected(moved, 36))
    in_residential = base.people[..., ld, RES].sum(-1), scenario.people[..., ld, RES].sum(-1)
    assert (in_residential[1] < in_residential[0]).all()
    admitted = base.admissions[..., ld, RES].sum(), scenario.admissions[..., ld, RES].sum()
    assert admitted[1] < admitted[0]
    assert (scenario.total_cost < base.total_cost).all()  # supported living costs less


def test_home_care_levers_skip_supported_living_when_the_cohorts_say_which_it_is():
    cohorts = Cohorts.product(
        age_band=["18-64", "65+"], community_service=["home_care", "supported_living"]
    )
    params = random_params(3, cohorts)
    assert list(home_care(cohorts)) == [True, False, True, False]
    changed = apply_levers(
        params,
        Levers(community_replacement_hours_reduction=0.1, trusted_provider_hours_reduction=0.1),
    )
    factor = changed.unit_cost[:, LTC] / params.unit_cost[:, LTC]
    expected = np.array([[0.9, 1.0, 0.9 * 0.9, 1.0]]).T  # the same for every mechanism
    np.testing.assert_allclose(factor, np.broadcast_to(expected, factor.shape), rtol=1e-12)


def test_age_bands_are_read_from_their_names():
    assert age_bounds("65-74") == (65, 74)
    assert age_bounds("85+") == (85, None)
    assert age_bounds("18 to 64") == (18, 64)
    assert age_bounds("65 and over") == (65, None)
    # A CLD-style learning disability level is recognised too.
    cohorts = Cohorts.product(
        age_band=["18-24", "60-69", "65+"],
        primary_support_reason=["Learning Disability Support", "Physical Support"],
    )
    params = random_params(4, cohorts)
    changed = apply_levers(params, Levers(ld_support_hours_reduction=0.5))
    factor = changed.unit_cost[:, LTC] / params.unit_cost[:, LTC]
    # Only 18-24 with a learning disability: 60-69 crosses 65, so is neither group.
    expected = np.array([[0.5, 1, 1, 1, 1, 1]]).T
    np.testing.assert_allclose(factor, np.broadcast_to(expected, factor.shape), rtol=1e-12)


# --- errors name the lever ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cohorts", "lever", "key", "words"),
    [
        (
            Cohorts.product(age_band=["18-64", "65+"], sex=["female", "male"]),
            "ld_support_hours_reduction",
            "levers.ld_support_hours_reduction",
            "primary_support_reason",
        ),
        (
            Cohorts.product(age_band=["18-64", "65+"], sex=["female", "male"]),
            "ld_residential_moves",
            "levers.ld_residential_moves",
            "primary_support_reason",
        ),
        (
            Cohorts.product(primary_support_reason=["learning_disability", "physical"]),
            "trusted_provider_hours_reduction",
            "levers.trusted_provider_hours_reduction",
            "age_band",
        ),
        (
            Cohorts.product(primary_support_reason=["learning_disability", "physical"]),
            "ld_support_hours_reduction",
            "levers.ld_support_hours_reduction",
            "age_band",
        ),
        (
            Cohorts.product(age_band=["18-64"], primary_support_reason=["physical"]),
            "ld_residential_moves",
            "levers.ld_residential_moves",
            "no 'learning_disability' level",
        ),
        (
            Cohorts.product(age_band=["18-64"], primary_support_reason=["learning_disability"]),
            "trusted_provider_hours_reduction",
            "levers.trusted_provider_hours_reduction",
            "65 or over",
        ),
        (
            Cohorts.product(age_band=["adults"], primary_support_reason=["learning_disability"]),
            "ld_support_hours_reduction",
            "cohorts.age_band",
            "not understood",
        ),
    ],
)
def test_a_lever_whose_group_the_cohorts_cannot_show_is_an_error_naming_it(
    cohorts, lever, key, words
):
    params = random_params(5, cohorts)
    with pytest.raises(PlanningInputError, match=words) as err:
        apply_levers(params, Levers(**{lever: 0.1}))
    assert err.value.key == key


def test_lever_applies_says_which_levers_the_cohorts_can_take():
    by_age_and_sex = Cohorts.product(age_band=["18-64", "65+"], sex=["female", "male"])
    usable = {f.name for f in dataclasses.fields(Levers) if lever_applies(f.name, by_age_and_sex)}
    assert "ld_support_hours_reduction" not in usable and "ld_residential_moves" not in usable
    assert {"short_term_offer", "trusted_provider_hours_reduction"} <= usable
    assert all(lever_applies(name, AGE_REASON) for name in NEW_LEVERS)


@pytest.mark.parametrize("lever", NEW_LEVERS)
@pytest.mark.parametrize("value", [-0.01, 1.5, float("nan")])
def test_new_levers_must_be_shares(lever, value):
    with pytest.raises(PlanningInputError, match=r"not a share in \[0, 1\]") as err:
        Levers(**{lever: value})
    assert err.value.key == f"levers.{lever}"


# --- invariants for any values -----------------------------------------------------------------

SHARES = [f.name for f in dataclasses.fields(Levers) if f.name != "discharge_mix"]


@settings(max_examples=40, deadline=None)
@given(
    seed=hst.integers(0, 2**32 - 1),
    shares=hst.lists(hst.floats(0, 1), min_size=len(SHARES), max_size=len(SHARES)),
    multipliers=hst.lists(hst.floats(0.1, 5), min_size=3, max_size=3),
)
def test_any_lever_values_keep_rows_summing_to_1_and_people_conserved(seed, shares, multipliers):
    params = random_params(seed, AGE_REASON)
    destinations = ["residential_care", "nursing_care", "short_term_support"]
    mix = dict(zip(destinations, multipliers, strict=True))
    levers = Levers(**dict(zip(SHARES, shares, strict=True)), discharge_mix=mix)
    scenario = apply_levers(params, levers)
    np.testing.assert_allclose(scenario.transitions.sum(axis=-1), 1.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(scenario.entry_mix.sum(axis=-1), 1.0, rtol=0, atol=1e-12)
    assert (scenario.transitions >= 0).all() and (scenario.entry_mix >= 0).all()
    np.testing.assert_allclose(scenario.initial.sum(axis=1), params.initial.sum(axis=1))
    assert (scenario.initial >= 0).all()
    assert (scenario.unit_cost >= 0).all() and (scenario.unit_cost <= params.unit_cost).all()
    res = run_batch(scenario, [0], seed=1, months=12)
    totals = res.people.sum(axis=-1)
    np.testing.assert_allclose(totals[:, 1:], totals[:, :-1] + res.requests, rtol=1e-12)
