"""The scrutiny pack as HTML: the context of ``scrutiny.html`` (for the page in the service),
and the same template as one self-contained file for ``openasc returns scrutiny --html``."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template import engines
from markupsafe import Markup

from .scrutiny_charts import breakdown_chart, inline_svg, year_chart
from .scrutiny_words import EQUITY_NOTE, breakdown_rows, front_lines, year_rows

# The file is read away from the service: the GOV.UK stylesheet is put inside it, so it
# looks the same offline (the fonts fall back to Arial).
STANDALONE = """<!DOCTYPE html>
<html lang="en" class="govuk-template"><head><meta charset="utf-8">
<title>{% block title %}{% endblock %}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{{ css }}</style></head>
<body class="govuk-template__body"><div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content">{% block content %}{% endblock %}</main>
</div></body></html>"""


def context(pack) -> dict:
    tables, charts = {}, {}
    for s, section in enumerate(pack.sections):
        for i, r in enumerate(section.results):
            tables[r.metric.code] = year_rows(r)
            title = (f"Bar chart of {r.metric.title}: {r.last.label} and {r.this.label}. "
                     "The figures are in the table above.")  # fmt: skip
            charts[r.metric.code] = Markup(inline_svg(year_chart(r, "svg"), f"c{s}-{i}", title))  # noqa: S704 (our own SVG, text escaped)
        for i, b in enumerate(section.breakdowns):
            key = f"{b.metric.code}:{b.by}"
            tables[key] = breakdown_rows(b)
            if b.shown:
                title = (f"Bar chart of {b.metric.title} by {b.label.lower()}, "
                         f"{pack.year_label}. The figures are in the table above.")  # fmt: skip
                svg = inline_svg(breakdown_chart(b, "svg"), f"b{s}-{i}", title)
                charts[key] = Markup(svg)  # noqa: S704 (our own SVG, text escaped)
    return {"pack": pack, "front": front_lines(pack), "tables": tables, "charts": charts,
            "equity_note": EQUITY_NOTE}  # fmt: skip


def standalone(pack) -> str:
    env = engines["jinja2"].env
    path = finders.find("govuk/govuk-frontend.min.css")
    css = open(path, encoding="utf-8").read() if path else ""  # noqa: SIM115
    layout = env.from_string(STANDALONE, globals={"css": Markup(css)})  # noqa: S704
    return env.get_template("scrutiny.html").render(layout=layout, pdf_href="", **context(pack))
