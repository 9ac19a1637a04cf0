"""Eligibility under the Care and Support (Eligibility Criteria) Regulations 2015: a worked
example for every branch of regs 2 and 3, the checks on what a practitioner records, the
resident's "likely eligibility" indication, and properties that hold for any answers."""

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openasc.rules.eligibility import (
    ACHIEVED,
    ELIGIBLE,
    NOT_ELIGIBLE,
    NOT_YET_DETERMINED,
    AdultAssessment,
    AssessmentError,
    CarerAssessment,
    EligibilityRules,
    WellbeingJudgement,
    adult_eligibility,
    carer_eligibility,
    compile_rules,
    likely_adult,
    likely_carer,
)
from openasc.rules.ruleset import RuleBook, RuleDataError

RULES = RuleBook().in_force("eligibility", date(2025, 4, 1))
ADULT_OUTCOMES = compile_rules(RULES).adult.codes
CARER_OUTCOMES = compile_rules(RULES).carer.codes
ADULT_GROUNDS = (
    "without_assistance",
    "pain_distress_anxiety",
    "endangers_safety",
    "takes_significantly_longer",
)
CARER_GROUNDS = ADULT_GROUNDS[:3]
AREAS = tuple(compile_rules(RULES).areas)
REGS = "Eligibility Criteria Regulations 2015"

SIGNIFICANT = WellbeingJudgement(
    significant=True,
    areas=("health", "dignity"),
    reasons="Cannot wash or prepare food without help; losing weight and withdrawn.",
)
NOT_SIGNIFICANT = WellbeingJudgement(
    significant=False, areas=(), reasons="Manages well with family support and equipment."
)


def all_achieved(codes, **unmet):
    """Every outcome recorded: achieved unless given the grounds it is not."""
    return {code: unmet.get(code, ACHIEVED) for code in codes}


def cites(result) -> str:
    return " | ".join(step.cites for step in result.steps)


# --- Adults: reg 2 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ground", "paragraph"),
    [
        ("without_assistance", "reg 2(3)(a)"),
        ("pain_distress_anxiety", "reg 2(3)(b)"),
        ("endangers_safety", "reg 2(3)(c)"),
        ("takes_significantly_longer", "reg 2(3)(d)"),
    ],
)
def test_each_ground_makes_an_outcome_unachieved(ground, paragraph):
    outcomes = all_achieved(ADULT_OUTCOMES, nutrition=(ground,), personal_hygiene={ground})
    result = adult_eligibility(AdultAssessment(outcomes, True, SIGNIFICANT), RULES)
    assert result.status == ELIGIBLE
    assert result.unmet == ("nutrition", "personal_hygiene")
    nutrition = result.steps[1]
    assert nutrition.says.startswith("Managing and maintaining nutrition: you are unable")
    assert nutrition.cites == f"{REGS}, reg 2(2)(a), {paragraph}"


def test_two_unmet_outcomes_with_impairment_and_significant_impact_are_eligible():
    outcomes = all_achieved(
        ADULT_OUTCOMES,
        toilet_needs=("without_assistance",),
        community=("pain_distress_anxiety", "endangers_safety"),
    )
    result = adult_eligibility(AdultAssessment(outcomes, True, SIGNIFICANT), RULES)
    assert result.status == ELIGIBLE and result.eligible
    assert result.unmet == ("toilet_needs", "community")
    assert result.unrecorded == ()
    assert result.rule_version == RULES.id
    assert result.indicative is False and result.notice == ""
    says = [step.says for step in result.steps]
    assert says[0].startswith("Your needs arise from, or are related to")
    assert "unable to achieve 2 of the outcomes" in says[3]
    assert "physical and mental health" in says[4] and "losing weight" in says[4]
    assert says[-1] == "Your needs meet the eligibility criteria."
    assert [s.cites for s in result.steps] == [
        f"{REGS}, reg 2(1)(a)",
        f"{REGS}, reg 2(2)(c), reg 2(3)(a)",
        f"{REGS}, reg 2(2)(i), reg 2(3)(b), reg 2(3)(c)",
        f"{REGS}, reg 2(1)(b)",
        f"{REGS}, reg 2(1)(c); Care Act 2014, s1(2)",
        f"{REGS}, reg 2(1)",
    ]


def test_a_result_can_be_stored_as_json():
    outcomes = {"nutrition": "without_assistance", "clothing": "without_assistance"}
    stored = adult_eligibility(AdultAssessment(outcomes, True, SIGNIFICANT), RULES).as_dict()
    assert json.loads(json.dumps(stored))["status"] == ELIGIBLE
    assert stored["steps"][0] == {
        "says": "Your needs arise from, or are related to, a physical or mental impairment or "
        "illness.",
        "pence": None,
        "cites": f"{REGS}, reg 2(1)(a)",
    }


