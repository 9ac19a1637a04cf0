"""Capital: what counts, what is disregarded, and the tariff income from what counts.

Fractions of a penny go the person's way (reg 11): their share of an item is rounded down
and the 10% selling-cost deduction is rounded up.

Like the rest of charging, this records each line of the explanation as a trace entry, a
render function and its figures, and the words are written only when someone reads them.
"""

from __future__ import annotations

from typing import NamedTuple

from openasc.rules.charging_inputs import (
    NON_RESIDENTIAL,
    PERMANENT,
    Assessment,
    CapitalItem,
    ChargingInputError,
)
from openasc.rules.charging_rules import CapitalKind, ChargingRules
from openasc.rules.explain import Step, pounds

REGS = "Charging Regulations"
AT_HOME, TEMPORARY_STAY, RELATIVE, FIRST_WEEKS = range(4)
_HOME_DISREGARDS = {
    AT_HOME: (
        "because you receive care and support at home",
        f"{REGS} Sch 2; Statutory Guidance Annex B",
    ),
    TEMPORARY_STAY: (
        "because your stay in the care home is temporary and you mean to return home",
        f"{REGS} Sch 2 para 1",
    ),
    RELATIVE: (
        "because your partner, a relative aged 60 or over or incapacitated, or a child under "
        "18 lives there",
        f"{REGS} Sch 2 para 4; Statutory Guidance Annex B",
    ),
    FIRST_WEEKS: ("for the first {weeks} weeks of a permanent stay", f"{REGS} Sch 2 para 2"),
}


class Capital(NamedTuple):
    total_pence: int  # capital that counts
    home_pence: int  # the person's part of the main home, counted or not (0: no home)
    home_counted: bool
    home_kept_for_relative: bool  # disregarded because a qualifying relative lives there


def capital_of(
    a: Assessment, items: tuple[CapitalItem, ...], r: ChargingRules, trace: list
) -> Capital:
    """The person's capital, one line of explanation per item."""
    total = home = 0
    home_counted = kept_for_relative = False
    kinds = r.capital_kinds
    percent = r.sale_costs_percent
    for item in items:
        kind = kinds.get(item.kind)
        if kind is None:
            raise ChargingInputError(
                "capital.kind",
                f"{item.kind!r} is not a kind of capital in the rule data; use one of "
                f"{tuple(kinds)}",
            )
        value = item.value_pence
        cut = -(-value * percent // 100) if kind.sale_costs else 0
        value = max(0, value - cut - item.secured_debt_pence)
        if item.share is not None:
            value = value * item.share.numerator // item.share.denominator
        elif item.owners > 1:
            value //= item.owners  # reg 24: jointly held capital is held in equal shares
        treatment = kind.treatment
        if treatment == "counted":
            total += value
            trace.append((_said_counted, kind, item, value, cut))
        elif treatment == "disregarded":
            trace.append((_said_disregarded, kind, value, None, 0, 0))
        else:
            home += value
            reason, day = _home_disregard(a, r)
            if reason is None:
                total += value
                home_counted = True
                trace.append(
                    (_said_home_counted, kind, item, value, cut, r.property_disregard_days)
                )
            else:
                kept_for_relative = kept_for_relative or reason == RELATIVE
                trace.append(
                    (_said_disregarded, kind, value, reason, day, r.property_disregard_days)
                )
    return Capital(total, home, home_counted, kept_for_relative)


def _home_disregard(a: Assessment, r: ChargingRules) -> tuple[int | None, int]:
    """Why the main home is disregarded, if it is, and the day of the stay."""
    if a.setting == NON_RESIDENTIAL:
        return AT_HOME, 0
    if a.stay != PERMANENT:
        return TEMPORARY_STAY, 0
    if a.qualifying_relative_in_home:
        return RELATIVE, 0
    if a.permanent_stay_started is None:
        raise ChargingInputError(
            "permanent_stay_started",
            "give the day the person first moved into the care home permanently, so the "
            "12-week property disregard can be applied",
        )
    # The week charged is judged by its first day; the stay's first day is day 0.
    day = (a.on - a.permanent_stay_started).days
    return (FIRST_WEEKS if day < r.property_disregard_days else None), day


def tariff_income(capital_pence: int, lower_pence: int, r: ChargingRules) -> int:
    """Reg 25: £1 a week for every £250, or part of £250, above the lower limit."""
    if capital_pence <= lower_pence:
        return 0
    return -(-(capital_pence - lower_pence) // r.tariff_step_pence) * r.tariff_per_step_pence


# --- the words, written when the explanation is read -----------------------------------------


def _how(item: CapitalItem, cut: int) -> str:
    notes = []
    if cut:
        notes.append(f"less {pounds(cut)} for the costs of selling")
    if item.secured_debt_pence:
        notes.append(f"less the loan of {pounds(item.secured_debt_pence)} secured on it")
    if item.share is not None:
        notes.append(f"your share of {item.share}")
    elif item.owners > 1:
        notes.append(f"an equal share between {item.owners} owners")
    if not notes:
        return ""
    return f" (from {pounds(item.value_pence)}: {', '.join(notes)})"


def _said_counted(kind: CapitalKind, item: CapitalItem, value: int, cut: int) -> Step:
    cites = kind.cites + ("; reg 24" if item.owners > 1 or item.share is not None else "")
    return Step(f"{kind.says}: {pounds(value)} counted{_how(item, cut)}.", value, cites)


def _said_home_counted(
    kind: CapitalKind, item: CapitalItem, value: int, cut: int, days: int
) -> Step:
    return Step(
        f"{kind.says}: {pounds(value)} counted{_how(item, cut)}, because you live in a care "
        "home permanently, nobody who protects the home lives there, and the first "
        f"{days // 7} weeks of your stay are over.",
        value,
        f"{REGS} Sch 2 para 2 and 4; Statutory Guidance Annex B",
    )


def _said_disregarded(
    kind: CapitalKind, value: int, reason: int | None, day: int, days: int
) -> Step:
    if reason is None:
        return Step(f"{kind.says}: {pounds(value)} disregarded.", 0, kind.cites)
    why, cites = _HOME_DISREGARDS[reason]
    if reason == FIRST_WEEKS:
        why = why.format(weeks=days // 7) + f" (this week starts on day {day + 1} of your stay)"
    return Step(f"{kind.says}: {pounds(value)} disregarded, {why}.", 0, cites)
