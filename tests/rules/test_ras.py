"""Resource allocation: worked budgets, rule data checks, properties, and calibration."""

import copy
import shutil
import time
from datetime import date
from itertools import combinations

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from openasc.rules import ras
from openasc.rules.ras import AnswerError, UnknownDomain, compile_data, indicative_budget
from openasc.rules.ras_calibration import (
    calibrate,
    calibrated_version_data,
    evaluate,
    nnls,
    write_new_version,
)
from openasc.rules.ruleset import SHIPPED, RuleBook, RuleDataError, RuleVersion

SHIPPED_FILE = SHIPPED / "ras" / "2015-04-01.yaml"
DATA = yaml.safe_load(SHIPPED_FILE.read_text())
CODES = tuple(DATA["domains"])

# A typical moderate package, scored by hand from the shipped questionnaire.
MODERATE = {
    "eating_drinking": "prompting",  # 3
    "personal_care": "all",  # 12
    "toileting": "some",  # 4
    "dressing": "some",  # 3
    "moving_around": "some",  # 5
    "keeping_home": "some",  # 2
    "relationships": "some",  # 2
    "work_learning": "none",  # 0
    "community": "some",  # 3
    "caring_for_others": "none",  # 0
    "risk_safety": "some",  # 5
    "mental_wellbeing": "some",  # 3
    "night_time": "telecare",  # 1
}  # 43 points


def data(**changes):
    out = copy.deepcopy(DATA)
    out.update(changes)
    return out


def version(d=None, on=date(2015, 4, 1)):
    return RuleVersion("ras", on, copy.deepcopy(d or DATA), (str(SHIPPED_FILE),))


def highest(domain):
    return max(domain["answers"], key=lambda a: domain["answers"][a]["points"])


def says(budget):
    return [step.says for step in budget.steps]


@pytest.fixture
def shipped_only(tmp_path, monkeypatch):
    """National rules holding only the shipped RAS file, so other domains cannot interfere."""
    base = tmp_path / "national"
    (base / "ras").mkdir(parents=True)
    shutil.copy(SHIPPED_FILE, base / "ras" / SHIPPED_FILE.name)
    monkeypatch.setattr("openasc.rules.ruleset.SHIPPED", base)
    return base


# --- worked examples -------------------------------------------------------------------------


def test_a_full_questionnaire_worked_by_hand():
    v = version()
    b = indicative_budget(MODERATE, v)
    assert b.points == 43
    assert b.need_pence == 43 * 850 == 36550
    assert b.weekly_pence == 36600  # £365.50 rounds to the nearest £1, halves up
    assert b.carer_pence == 0
    assert b.unanswered == ()
    assert dict(b.by_domain)["personal_care"] == 12
    assert [c for c, _ in b.by_domain] == list(CODES)
    assert b.indicative is True and "support plan" in b.note
    assert b.version == v.id
    assert b.as_dict()["steps"][13] == {
        "says": "43 points × £8.50 a point = £365.50 a week",
        "pence": 36550,
        "cites": DATA["cites"],
    }
    lines = says(b)
    assert lines[1] == "Personal care: needs help with all personal care every day — 12 points"
    assert lines[12] == "Support at night: needs a way to call for help at night — 1 point"
    assert lines[13] == "43 points × £8.50 a point = £365.50 a week"
    assert lines[14] == "Rounded to the nearest £1: £366.00"
    assert lines[15].startswith("Indicative weekly budget £366.00.")
    assert b.steps[13].pence == 36550 and b.steps[-1].pence == 36600
    assert "reg 2(2)(b)" in b.steps[1].cites


def test_the_shipped_questionnaire_is_the_one_in_force(shipped_only):
    v = RuleBook().in_force("ras", date(2025, 6, 1))
    assert indicative_budget(MODERATE, v).weekly_pence == 36600
    assert ras.questionnaire(v) is ras.questionnaire(v)


def test_figures_are_plausible_for_england():
    q = compile_data(DATA)
    assert 30000 <= indicative_budget(MODERATE, q).weekly_pence <= 45000
    most = {c: highest(DATA["domains"][c]) for c in CODES}
    assert indicative_budget(most, q).weekly_pence == q.cap_pence
    assert 80000 <= q.cap_pence <= 120000
    for code, domain in DATA["domains"].items():
        assert 3 <= len(domain["answers"]) <= 5, code


