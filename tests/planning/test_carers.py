"""Unpaid carers as a parallel cohort: they number exactly the people's caring roles, move
through not known -> known -> supported at the given rates, and cost what they are paid."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from openasc.planning.engine import PlanningInputError, demo_params, run_batch, simulate
from openasc.planning.engine import states as st
from openasc.planning.engine.carers import KNOWN, NOT_KNOWN, SUPPORTED, CarerChain
from openasc.planning.engine.model import WEEKS_PER_MONTH, to_yearly
from openasc.planning.engine.params import Capacity

S = st.N_STATES


def chain(**rates) -> CarerChain:
    per_person = np.zeros(S)
    per_person[[st.NO_FORMAL_SUPPORT, st.SHORT_TERM_SUPPORT, *st.COMMUNITY_STATES]] = [
        0.3, 0.8, 0.9, 0.9, 0.9,
    ]  # fmt: skip
    per_person[st.IN_HOSPITAL] = 0.6
    return CarerChain(per_person, **rates)


@settings(max_examples=20, deadline=None)
@given(
    hst.lists(hst.floats(0, 1), min_size=6, max_size=6),
    hst.integers(0, 1000),
    hst.floats(0, 5000),
)
def test_carers_number_exactly_the_caring_roles_of_the_people(rates, seed, places):
    known_at_start, identified, taken_up, ends, known, supported = rates
    carers = chain(
        known_at_start=known_at_start, identified=identified, taken_up=taken_up,
        support_ends=ends, initial_known=known / 2, initial_supported=supported / 2,
    )  # fmt: skip
    # A capacity limit sends people elsewhere: their carers follow them too.
    full = Capacity(st.SHORT_TERM_SUPPORT, places, st.COMMUNITY_COMMISSIONED)
    params = dataclasses.replace(
        demo_params(adults=50_000), carers=carers, capacity=(full,)
    )  # fmt: skip
    res = run_batch(params, range(3), seed, 24)
    np.testing.assert_allclose(
        res.carers.sum(-1), res.people @ carers.per_person, rtol=1e-9, atol=1e-9
    )
    assert (res.carers >= -1e-9).all()


def test_with_no_moves_the_chain_has_its_closed_form():
    """Everyone stays put: nobody starts or stops caring, so carers not known fall by
    (1 - identified) a month and the known and supported follow the two-state chain."""
    params = demo_params(adults=20_000)
    stay = np.broadcast_to(np.eye(S), params.transitions.shape)
    carers = chain(identified=0.1, taken_up=0.2, support_ends=0.0, weekly_cost=40.0)
    still = dataclasses.replace(params, transitions=stay, inflow=params.inflow * 0, carers=carers)
    res = simulate(still, 12)
    total = params.initial @ carers.per_person  # (C,)
    t = np.arange(13)
    not_known = total[None, :] * (0.9**t)[:, None]
    np.testing.assert_allclose(res.carers[0, :, :, NOT_KNOWN], not_known, rtol=1e-12)
    # With no support ending, supported + known = all found so far; known taken up at 0.2.
    found = total[None, :] - not_known
    np.testing.assert_allclose(
        res.carers[0, :, :, KNOWN] + res.carers[0, :, :, SUPPORTED], found, rtol=1e-12
    )
    np.testing.assert_allclose(res.carers_identified[0].sum(), found[-1].sum(), rtol=1e-12)
    supported = res.carers[0, :, :, SUPPORTED].sum(-1)
    cost = 0.5 * (supported[:-1] + supported[1:]) * 40.0 * WEEKS_PER_MONTH
    cost *= (1 + params.annual_uplift) ** (np.arange(12) // 12)
    np.testing.assert_allclose(res.carer_cost[0], cost, rtol=1e-12)
    np.testing.assert_allclose(res.total_cost, res.cost.sum(-1) + res.carer_cost)


def test_deaths_and_care_home_moves_end_caring_and_requests_start_it():
    carers = chain(initial_known=0.5)
    params = dataclasses.replace(demo_params(adults=50_000), carers=carers)
    yearly = to_yearly(simulate(params, 24))
    assert yearly.carers.shape == (1, 2, params.n_cohorts, 3)
    # No one is found or supported (all rates zero): the known share falls as caring ends
    # (known carers leave) and new caring starts (new carers are not known).
    known = yearly.carers[0, :, :, KNOWN].sum(-1) / yearly.carers[0].sum(axis=(-1, -2))
    assert known[0] < 0.5 and known[1] < known[0]
    assert (yearly.carers[..., SUPPORTED] == 0).all()


def test_no_carers_means_an_empty_carer_axis_and_no_cost():
    res = simulate(demo_params(adults=20_000), 3)
    assert res.carers.shape[-1] == 0 and not res.carer_cost.any()


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"identified": 1.5}, "carers.identified"),
        ({"initial_known": 0.7, "initial_supported": 0.5}, "carers.initial_supported"),
        ({"weekly_cost": -1.0}, "carers.weekly_cost"),
        ({"per_person": np.full(S, -1.0)}, "carers.per_person"),
        ({"per_person": np.ones(3)}, "carers.per_person"),
    ],
)
def test_bad_carer_rates_name_the_field(change, key):
    with pytest.raises(PlanningInputError) as err:
        dataclasses.replace(chain(), **change)
    assert err.value.key == key
