"""Eligibility under the Care and Support (Eligibility Criteria) Regulations 2015.

An adult's needs are eligible (reg 2) when they arise from or relate to an impairment or
illness, the adult is unable to achieve two or more of the ten outcomes, and as a consequence
there is, or is likely to be, a significant impact on well-being. A carer's needs are
eligible (reg 3) when they arise from providing necessary care, the carer's health is at risk
or they are unable to achieve any one of the carer outcomes, and there is a significant impact
on well-being.

"Significant impact" is a practitioner's judgement, recorded with reasons; this module never
makes it. Only the resident-facing "likely eligibility" check (``likely_adult``,
``likely_carer``) infers it from the answers, and that result says it is an indication, not a
decision.

The outcome lists, grounds, well-being areas and all wording come from the dated rule data
(``data/eligibility/``), compiled once per rule version so that a decision costs a few
microseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from openasc.rules.explain import Step
from openasc.rules.ruleset import RuleDataError, RuleVersion, compiled

ACHIEVED = "achieved"
ELIGIBLE, NOT_ELIGIBLE, NOT_YET_DETERMINED = "eligible", "not_eligible", "not_yet_determined"
MET, NOT_MET, NOT_RECORDED = "met", "not_met", "not_recorded"

# An outcome is None (not yet recorded), ACHIEVED, or the reasons it cannot be achieved:
# a tuple or set of ground codes (a single code is accepted too).
Outcome = str | Iterable[str] | None


class AssessmentError(ValueError):
    """Assessment answers that cannot be used. ``field`` names the answer to correct."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class WellbeingJudgement:
    """The practitioner's judgement of significant impact on well-being (reg 2(1)(c) and
    3(1)(c)), with the areas of Care Act s1(2) affected and the reasons for it."""

    significant: bool | None = None
    areas: tuple[str, ...] = ()
    reasons: str = ""


@dataclass(frozen=True, slots=True)
class AdultAssessment:
    outcomes: Mapping[str, Outcome] = field(default_factory=dict)
    impairment_or_illness: bool | None = None
    wellbeing: WellbeingJudgement | None = None


@dataclass(frozen=True, slots=True)
class CarerAssessment:
    outcomes: Mapping[str, Outcome] = field(default_factory=dict)
    providing_necessary_care: bool | None = None
    health_at_risk: bool | None = None  # health is, or is at risk of, deteriorating
    wellbeing: WellbeingJudgement | None = None


class Eligibility(NamedTuple):
    status: str  # ELIGIBLE, NOT_ELIGIBLE or NOT_YET_DETERMINED
    steps: tuple[Step, ...]
    unmet: tuple[str, ...]  # outcomes the person is unable to achieve, in regulation order
    unrecorded: tuple[str, ...]  # outcomes not yet recorded
    rule_version: str
    indicative: bool = False  # True for the resident's "likely eligibility" check
    notice: str = ""  # says plainly that an indication is not a decision

    @property
    def eligible(self) -> bool:
        return self.status == ELIGIBLE

    def as_dict(self) -> dict:
        """For storing with the decision (JSON-ready)."""
        return self._asdict() | {"steps": [step.as_dict() for step in self.steps]}


# --- Compiled rule data -------------------------------------------------------------------


class _Criteria(NamedTuple):
    """One side of the regulations (adult or carer), with its wording ready to use."""

    who: str
    codes: tuple[str, ...]  # outcomes in regulation order
    labels: dict[str, str]  # outcome code -> regulation wording
    plain: dict[str, str]  # outcome code -> resident wording
    bits: dict[str, int]  # ground code -> bit, so a set of grounds is one small int
    grounds_help: str  # the grounds, listed for error messages
    unmet_steps: dict[str, tuple[Step, ...]]  # outcome -> steps indexed by grounds mask
    plain_unmet_steps: dict[str, tuple[Step, ...]]
    needed: int
    fixed: dict[tuple[str, str], Step]  # (test, state) -> step with no blanks to fill
    counted: dict[tuple[str, str, int], Step]  # (test, state, outcomes unmet) -> step
    text: dict[tuple[str, str], str]  # (test, state) -> wording with blanks
    cites: dict[str, str]  # test -> citation


@dataclass(frozen=True, slots=True)
class EligibilityRules:
    version_id: str
    adult: _Criteria
    carer: _Criteria
    areas: dict[str, str]  # well-being area -> regulation wording
    areas_help: str
    notice: str
    notice_step: Step
    likely: dict[str, Step]  # status -> the indication's conclusion
    adult_unmet_for_significant: int
    carer_unmet_for_significant: int
    carer_health_for_significant: bool


