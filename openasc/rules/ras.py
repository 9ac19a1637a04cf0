"""Resource allocation system: questionnaire answers to an indicative weekly personal budget.

The questionnaire, points and prices are dated rule data (data/ras/<date>.yaml), compiled
once per version into a frozen Questionnaire so that scoring is a handful of dict lookups.
The sum is done in whole hundredths of a point and whole pence, so the same answers always
give the same figure on every machine, and every stage (points, price or bands, the unpaid
carer adjustment, floor, cap, rounding) never goes down when points go up: more assessed
need never means a smaller budget.

Carer-blind: the person's needs are counted in full first; what an unpaid carer is willing
and able to provide is a separate, visible step. The result is indicative: the final budget
is agreed in the support plan.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from openasc.rules.explain import Step, pounds
from openasc.rules.ruleset import RuleDataError, RuleVersion, compiled

METHODS = ("price_per_point", "bands")
DIRECTIONS = ("nearest", "up", "down")
NOTE = "This is an indicative budget: the final budget is agreed with you in your support plan."
UNANSWERED = "Not answered, so counted as 0 points"


class AnswerError(ValueError):
    """An answer the questionnaire does not have; names the domain and the valid answers."""

    def __init__(self, domain: str, answer: object, valid: tuple[str, ...]):
        self.domain, self.answer, self.valid = domain, answer, valid
        super().__init__(f"{answer!r} is not an answer for {domain!r}; expected one of {valid}")


class UnknownDomain(AnswerError):
    """Answers given for a domain the questionnaire does not have."""

    def __init__(self, domain: str, valid: tuple[str, ...]):
        self.domain, self.answer, self.valid = domain, None, valid
        ValueError.__init__(self, f"{domain!r} is not a domain here; expected one of {valid}")


def _hidden() -> Any:
    return field(repr=False)


@dataclass(frozen=True, slots=True)
class Answer:
    code: str
    says: str
    points: int | float  # as scored, before the domain's weight
    counted: int  # weighted points, in hundredths of a point


@dataclass(frozen=True, slots=True)
class Domain:
    code: str
    label: str
    weight: float
    cites: str
    answers: Mapping[str, Answer]


@dataclass(frozen=True, slots=True)
class Band:
    from_points: int | float
    weekly_pence: int


@dataclass(frozen=True, slots=True)
class CarerOption:
    code: str
    says: str
    reduction_percent: int | float


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity
class Questionnaire:
    """A compiled RAS version. The underscored fields are the scoring tables."""

    version: str
    title: str
    method: str
    price_per_point_pence: int
    bands: tuple[Band, ...]
    domains: tuple[Domain, ...]
    carer_options: Mapping[str, CarerOption]
    floor_pence: int
    cap_pence: int
    round_to_pence: int
    round_direction: str
    cites: str
    # (domain code, {answer code: (hundredths, (code, points), step)}, (code, 0))
    _table: tuple[tuple[str, dict[str, tuple[int, tuple, Step]], tuple], ...] = _hidden()
    # {carer option code: (basis points, says, step when it is 0%, cites)}
    _carer: dict[str, tuple[int, str, Step | None, str]] = _hidden()
    _band_starts: tuple[int, ...] = _hidden()  # in hundredths of a point
    _band_text: tuple[str, ...] = _hidden()
    _round_text: str = _hidden()
    _price_text: str = _hidden()  # " × £8.50 a point = "

    def domain_codes(self) -> tuple[str, ...]:
        return tuple(d.code for d in self.domains)


@dataclass(frozen=True, slots=True)
class Budget:
    weekly_pence: int
    points: int | float  # total weighted points
    by_domain: tuple[tuple[str, int | float], ...]  # (domain code, weighted points), in order
    unanswered: tuple[str, ...]
    need_pence: int  # money for the assessed need in full, before carer support and limits
    carer_pence: int  # the unpaid carer adjustment: 0 or negative
    steps: tuple[Step, ...]
    version: str
    indicative: bool = True

    @property
    def note(self) -> str:
        return NOTE

    def as_dict(self) -> dict:
        return {
            "weekly_pence": self.weekly_pence,
            "points": self.points,
            "by_domain": dict(self.by_domain),
            "unanswered": list(self.unanswered),
            "need_pence": self.need_pence,
            "carer_pence": self.carer_pence,
            "steps": [step.as_dict() for step in self.steps],
            "version": self.version,
            "indicative": self.indicative,
            "note": NOTE,
        }


# --- scoring -------------------------------------------------------------------------------


def indicative_budget(
    answers: Mapping[str, str],
    version: RuleVersion | Questionnaire,
    carer_support: str | None = None,
) -> Budget:
    """The indicative weekly budget for questionnaire answers (domain code -> answer code).

    Domains left out (or answered None) count as 0 points and are listed as unanswered.
    carer_support is a carer_support option code, or None when none has been recorded.
    """
    q = version if type(version) is Questionnaire else questionnaire(version)
    total = 0
    used = 0
    steps: list[Step] = []
    pairs: list[tuple] = []
    missing: list[str] = []
    for code, options, blank in q._table:
        choice = answers.get(code)
        if choice is None:
            pairs.append(blank)
            missing.append(code)
            continue
        hit = options.get(choice)
        if hit is None:
            raise AnswerError(code, choice, tuple(options))
        used += 1
        total += hit[0]
        pairs.append(hit[1])
        steps.append(hit[2])
    if used + len(missing) != len(answers):
        _reject_unknown_domains(answers, q)
    if missing:
        labels = ", ".join(d.label for d in q.domains if d.code in missing)
        steps.append(Step(f"{UNANSWERED}: {labels}"))

    shown = _shown(total)
    if q.method == "price_per_point":
        need = total * q.price_per_point_pence // 100
        steps.append(
            Step(f"{_points_text(total)}{q._price_text}{pounds(need)} a week", need, q.cites)
        )
    else:
        i = bisect_right(q._band_starts, total) - 1
        need = q.bands[i].weekly_pence
        text = f"{_points_text(total)} {q._band_text[i]}{pounds(need)} a week"
        steps.append(Step(text, need, q.cites))

    amount, cut = need, 0
    if carer_support is not None:
        option = q._carer.get(carer_support)
        if option is None:
            raise AnswerError("carer_support", carer_support, tuple(q._carer))
        basis_points, says, zero_step, carer_cites = option
        if zero_step is not None:
            steps.append(zero_step)
        else:
            # Taking off the rounded-down share keeps the result non-decreasing in need.
            cut = amount * basis_points // 10000
            amount -= cut
            steps.append(
                Step(
                    f"{says}: −{basis_points / 100:g}% (−{pounds(cut)}), leaving"
                    f" {pounds(amount)} a week",
                    -cut,
                    carer_cites,
                )
            )

    if amount < q.floor_pence:
        amount = q.floor_pence
        steps.append(Step(f"Raised to the minimum weekly budget of {pounds(amount)}", amount))
    elif amount > q.cap_pence:
        amount = q.cap_pence
        steps.append(
            Step(
                f"Limited to the maximum weekly budget of {pounds(amount)}; above this the"
                " council looks at your needs individually",
                amount,
            )
        )

    # Floor and cap are whole multiples of the step (checked when compiling), so rounding
    # here keeps the budget inside them, and rounding to a grid never reverses an order.
    unit = q.round_to_pence
    if q.round_direction == "nearest":
        amount = (2 * amount + unit) // (2 * unit) * unit
    elif q.round_direction == "up":
        amount = -(-amount // unit) * unit
    else:
        amount = amount // unit * unit
    money = pounds(amount)
    if unit > 1:  # a step of 1p is no rounding, so there is nothing to explain
        steps.append(Step(f"{q._round_text}: {money}", amount))
    steps.append(Step(f"Indicative weekly budget {money}. {NOTE}", amount, q.cites))
    return Budget(
        amount,
        shown,
        tuple(pairs),
        tuple(missing),
        need,
        -cut,
        tuple(steps),
        q.version,
    )


def _reject_unknown_domains(answers: Mapping[str, str], q: Questionnaire) -> None:
    known = tuple(code for code, _, _ in q._table)
    for code in answers:
        if code not in known:
            raise UnknownDomain(code, known)


def _shown(hundredths: int) -> int | float:
    whole, part = divmod(hundredths, 100)
    return whole if part == 0 else hundredths / 100


def _points_text(hundredths: int) -> str:
    if hundredths == 100:
        return "1 point"
    whole, part = divmod(hundredths, 100)
    if part == 0:
        return f"{whole:,} points"
    return f"{whole:,}.{part:02d}".rstrip("0") + " points"


# --- compiling -----------------------------------------------------------------------------


def questionnaire(version: RuleVersion) -> Questionnaire:
    """The compiled questionnaire for a RAS rule version, compiled once (ruleset.compiled)."""
    return compiled(version, "ras", lambda v: compile_data(v.data, v.id))


def compile_data(data: Mapping[str, Any], version_id: str = "ras/unversioned") -> Questionnaire:
    """Check RAS rule data and build the scoring tables; RuleDataError names the bad key."""
    c = _Checker(version_id)
    method = c.choice(data, "method", METHODS)
    price = c.pence(data, "price_per_point_pence") if "price_per_point_pence" in data else 0
    if method == "price_per_point" and "price_per_point_pence" not in data:
        c.fail("price_per_point_pence", "is needed when method is price_per_point")
    bands = _bands(c, data.get("bands"), required=method == "bands")
    cites = c.text(data, "cites", optional=True)

    raw_domains = c.mapping(data, "domains")
    if not raw_domains:
        c.fail("domains", "must list at least one domain")
    domains, table = [], []
    for code, raw in raw_domains.items():
        domain, row = _domain(c, str(code), raw)
        domains.append(domain)
        table.append(row)

    carer = c.mapping(data, "carer_support")
    carer_cites = c.text(carer, "cites", optional=True, where="carer_support.") or cites
    options, carer_table = {}, {}
    for code, raw in c.mapping(carer, "options", where="carer_support.").items():
        where = f"carer_support.options.{code}."
        says = c.text(raw, "says", where=where)
        percent = c.number(raw, "reduction_percent", where=where, most=100)
        options[code] = CarerOption(code, says, percent)
        basis_points = round(percent * 100)
        zero = Step(f"{says}: no change", 0, carer_cites) if basis_points == 0 else None
        carer_table[code] = (basis_points, says, zero, carer_cites)

    floor = c.pence(data, "floor_pence")
    cap = c.pence(data, "cap_pence")
    if floor > cap:
        c.fail("floor_pence", f"({floor}) is more than cap_pence ({cap})")
    rounding = c.mapping(data, "rounding")
    unit = c.pence(rounding, "to_pence", where="rounding.")
    if unit < 1:
        c.fail("rounding.to_pence", "must be 1 or more (1 means no rounding)")
    direction = c.choice(rounding, "direction", DIRECTIONS, where="rounding.")
    for key, value in (("floor_pence", floor), ("cap_pence", cap)):
        if value % unit:
            c.fail(key, f"({value}) must be a whole multiple of rounding.to_pence ({unit})")

    return Questionnaire(
        version=version_id,
        title=c.text(data, "title", optional=True),
        method=method,
        price_per_point_pence=price,
        bands=tuple(b for b, _ in bands),
        domains=tuple(domains),
        carer_options=MappingProxyType(options),
        floor_pence=floor,
        cap_pence=cap,
        round_to_pence=unit,
        round_direction=direction,
        cites=cites,
        _table=tuple(table),
        _carer=carer_table,
        _band_starts=tuple(start for _, start in bands),
        _band_text=_band_wording(bands),
        _round_text=_rounding_wording(unit, direction),
        _price_text=f" × {pounds(price)} a point = ",
    )


def _domain(c: _Checker, code: str, raw: Any) -> tuple[Domain, tuple]:
    where = f"domains.{code}."
    if not isinstance(raw, Mapping):
        c.fail(f"domains.{code}", "must be a mapping with label, weight and answers")
    label = c.text(raw, "label", where=where)
    weight = c.number(raw, "weight", where=where) if "weight" in raw else 1
    cites = c.text(raw, "cites", where=where, optional=True)
    raw_answers = c.mapping(raw, "answers", where=where)
    if len(raw_answers) < 2:
        c.fail(f"{where}answers", "must offer at least two answers")
    answers, options = {}, {}
    for acode, araw in raw_answers.items():
        awhere = f"{where}answers.{acode}."
        says = c.text(araw, "says", where=awhere)
        points = c.number(araw, "points", where=awhere)
        # Hundredths of a point keep weighted points exact (weights have two decimals).
        counted = round(points * weight * 100)
        shown = _shown(counted)
        text = f"{label}: {says} — {_points_text(round(points * 100))}"
        if weight != 1:
            text += f" × {weight:g} = {_points_text(counted)}"
        answers[acode] = Answer(acode, says, points, counted)
        options[acode] = (counted, (code, shown), Step(text, None, cites))
    domain = Domain(code, label, weight, cites, MappingProxyType(answers))
    return domain, (code, options, (code, 0))


def _bands(c: _Checker, raw: Any, required: bool) -> list[tuple[Band, int]]:
    if raw is None and not required:
        return []
    if not isinstance(raw, list) or not raw:
        c.fail("bands", "must be a list of {from_points, weekly_pence}, lowest first")
    out: list[tuple[Band, int]] = []
    for i, item in enumerate(raw):
        where = f"bands[{i}]."
        if not isinstance(item, Mapping):
            c.fail(f"bands[{i}]", "must have from_points and weekly_pence")
        start = c.number(item, "from_points", where=where)
        pence = c.pence(item, "weekly_pence", where=where)
        hundredths = round(start * 100)
        if i == 0 and hundredths != 0:
            c.fail(f"{where}from_points", "the first band must start at 0 points")
        if out and hundredths <= out[-1][1]:
            c.fail(f"{where}from_points", "must be more than the band before")
        if out and pence < out[-1][0].weekly_pence:
            c.fail(f"{where}weekly_pence", "must not be less than the band before")
        out.append((Band(start, pence), hundredths))
    return out


def _band_wording(bands: list[tuple[Band, int]]) -> tuple[str, ...]:
    out = []
    for i, (_, start) in enumerate(bands):
        low = _points_text(start).removesuffix(" points").removesuffix(" point")
        if i + 1 < len(bands):
            high = _points_text(bands[i + 1][1])
            out.append(f"is in the band for {low} to under {high}: ")
        else:
            out.append(f"is in the band for {low} points or more: ")
    return tuple(out)


def _rounding_wording(unit: int, direction: str) -> str:
    step = f"£{unit // 100:,}" if unit % 100 == 0 else pounds(unit)
    return {
        "nearest": f"Rounded to the nearest {step}",
        "up": f"Rounded up to a whole {step}",
        "down": f"Rounded down to a whole {step}",
    }[direction]


class _Checker:
    """Reads typed values out of rule data, failing with the version and the key's path."""

    def __init__(self, version_id: str):
        self.version_id = version_id

    def fail(self, key: str, problem: str):
        raise RuleDataError(f"{self.version_id}: ras key {key!r} {problem}")

    def _get(self, data: Any, key: str, where: str) -> Any:
        if not isinstance(data, Mapping):
            self.fail(where.rstrip(".") or key, "must be a mapping")
        if key not in data:
            self.fail(where + key, "is missing")
        return data[key]

    def mapping(self, data: Any, key: str, where: str = "") -> Mapping:
        value = self._get(data, key, where)
        if not isinstance(value, Mapping):
            self.fail(where + key, "must be a mapping")
        return value

    def text(self, data: Any, key: str, where: str = "", optional: bool = False) -> str:
        if optional and (not isinstance(data, Mapping) or data.get(key) is None):
            return ""
        value = self._get(data, key, where)
        if not isinstance(value, str) or not value.strip():
            self.fail(where + key, "must be some text")
        return value

    def choice(self, data: Any, key: str, allowed: tuple[str, ...], where: str = "") -> str:
        value = self._get(data, key, where)
        if value not in allowed:
            self.fail(where + key, f"is {value!r}; expected one of {allowed}")
        return value

    def number(self, data: Any, key: str, where: str = "", most: float | None = None):
        value = self._get(data, key, where)
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            self.fail(where + key, f"must be a number (got {value!r})")
        if value < 0:
            self.fail(where + key, f"must not be negative (got {value!r})")
        if most is not None and value > most:
            self.fail(where + key, f"must be at most {most:g} (got {value!r})")
        if abs(value * 100 - round(value * 100)) > 1e-6:
            self.fail(where + key, f"may have at most two decimal places (got {value!r})")
        return value

    def pence(self, data: Any, key: str, where: str = "") -> int:
        value = self._get(data, key, where)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where + key, f"must be a whole number of pence (got {value!r})")
        if value < 0:
            self.fail(where + key, f"must not be negative (got {value!r})")
        return value
