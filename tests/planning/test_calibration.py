"""Calibration from episodes: recovering a known chain (estimates inside their intervals,
intervals covering about 95%), pooling for thin cohorts, valid engine parameters, the
events-to-states mapping, CLD files with bad rows, and a backtest. Pure: no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pytest
import yaml

from openasc.planning import episodes as ep
from openasc.planning.backtest import backtest
from openasc.planning.calibration import (
    CalibrationError,
    CohortScheme,
    Panel,
    calibrate,
    poisson_interval,
    wilson,
    window_months,
)
from openasc.planning.cld_source import calibrate_from_cld, read_cld
from openasc.planning.engine import Params, demo_params, run_expected
from openasc.planning.engine import states as st
from openasc.planning.episodes import EventRow, PersonRow, build_episodes
from openasc.planning.params_file import params_from_dict

S = st.N_STATES
BANDS = ("18-64", "65+")
# Cohorts of the known chain: two age bands by sex (the default adds support reason).
LEVELS = {"age_band": BANDS}
DIMS = ("age_band", "sex")
START = date(2022, 4, 1)


# -- a known chain, simulated person by person -----------------------------------------------


def true_transitions(older: bool) -> np.ndarray:
    """A plausible monthly chain (rows sum to 1, deceased absorbing)."""
    # Community support is all commissioned here (no delivery mechanism in these events).
    n, ia, sts, _dp, _managed, ltc, res, nur, hosp, dead = range(S)
    p = np.zeros((S, S))
    p[n, [ia, sts, ltc, hosp]] = [0.01, 0.002, 0.002, 0.004]
    p[ia, [n, sts, ltc]] = [0.8, 0.03, 0.03]
    p[sts, [n, ltc, res, hosp]] = [0.35, 0.2, 0.03, 0.04]
    p[ltc, [n, res, nur, hosp]] = [0.01, 0.004, 0.002, 0.01]
    p[res, [nur, hosp]] = [0.01, 0.01]
    p[nur, hosp] = 0.01
    p[hosp, [n, sts, ltc, res, nur]] = [0.2, 0.25, 0.15, 0.06, 0.03]
    p[:dead, dead] = 0.02 if older else 0.003
    p[dead, dead] = 1.0
    for s in range(dead):
        p[s, s] = 1 - p[s].sum()
    return p


@dataclass
class Truth:
    transitions: np.ndarray  # (C, S, S)
    entry_mix: np.ndarray  # (C, S)
    inflow: np.ndarray  # (C,) people a month
    initial: np.ndarray  # (C, S) whole people
    labels: list[tuple[str, str]]


def truth(scale: float = 1.0) -> Truth:
    labels = [(b, s) for b in BANDS for s in ("female", "male")]
    older = np.array([b == "65+" for b, _ in labels])
    # No one in the direct payment and managed budget states (columns 3 and 4).
    entry = np.array([0.15, 0.55, 0.12, 0, 0, 0.08, 0.01, 0.005, 0.085, 0.0])
    initial = np.array([300, 20, 10, 0, 0, 200, 40, 20, 8, 0]) * np.where(older, 3, 1)[:, None]
    return Truth(
        transitions=np.stack([true_transitions(o) for o in older]),
        entry_mix=np.tile(entry, (4, 1)),
        inflow=np.where(older, 120.0, 40.0) * scale,
        initial=np.round(initial * scale),
        labels=labels,
    )


@dataclass
class Simulated:
    grid: np.ndarray  # (people, months + 1) month-end state; -1 before first contact
    cohort: np.ndarray
    first: np.ndarray  # month of first contact (0: before the window)
    known: np.ndarray  # day of first contact
    obs: np.ndarray


def simulate(t: Truth, months: int, seed: int, later: np.ndarray | None = None) -> Simulated:
    """People month by month; ``later`` (C, S, S) replaces the transitions half way."""
    rng = np.random.default_rng(seed)
    obs = window_months(START, date(2040, 1, 1))[: months + 1]
    cohort = np.repeat(np.arange(len(t.labels)), t.initial.sum(axis=1).astype(int))
    now = np.concatenate([np.repeat(np.arange(S), n.astype(int)) for n in t.initial])
    first, known = np.zeros(len(now), int), np.full(len(now), obs[0] - 30)
    columns = [now]
    cum_p, cum_e = t.transitions.cumsum(-1), t.entry_mix.cumsum(-1)
    for k in range(1, months + 1):
        if later is not None and k > months // 2:
            cum_p = later.cumsum(-1)
        u = rng.random(len(now))[:, None]
        now = np.minimum((u > cum_p[cohort, now]).sum(axis=1), S - 1)
        arrive = np.repeat(np.arange(len(t.labels)), rng.poisson(t.inflow))
        entry = np.minimum((rng.random(len(arrive))[:, None] > cum_e[arrive]).sum(axis=1), S - 1)
        cohort = np.concatenate([cohort, arrive])
        first = np.concatenate([first, np.full(len(arrive), k)])
        days = obs[k - 1] + 1 + rng.integers(0, obs[k] - obs[k - 1], len(arrive))
        known = np.concatenate([known, days])
        now = np.concatenate([now, entry])
        columns.append(now)
    grid = np.full((len(now), months + 1), -1)
    for k, col in enumerate(columns):
        grid[: len(col), k] = col
    return Simulated(grid, cohort, first, known, obs)


def episodes_of(sim: Simulated, t: Truth, upto: int | None = None) -> ep.Episodes:
    """The episodes table of the simulation, read at month end ``upto`` (default: the end):
    one spell per person-month, as the record would give it."""
    upto = sim.grid.shape[1] - 1 if upto is None else upto
    keep = sim.first <= upto
    grid, known = sim.grid[keep, : upto + 1], sim.known[keep]
    people, months = np.nonzero(grid >= 0)
    states = grid[people, months]
    living = states != st.DECEASED
    began = np.where(months == 0, known[people], sim.obs[np.maximum(months - 1, 0)] + 1)
    began = np.minimum(np.maximum(began, known[people]), sim.obs[months])
    died = np.full(len(grid), 0)
    dead_p, dead_k = people[~living], months[~living]
    order = np.argsort(-dead_k)
    died[dead_p[order]] = sim.obs[dead_k[order]]  # the first month end seen dead
    layer = np.where(states <= st.INFORMATION_AND_ADVICE, ep.JOURNEY, ep.SERVICE)
    ranks = [ep.rank(la, s) for la, s in zip(layer[living], states[living], strict=True)]
    n = len(grid)
    gone = np.flatnonzero(died)
    spell_person = np.concatenate([people[living], np.arange(n), gone])
    spell_rank = np.concatenate(
        [
            ranks,
            [ep.rank(ep.KNOWN, st.NO_FORMAL_SUPPORT)] * n,
            [ep.rank(ep.LEFT, st.DECEASED)] * len(gone),
        ]
    )
    spell_start = np.concatenate([began[living], known, died[gone]])
    spell_end = np.concatenate([sim.obs[months[living]], [ep.FOREVER] * (n + len(gone))])
    cohort = sim.cohort[keep]
    age = np.array([40 if t.labels[c][0] == "18-64" else 80 for c in cohort])
    birth = np.array([date(START.year - a, 1, 15).toordinal() for a in age])
    arrivals = np.flatnonzero(known > sim.obs[0])
    return ep.Episodes(
        person_key=np.arange(n).astype(str).astype(object),
        birth=birth,
        death=died,
        sex=np.array([t.labels[c][1] for c in cohort], dtype=object),
        support_reason=np.array(["physical_personal_care"] * n, dtype=object),
        known_from=known.astype(np.int64),
        spell_person=spell_person.astype(np.int64),
        spell_rank=np.array(spell_rank, dtype=np.int16),
        spell_start=spell_start.astype(np.int64),
        spell_end=spell_end.astype(np.int64),
        spell_weekly_cost=np.where(
            np.concatenate([states[living], np.zeros(n + len(gone), int)])
            == st.COMMUNITY_COMMISSIONED,
            300.0,
            np.nan,
        ),
        request_person=arrivals,
        request_day=known[arrivals].astype(np.int64),
        as_of=date.fromordinal(int(sim.obs[upto])),
    )


@pytest.fixture(scope="module")
def known_chain():
    t = truth(scale=4)
    sim = simulate(t, months=36, seed=11)
    return t, sim, episodes_of(sim, t)


def window(months: int) -> tuple[date, date]:
    end = date(START.year + months // 12, START.month + months % 12, 1)
    return START, end


# -- recovering the truth --------------------------------------------------------------------


def test_estimates_recover_the_true_chain_within_their_intervals(known_chain):
    t, _, episodes = known_chain
    cal = calibrate(episodes, *window(36), dims=DIMS, levels=LEVELS, pseudo_counts=0)
    observed = cal.person_months[..., None] > 0
    cells = observed & (t.transitions > 0)
    cells[:, st.DECEASED] = False
    low, high = cal.transitions_ci[..., 0], cal.transitions_ci[..., 1]
    inside = (low <= t.transitions) & (t.transitions <= high)
    coverage = inside[cells].mean()
    assert 0.9 <= coverage <= 0.99, coverage  # 95% intervals, a few hundred cells
    # And the big rows are close in absolute terms too.
    assert np.abs(cal.transitions - t.transitions)[:, st.COMMUNITY_COMMISSIONED].max() < 0.01
    entry_inside = (cal.entry_ci[..., 0] <= t.entry_mix) & (t.entry_mix <= cal.entry_ci[..., 1])
    assert entry_inside[:, : st.DECEASED].mean() >= 0.85
    assert ((cal.inflow_ci[:, 0] <= t.inflow) & (t.inflow <= cal.inflow_ci[:, 1])).sum() >= 3
    np.testing.assert_allclose(cal.inflow, t.inflow, rtol=0.15)


def test_interval_coverage_over_repeated_samples():
    """One cohort's short-term support row, estimated from 200 independent samples."""
    t = truth(scale=0.5)
    hits, tries = 0, 0
    for seed in range(40):
        sim = simulate(t, months=12, seed=100 + seed)
        cal = calibrate(episodes_of(sim, t), *window(12), dims=DIMS, levels=LEVELS, pseudo_counts=0)
        ci = cal.transitions_ci[:, st.SHORT_TERM_SUPPORT]
        true = t.transitions[:, st.SHORT_TERM_SUPPORT]
        ok = cal.person_months[:, st.SHORT_TERM_SUPPORT] > 0
        inside = (ci[..., 0] <= true) & (true <= ci[..., 1])
        hits += inside[ok][:, [st.NO_FORMAL_SUPPORT, st.COMMUNITY_COMMISSIONED]].sum()
        tries += inside[ok][:, [st.NO_FORMAL_SUPPORT, st.COMMUNITY_COMMISSIONED]].size
    assert 0.88 <= hits / tries <= 0.995, hits / tries