def test_carer_support_is_a_separate_visible_step():
    b = indicative_budget(MODERATE, version(), carer_support="some")
    assert b.need_pence == 36550  # the need is counted in full first (carer-blind)
    assert b.carer_pence == -3655
    assert b.weekly_pence == 32900  # £328.95 rounded
    assert "Your carer provides some support: −10% (−£36.55), leaving £328.95 a week" in says(b)
    assert "carer-blind" in b.steps[14].cites
    none = indicative_budget(MODERATE, version(), carer_support="none")
    assert none.weekly_pence == 36600 and "No unpaid carer is able to help: no change" in says(none)


def test_bands():
    q = compile_data(data(method="bands"))
    b = indicative_budget(MODERATE, q)
    assert b.need_pence == b.weekly_pence == 36000
    assert "43 points is in the band for 40 to under 50 points: £360.00 a week" in says(b)
    top = {c: highest(DATA["domains"][c]) for c in CODES}
    assert "143 points is in the band for 140 points or more: £1,150.00 a week" in says(
        indicative_budget(top, q)
    )


def test_band_boundaries_belong_to_the_higher_band():
    d = data(method="bands", bands=[{"from_points": 0, "weekly_pence": 10000}])
    d["bands"].append({"from_points": 40, "weekly_pence": 40000})
    q = compile_data(d)
    base = dict(MODERATE, personal_care="none", night_time="none")  # 43 - 12 - 1 = 30
    assert indicative_budget(base, q).weekly_pence == 10000
    at_40 = dict(base, personal_care="all", community="none", dressing="all", relationships="none")
    at_39 = dict(at_40, keeping_home="none", night_time="telecare")
    assert indicative_budget(at_40, q).points == 40
    assert indicative_budget(at_40, q).weekly_pence == 40000
    assert indicative_budget(at_39, q).points == 39
    assert indicative_budget(at_39, q).weekly_pence == 10000


def test_floor():
    b = indicative_budget({"night_time": "telecare"}, version())
    assert b.need_pence == 850
    assert b.weekly_pence == 5000
    assert "Raised to the minimum weekly budget of £50.00" in says(b)
    assert len(b.unanswered) == len(CODES) - 1


def test_cap():
    top = {c: highest(DATA["domains"][c]) for c in CODES}
    b = indicative_budget(top, version())
    assert b.points == 143 and b.need_pence == 121550
    assert b.weekly_pence == 120000
    assert any(s.startswith("Limited to the maximum weekly budget of £1,200.00") for s in says(b))


@pytest.mark.parametrize(
    ("price", "to", "direction", "expected", "wording"),
    [
        (850, 100, "nearest", 36600, "Rounded to the nearest £1: £366.00"),
        (855, 100, "nearest", 36800, "Rounded to the nearest £1: £368.00"),  # 367.65
        (855, 100, "up", 36800, "Rounded up to a whole £1: £368.00"),
        (855, 100, "down", 36700, "Rounded down to a whole £1: £367.00"),
        (850, 500, "nearest", 36500, "Rounded to the nearest £5: £365.00"),
        (850, 500, "up", 37000, "Rounded up to a whole £5: £370.00"),
        (850, 50, "down", 36550, "Rounded down to a whole £0.50: £365.50"),
    ],
)
def test_rounding(price, to, direction, expected, wording):
    d = data(price_per_point_pence=price, rounding={"to_pence": to, "direction": direction})
    b = indicative_budget(MODERATE, compile_data(d))
    assert b.weekly_pence == expected
    assert wording in says(b)


def test_no_rounding_step_when_rounding_to_the_penny():
    d = data(rounding={"to_pence": 1, "direction": "nearest"})
    b = indicative_budget(MODERATE, compile_data(d))
    assert b.weekly_pence == 36550
    assert not any(s.startswith("Rounded") for s in says(b))


def test_domain_weights_multiply_points():
    d = data()
    d["domains"]["personal_care"]["weight"] = 1.5
    d["domains"]["eating_drinking"]["weight"] = 1.25
    b = indicative_budget(MODERATE, compile_data(d))
    by = dict(b.by_domain)
    assert by["personal_care"] == 18 and by["eating_drinking"] == 3.75
    assert b.points == 43 + 6 + 0.75
    weighted = "Personal care: needs help with all personal care every day — 12 points × 1.5"
    assert f"{weighted} = 18 points" in says(b)
    assert "49.75 points × £8.50 a point = £422.87 a week" in says(b)  # rounded down a penny