def test_exactly_one_unmet_outcome_is_not_eligible_citing_reg_2_1_b():
    outcomes = all_achieved(ADULT_OUTCOMES, nutrition=("without_assistance",))
    result = adult_eligibility(AdultAssessment(outcomes, True, SIGNIFICANT), RULES)
    assert result.status == NOT_ELIGIBLE
    failing = [s for s in result.steps if s.cites == f"{REGS}, reg 2(1)(b)"]
    assert "unable to achieve 1 of the outcomes" in failing[0].says
    assert "do not meet the eligibility criteria" in failing[0].says


def test_no_impairment_or_illness_is_not_eligible_citing_reg_2_1_a():
    outcomes = all_achieved(
        ADULT_OUTCOMES, nutrition=("without_assistance",), habitable_home=("without_assistance",)
    )
    result = adult_eligibility(AdultAssessment(outcomes, False, SIGNIFICANT), RULES)
    assert result.status == NOT_ELIGIBLE
    assert result.steps[0].cites == f"{REGS}, reg 2(1)(a)"
    assert "do not arise from" in result.steps[0].says


def test_no_impairment_is_not_eligible_even_before_anything_else_is_recorded():
    result = adult_eligibility(AdultAssessment({}, False, None), RULES)
    assert result.status == NOT_ELIGIBLE
    assert len(result.unrecorded) == 10


def test_judgement_not_yet_recorded_is_not_yet_determined():
    outcomes = all_achieved(
        ADULT_OUTCOMES, nutrition=("without_assistance",), clothing=("without_assistance",)
    )
    for judgement in (None, WellbeingJudgement()):
        result = adult_eligibility(AdultAssessment(outcomes, True, judgement), RULES)
        assert result.status == NOT_YET_DETERMINED
        assert "has not yet recorded" in result.steps[-2].says
        assert result.steps[-2].cites.startswith(f"{REGS}, reg 2(1)(c)")


def test_impairment_not_yet_recorded_is_not_yet_determined():
    outcomes = all_achieved(
        ADULT_OUTCOMES, nutrition=("without_assistance",), clothing="endangers_safety"
    )
    result = adult_eligibility(AdultAssessment(outcomes, None, SIGNIFICANT), RULES)
    assert result.status == NOT_YET_DETERMINED
    assert "not yet been recorded" in result.steps[0].says


def test_no_significant_impact_is_not_eligible_citing_reg_2_1_c():
    outcomes = all_achieved(
        ADULT_OUTCOMES, nutrition=("without_assistance",), clothing=("without_assistance",)
    )
    result = adult_eligibility(AdultAssessment(outcomes, True, NOT_SIGNIFICANT), RULES)
    assert result.status == NOT_ELIGIBLE
    assert result.steps[-2].cites.startswith(f"{REGS}, reg 2(1)(c)")
    assert "family support" in result.steps[-2].says


def test_one_unmet_with_outcomes_still_to_record_is_not_yet_determined():
    result = adult_eligibility(
        AdultAssessment({"nutrition": ("without_assistance",), "clothing": ACHIEVED}, True, None),
        RULES,
    )
    assert result.status == NOT_YET_DETERMINED
    assert result.unrecorded == tuple(
        c for c in ADULT_OUTCOMES if c not in ("nutrition", "clothing")
    )
    assert "Still to be recorded: maintaining personal hygiene; managing toilet needs" in (
        result.steps[2].says
    )


def test_two_unmet_decide_the_outcomes_test_before_the_rest_are_recorded():
    outcomes = {"nutrition": ("without_assistance",), "toilet_needs": ("without_assistance",)}
    result = adult_eligibility(AdultAssessment(outcomes, True, SIGNIFICANT), RULES)
    assert result.status == ELIGIBLE
    assert len(result.unrecorded) == 8


def test_unmet_outcomes_are_listed_in_the_regulations_order():
    outcomes = {"caring_for_child": "without_assistance", "nutrition": "without_assistance"}
    result = adult_eligibility(AdultAssessment(outcomes, True, SIGNIFICANT), RULES)
    assert result.unmet == ("nutrition", "caring_for_child")


# --- Carers: reg 3 --------------------------------------------------------------------------