def test_wilson_and_poisson_intervals_match_known_values():
    np.testing.assert_allclose(wilson(5, 10), [0.2366, 0.7634], atol=1e-4)
    np.testing.assert_allclose(wilson(0, 0), [0.0, 1.0])
    assert wilson(0, 50)[1] > 0  # no events is not certainty
    # Exact Garwood intervals: 0 -> (0, 3.689), 10 -> (4.795, 18.39), 100 -> (81.36, 121.6).
    np.testing.assert_allclose(
        poisson_interval([0, 10, 100])[:, 1], [3.689, 18.39, 121.6], rtol=0.01
    )
    np.testing.assert_allclose(poisson_interval([10, 100])[:, 0], [4.795, 81.36], rtol=0.01)


def test_rates_need_a_population(known_chain):
    t, _, episodes = known_chain
    without = calibrate(episodes, *window(36), dims=DIMS, levels=LEVELS)
    assert without.request_rate is None
    assert any("no adult population" in w for w in without.warnings)
    adults = np.array([30_000, 30_000, 8_000, 7_000])
    cal = calibrate(episodes, *window(36), population=adults, dims=DIMS, levels=LEVELS)
    np.testing.assert_allclose(cal.request_rate, cal.inflow / adults)
    by_label = {("18-64", "female"): 30_000, ("18-64", "male"): 30_000, "65+/female": 8_000}
    with pytest.raises(CalibrationError, match="65\\+/male"):
        calibrate(episodes, *window(36), population=by_label, dims=DIMS, levels=LEVELS)


