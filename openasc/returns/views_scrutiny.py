"""The scrutiny pack in the service: ``/performance/scrutiny/<year>`` shows it, and
``?format=pdf`` downloads the same pack as a PDF (recorded in the audit trail: it is an
official publication of figures). Aggregate figures only, for the same roles as the
performance pages."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from openasc.access import audit, policy
from openasc.workspace.pages import render_page, require, workspace_view

from . import scrutiny, scrutiny_html, scrutiny_pdf, snapshot

NOT_ALLOWED = "The scrutiny pack is for team managers, analysts and administrators."


@workspace_view
@require_safe
def scrutiny_page(request, year: int):
    require(policy.can_see_performance(request.user), NOT_ALLOWED)
    if not 2000 <= year <= 2100:
        raise Http404("No scrutiny pack for this year")
    con = snapshot.connect()
    try:
        pack = scrutiny.build(con, year)
    finally:
        con.close()
    if request.GET.get("format") == "pdf":
        pdf = scrutiny_pdf.render(pack)
        audit.record(request.user, "scrutiny_pack", reason="Scrutiny pack: official "
                     "publication of figures", year=year, format="pdf")  # fmt: skip
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"scrutiny-pack-{pack.year_label}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    ctx = scrutiny_html.context(pack)
    ctx.update(layout="base.html", pdf_href=f"{request.path}?format=pdf")
    return render_page(request, "scrutiny.html", ctx)
