"""Long-term community support by delivery mechanism: the split, the direct payment lever,
the 3D proxies, how the record's services map to states, and scenario names for the group.
"""

from __future__ import annotations

import dataclasses
import textwrap
from datetime import date

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
    run_expected,
    to_yearly,
)
from openasc.planning.engine import states as st
from openasc.planning.engine.delivery import UNDIVIDED, split_by_delivery
from openasc.planning.episodes import EventRow, PersonRow, build_episodes, service_state
from openasc.planning.panel import CohortScheme, Panel
from openasc.planning.report import measures
from openasc.planning.scenario import ScenarioError, load_scenario

S = st.N_STATES
COMMUNITY = list(st.COMMUNITY_STATES)
OTHERS = [s for s in range(S) if s not in COMMUNITY]


def undivided(seed: int, cohorts: int = 3) -> Params:
    """Random valid parameters with all community support in one state."""
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(S), size=(cohorts, S))
    unused = [s for s in COMMUNITY if s != UNDIVIDED]
    p[:, :, unused] = 0.0
    p[:, :, st.DECEASED] += 1e-3
    p /= p.sum(axis=-1, keepdims=True)
    p[:, unused] = 0.0
    p[:, unused, unused] = 1.0
    p[:, st.DECEASED] = np.eye(S)[st.DECEASED]
    entry = rng.dirichlet(np.ones(S), size=cohorts)
    entry[:, [*unused, st.DECEASED]] = 0.0
    initial = rng.uniform(0, 1000, (cohorts, S))
    initial[:, unused] = 0.0
    return Params(
        cohorts=Cohorts.product(cohort=[f"c{i}" for i in range(cohorts)]),
        initial=initial,
        inflow=rng.uniform(0, 100, cohorts),
        entry_mix=entry / entry.sum(axis=1, keepdims=True),
        transitions=p,
        unit_cost=rng.uniform(0, 1000, S),
    )


@settings(max_examples=25, deadline=None)
@given(hst.integers(0, 10_000), hst.lists(hst.floats(0.0, 1.0), min_size=3, max_size=3))
def test_the_split_changes_how_support_is_held_not_who_has_it(seed, weights):
    whole = undivided(seed)
    mix = np.array(weights) + 1e-6
    mix /= mix.sum()
    split = split_by_delivery(whole, mix)
    before = run_expected(whole, 24)
    after = run_expected(split, 24)
    np.testing.assert_allclose(after.people[..., OTHERS], before.people[..., OTHERS], rtol=1e-9)
    np.testing.assert_allclose(
        after.people[..., COMMUNITY].sum(-1), before.people[..., UNDIVIDED], rtol=1e-9
    )
    np.testing.assert_allclose(after.cost.sum(-1), before.cost.sum(-1), rtol=1e-9)
    # Each mechanism keeps its share: nobody switches.
    held = after.people[..., COMMUNITY].sum(axis=(0, 1, 2))
    np.testing.assert_allclose(held / held.sum(), mix, rtol=1e-6)


def test_a_bad_delivery_mix_is_refused_by_name():
    whole = undivided(1)
    with pytest.raises(PlanningInputError) as err:
        split_by_delivery(whole, [0.5, 0.6, 0.1])
    assert err.value.key.startswith("delivery_mix")
    with pytest.raises(PlanningInputError, match="already split"):
        split_by_delivery(split_by_delivery(whole, [0.3, 0.3, 0.4]), [0.3, 0.3, 0.4])


def test_direct_payment_uptake_moves_new_support_to_direct_payments():
    demo = demo_params(adults=200_000)
    assert apply_levers(demo, Levers(direct_payment_uptake=0.0)).transitions.tobytes() == (
        demo.transitions.tobytes()
    )
    changed = apply_levers(demo, Levers(direct_payment_uptake=0.5))
    np.testing.assert_allclose(changed.transitions.sum(-1), 1.0, rtol=1e-12)
    base = to_yearly(run_expected(demo, 60))
    more = to_yearly(run_expected(changed, 60))
    # In the demo the mechanisms behave alike, so the same people are supported...
    np.testing.assert_allclose(
        more.people[..., COMMUNITY].sum(-1), base.people[..., COMMUNITY].sum(-1), rtol=1e-9
    )
    # ...and more of them hold a direct payment, year after year.
    before, after = (
        measures(y, demo)["ascof.3D.2"][2][0] for y in (base, more)
    )  # fmt: skip
    assert (after > before).all() and after[-1] > after[0]
    assert (np.diff(after) > 0).all()


