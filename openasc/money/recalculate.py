"""Recalculating every open case with the rules in force on a day: what each person's
indicative budget and weekly charge would become (after an April uplift, say, or a new
council rule file), how many change and by how much. Nothing is saved unless asked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from openasc.access import audit
from openasc.journey import rulebook
from openasc.rules import charging, ras

from .cases import OpenCase
from .charge_inputs import assessment_from
from .models import FinancialAssessment, SupportBudget
from .services import budget_from, charge_from


@dataclass
class Change:
    person_id: int
    what: str  # "budget" or "charge"
    before_pence: int
    after_pence: int


@dataclass
class Recalculation:
    on: date
    rule_versions: dict[str, str]
    cases: int = 0
    budgets: int = 0
    charges: int = 0
    errors: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    results: dict = field(default_factory=dict, repr=False)  # (person, what) -> result

    def total_change(self, what: str) -> int:
        return sum(c.after_pence - c.before_pence for c in self.changes if c.what == what)

    def changed(self, what: str) -> int:
        return sum(1 for c in self.changes if c.what == what)


def recalculate(cases: dict[int, OpenCase], on: date,
                progress: Callable[[int], None] | None = None) -> Recalculation:  # fmt: skip
    versions = {d: rulebook.in_force(d, on) for d in ("ras", "charging")}
    q = ras.questionnaire(versions["ras"])
    charge_rules = charging.compile_rules(versions["charging"])
    out = Recalculation(on, {d: v.id for d, v in versions.items()})
    for n, case in enumerate(cases.values(), 1):
        out.cases += 1
        if case.budget:
            b = case.budget
            try:
                new = ras.indicative_budget(b["answers"], q, b["carer_support"] or None)
            except ras.AnswerError as e:
                out.errors.append(f"person {case.person_id}, budget {b['id']}: {e}")
            else:
                out.budgets += 1
                out.results[case.person_id, "budget"] = new
                before = b["indicative_weekly_pence"]
                if new.weekly_pence != before:
                    out.changes.append(Change(case.person_id, "budget", before, new.weekly_pence))
        if case.charge and case.date_of_birth:
            f = case.charge
            try:
                inputs = assessment_from(case.date_of_birth, f["inputs"], on)
                new = charging.assess_charge(inputs, charge_rules)
            except (charging.ChargingInputError, KeyError, ValueError) as e:
                out.errors.append(f"person {case.person_id}, financial assessment {f['id']}: {e}")
            else:
                out.charges += 1
                out.results[case.person_id, "charge"] = new
                before, after = f["weekly_charge_pence"], new.weekly_charge_pence
                if after != before:
                    out.changes.append(Change(case.person_id, "charge", before, after))
        if progress and n % 1000 == 0:
            progress(1000)
    if progress:
        progress(out.cases % 1000)
    return out


def save(recalc: Recalculation, cases: dict[int, OpenCase], user=None) -> int:
    """Record the changed budgets and charges as new records (the old ones stay, with the
    rule versions they used), in one transaction, with an audit entry for each change."""
    snaps = {d: rulebook.snapshot(rulebook.rulebook().get(v))
             for d, v in recalc.rule_versions.items()}  # fmt: skip
    budgets, charges = [], []
    for change in recalc.changes:
        case = cases[change.person_id]
        result = recalc.results[change.person_id, change.what]
        if change.what == "budget":
            b = case.budget
            budgets.append(budget_from(
                result, snaps["ras"], person_id=case.person_id, answers=b["answers"],
                carer_support=b["carer_support"], agreed_weekly_pence=b["agreed_weekly_pence"],
                recorded_by=user))  # fmt: skip
        else:
            inputs = case.charge["inputs"]
            charges.append(charge_from(result, snaps["charging"], inputs, recalc.on,
                                       person_id=case.person_id, recorded_by=user))  # fmt: skip
    with transaction.atomic():
        SupportBudget.objects.bulk_create(budgets, batch_size=1000)
        FinancialAssessment.objects.bulk_create(charges, batch_size=1000)
        for change in recalc.changes:
            audit.record(user, "recalculated", person=change.person_id,
                         what=change.what, before=change.before_pence, after=change.after_pence,
                         rules=recalc.rule_versions)  # fmt: skip
    return len(budgets) + len(charges)