def compile_rules(version: RuleVersion | EligibilityRules) -> EligibilityRules:
    """A rule version's eligibility data, compiled once (see ruleset.compiled)."""
    if type(version) is EligibilityRules:
        return version
    return compiled(version, "eligibility", lambda v: _compile(v.data, v.id, v.sources))


def _compile(data: dict, vid: str, sources: tuple[str, ...]) -> EligibilityRules:
    need = _Need(sources[-1])
    regs, act = need(data, "regulations"), need(data, "act")
    areas, likely = need(data, "wellbeing_areas"), need(data, "likely")
    cites = need(likely, "cites")
    notice = need.words(likely, "notice")
    decision = need(likely, "decision")
    return EligibilityRules(
        version_id=vid,
        adult=_compile_side("adult", need(data, "adult"), regs, act, need),
        carer=_compile_side("carer", need(data, "carer"), regs, act, need),
        areas={a: need.words(v, "law") for a, v in areas.items()},
        areas_help="; ".join(f"{a} ({need.words(v, 'law')})" for a, v in areas.items()),
        notice=notice,
        notice_step=Step(notice, None, cites),
        likely={s: Step(need.words(decision, s), None, cites) for s in decision},
        adult_unmet_for_significant=int(need(likely, "adult_unmet_for_significant")),
        carer_unmet_for_significant=int(need(likely, "carer_unmet_for_significant")),
        carer_health_for_significant=bool(need(likely, "carer_health_for_significant")),
    )


# the blanks wording may use; every piece of wording is tried with them when it is loaded
_BLANKS = dict.fromkeys(
    ("count", "needed", "missing", "areas", "reasons", "outcome", "grounds"), ""
)


class _Need:
    """Reads rule data, naming the file and key when something is missing or unusable."""

    def __init__(self, source: str):
        self.source = source

    def __call__(self, d, key: str):
        if not isinstance(d, dict) or key not in d:
            raise RuleDataError(f"{self.source}: missing {key!r}")
        return d[key]

    def words(self, d, key: str) -> str:
        """Wording on one line, checked for blanks openasc cannot fill."""
        text = " ".join(str(self(d, key)).split())
        try:
            text.format_map(_BLANKS)
        except (KeyError, IndexError, ValueError) as exc:
            raise RuleDataError(
                f"{self.source}: {key!r} has a blank openasc cannot fill: {exc}"
            ) from None
        return text


def _compile_side(who: str, side: dict, regs: str, act: str, need: _Need) -> _Criteria:
    outcomes, grounds = need(side, "outcomes"), need(side, "grounds")
    steps, needed = need(side, "steps"), int(need(side, "outcomes_needed"))
    fixed, counted, text, cites = {}, {}, {}, {}
    for test, words in steps.items():
        if test == "unmet_outcome":
            continue
        cites[test] = f"{regs}, reg {need(words, 'reg')}"
        if test == "wellbeing":
            cites[test] += f"; {act}, s1(2)"
        for state in words:
            if state == "reg":
                continue
            text[test, state] = says = need.words(words, state)
            fixed[test, state] = Step(says, None, cites[test])
            for n in range(len(outcomes) + 1):  # count lines written in advance
                line = says.format_map({**_BLANKS, "count": n, "needed": needed})
                counted[test, state, n] = Step(line, None, cites[test])
    template = need.words(need(steps, "unmet_outcome"), "says")
    return _Criteria(
        who=who,
        codes=tuple(outcomes),
        labels={c: need.words(o, "law") for c, o in outcomes.items()},
        plain={c: need.words(o, "plain") for c, o in outcomes.items()},
        bits={g: 1 << i for i, g in enumerate(grounds)},
        grounds_help="; ".join(f"{g} ({need.words(v, 'law')})" for g, v in grounds.items()),
        unmet_steps=_unmet_steps(template, regs, outcomes, grounds, "law", need),
        plain_unmet_steps=_unmet_steps(template, regs, outcomes, grounds, "plain", need),
        needed=needed,
        fixed=fixed,
        counted=counted,
        text=text,
        cites=cites,
    )