def test_unanswered_domains_count_zero_and_are_listed():
    answers = {k: v for k, v in MODERATE.items() if k not in ("work_learning", "night_time")}
    answers["community"] = None  # a blank form field counts as unanswered too
    b = indicative_budget(answers, version())
    assert b.unanswered == ("work_learning", "community", "night_time")
    assert dict(b.by_domain)["night_time"] == 0
    assert b.points == 43 - 1 - 3
    assert (
        "Not answered, so counted as 0 points: Work, learning and volunteering, Using the"
        " community, Support at night" in says(b)
    )
    assert indicative_budget({}, version()).weekly_pence == DATA["floor_pence"]


def test_a_council_changes_one_weight_and_keeps_the_rest(shipped_only, tmp_path):
    council = tmp_path / "council" / "ras"
    council.mkdir(parents=True)
    (council / "2025-04-01.yaml").write_text("domains:\n  night_time:\n    weight: 2\n")
    v = RuleBook(tmp_path / "council").in_force("ras", date(2025, 4, 1))
    b = indicative_budget(dict(MODERATE, night_time="visit"), v)
    assert dict(b.by_domain)["night_time"] == 12
    assert b.points == 43 - 1 + 12


def test_compiled_once_per_version():
    v = version()
    q = ras.questionnaire(v)
    assert ras.questionnaire(v) is q
    assert ras.questionnaire(version()) is q  # a new object with the same content and id


# --- bad answers and bad rule data -----------------------------------------------------------


def test_unknown_answer_names_the_domain_and_the_valid_answers():
    with pytest.raises(AnswerError) as caught:
        indicative_budget(dict(MODERATE, personal_care="loads"), version())
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    assert "'personal_care'" in message and "'loads'" in message
    assert "'none', 'prompting', 'some', 'all', 'two_people'" in message
    assert caught.value.valid == ("none", "prompting", "some", "all", "two_people")


def test_unknown_domain_and_carer_code_are_refused():
    with pytest.raises(UnknownDomain, match="'gardening' is not a domain") as caught:
        indicative_budget(dict(MODERATE, gardening="all"), version())
    assert isinstance(caught.value, ValueError) and "personal_care" in str(caught.value)
    with pytest.raises(AnswerError, match="'carer_support'.*'a_lot'"):
        indicative_budget(MODERATE, version(), carer_support="lots")


def _set(d, path, value):
    *parents, last = path
    for key in parents:
        d = d[key]
    if value is KeyError:
        del d[last]
    else:
        d[last] = value


@pytest.mark.parametrize(
    ("path", "value", "key"),
    [
        (("domains", "personal_care", "answers", "all", "points"), -1, "answers.all.points"),
        (("domains", "personal_care", "answers", "all", "points"), True, "answers.all.points"),
        (("domains", "dressing", "weight"), 1.125, "domains.dressing.weight"),
        (("domains", "dressing", "weight"), -1, "domains.dressing.weight"),
        (("domains", "toileting", "label"), KeyError, "domains.toileting.label"),
        (("domains", "toileting", "answers"), {"only": {"says": "x", "points": 1}}, "toileting"),
        (("domains",), {}, "domains"),
        (("floor_pence",), 200000, "floor_pence"),
        (("floor_pence",), 5050, "floor_pence"),
        (("cap_pence",), -1, "cap_pence"),
        (("rounding", "direction"), "sideways", "rounding.direction"),
        (("rounding", "to_pence"), 0, "rounding.to_pence"),
        (("method",), "vibes", "method"),
        (("price_per_point_pence",), 8.5, "price_per_point_pence"),
        (("price_per_point_pence",), -850, "price_per_point_pence"),
        (("bands", 2, "weekly_pence"), 100, "bands[2].weekly_pence"),
        (("bands", 0, "from_points"), 5, "bands[0].from_points"),
        (("bands", 3, "from_points"), 10, "bands[3].from_points"),
        (("carer_support", "options", "some", "reduction_percent"), 110, "options.some"),
        (("carer_support", "options", "some", "says"), "", "options.some.says"),
    ],
)
def test_bad_rule_data_is_refused_naming_the_key(path, value, key):
    d = data()
    _set(d, path, value)
    with pytest.raises(RuleDataError, match="ras/test") as caught:
        compile_data(d, "ras/test")
    assert key in str(caught.value)


def test_bands_are_needed_for_the_bands_method():
    d = data(method="bands")
    del d["bands"]
    with pytest.raises(RuleDataError, match="'bands'"):
        compile_data(d)