def test_rates_that_change_over_the_window_are_flagged(known_chain):
    t, _, episodes = known_chain
    steady = calibrate(episodes, *window(36), dims=DIMS, levels=LEVELS)
    assert not any("first half" in w for w in steady.warnings)
    busier = t.transitions.copy()
    busier[:, st.COMMUNITY_COMMISSIONED, st.NO_FORMAL_SUPPORT] += 0.02
    busier[:, st.COMMUNITY_COMMISSIONED, st.COMMUNITY_COMMISSIONED] -= 0.02
    sim = simulate(t, months=36, seed=12, later=busier)
    drifting = calibrate(episodes_of(sim, t), *window(36), dims=DIMS, levels=LEVELS)
    assert any(
        w.startswith("people left community support: commissioned") and "first half" in w
        for w in drifting.warnings
    )


# -- pooling ---------------------------------------------------------------------------------


def test_a_thin_cohort_leans_on_the_pooled_row():
    t = truth(scale=2)
    # Cohort 0 is tiny and its short-term support row is different.
    t.initial[0] = 0
    t.inflow[0] = 1.0
    t.transitions[0, st.SHORT_TERM_SUPPORT] = np.eye(S)[st.NO_FORMAL_SUPPORT]
    sim = simulate(t, months=24, seed=3)
    episodes = episodes_of(sim, t)
    raw = calibrate(episodes, *window(24), dims=DIMS, levels=LEVELS, pseudo_counts=0)
    pooled = calibrate(episodes, *window(24), dims=DIMS, levels=LEVELS, pseudo_counts=50)
    n = raw.person_months[0, st.SHORT_TERM_SUPPORT]
    assert 0 < n < 50
    everyone = pooled.pooled_transitions()[0][st.SHORT_TERM_SUPPORT]
    own = raw.transitions[0, st.SHORT_TERM_SUPPORT]
    mixed = pooled.transitions[0, st.SHORT_TERM_SUPPORT]
    weight = 50 / (n + 50)  # share of the pooled row: k / (n + k)
    np.testing.assert_allclose(mixed, weight * everyone + (1 - weight) * own, atol=1e-12)
    assert any(
        "fewer than 50 person-months" in w and "18-64/female (" in w for w in pooled.warnings
    )
    # A big cohort hardly moves.
    big = st.COMMUNITY_COMMISSIONED
    assert np.abs(pooled.transitions[3, big] - raw.transitions[3, big]).max() < 0.002


