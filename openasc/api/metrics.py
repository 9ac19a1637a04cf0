"""/api/v1/metrics: the catalogue of performance measures and a series of one measure's
figures, for the roles that see the performance pages (access.policy.can_see_performance).

Everything a caller can get wrong is checked before any figure is worked out, and answered
in the API's error shape: 404 for an unknown metric, 422 naming the parameter otherwise."""

from __future__ import annotations

import math

from ninja import Query, Router
from ninja.errors import HttpError

from openasc.access import policy
from openasc.common.errors import NotAllowed, ValidationError
from openasc.returns import metrics
from openasc.returns import selectors as s

from .errors import ERROR_RESPONSES
from .schemas import MetricOut, SeriesOut, SeriesParams, Text

router = Router(tags=["metrics"])
NOT_ALLOWED = "Performance figures are for team managers, analysts and administrators."


def _allowed(request):
    if not policy.can_see_performance(request.auth):
        raise NotAllowed(NOT_ALLOWED)


def _metric(code: str) -> metrics.Metric:
    try:
        return metrics.get(code)
    except KeyError:
        known = ", ".join(m.code for m in metrics.all_metrics())
        raise HttpError(404, f"There is no metric “{code}”. Metrics: {known}.") from None


def _out(metric: metrics.Metric) -> dict:
    return {
        "code": metric.code, "title": metric.title, "unit": metric.unit,
        "meaning": metric.meaning, "shortfalls": metric.shortfalls, "better": metric.better,
        "breakdowns": list(metric.breakdowns), "yearly": metric.yearly, "group": metric.group,
    }  # fmt: skip


def _number(value) -> float | None:
    """JSON has no NaN or infinity: a figure that is not a number has no value."""
    return None if value is None or not math.isfinite(value) else float(value)


def _check(metric: metrics.Metric, params: SeriesParams, period: str) -> None:
    problems: dict[str, str] = {}
    for name, day in (("from", params.start), ("to", params.to)):
        if not s.EARLIEST <= day <= s.LATEST:
            problems[name] = f"Give a date from {s.EARLIEST} to {s.LATEST}"
    if "from" not in problems and "to" not in problems:
        if params.start > params.to:
            problems["from"] = f"'from' ({params.start}) is after 'to' ({params.to})"
        elif s.count_periods(period, params.start, params.to) > s.MAX_PERIODS:
            problems["to"] = (f"{params.start} to {params.to} covers more than "
                              f"{s.MAX_PERIODS} periods of a {period}; ask for fewer")  # fmt: skip
    if metric.yearly and period != "year":
        problems["period"] = f"{metric.code} is for whole financial years only: use period=year"
    if params.breakdown and params.breakdown not in metric.breakdowns:
        offered = ", ".join(metric.breakdowns) or "none"
        problems["breakdown"] = (f"{metric.code} is not broken down by {params.breakdown}; "
                                 f"its breakdowns: {offered}")  # fmt: skip
    if problems:
        raise ValidationError(problems)


@router.get("", response={200: list[MetricOut], **ERROR_RESPONSES})
def list_metrics(request):
    """The measures the performance pages show: what each means and where it falls short,
    which way is better, and how it can be broken down."""
    _allowed(request)
    return [_out(m) for m in metrics.all_metrics()]


@router.get("/{code}/data", response={200: SeriesOut, **ERROR_RESPONSES})
def metric_data(request, code: Text(60), params: Query[SeriesParams]):
    """One measure's figures for every week, month, quarter or financial year (April to
    March) overlapping `from` to `to` (at most 104 periods), the total first in each and
    then one figure per group of the breakdown."""
    _allowed(request)
    metric = _metric(code)
    period = params.period or ("year" if metric.yearly else "month")
    _check(metric, params, period)
    with s.connection() as con:
        found = s.series(con, metric, period, params.start, params.to, params.breakdown)
    return {
        "code": metric.code, "unit": metric.unit, "period": period,
        "breakdown": params.breakdown,
        "series": [
            {"start": w.start, "end": w.end, "label": s.describe(period, w),
             "figures": [{"group": f.group, "value": _number(f.value),
                          "numerator": _number(f.numerator),
                          "denominator": _number(f.denominator), "note": f.note or ""}
                         for f in figures]}
            for w, figures in found
        ],
    }  # fmt: skip
