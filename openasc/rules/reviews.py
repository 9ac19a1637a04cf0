"""When reviews are due: care and support plans (Care Act 2014 s27 and the statutory
guidance) and direct payments (Care and Support (Direct Payments) Regulations 2014 reg 7).

A new service or a change of plan starts a 6 to 8 week cycle: a first, light-touch review
between 6 and 8 weeks after it started. After a review, the next is due no more than 12 months
later. A direct payment is reviewed within 6 months of the first payment, then at most every
12 months. Things that happen (needs change, a hospital admission, a safeguarding concern, a
request) trigger an unplanned review, due within a few days set in the rule data. Where a
person has several reviews due, they are done together and the earliest date applies.

Every interval and all wording come from the dated rule data (``data/reviews/``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from openasc.rules.explain import Step
from openasc.rules.ruleset import RuleDataError, RuleVersion, compiled

PLAN_FIRST, PLAN = "plan_first", "plan"
DIRECT_PAYMENT_FIRST, DIRECT_PAYMENT = "direct_payment_first", "direct_payment"
TRIGGERED = "triggered"
COMBINED = "combined"  # the wording for reviews done together

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class UnknownTrigger(ValueError):
    """A reason for an unplanned review that the rule data does not know."""


class ReviewDue(NamedTuple):
    kind: str  # PLAN_FIRST, PLAN, DIRECT_PAYMENT_FIRST, DIRECT_PAYMENT or TRIGGERED
    due: date  # the review should happen on or before this date
    earliest: date | None  # and not before this one (the 6 to 8 week window); None: any time
    steps: tuple[Step, ...]
    rule_version: str
    reason: str = ""  # the trigger, for an unplanned review

    def as_dict(self) -> dict:
        """For storing with the plan (JSON-ready)."""
        return self._asdict() | {
            "due": self.due.isoformat(),
            "earliest": self.earliest and self.earliest.isoformat(),
            "steps": [step.as_dict() for step in self.steps],
        }


class _Schedule(NamedTuple):
    weeks: tuple[int, int]  # first plan review window
    plan_months: int
    dp_first_months: int
    dp_months: int
    says: dict[str, str]
    cites: dict[str, str]
    triggers: dict[str, tuple[int, str, str]]  # code -> (days, wording, citation)
    version_id: str


# the blanks review wording may use
_BLANKS = dict.fromkeys(
    ["due", "earliest", "start", "last", "reason", "days", "min_weeks", "max_weeks", "months"], ""
)


def _schedule(version: RuleVersion) -> _Schedule:
    """The rule version's figures, read once (see ruleset.compiled)."""
    return compiled(version, "reviews", lambda v: _compile(v.data, v.id, v.sources[-1]))


def plan_review_limits(rules: RuleVersion) -> tuple[int, int]:
    """The longest a plan may wait for review: (weeks after a new service or change for the
    first review, months between later reviews). For narrowing a search before the dates
    are worked out one by one."""
    s = _schedule(rules)
    return s.weeks[1], s.plan_months


# Public name for `openasc rules check`, which compiles every version to find bad data.
compile_schedule = _schedule


def _compile(data: dict, version_id: str, source: str) -> _Schedule:
    def need(*path):
        d = data
        for key in path:
            if not isinstance(d, dict) or key not in d:
                raise RuleDataError(f"{source}: missing {'.'.join(path)}")
            d = d[key]
        return d

    def count(*path) -> int:
        value = need(*path)
        if type(value) is not int or value < 1:
            raise RuleDataError(f"{source}: {'.'.join(path)} must be a whole number above 0")
        return value

    def words(*path) -> str:
        text = " ".join(str(need(*path)).split())
        try:
            text.format_map(_BLANKS)
        except (KeyError, IndexError, ValueError) as exc:
            where = ".".join(path)
            raise RuleDataError(
                f"{source}: {where} has a blank openasc cannot fill: {exc}"
            ) from None
        return text

    parts = {
        PLAN_FIRST: ("plan", "first"),
        PLAN: ("plan", "later"),
        DIRECT_PAYMENT_FIRST: ("direct_payment", "first"),
        DIRECT_PAYMENT: ("direct_payment", "later"),
        COMBINED: ("combined",),
    }
    weeks = (count("plan", "first", "min_weeks"), count("plan", "first", "max_weeks"))
    if weeks[0] > weeks[1]:
        raise RuleDataError(f"{source}: plan.first.min_weeks is after max_weeks")
    triggers = {
        code: (
            count("triggered", "reasons", code, "days"),
            words("triggered", "reasons", code, "says"),
            words("triggered", "reasons", code, "cites"),
        )
        for code in need("triggered", "reasons")
    }
    return _Schedule(
        weeks=weeks,
        plan_months=count("plan", "later", "months"),
        dp_first_months=count("direct_payment", "first", "months"),
        dp_months=count("direct_payment", "later", "months"),
        says={k: words(*p, "says") for k, p in parts.items()}
        | {TRIGGERED: words("triggered", "says")},
        cites={k: words(*p, "cites") for k, p in parts.items()},
        triggers=triggers,
        version_id=version_id,
    )