def test_only_ras_versions_are_compiled():
    with pytest.raises(RuleDataError, match="expected ras rules"):
        ras.questionnaire(RuleVersion("charging", date(2025, 4, 1), {}, ()))


# --- properties ------------------------------------------------------------------------------


@st.composite
def rule_data(draw):
    """Any valid questionnaire: random domains, points, weights, method, limits, rounding."""
    n_domains = draw(st.integers(1, 5))
    domains = {}
    for i in range(n_domains):
        points = draw(st.lists(st.integers(0, 40), min_size=2, max_size=5))
        weight = draw(st.sampled_from([0, 0.5, 1, 1, 1.25, 2.35]))
        domains[f"d{i}"] = {
            "label": f"Domain {i}",
            "weight": weight,
            "answers": {
                f"a{j}": {"says": f"answer {j}", "points": p} for j, p in enumerate(points)
            },
        }
    unit = draw(st.sampled_from([1, 5, 50, 100, 500]))
    low, high = sorted(draw(st.lists(st.integers(0, 400), min_size=2, max_size=2)))
    starts = sorted(set(draw(st.lists(st.integers(1, 150), max_size=6))))
    amounts = sorted(draw(st.lists(st.integers(0, 150000), min_size=len(starts) + 1)))
    return {
        "method": draw(st.sampled_from(["price_per_point", "bands"])),
        "price_per_point_pence": draw(st.integers(0, 2000)),
        "bands": [
            {"from_points": s, "weekly_pence": a}
            for s, a in zip([0, *starts], amounts, strict=False)
        ],
        "domains": domains,
        "carer_support": {
            "options": {
                f"c{k}": {"says": "carer", "reduction_percent": p}
                for k, p in enumerate(draw(st.lists(st.sampled_from([0, 5, 12.5, 100]))))
            }
        },
        "floor_pence": low * unit,
        "cap_pence": high * unit,
        "rounding": {"to_pence": unit, "direction": draw(st.sampled_from(ras.DIRECTIONS))},
    }


@settings(max_examples=300, deadline=None)
@given(d=rule_data(), data=st.data())
def test_more_points_never_lower_the_budget(d, data):
    q = compile_data(d)
    answers = {}
    for code, domain in d["domains"].items():
        choice = data.draw(st.sampled_from([None, *domain["answers"]]))
        if choice is not None:
            answers[code] = choice
    carer = data.draw(st.sampled_from([None, *d["carer_support"]["options"]]))
    before = indicative_budget(answers, q, carer)

    code = data.draw(st.sampled_from(list(d["domains"])))
    options = d["domains"][code]["answers"]
    held = options[answers[code]]["points"] if code in answers else 0
    higher = [a for a, o in options.items() if o["points"] >= held]  # never empty
    raised = dict(answers, **{code: data.draw(st.sampled_from(higher))})
    after = indicative_budget(raised, q, carer)
    assert after.points >= before.points
    assert after.weekly_pence >= before.weekly_pence
    assert d["floor_pence"] <= after.weekly_pence <= d["cap_pence"]
    assert type(before.weekly_pence) is int
    assert d["floor_pence"] <= before.weekly_pence <= d["cap_pence"]
    assert before.weekly_pence % d["rounding"]["to_pence"] == 0
    assert all(s.pence is None or type(s.pence) is int for s in before.steps)


@settings(max_examples=200, deadline=None)
@given(
    picks=st.fixed_dictionaries(
        {c: st.sampled_from(list(DATA["domains"][c]["answers"])) for c in CODES}
    ),
    domain=st.sampled_from(CODES),
    carer=st.sampled_from([None, *DATA["carer_support"]["options"]]),
    method=st.sampled_from(ras.METHODS),
)
def test_shipped_questionnaire_is_monotone_and_bounded(picks, domain, carer, method):
    q = compile_data(data(method=method))
    before = indicative_budget(picks, q, carer)
    options = DATA["domains"][domain]["answers"]
    for answer, option in options.items():
        if option["points"] >= options[picks[domain]]["points"]:
            after = indicative_budget(dict(picks, **{domain: answer}), q, carer)
            assert after.weekly_pence >= before.weekly_pence
    assert type(before.weekly_pence) is int
    assert DATA["floor_pence"] <= before.weekly_pence <= DATA["cap_pence"]


# --- calibration -----------------------------------------------------------------------------