# -- engine parameters -----------------------------------------------------------------------


def test_to_params_gives_valid_parameters_and_uses_defaults_for_the_unseen(known_chain):
    t, _, episodes = known_chain
    cal = calibrate(episodes, *window(36), dims=DIMS, levels=LEVELS)
    params = cal.to_params()  # Params checks rows sum to 1 and deceased absorbing
    assert np.allclose(params.transitions.sum(-1), 1)
    assert (params.transitions[:, st.DECEASED, st.DECEASED] == 1).all()
    assert (params.entry_mix[:, st.DECEASED] == 0).all()
    np.testing.assert_allclose(params.unit_cost[:, st.COMMUNITY_COMMISSIONED], 300.0)
    assert (params.unit_cost[:, st.IN_HOSPITAL] == 0).all()  # never recorded, no default
    defaults = Params(
        cohorts=cal.cohorts,
        initial=np.zeros((4, S)),
        inflow=np.zeros(4),
        entry_mix=t.entry_mix,
        transitions=t.transitions,
        unit_cost=np.full(S, 1000.0),
        annual_uplift=0.03,
        concentration=200.0,
    )
    with_defaults = cal.to_params(defaults)
    assert (with_defaults.unit_cost[:, st.IN_HOSPITAL] == 1000).all()
    assert with_defaults.annual_uplift == 0.03 and with_defaults.concentration == 200.0
    # The calibrated initial counts are the living at the window end.
    panel = Panel.build(episodes, window_months(*window(36)), CohortScheme(cal.cohorts))
    alive = (panel.state[:, -1] >= 0) & (panel.state[:, -1] != st.DECEASED)
    assert cal.initial.sum() == pytest.approx(alive.sum())


def test_a_state_never_seen_takes_the_default_row():
    t = truth()
    t.initial[:, st.NURSING_CARE] = 0
    t.transitions[:, :, st.NURSING_CARE] = 0
    t.transitions[:, :, st.RESIDENTIAL_CARE] += truth().transitions[:, :, st.NURSING_CARE]
    t.entry_mix[:, st.NO_FORMAL_SUPPORT] += t.entry_mix[:, st.NURSING_CARE]
    t.entry_mix[:, st.NURSING_CARE] = 0
    sim = simulate(t, months=12, seed=5)
    cal = calibrate(episodes_of(sim, t), *window(12), dims=DIMS, levels=LEVELS)
    assert np.isnan(cal.transitions[:, st.NURSING_CARE]).all()
    assert any("no one was observed in nursing care" in w for w in cal.warnings)
    stay = cal.to_params().transitions[:, st.NURSING_CARE]
    assert (stay[:, st.NURSING_CARE] == 1).all()


def test_yaml_dict_is_a_council_file_the_scenarios_can_read(known_chain):
    _, _, episodes = known_chain
    cal = calibrate(episodes, *window(36), dims=DIMS, levels=LEVELS)
    text = yaml.safe_dump(cal.to_yaml_dict())
    params = params_from_dict(yaml.safe_load(text))
    np.testing.assert_allclose(params.transitions, cal.to_params().transitions, atol=1e-11)
    assert params.cohorts == cal.cohorts
    evidence = cal.evidence_dict()
    assert len(evidence["transitions_95"]) == cal.cohorts.size
    yaml.safe_dump(evidence)