def test_carer_unable_to_achieve_one_outcome_with_significant_impact_is_eligible():
    outcomes = all_achieved(CARER_OUTCOMES, recreation=("without_assistance",))
    result = carer_eligibility(CarerAssessment(outcomes, True, False, SIGNIFICANT), RULES)
    assert result.status == ELIGIBLE
    assert result.unmet == ("recreation",)
    assert f"{REGS}, reg 3(2)(b)(viii), reg 3(3)(a)" in cites(result)
    assert result.steps[-1].says == "Your needs as a carer meet the eligibility criteria."


def test_carer_health_deteriorating_alone_with_significant_impact_is_eligible():
    outcomes = all_achieved(CARER_OUTCOMES)
    result = carer_eligibility(CarerAssessment(outcomes, True, True, SIGNIFICANT), RULES)
    assert result.status == ELIGIBLE
    assert result.unmet == ()
    assert f"{REGS}, reg 3(2)(a)" in cites(result)


def test_carer_with_nothing_unmet_and_health_not_at_risk_is_not_eligible():
    outcomes = all_achieved(CARER_OUTCOMES)
    result = carer_eligibility(CarerAssessment(outcomes, True, False, SIGNIFICANT), RULES)
    assert result.status == NOT_ELIGIBLE
    effect = next(s for s in result.steps if s.cites == f"{REGS}, reg 3(1)(b)")
    assert "do not meet the eligibility criteria for carers" in effect.says


def test_carer_not_providing_necessary_care_is_not_eligible_citing_reg_3_1_a():
    outcomes = all_achieved(CARER_OUTCOMES, nutrition=("pain_distress_anxiety",))
    result = carer_eligibility(CarerAssessment(outcomes, False, True, SIGNIFICANT), RULES)
    assert result.status == NOT_ELIGIBLE
    assert result.steps[0].cites == f"{REGS}, reg 3(1)(a)"


def test_carer_with_no_significant_impact_is_not_eligible_citing_reg_3_1_c():
    outcomes = all_achieved(CARER_OUTCOMES, nutrition=("pain_distress_anxiety",))
    result = carer_eligibility(CarerAssessment(outcomes, True, True, NOT_SIGNIFICANT), RULES)
    assert result.status == NOT_ELIGIBLE
    assert result.steps[-2].cites.startswith(f"{REGS}, reg 3(1)(c)")


def test_carer_health_unknown_and_outcomes_all_achieved_is_not_yet_determined():
    outcomes = all_achieved(CARER_OUTCOMES)
    result = carer_eligibility(CarerAssessment(outcomes, True, None, SIGNIFICANT), RULES)
    assert result.status == NOT_YET_DETERMINED


def test_carer_outcomes_are_the_eight_in_reg_3_2_b():
    assert CARER_OUTCOMES == (
        "caring_for_child",
        "caring_for_others",
        "habitable_home",
        "nutrition",
        "relationships",
        "work_education_volunteering",
        "community",
        "recreation",
    )


# --- What a practitioner records --------------------------------------------------------------


def test_an_unknown_outcome_is_refused_with_the_codes_to_use():
    with pytest.raises(AssessmentError, match="'nutriton' is not one of the adult outcomes") as e:
        adult_eligibility(AdultAssessment({"nutriton": ACHIEVED}), RULES)
    assert "nutrition" in str(e.value) and e.value.field == "outcomes.nutriton"
    assert isinstance(e.value, ValueError)


def test_an_adult_outcome_code_is_not_a_carer_outcome():
    with pytest.raises(AssessmentError, match="not one of the carer outcomes"):
        carer_eligibility(CarerAssessment({"toilet_needs": ACHIEVED}), RULES)


def test_an_unknown_ground_is_refused_naming_the_grounds():
    with pytest.raises(AssessmentError, match="'too_slow' is not a reason") as e:
        adult_eligibility(AdultAssessment({"nutrition": ("too_slow",)}), RULES)
    assert "takes_significantly_longer" in str(e.value)


def test_taking_significantly_longer_is_not_a_ground_for_carers():
    with pytest.raises(AssessmentError, match="'takes_significantly_longer' is not a reason"):
        carer_eligibility(CarerAssessment({"nutrition": ("takes_significantly_longer",)}), RULES)


@pytest.mark.parametrize("nothing", [(), set(), frozenset(), []])
def test_not_achieved_without_a_ground_is_refused(nothing):
    with pytest.raises(AssessmentError, match="no reason is given") as e:
        adult_eligibility(AdultAssessment({"clothing": nothing}), RULES)
    assert e.value.field == "outcomes.clothing"


@pytest.mark.parametrize("value", [True, False, 1, "yes"])
def test_an_outcome_must_be_achieved_or_have_grounds(value):
    with pytest.raises(AssessmentError):
        adult_eligibility(AdultAssessment({"clothing": value}), RULES)


