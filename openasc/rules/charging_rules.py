"""A charging rule version compiled once into a frozen ChargingRules: plain ints and small
read-only lookups, so an assessment never walks YAML or recomputes a version id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple

from openasc.rules.ruleset import RuleDataError, RuleVersion, compiled

INCOME_DISREGARDS = ("all", "none", "fixed", "savings_credit")
CAPITAL_TREATMENTS = ("counted", "disregarded", "main_home")


class IncomeKind(NamedTuple):
    disregard: str
    disregard_pence: int
    says: str
    cites: str


class CapitalKind(NamedTuple):
    treatment: str
    sale_costs: bool
    says: str
    cites: str


@dataclass(frozen=True, slots=True)
class ChargingRules:
    version_id: str
    upper_pence: int
    lower_pence: int
    other_upper_pence: int  # limits for care other than permanent residential care
    other_lower_pence: int
    tariff_step_pence: int
    tariff_per_step_pence: int
    sale_costs_percent: int
    property_disregard_days: int
    pea_pence: int
    savings_credit_single_pence: int
    savings_credit_couple_pence: int
    mig_single: tuple[int, int, int]  # 18-24, 25 to pension credit age, pension credit age
    mig_lone_parent_pence: int
    mig_couple_each: tuple[int, int]  # 18 or over, pension credit age
    mig_child_pence: int
    dp_single_pence: int
    edp_single_pence: int
    dp_couple_pence: int
    edp_couple_pence: int
    carer_premium_pence: int
    reablement_weeks: int
    minor_adaptation_limit_pence: int
    carer_support_free: bool
    income_kinds: Mapping[str, IncomeKind]
    capital_kinds: Mapping[str, CapitalKind]
    low_cost_max_pence: int | None
    mig_uplift_percent: int
    mig_uplift_pence: int
    standard_dre_pence: int
    maximum_charge_pence: int | None
    charge_percent: int
    couples_jointly: bool


def compile_rules(version: RuleVersion | ChargingRules) -> ChargingRules:
    """A charging rule version compiled once (see ruleset.compiled)."""
    if type(version) is ChargingRules:
        return version
    return compiled(version, "charging", lambda v: _compile(v.data, v.id))


def _compile(data: Mapping[str, Any], vid: str) -> ChargingRules:
    def get(*path: str, nullable: bool = False, kind: type = int) -> Any:
        node: Any = data
        for key in path:
            if not isinstance(node, Mapping) or key not in node:
                raise RuleDataError(f"{vid}: charging key {'.'.join(path)!r} is missing")
            node = node[key]
        if node is None and nullable:
            return None
        if type(node) is not kind or (kind is int and node < 0):
            what = "a whole number, 0 or more" if kind is int else kind.__name__
            raise RuleDataError(f"{vid}: charging key {'.'.join(path)!r} must be {what}")
        return node

    upper, lower = get("capital", "upper_pence"), get("capital", "lower_pence")
    if lower > upper:
        raise RuleDataError(f"{vid}: capital.lower_pence is above capital.upper_pence")
    other_upper = get("council", "other_care_capital", "upper_pence", nullable=True)
    other_lower = get("council", "other_care_capital", "lower_pence", nullable=True)
    other_upper = upper if other_upper is None else other_upper
    other_lower = lower if other_lower is None else other_lower
    if other_upper < upper or other_lower < lower or other_lower > other_upper:
        # Reg 12 lets a council set higher limits for other care, never lower ones.
        raise RuleDataError(
            f"{vid}: council.other_care_capital limits must be at or above the national ones"
        )
    step = get("capital", "tariff_step_pence")
    if step == 0:
        raise RuleDataError(f"{vid}: charging key 'capital.tariff_step_pence' must be above 0")
    mig = ("minimum_income_guarantee",)
    prem = (*mig, "premiums")
    percent = get("council", "charge_percent")
    if percent > 100:
        raise RuleDataError(f"{vid}: council.charge_percent must be 100 or less")
    return ChargingRules(
        version_id=vid,
        upper_pence=upper,
        lower_pence=lower,
        other_upper_pence=other_upper,
        other_lower_pence=other_lower,
        tariff_step_pence=step,
        tariff_per_step_pence=get("capital", "tariff_per_step_pence"),
        sale_costs_percent=get("capital", "sale_costs_percent"),
        property_disregard_days=7 * get("capital", "property_disregard_weeks"),
        pea_pence=get("personal_expenses_allowance_pence"),
        savings_credit_single_pence=get("savings_credit_disregard", "single_pence"),
        savings_credit_couple_pence=get("savings_credit_disregard", "couple_pence"),
        mig_single=(
            get(*mig, "single", "aged_18_to_24_pence"),
            get(*mig, "single", "aged_25_to_pension_credit_age_pence"),
            get(*mig, "single", "pension_credit_age_pence"),
        ),
        mig_lone_parent_pence=get(*mig, "lone_parent_pence"),
        mig_couple_each=(
            get(*mig, "couple_each", "aged_18_or_over_pence"),
            get(*mig, "couple_each", "pension_credit_age_pence"),
        ),
        mig_child_pence=get(*mig, "each_child_pence"),
        dp_single_pence=get(*prem, "single", "disability_pence"),
        edp_single_pence=get(*prem, "single", "enhanced_disability_pence"),
        dp_couple_pence=get(*prem, "couple_each", "disability_pence"),
        edp_couple_pence=get(*prem, "couple_each", "enhanced_disability_pence"),
        carer_premium_pence=get(*prem, "carer_pence"),
        reablement_weeks=get("free", "reablement_weeks"),
        minor_adaptation_limit_pence=get("free", "minor_adaptation_limit_pence"),
        carer_support_free=get("free", "carer_support", kind=bool),
        income_kinds=_income_kinds(data.get("income_kinds"), vid),
        capital_kinds=_capital_kinds(data.get("capital_kinds"), vid),
        low_cost_max_pence=get("light_touch", "low_cost_service_max_pence", nullable=True),
        mig_uplift_percent=get("council", "mig_uplift_percent"),
        mig_uplift_pence=get("council", "mig_uplift_pence"),
        standard_dre_pence=get("council", "standard_dre_pence"),
        maximum_charge_pence=get("council", "maximum_weekly_charge_pence", nullable=True),
        charge_percent=percent,
        couples_jointly=get("council", "couples_jointly_when_better", kind=bool),
    )


def _text(entry: Mapping, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise RuleDataError(f"{where}.{key} must be some text")
    return value


def _income_kinds(table: Any, vid: str) -> Mapping[str, IncomeKind]:
    if not isinstance(table, Mapping) or not table:
        raise RuleDataError(f"{vid}: charging key 'income_kinds' must map kinds to treatments")
    kinds = {}
    for code, entry in table.items():
        where = f"{vid}: income_kinds.{code}"
        if not isinstance(entry, Mapping) or entry.get("disregard") not in INCOME_DISREGARDS:
            raise RuleDataError(f"{where}.disregard must be one of {INCOME_DISREGARDS}")
        amount = entry.get("disregard_pence", 0)
        if type(amount) is not int or amount < 0:
            raise RuleDataError(f"{where}.disregard_pence must be a whole number, 0 or more")
        kinds[code] = IncomeKind(
            entry["disregard"], amount, _text(entry, "says", where), _text(entry, "cites", where)
        )
    if "other" not in kinds:
        raise RuleDataError(f"{vid}: income_kinds must have 'other' for income of no listed kind")
    return MappingProxyType(kinds)


def _capital_kinds(table: Any, vid: str) -> Mapping[str, CapitalKind]:
    if not isinstance(table, Mapping) or not table:
        raise RuleDataError(f"{vid}: charging key 'capital_kinds' must map kinds to treatments")
    kinds = {}
    for code, entry in table.items():
        where = f"{vid}: capital_kinds.{code}"
        if not isinstance(entry, Mapping) or entry.get("treatment") not in CAPITAL_TREATMENTS:
            raise RuleDataError(f"{where}.treatment must be one of {CAPITAL_TREATMENTS}")
        sale_costs = entry.get("sale_costs", False)
        if type(sale_costs) is not bool:
            raise RuleDataError(f"{where}.sale_costs must be true or false")
        kinds[code] = CapitalKind(
            entry["treatment"],
            sale_costs,
            _text(entry, "says", where),
            _text(entry, "cites", where),
        )
    return MappingProxyType(kinds)