def _unmet_steps(template, regs, outcomes, grounds, wording, need) -> dict[str, tuple[Step, ...]]:
    """Every 'unable to achieve' line written in advance: one per outcome and combination of
    grounds (at most 10 x 15), so a decision only looks its lines up."""
    names = list(grounds)
    out = {}
    for code, outcome in outcomes.items():
        label = need.words(outcome, wording)
        row = [Step("", None, "")]  # mask 0: no grounds, which validation refuses
        for mask in range(1, 1 << len(names)):
            chosen = [g for i, g in enumerate(names) if mask >> i & 1]
            says = template.format_map(
                _BLANKS
                | {
                    "outcome": label[0].upper() + label[1:],
                    "grounds": _and([need.words(grounds[g], "plain") for g in chosen]),
                }
            )
            cited = [need(outcome, "reg")] + [need(grounds[g], "reg") for g in chosen]
            row.append(Step(says, None, f"{regs}, " + ", ".join(f"reg {x}" for x in cited)))
        out[code] = tuple(row)
    return out


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- Decisions ----------------------------------------------------------------------------


def adult_eligibility(
    case: AdultAssessment, rules: RuleVersion | EligibilityRules, *, indicative: bool = False
) -> Eligibility:
    """Whether an adult's needs meet the eligibility criteria (reg 2)."""
    r = compile_rules(rules)
    c = r.adult
    steps = [r.notice_step] if indicative else []
    impairment = _state(case.impairment_or_illness, "impairment_or_illness")
    steps.append(c.fixed["impairment", impairment])

    unmet, unrecorded = _outcomes(c, case.outcomes, steps, indicative)
    outcomes = _count_test(len(unmet), len(unrecorded), c.needed)
    steps.append(_outcomes_step(c, "outcomes", outcomes, unmet, unrecorded, indicative))

    guess = None
    if indicative:  # an indication only: likely significant when enough outcomes are unmet
        guess = _count_test(len(unmet), len(unrecorded), r.adult_unmet_for_significant)
    wellbeing = _wellbeing(r, c, case.wellbeing, guess, steps)
    return _result(r, c, (impairment, outcomes, wellbeing), steps, unmet, unrecorded, indicative)


def carer_eligibility(
    case: CarerAssessment, rules: RuleVersion | EligibilityRules, *, indicative: bool = False
) -> Eligibility:
    """Whether a carer's needs meet the eligibility criteria (reg 3)."""
    r = compile_rules(rules)
    c = r.carer
    steps = [r.notice_step] if indicative else []
    caring = _state(case.providing_necessary_care, "providing_necessary_care")
    steps.append(c.fixed["caring", caring])

    health = _state(case.health_at_risk, "health_at_risk")
    steps.append(c.fixed["health", health])
    unmet, unrecorded = _outcomes(c, case.outcomes, steps, indicative)
    # reg 3(1)(b): health at risk OR unable to achieve any one outcome
    effect = MET if health == MET else _count_test(len(unmet), len(unrecorded), c.needed)
    if effect == NOT_MET and health == NOT_RECORDED:
        effect = NOT_RECORDED
    steps.append(_outcomes_step(c, "effect", effect, unmet, unrecorded, indicative))

    guess = None
    if indicative:
        guess = _count_test(len(unmet), len(unrecorded), r.carer_unmet_for_significant)
        if r.carer_health_for_significant and health != NOT_MET and guess != MET:
            guess = MET if health == MET else NOT_RECORDED
    wellbeing = _wellbeing(r, c, case.wellbeing, guess, steps)
    return _result(r, c, (caring, effect, wellbeing), steps, unmet, unrecorded, indicative)


def likely_adult(case: AdultAssessment, rules: RuleVersion | EligibilityRules) -> Eligibility:
    """The resident's "am I likely to be eligible?" check: an indication, not a decision."""
    return adult_eligibility(case, rules, indicative=True)


def likely_carer(case: CarerAssessment, rules: RuleVersion | EligibilityRules) -> Eligibility:
    """The carer's "am I likely to be eligible?" check: an indication, not a decision."""
    return carer_eligibility(case, rules, indicative=True)


def _state(answer: bool | None, name: str) -> str:
    if answer is None:
        return NOT_RECORDED
    if answer is True:
        return MET
    if answer is False:
        return NOT_MET
    raise AssessmentError(f"{name} must be recorded as yes, no or not yet known", name)


def _count_test(unmet: int, unrecorded: int, needed: int) -> str:
    """Met once enough outcomes are unmet; not met only when even the unrecorded ones could
    not make up the number, so a partly recorded assessment is never refused too early."""
    if unmet >= needed:
        return MET
    return NOT_MET if unmet + unrecorded < needed else NOT_RECORDED