@pytest.mark.parametrize("significant", [True, False])
@pytest.mark.parametrize("reasons", ["", "   \n"])
def test_a_judgement_without_reasons_is_refused(significant, reasons):
    judgement = WellbeingJudgement(significant, ("health",), reasons)
    with pytest.raises(AssessmentError, match="Record the reasons for the judgement") as e:
        adult_eligibility(AdultAssessment({}, True, judgement), RULES)
    assert e.value.field == "wellbeing.reasons"


def test_an_unknown_area_of_wellbeing_is_refused():
    judgement = WellbeingJudgement(True, ("happiness",), "reasons")
    with pytest.raises(AssessmentError, match="'happiness' is not an area of well-being"):
        adult_eligibility(AdultAssessment({}, True, judgement), RULES)


def test_a_significant_impact_must_name_the_areas_affected():
    with pytest.raises(AssessmentError, match="Record which areas of well-being"):
        adult_eligibility(AdultAssessment({}, True, WellbeingJudgement(True, (), "r")), RULES)


def test_a_condition_must_be_yes_no_or_not_yet_known():
    with pytest.raises(AssessmentError, match="impairment_or_illness"):
        adult_eligibility(AdultAssessment({}, "yes"), RULES)


# --- The resident's indication ------------------------------------------------------------


def test_likely_adult_says_it_is_an_indication_not_a_decision():
    outcomes = {"nutrition": ("without_assistance",), "personal_hygiene": ("without_assistance",)}
    result = likely_adult(AdultAssessment(outcomes, True), RULES)
    assert result.indicative is True
    assert result.status == ELIGIBLE
    assert result.notice.startswith("This is an indication, not a decision.")
    assert "council decides" in result.notice and "after an assessment" in result.notice
    assert result.steps[0].says == result.notice
    # residents read the plain wording, and the well-being judgement is only "likely"
    assert result.steps[2].says.startswith("Eating and drinking enough")
    assert "likely to be a significant impact" in result.steps[-2].says
    assert result.steps[-1].says.startswith("From your answers, your needs are likely")


def test_likely_adult_with_one_unmet_outcome_is_unlikely():
    outcomes = all_achieved(ADULT_OUTCOMES, nutrition=("without_assistance",))
    result = likely_adult(AdultAssessment(outcomes, True), RULES)
    assert result.status == NOT_ELIGIBLE
    assert "unlikely" in result.steps[-1].says and "ask for an assessment" in result.steps[-1].says


def test_likely_carer_infers_significance_from_health_at_risk():
    result = likely_carer(CarerAssessment(all_achieved(CARER_OUTCOMES), True, True), RULES)
    assert result.status == ELIGIBLE and result.indicative
    assert result.steps[0].says == result.notice


def test_likely_mode_keeps_a_recorded_judgement():
    outcomes = {"nutrition": ("without_assistance",), "clothing": ("without_assistance",)}
    result = likely_adult(AdultAssessment(outcomes, True, NOT_SIGNIFICANT), RULES)
    assert result.status == NOT_ELIGIBLE


def test_the_decision_never_infers_the_judgement():
    outcomes = all_achieved(
        ADULT_OUTCOMES, **dict.fromkeys(ADULT_OUTCOMES, ("without_assistance",))
    )
    result = adult_eligibility(AdultAssessment(outcomes, True, None), RULES)
    assert result.status == NOT_YET_DETERMINED


# --- Rule data ------------------------------------------------------------------------------


def test_rules_are_compiled_once_per_version():
    compiled = compile_rules(RULES)
    assert isinstance(compiled, EligibilityRules)
    assert compile_rules(RULES) is compiled
    assert compile_rules(compiled) is compiled
    same = RuleBook().in_force("eligibility", date(2025, 4, 1))
    assert compile_rules(same) is compiled  # same content, same id
    result = adult_eligibility(AdultAssessment({}), compiled)
    assert result.rule_version == RULES.id


def test_other_rules_are_refused():
    with pytest.raises(RuleDataError, match="expected eligibility rules"):
        compile_rules(RuleBook().in_force("ras", date(2025, 4, 1)))


def test_a_council_can_reword_a_step(tmp_path):
    folder = tmp_path / "eligibility"
    folder.mkdir()
    (folder / "2025-04-01.yaml").write_text(
        "adult:\n  steps:\n    decision:\n      eligible: You are eligible for support.\n"
    )
    rules = RuleBook(tmp_path).in_force("eligibility", date(2025, 6, 1))
    outcomes = {"nutrition": "without_assistance", "clothing": "without_assistance"}
    result = adult_eligibility(AdultAssessment(outcomes, True, SIGNIFICANT), rules)
    assert result.steps[-1].says == "You are eligible for support."
    assert result.rule_version == rules.id != RULES.id