def test_self_directed_support_proxies_count_the_right_states():
    demo = demo_params(adults=100_000)
    y = to_yearly(run_expected(demo, 12))
    m = measures(y, demo)
    people = y.people[0, 0].sum(axis=0)
    at_home = people[COMMUNITY].sum()
    dp, managed = people[st.COMMUNITY_DIRECT_PAYMENT], people[st.COMMUNITY_MANAGED_BUDGET]
    assert m["ascof.3D.1"][2][0, 0] == pytest.approx((dp + managed) / at_home)
    assert m["ascof.3D.2"][2][0, 0] == pytest.approx(dp / at_home)
    long_term = people[list(st.LONG_TERM_STATES)].sum()
    assert m["ascof.2E"][2][0, 0] == pytest.approx(at_home / long_term)
    assert m["people.long_term_community_support"][2][0, 0] == pytest.approx(at_home)
    assert {"ascof.2A", "ascof.2B", "ascof.2C"} <= set(m)


@pytest.mark.parametrize(
    ("service", "mechanism", "state"),
    [
        ("lts_community", "direct_payment", st.COMMUNITY_DIRECT_PAYMENT),
        ("lts_community", "managed_pb", st.COMMUNITY_MANAGED_BUDGET),
        ("lts_community", "commissioned", st.COMMUNITY_COMMISSIONED),
        ("lts_community", "", st.COMMUNITY_COMMISSIONED),  # CLD: no budget said, commissioned
        ("lts_residential", "direct_payment", st.RESIDENTIAL_CARE),
        ("sts_st_max", "", st.SHORT_TERM_SUPPORT),
        ("carer_support", "direct_payment", None),
    ],
)
def test_services_map_to_states_by_delivery_mechanism(service, mechanism, state):
    assert service_state(service, mechanism) == state


def test_two_community_services_at_once_count_in_the_higher_setting():
    """CLD's hierarchy: direct payment > managed budget > commissioned."""
    person = PersonRow("p", date(1950, 1, 1), None, "female", "physical")

    def community(start, mechanism):
        return EventRow("p", "service", start, None, "", "", "lts_community", None, "", None,
                        mechanism)  # fmt: skip

    events = [
        community(date(2024, 1, 5), "commissioned"),
        community(date(2024, 3, 5), "direct_payment"),
    ]
    episodes = build_episodes([person], events, as_of=date(2024, 6, 30))
    obs = np.array([date(2024, m, d).toordinal() for m, d in ((1, 31), (2, 29), (3, 31))])
    panel = Panel.build(episodes, obs, CohortScheme.make(("sex",)))
    assert panel.state[0].tolist() == [
        st.COMMUNITY_COMMISSIONED, st.COMMUNITY_COMMISSIONED, st.COMMUNITY_DIRECT_PAYMENT,
    ]  # fmt: skip


SMALL = "council: demo\nadults: 20000\nyears: 2\nruns: 4\nseed: 5\n"


def write(tmp_path, text):
    path = tmp_path / "s.yaml"
    path.write_text(SMALL + textwrap.dedent(text), encoding="utf-8")
    return path


def test_scenario_files_can_name_community_support_as_a_whole(tmp_path):
    s = load_scenario(
        write(
            tmp_path,
            """
            baseline:
              costs: {weekly: {long_term_community_support: 410}}
              capacity: {short_term_support: {places: 50, overflow: long_term_community_support}}
            carers: {per_person: {long_term_community_support: 0.5}}
            scenario:
              levers: {discharge_mix: {long_term_community_support: 1.2}}
            """,
        )
    )
    np.testing.assert_array_equal(s.baseline.unit_cost[:, COMMUNITY], 410.0)
    assert s.baseline.capacity[0].overflow == st.COMMUNITY_COMMISSIONED
    assert set(s.baseline.carers.per_person[COMMUNITY]) == {0.5}
    assert s.changed.carers is s.baseline.carers
    assert dataclasses.asdict(s.levers)["discharge_mix"] == {"long_term_community_support": 1.2}


def test_a_capacity_limit_needs_one_state_not_the_group(tmp_path):
    path = write(tmp_path, "baseline: {capacity: {long_term_community_support: {places: 9}}}\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert err.value.key == "baseline.capacity.long_term_community_support"
    assert "several states" in str(err.value)