def next_plan_review(
    rules: RuleVersion, started: date, last_review: date | None = None
) -> ReviewDue:
    """The next planned review of a care and support plan (or a carer's support plan).

    ``started`` is when the current services, or the latest change to them, began. A review
    on or before that date came before the change, so the 6 to 8 week cycle applies again;
    after a review that followed the change, the next is due within 12 months."""
    s = _schedule(rules)
    if last_review is None or last_review <= started:
        earliest = started + timedelta(weeks=s.weeks[0])
        due = started + timedelta(weeks=s.weeks[1])
        return _due(s, PLAN_FIRST, due, earliest, start=started)
    due = add_months(last_review, s.plan_months)
    return _due(s, PLAN, due, last=last_review, months=s.plan_months)


def next_direct_payment_review(
    rules: RuleVersion, first_payment: date, last_review: date | None = None
) -> ReviewDue:
    """The next review of a direct payment: within 6 months of the first payment, then no
    more than 12 months after the last review (reg 7(1)(a))."""
    s = _schedule(rules)
    if last_review is None or last_review < first_payment:
        due = add_months(first_payment, s.dp_first_months)
        return _due(s, DIRECT_PAYMENT_FIRST, due, start=first_payment, months=s.dp_first_months)
    due = add_months(last_review, s.dp_months)
    return _due(s, DIRECT_PAYMENT, due, last=last_review, months=s.dp_months)


def triggered_review(rules: RuleVersion, reason: str, raised_on: date) -> ReviewDue:
    """An unplanned review: due as soon as reasonably practicable after ``raised_on``, and
    within the days the rule data sets for the reason (fewer for urgent ones)."""
    s = _schedule(rules)
    try:
        days, says, cites = s.triggers[reason]
    except (KeyError, TypeError):
        raise UnknownTrigger(
            f"{reason!r} is not a reason for an unplanned review. "
            f"Use one of: {', '.join(s.triggers)}."
        ) from None
    due = raised_on + timedelta(days=days)
    review = _due(s, TRIGGERED, due, start=raised_on, reason=says, days=days, cites=cites)
    return review._replace(reason=reason)


def review_due(rules: RuleVersion, *reviews: ReviewDue | None) -> ReviewDue:
    """The review that applies when a person has several due (a plan, a direct payment,
    unplanned reviews): they are done together, so the earliest date applies. The result is
    that review, with every review's steps and a last step saying so."""
    given = [r for r in reviews if r is not None]
    if not given:
        raise ValueError("review_due needs at least one review")
    first = min(given, key=lambda r: r.due)
    if len(given) == 1:
        return first
    combined = _due(_schedule(rules), COMBINED, first.due).steps
    return first._replace(steps=tuple(step for r in given for step in r.steps) + combined)


def is_overdue(due: date | ReviewDue, today: date) -> bool:
    """Overdue once the due date has passed: a review on its due date is on time."""
    return today > (due.due if isinstance(due, ReviewDue) else due)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day if it is shorter
    (31 January + 1 month = 28 or 29 February)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return day.replace(year=year, month=month, day=min(day.day, _days_in(year, month)))


def long_date(day: date | None) -> str:
    """A date as residents read it: 3 March 2025 (no locale, so always English)."""
    return "" if day is None else f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _due(
    s: _Schedule,
    kind: str,
    due: date,
    earliest: date | None = None,
    *,
    start: date | None = None,
    last: date | None = None,
    reason: str = "",
    days: int = 0,
    months: int = 0,
    cites: str = "",
) -> ReviewDue:
    """The review, with its one step: the wording for its kind, blanks filled in."""
    says = s.says[kind].format(
        due=long_date(due),
        earliest=long_date(earliest),
        start=long_date(start),
        last=long_date(last),
        reason=reason,
        days=days,
        min_weeks=s.weeks[0],
        max_weeks=s.weeks[1],
        months=months,
    )
    step = Step(says, None, cites or s.cites[kind])
    return ReviewDue(kind, due, earliest, (step,), s.version_id)