def test_render_shows_rates_moves_and_warnings(known_chain):
    _, _, episodes = known_chain
    text = calibrate(episodes, *window(36), dims=DIMS, levels=LEVELS).render()
    assert "New requests (people not known before)" in text
    assert "From short-term support" in text and "-> community support: commissioned" in text
    assert "Warnings" in text and "no adult population" in text


# -- windows ---------------------------------------------------------------------------------


def test_an_empty_window_is_a_clear_error(known_chain):
    _, _, episodes = known_chain
    with pytest.raises(CalibrationError, match="no whole calendar month"):
        calibrate(episodes, date(2023, 1, 5), date(2023, 1, 30))
    with pytest.raises(CalibrationError, match="nothing to calibrate"):
        calibrate(episodes, date(2010, 1, 1), date(2011, 1, 1))


def test_window_is_rounded_to_whole_months(known_chain):
    _, _, episodes = known_chain
    cal = calibrate(episodes, date(2022, 4, 15), date(2023, 4, 20), dims=DIMS, levels=LEVELS)
    assert (cal.date_from, cal.date_to, cal.months) == (date(2022, 5, 1), date(2023, 4, 1), 11)
    assert any("whole months" in w for w in cal.warnings)


def test_support_reason_can_be_a_cohort_dimension(known_chain):
    _, _, episodes = known_chain
    cal = calibrate(episodes, *window(12), levels=LEVELS)  # the default dims include it
    assert cal.cohorts.dims == ("age_band", "sex", "primary_support_reason")
    assert cal.cohorts.shape == (2, 2, 4)
    physical = cal.cohorts.codes("primary_support_reason") == 0
    assert cal.arrivals[~physical].sum() == 0 and cal.arrivals[physical].sum() > 0
    cal.to_params()
    with pytest.raises(CalibrationError, match="unknown cohort dimension"):
        calibrate(episodes, *window(12), dims=("postcode",))


def test_support_reasons_are_grouped_into_the_levels_asked_for():
    reasons = ["physical_access", "sensory_dual", "learning_disability", "social_carer", ""]
    people = [PersonRow(str(i), d("1950-01-01"), None, "female", r) for i, r in enumerate(reasons)]
    events = [
        event(str(i), "request", "2024-01-10", "2024-01-10", "nfa_information") for i in range(5)
    ]
    episodes = build_episodes(people, events)

    def levels(**kw):
        scheme = CohortScheme.make(("primary_support_reason",), kw)
        codes = scheme.codes(episodes, np.arange(5), np.full(5, d("2024-02-01").toordinal()))
        names = scheme.cohorts.levels[0]
        return [names[c] if c >= 0 else None for c in codes]

    assert levels() == ["physical", "other", "learning_disability", "other", "other"]
    finer = ("physical", "sensory", "learning_disability", "social", "unknown")
    assert levels(primary_support_reason=finer) == [*finer]
    strict = ("physical", "learning_disability")
    assert levels(primary_support_reason=strict) == [
        "physical",
        None,
        "learning_disability",
        None,
        None,
    ]


def test_the_engine_demo_parameters_can_fill_the_gaps(known_chain):
    _, _, episodes = known_chain
    cal = calibrate(episodes, *window(36))  # the default cohorts are the demo's
    demo = demo_params()
    assert cal.cohorts == demo.cohorts
    params = cal.to_params(demo)
    assert (params.unit_cost[:, st.IN_HOSPITAL] == demo.unit_cost[:, st.IN_HOSPITAL]).all()
    untouched = cal.person_months == 0  # rows no one in the cohort was seen in
    assert np.isfinite(params.transitions).all() and untouched.any()


# -- backtest --------------------------------------------------------------------------------


def test_backtest_of_a_stable_chain_is_close(known_chain):
    t, sim, outcome = known_chain
    history = episodes_of(sim, t, upto=24)
    result = backtest(history, outcome, *window(24), window(36)[1], dims=DIMS, levels=LEVELS)
    assert len(result.comparisons) == 12  # 9 states, requests, admissions, deaths; one year
    assert result.mape < 10, result.render()
    text = result.render()
    assert "Mean absolute percentage error" in text and "Care home admissions" in text
    with pytest.raises(CalibrationError, match="sees the future"):
        backtest(outcome, outcome, *window(24), window(36)[1], dims=DIMS, levels=LEVELS)