def test_wording_with_a_blank_openasc_cannot_fill_is_refused(tmp_path):
    folder = tmp_path / "eligibility"
    folder.mkdir()
    (folder / "2025-04-01.yaml").write_text(
        "adult:\n  steps:\n    decision:\n      eligible: Eligible, {name}.\n"
    )
    rules = RuleBook(tmp_path).in_force("eligibility", date(2025, 6, 1))
    with pytest.raises(RuleDataError, match="blank openasc cannot fill"):
        compile_rules(rules)


# --- Properties -----------------------------------------------------------------------------

flags = st.sampled_from([True, False, None])


def outcome_answers(codes, grounds):
    answer = st.one_of(
        st.none(),
        st.just(ACHIEVED),
        st.lists(st.sampled_from(grounds), min_size=1, max_size=len(grounds)).map(tuple),
    )
    return st.dictionaries(st.sampled_from(codes), answer)


judgements = st.one_of(
    st.none(),
    st.builds(
        WellbeingJudgement,
        significant=flags,
        areas=st.lists(st.sampled_from(AREAS), min_size=1, unique=True).map(tuple),
        reasons=st.just("Recorded reasons."),
    ),
)
adults = st.builds(
    AdultAssessment, outcome_answers(ADULT_OUTCOMES, ADULT_GROUNDS), flags, judgements
)
carers = st.builds(
    CarerAssessment, outcome_answers(CARER_OUTCOMES, CARER_GROUNDS), flags, flags, judgements
)


def unmet_count(case) -> int:
    return sum(1 for v in case.outcomes.values() if v not in (None, ACHIEVED))


@given(adults, st.booleans())
def test_an_adult_unable_to_achieve_fewer_than_two_outcomes_is_never_eligible(case, likely):
    result = adult_eligibility(case, RULES, indicative=likely)
    if unmet_count(case) < 2:
        assert result.status != ELIGIBLE
    assert len(result.unmet) == unmet_count(case)


@given(carers, st.booleans())
def test_a_carer_unable_to_achieve_an_outcome_with_significant_impact_is_eligible(case, likely):
    if unmet_count(case) >= 1:
        case = CarerAssessment(case.outcomes, True, case.health_at_risk, SIGNIFICANT)
        assert carer_eligibility(case, RULES, indicative=likely).status == ELIGIBLE


@given(adults, st.sampled_from(ADULT_OUTCOMES), st.sampled_from(ADULT_GROUNDS))
def test_adding_an_unmet_outcome_never_makes_an_eligible_adult_ineligible(case, code, ground):
    before = adult_eligibility(case, RULES)
    more = AdultAssessment({**case.outcomes, code: (ground,)}, *_rest(case))
    after = adult_eligibility(more, RULES)
    if before.status == ELIGIBLE:
        assert after.status == ELIGIBLE
    if before.status == NOT_ELIGIBLE and after.status != NOT_ELIGIBLE:
        assert len(after.unmet) > len(before.unmet)


@given(carers, st.sampled_from(CARER_OUTCOMES), st.sampled_from(CARER_GROUNDS))
def test_adding_an_unmet_outcome_never_makes_an_eligible_carer_ineligible(case, code, ground):
    before = carer_eligibility(case, RULES)
    more = CarerAssessment({**case.outcomes, code: (ground,)}, *_rest(case))
    if before.status == ELIGIBLE:
        assert carer_eligibility(more, RULES).status == ELIGIBLE


def _rest(case):
    if isinstance(case, AdultAssessment):
        return case.impairment_or_illness, case.wellbeing
    return case.providing_necessary_care, case.health_at_risk, case.wellbeing


@given(st.one_of(adults, carers), st.booleans())
def test_every_result_explains_itself_with_citations(case, likely):
    evaluate = adult_eligibility if isinstance(case, AdultAssessment) else carer_eligibility
    result = evaluate(case, RULES, indicative=likely)
    assert result.status in (ELIGIBLE, NOT_ELIGIBLE, NOT_YET_DETERMINED)
    assert all(step.says and step.cites and step.pence is None for step in result.steps)
    assert result.indicative is likely
    assert (result.steps[0].says == result.notice) is likely
    codes = ADULT_OUTCOMES if isinstance(case, AdultAssessment) else CARER_OUTCOMES
    not_achieved = {code for code in codes if case.outcomes.get(code) != ACHIEVED}
    assert set(result.unmet) | set(result.unrecorded) == not_achieved
