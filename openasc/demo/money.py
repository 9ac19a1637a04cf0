"""Demoshire's money records: for everyone in long-term support today, the eligibility
decision on their latest assessment, the resource allocation questionnaire behind their
budget, and a financial assessment. Answers are drawn to fit each person's package (with
noise, as real questionnaires fit real packages), then run through the rules engine, so every
figure shown is the engine's own."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date

from openasc.money.cases import weekly_cost
from openasc.money.charge_inputs import age_on, assessment_from
from openasc.rules import charging, eligibility, ras
from openasc.rules.ruleset import RuleVersion

RESIDENTIAL = {"lts_residential", "lts_nursing"}


def open_packages(sim) -> dict[int, dict]:
    """Per person in long-term support today: weekly cost, setting and latest assessment."""
    people: dict[int, dict] = {}
    for e in sim.events:
        if e[2] == "service" and e[5] == "open" and (e[17] or "").startswith("lts_"):
            p = people.setdefault(e[1], {"cost": 0, "residential": False, "started": e[6]})
            p["cost"] += weekly_cost(e[22], e[24], e[23])
            p["residential"] |= e[17] in RESIDENTIAL
            p["started"] = min(p["started"], e[6])
    for e in sim.events:
        if e[2] == "assessment" and e[1] in people and e[5] == "completed":
            p = people[e[1]]
            if p.get("assessment") is None or e[6] > p["assessment"][1]:
                p["assessment"] = (e[0], e[6])
    return people


class MoneyRows:
    """Rows for EligibilityDecision, SupportBudget and FinancialAssessment."""

    def __init__(self, sim, seed: int, as_of: date, versions: dict[str, RuleVersion]):
        self.rng = random.Random(f"money-{seed}")
        self.as_of = as_of
        self.versions = versions
        self.q = ras.questionnaire(versions["ras"])
        self.people = {p[0]: p for p in sim.people}
        self.packages = open_packages(sim)
        elig = versions["eligibility"].data["adult"]
        self.outcomes = list(elig["outcomes"])
        self.grounds = list(elig["grounds"])
        self.areas = list(versions["eligibility"].data["wellbeing_areas"])

    def eligibility(self, stamp) -> Iterator[tuple]:
        v = self.versions["eligibility"]
        for _pid, pkg in sorted(self.packages.items()):
            if pkg.get("assessment") is None:
                continue
            answers = self._eligibility_answers(pkg["cost"])
            result = eligibility.adult_eligibility(
                eligibility.AdultAssessment(
                    outcomes={k: (x if x == "achieved" else tuple(x))
                              for k, x in answers["outcomes"].items()},
                    impairment_or_illness=True,
                    wellbeing=eligibility.WellbeingJudgement(
                        True, tuple(answers["wellbeing"]["areas"]),
                        answers["wellbeing"]["reasons"]),
                ), v)  # fmt: skip
            when = stamp(pkg["assessment"][1])
            yield (pkg["assessment"][0], 1, when, when, "adult", _json(answers), result.status,
                   _json([s.as_dict() for s in result.steps]), v.id)  # fmt: skip

    def _eligibility_answers(self, cost: int) -> dict:
        rng = self.rng
        unmet = min(len(self.outcomes), 2 + int(cost / 15000) + rng.randrange(3))
        chosen = set(rng.sample(self.outcomes, unmet))
        outcomes = {
            o: (sorted(rng.sample(self.grounds, rng.choice((1, 1, 2)))) if o in chosen
                else "achieved")
            for o in self.outcomes
        }  # fmt: skip
        return {"impairment_or_illness": True, "outcomes": outcomes,
                "wellbeing": {"significant": True, "areas": rng.sample(self.areas, 2),
                              "reasons": "Demo: needs affect daily life and safety."}}  # fmt: skip

    def budgets(self, stamp) -> Iterator[tuple]:
        v = self.versions["ras"]
        for pid, pkg in sorted(self.packages.items()):
            answers = self._ras_answers(pkg["cost"])
            carer = self.rng.choice(("some", "occasional", "a_lot")) if self.people[pid][14] else ""
            result = ras.indicative_budget(answers, self.q, carer or None)
            when = stamp(pkg["started"])
            yield (when, when, pid, pkg.get("assessment", (None,))[0], _json(answers), carer,
                   result.weekly_pence, pkg["cost"] or None,
                   _json([s.as_dict() for s in result.steps]), v.id)  # fmt: skip

    def _ras_answers(self, cost: int) -> dict:
        """Answers whose points come near the package's cost at the shipped price, with the
        scatter real assessments show around any formula."""
        target = cost / self.q.price_per_point_pence * self.rng.lognormvariate(0, 0.25)
        top = sum(max(a.points for a in d.answers.values()) for d in self.q.domains) or 1
        share = min(1.0, target / top)
        answers = {}
        for d in self.q.domains:
            options = sorted(d.answers.values(), key=lambda a: a.points)
            want = share * options[-1].points + self.rng.gauss(0, 2)
            answers[d.code] = min(options, key=lambda a: abs(a.points - want)).code
        return answers

    def charges(self, stamp) -> Iterator[tuple]:
        v = self.versions["charging"]
        for pid, pkg in sorted(self.packages.items()):
            p = self.people[pid]
            born = date.fromordinal(p[5])
            inputs = self._charge_inputs(age_on(born, self.as_of), pkg)
            result = charging.assess_charge(assessment_from(born, inputs, self.as_of), v)
            when = stamp(pkg["started"])
            yield (when, when, pid, self.as_of.isoformat(), inputs["setting"], _json(inputs),
                   result.cost_of_care_pence, result.weekly_charge_pence, result.self_funder,
                   result.deferred_payment_eligible,
                   _json([s.as_dict() for s in result.steps]), v.id)  # fmt: skip

    def _charge_inputs(self, age: int, pkg: dict) -> dict:
        rng = self.rng
        pensioner = age >= 66
        r = rng.random()
        savings = (rng.randrange(0, 1_000_000) if r < 0.6 else
                   rng.randrange(1_425_000, 2_325_000) if r < 0.85 else
                   rng.randrange(2_400_000, 9_000_000))  # fmt: skip
        income = ([{"kind": "state_pension", "weekly_pence": rng.randrange(17_000, 23_100)}]
                  if pensioner else
                  [{"kind": "employment_support_allowance", "weekly_pence": 13_890}])  # fmt: skip
        if rng.random() < 0.5:
            kind = "attendance_allowance" if pensioner else "pip_daily_living"
            income.append({"kind": kind, "weekly_pence": rng.choice((7_340, 10_970))})
        inputs = {
            "setting": "residential" if pkg["residential"] else "non_residential",
            "cost_of_care_pence": max(pkg["cost"], 1),
            "over_pension_credit_age": pensioner,
            "capital": [{"kind": "savings", "value_pence": savings}],
            "income": income,
        }
        if not pkg["residential"]:
            inputs["housing"] = {"rent_pence": rng.choice((0, 0, 9_500, 12_000))}
            if rng.random() < 0.4:
                inputs["dre"] = [{"what": "Extra heating and laundry",
                                  "weekly_pence": rng.randrange(500, 2_500)}]  # fmt: skip
        else:
            inputs["stay"] = "permanent"
            inputs["permanent_stay_started"] = date.fromordinal(pkg["started"]).isoformat()
        return inputs


def _json(value) -> str:
    return json.dumps(value, separators=(",", ":"))