def test_backtest_forecast_is_the_engine_from_the_calibrated_end_state(known_chain):
    t, sim, outcome = known_chain
    history = episodes_of(sim, t, upto=24)
    result = backtest(history, outcome, *window(24), window(36)[1], dims=DIMS, levels=LEVELS)
    engine = run_expected(result.calibration.to_params(), 12)
    year_end = engine.people[0, 12].sum(axis=0)
    forecast = [c.forecast for c in result.comparisons if c.measure.startswith("People in")]
    np.testing.assert_allclose(forecast, year_end[: st.DECEASED])


# -- from events to states (the mapping) -----------------------------------------------------


def d(text: str) -> date:
    return date.fromisoformat(text)


def person(key: str, born="1940-01-01", died=None) -> PersonRow:
    return PersonRow(key, d(born), d(died) if died else None, "female", "physical_personal_care")


def event(key, etype, start, end, outcome="", **kw) -> EventRow:
    return EventRow(key, etype, d(start), d(end) if end else None, outcome, **kw)


JOURNEYS = [
    # A: request -> assessment -> home care: counted in long-term support from the request.
    event("A", "request", "2024-01-10", "2024-01-12", "progress_assessment"),
    event("A", "assessment", "2024-01-15", "2024-02-20", "progress_services"),
    event("A", "service", "2024-02-25", None, service_type="lts_community",
          unit_cost_pence=2000, cost_frequency="hourly", planned_units_per_week=10.0),
    # B: advice only: information and advice to the end of that month, then no support.
    event("B", "request", "2024-01-05", "2024-01-05", "nfa_information"),
    # C: from hospital into reablement, which ends as planned.
    event("C", "request", "2024-01-28", "2024-01-30", "progress_reablement",
          route_of_access="discharge_hospital"),
    event("C", "service", "2024-02-02", "2024-03-10", "nfa_ended_planned",
          service_type="sts_st_max"),
    # D: a care home resident since before the window, who dies (no date of death recorded).
    event("D", "service", "2023-06-01", "2024-02-10", "nfa_deceased",
          service_type="lts_residential", unit_cost_pence=90000, cost_frequency="weekly",
          planned_units_per_week=1.0),
    # E: a request still open when the record is read.
    event("E", "request", "2024-03-20", None),
    # F: moved to another council.
    event("F", "request", "2024-01-03", "2024-01-03", "nfa_moved_la"),
    # G: home care, then (after a gap over the month end) a care home.
    event("G", "service", "2023-10-01", "2024-01-30", "progress_services",
          service_type="lts_community"),
    event("G", "service", "2024-02-03", None, service_type="lts_residential"),
    # H: admitted to hospital from the front door.
    event("H", "request", "2024-01-20", "2024-01-20", "admitted_hospital"),
    # I: progressed to assessment and then nothing, long ago: ended without support.
    event("I", "request", "2023-06-01", "2023-06-02", "progress_assessment"),
    # K: died while waiting for an assessment: no formal support until then.
    event("K", "request", "2024-01-25", "2024-01-26", "progress_assessment"),
    event("K", "assessment", "2024-01-30", "2024-02-10", "nfa_deceased"),
    # J: an event after the record is read: not seen.
    event("J", "request", "2024-04-05", "2024-04-05", "nfa_information"),
]  # fmt: skip
EXPECTED = {  # month-end states: 2023-12-31, 2024-01-31, 2024-02-29, 2024-03-31
    "A": [-1, st.COMMUNITY_COMMISSIONED, st.COMMUNITY_COMMISSIONED, st.COMMUNITY_COMMISSIONED],
    "B": [-1, st.INFORMATION_AND_ADVICE, st.NO_FORMAL_SUPPORT, st.NO_FORMAL_SUPPORT],
    "C": [-1, st.IN_HOSPITAL, st.SHORT_TERM_SUPPORT, st.NO_FORMAL_SUPPORT],
    "D": [st.RESIDENTIAL_CARE, st.RESIDENTIAL_CARE, st.DECEASED, st.DECEASED],
    "E": [-1, -1, -1, ep.WAITING],
    "F": [-1, ep.MOVED_AWAY, ep.MOVED_AWAY, ep.MOVED_AWAY],
    "G": [st.COMMUNITY_COMMISSIONED, st.RESIDENTIAL_CARE, st.RESIDENTIAL_CARE, st.RESIDENTIAL_CARE],
    "H": [-1, st.IN_HOSPITAL, st.NO_FORMAL_SUPPORT, st.NO_FORMAL_SUPPORT],
    "I": [st.NO_FORMAL_SUPPORT] * 4,
    "K": [-1, st.NO_FORMAL_SUPPORT, st.DECEASED, st.DECEASED],
}