def synthetic(n=3000, d=13, price=850.0, noise=0.10, seed=7):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 8, size=(n, d)).astype(float)
    X[X.sum(axis=1) == 0, 0] = 1
    cost = price * X.sum(axis=1) * (1 + rng.normal(0, noise, n))
    return X, np.maximum(cost, 100.0), rng


@pytest.mark.parametrize("method", ["ols", "huber", "ratio"])
def test_calibration_recovers_a_known_price_per_point(method):
    X, cost, _ = synthetic()
    fit = calibrate(X, cost, method=method)
    assert abs(fit.price_exact - 850) / 850 < 0.02
    assert fit.price_per_point_pence == round(fit.price_exact)
    assert fit.converged and fit.report.n == 3000
    assert fit.report.mdape < 0.1
    assert abs(fit.report.mean_error_pence) < 0.02 * cost.mean()


def test_the_robust_method_shrugs_off_a_few_huge_packages():
    X, cost, rng = synthetic(noise=0.05)
    outliers = rng.choice(len(cost), size=30, replace=False)  # 1% cost 40 times the usual
    cost[outliers] *= 40
    ols = calibrate(X, cost, method="ols").price_exact
    huber = calibrate(X, cost, method="huber").price_exact
    assert abs(huber - 850) / 850 < 0.02
    assert abs(ols - 850) / 850 > 0.2
    assert abs(ols - 850) > 10 * abs(huber - 850)


def test_calibration_fits_non_negative_domain_weights():
    rng = np.random.default_rng(3)
    n = 4000
    X = rng.integers(0, 10, size=(n, 5)).astype(float)
    X[:, 4] = 0  # a domain nobody scored in
    truth = np.array([0.5, 1.0, 1.5, 2.0, 0.0])
    cost = 850 * (X @ truth) * (1 + rng.normal(0, 0.05, n)) + 100
    codes = ["a", "b", "c", "d", "e"]
    for method in ("ols", "huber"):
        fit = calibrate(X, cost, method=method, fit_weights=True, domains=codes)
        allocated = fit.price_per_point_pence * (X @ np.array(fit.weights))
        assert np.median(np.abs(allocated - cost) / cost) < 0.06
        ratios = np.array(fit.weights[:4]) / np.array(fit.weights[1])
        assert np.allclose(ratios, truth[:4], atol=0.05)
        assert fit.weights[4] == 1.0 and fit.no_data == ("e",)


def test_nnls_matches_brute_force_over_active_sets():
    rng = np.random.default_rng(11)
    for _ in range(50):
        X = rng.normal(size=(30, 4))
        y = rng.normal(size=30)
        got = nnls(X.T @ X, X.T @ y)
        best = np.inf
        for k in range(5):
            for cols in combinations(range(4), k):
                b = np.zeros(4)
                if cols:
                    b[list(cols)] = np.linalg.lstsq(X[:, cols], y, rcond=None)[0]
                if (b >= 0).all():
                    best = min(best, float(((X @ b - y) ** 2).sum()))
        assert (got >= 0).all()
        assert float(((X @ got - y) ** 2).sum()) == pytest.approx(best, rel=1e-9, abs=1e-9)


def test_fairness_table_flags_an_under_allocated_group():
    X, cost, rng = synthetic(noise=0.05)
    age = rng.choice(["18-64", "65-84", "85+"], size=len(cost), p=[0.2, 0.5, 0.3])
    locality = rng.choice(["North", "South"], size=len(cost))
    cost[age == "18-64"] *= 1.3  # their packages cost more than the points suggest
    fit = calibrate(X, cost, {"age_band": age, "locality": locality}, method="huber")
    rows = {(r.dimension, r.group): r for r in fit.report.fairness}
    assert set(rows) == {
        ("age_band", "18-64"),
        ("age_band", "65-84"),
        ("age_band", "85+"),
        ("locality", "North"),
        ("locality", "South"),
    }
    young = rows[("age_band", "18-64")]
    assert young.flagged and young.median_ratio < 0.9
    assert young.n == int((age == "18-64").sum())
    assert [(r.dimension, r.group) for r in fit.report.flagged] == [("age_band", "18-64")]


def test_evaluate_reports_a_perfect_fit():
    cost = np.array([10000.0, 20000.0, 30000.0, 45000.0])
    report = evaluate(cost, cost, {"psr": ["a", "a", "b", "b"]}, min_group=1)
    assert report.r2 == 1 and report.mdape == 0 and report.mean_error_pence == 0
    assert all(r.median_ratio == 1 and not r.flagged for r in report.fairness)