def _outcomes(c: _Criteria, answers: Mapping[str, Outcome], steps: list, plain: bool):
    """Read the outcomes in regulation order, adding a step for each one not achieved."""
    unmet, unrecorded, seen = [], [], 0
    table = c.plain_unmet_steps if plain else c.unmet_steps
    bits = c.bits
    for code in c.codes:
        value = answers.get(code)
        if value is None:
            unrecorded.append(code)
            seen += code in answers  # recorded as "not yet known"
            continue
        seen += 1
        if value == ACHIEVED:
            continue
        mask = 0
        try:
            for ground in (value,) if isinstance(value, str) else value:
                mask |= bits[ground]
        except (KeyError, TypeError):
            raise _bad_outcome(c, code, value) from None
        if not mask:
            raise AssessmentError(
                f"'{c.labels[code]}' is recorded as not achieved but no reason is given. "
                f"Record at least one reason: {c.grounds_help}.",
                f"outcomes.{code}",
            )
        unmet.append(code)
        steps.append(table[code][mask])
    if seen != len(answers):
        unknown = sorted(str(k) for k in answers if k not in c.labels)
        raise AssessmentError(
            f"{', '.join(map(repr, unknown))} is not one of the {c.who} outcomes in the "
            f"regulations. Use one of: {', '.join(c.codes)}.",
            f"outcomes.{unknown[0]}",
        )
    return tuple(unmet), tuple(unrecorded)


def _bad_outcome(c: _Criteria, code: str, value) -> AssessmentError:
    if isinstance(value, Iterable) and not isinstance(value, bytes | Mapping):
        wrong = [g for g in value if g not in c.bits]
        if wrong:
            return AssessmentError(
                f"{wrong[0]!r} is not a reason the regulations give for a {c.who} being unable "
                f"to achieve '{c.labels[code]}'. Use one of: {c.grounds_help}.",
                f"outcomes.{code}",
            )
    return AssessmentError(
        f"'{c.labels[code]}' must be recorded as '{ACHIEVED}', left blank until assessed, or "
        f"given the reasons it cannot be achieved, for example ('without_assistance',); "
        f"got {value!r}.",
        f"outcomes.{code}",
    )


def _outcomes_step(c, test, state, unmet, unrecorded, plain) -> Step:
    if state != NOT_RECORDED:
        return c.counted[test, state, len(unmet)]
    labels = c.plain if plain else c.labels
    missing = "; ".join(labels[u] for u in unrecorded)
    says = c.text[test, state].format(count=len(unmet), needed=c.needed, missing=missing)
    return Step(says, None, c.cites[test])


def _wellbeing(r: EligibilityRules, c: _Criteria, judged, guess, steps: list) -> str:
    """Condition (c): the recorded judgement; for an indication only, a guess from answers."""
    significant = None if judged is None else judged.significant
    if significant is None:
        if guess in (MET, NOT_MET):
            steps.append(c.fixed["wellbeing", "likely_" + guess])
            return guess
        steps.append(c.fixed["wellbeing", NOT_RECORDED])
        return NOT_RECORDED
    reasons = judged.reasons.strip() if isinstance(judged.reasons, str) else ""
    if significant is not True and significant is not False:
        raise AssessmentError("significant impact must be yes, no or not yet judged", "wellbeing")
    if not reasons:
        raise AssessmentError(
            "Record the reasons for the judgement on significant impact on well-being.",
            "wellbeing.reasons",
        )
    areas = (judged.areas,) if isinstance(judged.areas, str) else judged.areas
    try:
        named = "; ".join([r.areas[a] for a in areas])
    except (KeyError, TypeError):
        wrong = [a for a in areas if a not in r.areas] if isinstance(areas, Iterable) else [areas]
        raise AssessmentError(
            f"{wrong[0]!r} is not an area of well-being in Care Act 2014 s1(2). "
            f"Use one of: {r.areas_help}.",
            "wellbeing.areas",
        ) from None
    if significant and not named:
        raise AssessmentError(
            f"Record which areas of well-being are affected: {r.areas_help}.", "wellbeing.areas"
        )
    state = MET if significant else NOT_MET
    says = c.text["wellbeing", state].format(areas=named, reasons=reasons)
    steps.append(Step(says, None, c.cites["wellbeing"]))
    return state


def _result(r, c, states, steps, unmet, unrecorded, indicative) -> Eligibility:
    if NOT_MET in states:
        status = NOT_ELIGIBLE
    elif NOT_RECORDED in states:
        status = NOT_YET_DETERMINED
    else:
        status = ELIGIBLE
    steps.append(r.likely[status] if indicative else c.fixed["decision", status])
    return Eligibility(
        status,
        tuple(steps),
        unmet,
        unrecorded,
        r.version_id,
        indicative,
        r.notice if indicative else "",
    )
