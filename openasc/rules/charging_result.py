"""The result of a financial assessment, and the words of its explanation.

A ChargeResult's explanation is recorded as a trace while the charge is worked out: each
line is a Step written in advance, or a render function with the figures it needs. The
words are written the first time `steps` is read, so that working out a charge does not pay
for formatting text nobody reads, and they are the same every time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openasc.rules.explain import Step, pounds

REGS = "Charging Regulations"
ADVICE_STEP = Step(
    "We recommend independent financial advice about paying for care, and the council can "
    "give you information about it.",
    None,
    "Care Act 2014 s4",
)
DEFERRED_STEP = Step(
    "You may be able to have a deferred payment agreement, so that you need not sell your "
    "home in your lifetime to pay for your care.",
    None,
    "Care and Support (Deferred Payment) Regulations 2014 reg 2; Statutory Guidance chapter 9",
)


@dataclass(frozen=True, slots=True)
class ChargeResult:
    """One week's charge. All money is integer pence a week. `steps` is the explanation,
    one Step per line, written from `trace` when first read."""

    weekly_charge_pence: int
    cost_of_care_pence: int
    council_pays_pence: int
    self_funder: bool  # pays the full cost because of capital or by choice
    deferred_payment_eligible: bool | None  # None: not a permanent care home stay
    free_reason: str | None
    tariff_income_pence: int
    assessable_income_pence: int  # income that counts, plus tariff income
    minimum_income_guarantee_pence: int | None  # care other than in a care home
    personal_expenses_allowance_pence: int | None  # care in a care home
    capital_pence: int  # capital that counts
    light_touch: bool
    jointly_assessed: bool  # the lower, joint assessment of a couple was used
    rule_version: str
    trace: tuple = field(repr=False)
    _steps: tuple[Step, ...] | None = field(default=None, repr=False, compare=False)

    @property
    def steps(self) -> tuple[Step, ...]:
        steps = self._steps
        if steps is None:
            steps = tuple(e if type(e) is Step else e[0](*e[1:]) for e in self.trace)
            # A cache, not a change: the explanation is fixed by the trace.
            object.__setattr__(self, "_steps", steps)
        return steps

    def as_dict(self) -> dict:
        out = {name: getattr(self, name) for name in _RESULT_FIELDS}
        out["steps"] = [step.as_dict() for step in self.steps]
        return out


_RESULT_FIELDS = tuple(
    name for name in ChargeResult.__dataclass_fields__ if name not in ("trace", "_steps")
)


# --- the words, written when the explanation is read -----------------------------------------


def said_light_touch(agreed: bool, cost: int) -> Step:
    why = (
        "you have agreed to pay the full cost"
        if agreed
        else "you have shown the council you have capital above the upper limit"
    )
    return Step(
        f"Light-touch financial assessment: {why}, so you pay the full cost of {pounds(cost)} "
        "a week.",
        cost,
        f"{REGS} reg 10; Statutory Guidance chapter 8",
    )


def said_self_funder(capital: int, upper: int, cost: int) -> Step:
    return Step(
        f"Your capital of {pounds(capital)} is above the upper limit of {pounds(upper)}, so "
        f"you pay the full cost of your care, {pounds(cost)} a week.",
        cost,
        f"{REGS} reg 12; Care Act 2014 s17",
    )


def said_capital(capital: int, lower: int, upper: int, tariff: int) -> Step:
    if tariff:
        return Step(
            f"Your capital of {pounds(capital)} is between the limits of {pounds(lower)} and "
            f"{pounds(upper)}: £1 a week for every £250, or part of £250, above "
            f"{pounds(lower)} counts as tariff income of {pounds(tariff)} a week.",
            tariff,
            f"{REGS} reg 12 and 25",
        )
    return Step(
        f"Your capital of {pounds(capital)} is not above the lower limit of {pounds(lower)}, "
        "so it is ignored.",
        0,
        f"{REGS} reg 12 and 25",
    )


def said_assessable(assessable: int) -> Step:
    return Step(
        f"Income that counts, with tariff income: {pounds(assessable)} a week.",
        assessable,
        f"{REGS} reg 13 to 15",
    )


def said_low_cost(charge: int, cost: int) -> Step:
    if charge == cost:
        return Step(
            f"Light-touch: the charge for this low-cost service, {pounds(cost)} a week, "
            "leaves you at least what the law protects, so no further evidence is needed.",
            cost,
            f"{REGS} reg 10",
        )
    return Step(
        "A full assessment was used: the low-cost service's full charge would leave you "
        "below what the law protects.",
        charge,
        f"{REGS} reg 10",
    )