def test_small_groups_are_shown_but_not_flagged():
    report = evaluate([50.0, 100.0], [100.0, 100.0], {"locality": ["x", "y"]}, min_group=5)
    assert [r.flagged for r in report.fairness] == [False, False]


@pytest.mark.parametrize(
    ("points", "cost", "problem"),
    [
        ([[1, 2], [3, 4]], [100, 0], "cost nothing"),
        ([[1, -2], [3, 4]], [100, 200], "negative"),
        ([[1, 2]], [100, 200], "n x d"),
        ([[0, 0]], [100], "no package scores"),
        ([[1, np.nan]], [100], "finite"),
    ],
)
def test_calibration_refuses_bad_input(points, cost, problem):
    with pytest.raises(ValueError, match=problem):
        calibrate(points, cost)


def test_calibrating_25000_packages_takes_well_under_a_second():
    X, cost, rng = synthetic(n=25000)
    groups = {
        "age_band": rng.choice(["18-64", "65-84", "85+"], size=25000),
        "psr": rng.choice([f"psr{i}" for i in range(8)], size=25000),
        "locality": rng.choice([f"loc{i}" for i in range(12)], size=25000),
    }
    start = time.perf_counter()
    fit = calibrate(X, cost, groups, method="huber", fit_weights=True, domains=CODES)
    took = time.perf_counter() - start
    assert fit.converged and len(fit.report.fairness) == 23
    assert took < 1.0, f"{took:.2f}s"


# --- new rule versions -----------------------------------------------------------------------


def test_calibrated_data_is_a_new_version_the_old_one_untouched(shipped_only, tmp_path):
    book = RuleBook()
    current = book.in_force("ras", date(2026, 1, 1))
    X, cost, _ = synthetic(price=912.0)
    fit = calibrate(X, cost, method="huber", fitted_on=date(2026, 2, 1))
    price = fit.price_per_point_pence
    assert abs(price - 912) < 912 * 0.02
    new = calibrated_version_data(current.data, fit, date(2026, 4, 1))
    assert set(new) == {"price_per_point_pence", "calibration"}
    assert new["calibration"]["method"] == "huber" and new["calibration"]["n"] == 3000
    assert new["calibration"]["effective_from"] == "2026-04-01"
    assert new["calibration"]["previous_price_per_point_pence"] == 850
    assert current.data["price_per_point_pence"] == 850 and current.data["calibration"] is None

    council = tmp_path / "council"
    path = write_new_version(council, new, date(2026, 4, 1))
    assert path == council / "ras" / "2026-04-01.yaml"
    later = RuleBook(council)
    assert later.in_force("ras", date(2026, 4, 1)).data["price_per_point_pence"] == price
    assert later.in_force("ras", date(2026, 3, 31)).id == current.id
    budget = indicative_budget(MODERATE, later.in_force("ras", date(2026, 5, 1)))
    assert budget.need_pence == 43 * price

    with pytest.raises(FileExistsError):
        write_new_version(council, new, date(2026, 4, 1))
    with pytest.raises(RuleDataError, match="after 2026-04-01"):
        write_new_version(council, new, date(2026, 1, 1))
    assert path.read_text().count(f"price_per_point_pence: {price}") == 2  # figure and record


def test_calibrated_weights_and_a_full_copy():
    X, cost, _ = synthetic(n=2000)
    fit = calibrate(X, cost, method="ols", fit_weights=True, domains=CODES)
    full = calibrated_version_data(DATA, fit, date(2026, 4, 1), full=True)
    assert set(full) == set(DATA)
    assert [full["domains"][c]["weight"] for c in CODES] == list(fit.weights)
    assert full["domains"]["personal_care"]["label"] == "Personal care"
    assert full["calibration"]["weights_fitted"] is True
    compile_data(full)


def test_calibration_refuses_what_it_cannot_carry():
    X, cost, _ = synthetic(n=500)
    with pytest.raises(RuleDataError, match="bands"):
        calibrated_version_data(data(method="bands"), calibrate(X, cost), date(2026, 4, 1))
    wrong = calibrate(X, cost, fit_weights=True, domains=[f"x{i}" for i in range(13)])
    with pytest.raises(RuleDataError, match="same domains"):
        calibrated_version_data(DATA, wrong, date(2026, 4, 1))
