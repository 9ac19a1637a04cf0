"""The performance pages: the manager's weekly view, a metric with its breakdown, trend and
downloads, and the people behind a figure.

Figures are aggregates, so the pages are for team managers, analysts and administrators
(access.policy.can_see_performance). The list of people behind a figure shows only those
the viewer may already see (on their caseload, allocated to their team, or named on a
restricted record), says how many more there are, and is written to the audit trail."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from openasc.access import audit, policy
from openasc.workspace.forms import GovDateField, GovForm
from openasc.workspace.pages import render_page, require, workspace_view

from . import charts, downloads, metrics
from . import selectors as s
from .metrics import BREAKDOWNS, TOTAL, Metric

NOT_ALLOWED = "Performance figures are for team managers, analysts and administrators."
PER_PAGE = 50
# Units of a rate or an average: the value is not itself a count of people to list.
RATES = {"%", "days", "per 100,000"}


# Showing figures -----------------------------------------------------------------------------


def show(value: float | None, unit: str) -> str:
    """A figure as a manager reads it: '73.5%', '1,204', '12.5 days'."""
    if value is None:
        return "No figure"
    if unit == "%":
        return f"{value:.1f}%"
    if unit == "days":
        return f"{value:,.1f} days"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def show_change(change: float | None, unit: str) -> str:
    if change is None:
        return "No comparison"
    if abs(change) < 1e-9:
        return "No change"
    word = "Up" if change > 0 else "Down"
    size = abs(change)
    if unit == "%":
        return f"{word} {size:.1f} points"
    return f"{word} {show(size, unit)}"


def _query(period: str, window, **extra) -> str:
    """The GET parameters that choose this period (and breakdown, group) on a page."""
    day = window.start
    params = {"period": period, "start-day": day.day, "start-month": day.month,
              "start-year": day.year, **{k: v for k, v in extra.items() if v}}  # fmt: skip
    return urlencode(params)


def metric_href(metric: Metric, period: str, window, **extra) -> str:
    base = reverse("performance-metric", args=[metric.code])
    return base + "?" + _query(period, window, **extra)


def people_href(metric: Metric, period: str, window, breakdown, group) -> str:
    base = reverse("performance-people", args=[metric.code])
    return base + "?" + _query(period, window, breakdown=breakdown, group=group)


def _metric_or_404(code: str) -> Metric:
    try:
        return metrics.get(code)
    except KeyError:
        raise Http404("There is no such measure") from None


# Forms (GET: choosing what to see changes nothing) ---------------------------------------


def _in_range(day: date | None, label: str) -> None:
    if day is not None and not s.EARLIEST <= day <= s.LATEST:
        raise ValidationError(f"{label} must be between {s.EARLIEST.year} and {s.LATEST.year}")


class WeekForm(GovForm):
    week = GovDateField(label="Show the week that includes", required=False,
                        help_text="A week runs Monday to Sunday. For example, 10 11 2025",
                        )  # fmt: skip

    def clean_week(self):
        day = self.cleaned_data["week"]
        _in_range(day, "The date")
        if day and s.period_containing("week", day).end >= date.today():
            raise ValidationError("Choose a day in a week that has ended")
        return day


class PeriodForm(GovForm):
    period = forms.ChoiceField(label="Period", required=False)
    start = GovDateField(label="A day in the period", required=False,
                         help_text="For example, 1 4 2025. Leave blank for the last complete "
                                   "period.")  # fmt: skip
    breakdown = forms.ChoiceField(label="Break down by", required=False)
    group = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def __init__(self, metric: Metric, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.metric = metric
        periods = ["year"] if metric.yearly else list(s.PERIODS)
        self.fields["period"].choices = [(p, s.PERIODS[p]) for p in periods]
        self.fields["breakdown"].choices = [("", "Nothing: the total only")] + [
            (b, BREAKDOWNS[b]) for b in metric.breakdowns
        ]

    def clean_start(self):
        day = self.cleaned_data["start"]
        _in_range(day, "The date")
        if day and day > date.today():
            raise ValidationError("The date must be today or in the past")
        return day

    def choice(self):
        """(period, window, breakdown) chosen, the defaults where left blank."""
        d = self.cleaned_data
        period = d.get("period") or ("year" if self.metric.yearly else "week")
        window = (s.period_containing(period, d["start"]) if d.get("start")
                  else s.last_complete(period))  # fmt: skip
        return period, window, d.get("breakdown") or None


# Pages ---------------------------------------------------------------------------------------


@workspace_view
@require_safe
def performance(request):
    """The manager's weekly view: each operational measure this week against the 12 weeks
    before, and the ASCOF measures for the latest complete financial year against the one
    before."""
    require(policy.can_see_performance(request.user), NOT_ALLOWED)
    form = WeekForm(request.GET or None)
    chosen = form.cleaned_data.get("week") if form.is_bound and form.is_valid() else None
    week = s.period_containing("week", chosen) if chosen else s.last_complete("week")
    with s.connection() as con:
        view = s.weekly_view(con, week)
    weekly, ascof = [], []
    for t in view.weekly:
        m = t.metric
        labels = [s.short_label("week", w) for w in t.windows]
        weekly.append({
            "metric": m, "value": show(t.current.value, m.unit), "note": t.current.note,
            "href": metric_href(m, "week", week),
            "change": show_change(t.change, m.unit), "direction": t.direction,
            "chart": charts.data_uri(charts.trend(labels, [f.value for f in t.totals],
                                                  m.unit, small=True)),
            "alt": _trend_alt(m, t, labels),
        })  # fmt: skip
    year, before = view.year, view.before
    for m, now, then in view.yearly:
        change = None if now.value is None or then.value is None else now.value - then.value
        ascof.append({
            "metric": m, "now": show(now.value, m.unit), "then": show(then.value, m.unit),
            "now_href": metric_href(m, "year", year),
            "then_href": metric_href(m, "year", before),
            "change": show_change(change, m.unit), "note": now.note,
        })  # fmt: skip
    return render_page(request, "performance.html", {
        "form": form, "week": week, "week_name": s.describe("week", week),
        "year_name": s.describe("year", year), "before_name": s.describe("year", before),
        "weekly": weekly, "ascof": ascof,
    })  # fmt: skip


def _trend_alt(metric: Metric, t: s.Trend, labels: list[str]) -> str:
    first, last = t.totals[0].value, t.current.value
    return (f"Trend of {metric.title.lower()} over {len(labels)} weeks, from "
            f"{show(first, metric.unit)} in the week of {labels[0]} to "
            f"{show(last, metric.unit)} in the week of {labels[-1]}.")  # fmt: skip


@workspace_view
@require_safe
def metric_page(request, code: str):
    """One measure: what it means and where it falls short, its figures for a chosen period
    and breakdown (as a table, a chart, CSV and XLSX), and its last 12 periods."""
    require(policy.can_see_performance(request.user), NOT_ALLOWED)
    metric = _metric_or_404(code)
    form = PeriodForm(metric, request.GET)
    context = {"metric": metric, "form": form, "figures": None}
    if not form.is_valid():
        return render_page(request, "performance_metric.html", context)
    period, window, breakdown = form.choice()
    with s.connection() as con:
        figures = s.figures(con, metric, window, breakdown)
        trend = s.trend(con, metric, period, window)
    labels = [s.short_label(period, w) for w in trend.windows]
    wanted = request.GET.get("format")
    if wanted in downloads.CONTENT_TYPES:
        return _download(wanted, metric, window, breakdown, figures, trend, period)
    rows = [_figure_row(metric, period, window, breakdown, f) for f in figures]
    query = _query(period, window, breakdown=breakdown)
    context.update({
        "period_name": s.describe(period, window), "window": window,
        "unfinished": window.end >= date.today(),
        "breakdown_name": BREAKDOWNS.get(breakdown or ""), "rows": rows,
        "bars": charts.data_uri(charts.bars([r["group"] for r in rows],
                                            [f.value for f in figures], metric.unit))
        if breakdown else None,
        "trend_chart": charts.data_uri(charts.trend(labels, [f.value for f in trend.totals],
                                                    metric.unit)),
        "trend_rows": [
            [f'<a class="govuk-link" href="{metric_href(metric, period, w)}">'
             f"{s.describe(period, w)}</a>", show(f.value, metric.unit),
             _count(f.numerator), _count(f.denominator), f.note]
            for w, f in zip(trend.windows, trend.totals, strict=True)
        ],  # fmt: skip
        "csv_href": f"?{query}&format=csv", "xlsx_href": f"?{query}&format=xlsx",
    })  # fmt: skip
    return render_page(request, "performance_metric.html", context)


def _count(value) -> str:
    return "" if value is None else f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _figure_row(metric, period, window, breakdown, f) -> dict:
    href = people_href(metric, period, window, breakdown, f.group) if metric.people else None
    return {
        "group": "All people" if f.group == TOTAL else f.group,
        "value": show(f.value, metric.unit),
        # The people behind the count: the numerator, or the value itself for a count.
        "value_href": href if metric.unit not in RATES and f.value is not None else None,
        "numerator": _count(f.numerator),
        "numerator_href": href if f.numerator is not None else None,
        "denominator": _count(f.denominator),
        "note": f.note,
    }


def _download(wanted, metric, window, breakdown, figures, trend, period) -> HttpResponse:
    if wanted == "csv":
        body = downloads.figures_csv(metric, window, breakdown, figures)
    else:
        rows = [(s.describe(period, w), w, f) for w, f in zip(trend.windows, trend.totals,
                                                                strict=True)]  # fmt: skip
        body = downloads.figures_xlsx(metric, window, breakdown, figures, rows)
    response = HttpResponse(body, content_type=downloads.CONTENT_TYPES[wanted])
    name = downloads.filename(metric, window, breakdown, wanted)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@workspace_view
@require_safe
def people_page(request, code: str):
    """The people behind one figure whom the viewer may see, longest waiting first; one
    audit entry for the list, as for a search."""
    require(policy.can_see_performance(request.user), NOT_ALLOWED)
    metric = _metric_or_404(code)
    if metric.people is None:
        raise Http404("This measure does not list the people behind it")
    form = PeriodForm(metric, request.GET)
    if not form.is_valid():
        raise Http404("Choose the figure from the measure's page")
    period, window, breakdown = form.choice()
    group = form.cleaned_data.get("group") or TOTAL
    with s.connection() as con:
        figures = s.figures(con, metric, window, breakdown)
        figure = next((f for f in figures if f.group == group), None)
        if figure is None:
            raise Http404("There is no such group in this figure")
        keys = metric.people(con, window, breakdown, group)
    behind = s.people_behind(request.user, keys, window)
    page = Paginator(behind.rows, PER_PAGE).get_page(request.GET.get("page"))
    audit.record(
        request.user, "list", page="performance-people", metric=metric.code,
        window=[window.start.isoformat(), window.end.isoformat()], breakdown=breakdown,
        group=group, shown=len(page.object_list), allowed=len(behind.rows),
        hidden=behind.hidden,
    )  # fmt: skip
    query = _query(period, window, breakdown=breakdown, group=group)
    return render_page(request, "performance_people.html", {
        "metric": metric, "figure": figure, "value": show(figure.value, metric.unit),
        "group_name": "All people" if group == TOTAL else group,
        "breakdown_name": BREAKDOWNS.get(breakdown or ""),
        "period_name": s.describe(period, window), "window": window, "behind": behind,
        "page": page, "page_link": lambda n: f"?{query}&page={n}",
        "back": metric_href(metric, period, window, breakdown=breakdown),
        "sees_people": policy.can_search(request.user),
    })  # fmt: skip