def test_events_become_the_states_the_mapping_documents():
    people = [person(k) for k in "ABCDEFGHIJK"]
    episodes = build_episodes(people, JOURNEYS, as_of=d("2024-03-31"))
    assert "J" not in episodes.person_key  # its only event is after the record was read
    obs = np.array(
        [d(x).toordinal() for x in ("2023-12-31", "2024-01-31", "2024-02-29", "2024-03-31")]
    )
    panel = Panel.build(episodes, obs, CohortScheme.make(("sex",)))
    got = {k: panel.state[i].tolist() for i, k in enumerate(episodes.person_key)}
    assert got == EXPECTED
    assert any("no next step" in n for n in episodes.notes)  # I's journey
    assert episodes.death[list(episodes.person_key).index("D")] == d("2024-02-10").toordinal()
    costed = np.isfinite(episodes.spell_weekly_cost)
    weekly = dict(
        zip(episodes.spell_state[costed], episodes.spell_weekly_cost[costed], strict=True)
    )
    # £20 an hour for 10 hours a week; £900 a week.
    assert weekly == {st.COMMUNITY_COMMISSIONED: 200.0, st.RESIDENTIAL_CARE: 900.0}
    assert len(episodes.request_day) == 8  # every request but J's, not yet made


def test_reading_later_shows_what_happened_next():
    people = [person(k) for k in "ABCDEFGHIJK"]
    later = build_episodes(people, JOURNEYS, as_of=d("2024-02-15"))
    obs = np.array([d("2024-01-31").toordinal()])
    panel = Panel.build(later, obs, CohortScheme.make(("sex",)))
    got = dict(zip(later.person_key, panel.state[:, 0], strict=True))
    # Read in mid-February, A's assessment had not ended: where it leads is not known yet.
    assert got["A"] == ep.WAITING
    assert got["D"] == st.RESIDENTIAL_CARE  # at the end of January, still in the care home


# -- CLD files -------------------------------------------------------------------------------

CLD_HEADER = (
    "LA_Code,LA_Person_Unique_Identifier,NHS_Number,Gender,Date_of_Birth,Date_of_Death,"
    "Client_Type,Primary_Support_Reason,Event_Type,Event_Start_Date,Event_End_Date,"
    "Event_Outcome,Request_Route_of_Access,Service_Type,Unit_Cost,Cost_Frequency_Unit_Type,"
    "Planned_units_per_week"
)
CLD_ROWS = [
    # row 2..: good rows, Release 1 and Release 2 text
    "E06000001,P1,,Female,1938-03-02,,Service User,Physical Support: Personal care support,"
    "Request,2023-01-10,2023-01-12,Progress to Support Planning / Services,"
    "Discharge from Hospital,,,,",
    "E06000001,P1,,Female,1938-03-02,,Service User,,Service,2023-01-20,,,,"
    "Long Term Support: Community,20.50,Hourly,10",
    "E06000001,P2,,Male,02/07/1950,,Service User,Mental Health Support,Request,"
    "05/02/2023,05/02/2023,NFA: Information and advice or signposting,Community or other route,,,,",
    # row 5: no date of birth -> skipped
    "E06000001,P3,,Male,,,Service User,,Request,2023-02-01,2023-02-01,NFA - Other,,,,,",
    # row 6: a date that is not a date -> skipped
    "E06000001,P4,,Male,1960-01-01,,Service User,,Request,2023-13-45,,,,,,,",
    # row 7: ends before it starts -> skipped
    "E06000001,P5,,Male,1960-01-01,,Service User,,Request,2023-03-01,2023-02-01,NFA - Other,,,,,",
    # row 8: an event type CLD does not have -> skipped
    "E06000001,P6,,Male,1960-01-01,,Service User,,Phone call,2023-03-01,,,,,,,",
    # row 9: a service with an unknown service type -> skipped
    "E06000001,P7,,Male,1960-01-01,,Service User,,Service,2023-03-01,,,,Day trips,,,",
    # row 10: an unknown outcome and a bad unit cost: kept without them
    "E06000001,P8,,Female,1945-05-05,,Service User,,Service,2023-01-01,2023-03-03,Went home,,"
    "Short Term Support: ST-Max,lots,Hourly,5",
    # row 11: a carer: left out, not a problem
    "E06000001,C1,,Female,1950-05-05,,Carer,,Request,2023-01-01,2023-01-01,NFA - Other,,,,,",
    # row 12: too few columns -> no event start date -> skipped
    "E06000001,P9,,Female,1945-05-05,,Service User,,Request",
    # row 13: another council
    "E08000002,Q1,4010232137,Female,1930-01-01,2023-03-15,Service User,,Service,2022-01-01,"
    "2023-03-15,NFA: Deceased,,Long term support: Nursing care,1000,Weekly,1",
]


