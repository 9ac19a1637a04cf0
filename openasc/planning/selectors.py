"""Reads for the planning pages."""

from __future__ import annotations

import yaml

from .models import PlanningRun
from .report import money
from .scenario import EXAMPLES


def recent_runs(limit: int = 50):
    return PlanningRun.objects.select_related("created_by").defer(
        "results", "cost_chart", "people_chart", "scenario_text"
    )[:limit]


def examples() -> list[dict]:
    """The shipped example scenarios: slug, name, description and text."""
    out = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
        out.append(
            {"slug": path.stem, "name": data.get("name", path.stem),
             "description": str(data.get("description", "")).strip(), "text": text}
        )  # fmt: skip
    return out


def _show(value: float, unit: str, signed: bool = False) -> str:
    if value != value:  # NaN: nothing to measure (e.g. no one left short-term support)
        return "Not applicable"
    sign = ("+" if value > 0 else "−" if value < 0 else "") if signed else ""
    if unit == "£":
        return sign + money(value)
    if unit == "share":
        return f"{sign}{abs(value) * 100:.1f}{' points' if signed else '%'}"
    if unit == "per 100,000":
        return f"{sign}{abs(value):,.1f}"
    return f"{sign}{abs(value):,.0f}"


def headline_rows(results: dict) -> list[list[str]]:
    """The measures a commissioner looks at first, in the last year of the projection:
    [label, baseline, scenario, difference (with its 90% band)]."""
    wanted = [
        "cost.total", "admissions.care_home", "people.short_term_support",
        "people.long_term_community_support", "people.residential_care", "people.nursing_care",
        "ascof.2A", "ascof.2B", "ascof.2C", "ascof.2E", "ascof.3D.1", "ascof.3D.2", "carers",
    ]  # fmt: skip
    by_code = {m["code"]: m for m in results["measures"]}
    rows = []
    for code in wanted:
        if code not in by_code:
            continue
        m, unit = by_code[code], by_code[code]["unit"]
        lo, md, hi = m["difference"][-1]
        band = f" ({_show(lo, unit, True)} to {_show(hi, unit, True)})" if lo != hi else ""
        rows.append([
            m["label"], _show(m["baseline"][-1][1], unit), _show(m["scenario"][-1][1], unit),
            _show(md, unit, True) + band,
        ])  # fmt: skip
    return rows