@pytest.fixture
def cld_file(tmp_path):
    path = tmp_path / "cld.csv"
    path.write_text("\n".join([CLD_HEADER, *CLD_ROWS]) + "\n", encoding="utf-8")
    return path


def test_cld_bad_rows_are_reported_by_row_number(cld_file):
    cld = read_cld(cld_file)
    skipped = {p.row: p.reason for p in cld.problems if p.skipped}
    assert set(skipped) == {5, 6, 7, 8, 9, 12}
    assert "date of birth" in skipped[5]
    assert "not a date" in skipped[6]
    assert "before its start" in skipped[7]
    assert "Phone call" in skipped[8]
    assert "Day trips" in skipped[9]
    assert "start date" in skipped[12]
    kept = [p for p in cld.problems if not p.skipped]
    assert {p.row for p in kept} == {10}
    assert any("Went home" in p.reason for p in kept) and any("lots" in p.reason for p in kept)
    assert cld.carer_rows == 1 and cld.councils == ["E06000001", "E08000002"]
    assert "row 5: no date of birth (row skipped)" in "\n".join(cld.summary())


def test_cld_file_with_several_councils_needs_one_chosen(cld_file):
    with pytest.raises(CalibrationError, match="2 councils"):
        calibrate_from_cld(cld_file, date(2023, 1, 1), date(2023, 4, 1))
    with pytest.raises(CalibrationError, match="no rows for council"):
        calibrate_from_cld(cld_file, date(2023, 1, 1), date(2023, 4, 1), council="E09")
    cal = calibrate_from_cld(cld_file, date(2023, 1, 1), date(2023, 4, 1), council="E06000001")
    assert any("rows skipped" in w for w in cal.warnings)
    assert any("carers' rows" in w for w in cal.warnings)
    assert cal.arrivals.sum() == 3  # P1, P2 and P8 (the rest were skipped or elsewhere)
    cal.to_params()
    other = read_cld(cld_file).episodes("E08000002")
    assert list(other.person_key) == ["nhs:4010232137"]
    assert other.death[0] == d("2023-03-15").toordinal()


def test_cld_mapping_matches_the_record_mapping(cld_file):
    cld = read_cld(cld_file)
    episodes = cld.episodes("E06000001")
    obs = np.array([d(x).toordinal() for x in ("2023-01-31", "2023-02-28")])
    panel = Panel.build(episodes, obs, CohortScheme.make(("sex",)))
    got = dict(zip(episodes.person_key, panel.state.tolist(), strict=True))
    assert got["la:P1"] == [st.COMMUNITY_COMMISSIONED] * 2  # via hospital, back-filled
    assert got["la:P2"] == [-1, st.INFORMATION_AND_ADVICE]
    assert got["la:P8"] == [st.SHORT_TERM_SUPPORT] * 2
    weekly = episodes.spell_weekly_cost[np.isfinite(episodes.spell_weekly_cost)]
    assert weekly.tolist() == [205.0]  # £20.50 an hour, 10 hours


def test_cld_file_without_the_needed_columns_is_refused(tmp_path):
    path = tmp_path / "thin.csv"
    path.write_text("Event Type,Event Start Date\nRequest,2023-01-01\n", encoding="utf-8")
    with pytest.raises(CalibrationError, match="date of birth"):
        read_cld(path)
    with pytest.raises(FileNotFoundError):
        read_cld(tmp_path / "missing.csv")


def test_cld_file_in_windows_encoding_is_read(tmp_path):
    path = tmp_path / "cp1252.csv"
    rows = [
        CLD_HEADER,
        CLD_ROWS[0].replace("Progress to Support Planning / Services", "NFA – Other"),
    ]
    path.write_bytes(("\n".join(rows) + "\n").encode("cp1252"))
    cld = read_cld(path)
    assert cld.rows == 1 and not [p for p in cld.problems if p.skipped]


def test_month_window_helper():
    obs = window_months(date(2024, 1, 1), date(2024, 4, 1))
    assert [date.fromordinal(int(x)) for x in obs] == [
        date(2023, 12, 31), date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31),
    ]  # fmt: skip
