"""The scrutiny pack: its content from a small council's record (every section, the figures
equal to the catalogue's, no zeros for a year without data, small groups hidden), the PDF
(a real PDF whose text holds the headings), the page and its PDF for the right roles, and
the command (both files written, audited; an unwritable path refused)."""

from __future__ import annotations

import os
import re
from datetime import date

import pytest
from django.urls import include, path

from openasc.access.models import AuditEntry
from openasc.access.roles import Role
from openasc.cli import main
from openasc.returns import metrics, scrutiny, scrutiny_html, scrutiny_pdf, scrutiny_words, snapshot
from openasc.returns.metrics import TOTAL, Figure, Metric, Window
from openasc.returns.views_scrutiny import scrutiny_page
from tests.conftest import PASSWORD
from tests.returns import test_cld_export
from tests.returns.test_cld_export import a_person, add

cld_council = test_cld_export.cld_council  # the CLD export's small council, as a fixture

YEAR = 2024  # the fixture's events are around April-June 2024; 2023-24 has services too

# The page's URL is wired by the performance pages; until then, this module wires it.
urlpatterns = [
    path("performance/scrutiny/<int:year>", scrutiny_page, name="performance-scrutiny"),
    path("", include("openasc.config.urls")),
]
handler403 = "openasc.workspace.pages.forbidden"
handler404 = "openasc.workspace.pages.not_found"


@pytest.fixture
def council(cld_council, settings, tmp_path):
    """The CLD export's council, with a reablement episode and another direct payment, so
    that both years have figures."""
    settings.VAR_DIR = tmp_path
    settings.RETURNS_SNAPSHOT_SECONDS = 0
    cara = a_person(given_name="Cara", date_of_birth=date(1938, 3, 3), postcode="DS2 1AA")
    add(cara, "service", date(2024, 5, 1), date(2024, 6, 5), service_type="sts_st_max",
        service_component="reablement", delivery_mechanism="commissioned",
        outcome="nfa_ended_planned")  # fmt: skip
    add(cara, "service", date(2023, 9, 1), service_type="lts_community", status="open")
    return cld_council


@pytest.fixture
def con(council):
    c = snapshot.connect()
    yield c
    c.close()


@pytest.fixture
def pack(con):
    return scrutiny.build(con, YEAR)


def test_every_section_is_there_in_order(pack):
    titles = [s.area.title for s in pack.sections]
    expected = [a.title for a in scrutiny.AREAS]
    assert titles[: len(expected)] == expected and titles[-1] == scrutiny.EQUITY.title
    assert pack.council == "Demoshire" and pack.year_label == "2024-25"
    assert pack.events_this_year > 0 and pack.problems == []
    assert pack.gaps and any("similar councils" in g for g in pack.gaps)
    # Every registered metric appears once, in one section.
    shown = [r.metric.code for s in pack.sections for r in s.results]
    assert sorted(shown) == sorted(m.code for m in metrics.all_metrics())


def test_the_figures_are_the_catalogues(pack, con):
    def total(metric, year):
        figures = metric.figures(con, Window.financial_year(year), None)
        return next((f.value for f in figures if f.group == TOTAL), None)

    compared = 0
    for section in pack.sections:
        for r in section.results:
            assert r.this.value == total(r.metric, YEAR), r.metric.code
            assert r.last.value == total(r.metric, YEAR - 1), r.metric.code
            if r.this.value is not None and r.last.value is not None:
                assert r.change == pytest.approx(r.this.value - r.last.value)
                assert r.verdict and r.this.label in r.sentence and r.last.label in r.sentence
                compared += 1
            if r.this.value is None:
                assert r.sentence.startswith("There is no figure for 2024-25")
    assert compared >= 2  # ASCOF 2E and 3D have figures in both years
    r = next(r for s in pack.sections for r in s.results if r.metric.code == "ascof-3d-2a")
    assert scrutiny_words.number(r.this.value, "%") in r.sentence


def test_a_year_without_events_says_so_rather_than_zero(con):
    empty = scrutiny.build(con, 2015)
    assert empty.events_this_year == 0
    for r in (r for s in empty.sections for r in s.results):
        assert r.this.value is None and "holds no events for 2015-16" in r.this.missing
        assert r.verdict == "" and "0" not in r.sentence.replace("2015-16", "")


def test_better_worse_and_the_words():
    assert scrutiny_words.verdict(2.0, "higher") == "better"
    assert scrutiny_words.verdict(2.0, "lower") == "worse"
    assert scrutiny_words.verdict(-1.0, None) == "down"
    assert scrutiny_words.verdict(1e-12, "higher") == "no change"
    assert scrutiny_words.change_text(7.5, "%") == "+7.5 percentage points"
    assert scrutiny_words.change_text(-3, "days") == "-3.0 days"


def test_small_groups_are_hidden():
    metric = Metric("x-rate", "A rate", "%", "m", "s", figures=lambda *a: [], better="higher",
                    breakdowns=("sex",))  # fmt: skip
    figures = [Figure(TOTAL, 50.0, 10, 20), Figure("female", 60.0, 9, 15),
               Figure("male", 20.0, 1, 5), Figure("other", 0.0, 0, 3)]  # fmt: skip
    b = scrutiny._breakdown(metric, "sex", figures, "")
    assert [g.name for g in b.shown] == ["female", "male"]
    assert "1 group of fewer than 5 people is not shown" in b.sentence
    assert "Highest: female (60.0%); lowest: male (20.0%); a gap of 40.0" in b.sentence


def _pdf_text(pdf: bytes) -> str:
    """The text shown on the pages (the streams are left uncompressed for this)."""
    return "\n".join(t.decode("latin-1") for t in re.findall(rb"\((.*?)\) Tj", pdf))


def test_the_pdf_is_a_real_pdf_with_the_headings(pack):
    pdf = scrutiny_pdf.render(pack, compress=False)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    pages = int(re.search(rb"/Count (\d+) /Kids", pdf).group(1))
    # A front page, the contents, a page at least per section and for the gaps.
    assert pages >= 2 + len(pack.sections) + 1
    footers = re.findall(rb"\(Page (\d+) of (\d+)\) Tj", pdf)
    assert [int(n) for n, _ in footers] == list(range(1, pages + 1))
    assert {int(total) for _, total in footers} == {pages}
    text = _pdf_text(pdf)
    for heading in [s.area.title for s in pack.sections] + [
        "Contents", "What the figures cannot tell you yet", "Demoshire",
    ]:  # fmt: skip
        assert heading.replace("(", "\\(").replace(")", "\\)") in text, heading
    assert b"/Title (Adult social care: scrutiny pack 2024-25)" in pdf
    assert b"/Author (Demoshire)" in pdf and b"/Subject (" in pdf and b"/Lang (en-GB)" in pdf
    assert pdf.count(b"/Subtype /Image") >= 2  # the charts, as pictures beside the text


def test_the_html_has_every_section_and_inline_charts(pack):
    html = scrutiny_html.standalone(pack)
    for section in pack.sections:
        assert f'id="{section.anchor}"' in html and f'href="#{section.anchor}"' in html
    assert 'role="img" aria-labelledby=' in html and "style=" not in html.split("<main")[1]
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # charts do not share ids


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.ANALYST, Role.ADMINISTRATOR])
def test_the_page_for_the_performance_roles(council, users, client, role):
    client.login(username=users[role].username, password=PASSWORD)
    response = client.get(f"/performance/scrutiny/{YEAR}")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Adult social care: scrutiny pack 2024-25</h1>' in html
    assert "What the figures cannot tell you yet" in html and '<svg role="img"' in html


@pytest.mark.urls(__name__)
def test_the_pdf_download_is_audited(council, users, client):
    client.login(username="analyst", password=PASSWORD)
    response = client.get(f"/performance/scrutiny/{YEAR}?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    entry = AuditEntry.objects.filter(action="scrutiny_pack").get()
    assert entry.username == "analyst" and entry.detail["year"] == YEAR


@pytest.mark.urls(__name__)
def test_a_practitioner_may_not_see_it(council, users, client):
    client.login(username="socialworker", password=PASSWORD)
    assert client.get(f"/performance/scrutiny/{YEAR}").status_code == 403
    assert client.get(f"/performance/scrutiny/{YEAR}?format=pdf").status_code == 403


def run(capsys, *args) -> tuple[int, str]:
    code = main(["returns", "scrutiny", *args, "-q"])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_the_command_writes_both_files_and_audits_it(council, tmp_path, capsys):
    pdf, html = tmp_path / "pack.pdf", tmp_path / "pack.html"
    code, out = run(capsys, "--year", str(YEAR), "--out", str(pdf), "--html", str(html))
    assert code == 0, out
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "Self-directed support" in html.read_text(encoding="utf-8")
    assert "Wrote" in out and "2024-25 scrutiny pack for Demoshire" in out
    entry = AuditEntry.objects.filter(action="scrutiny_pack").get()
    assert entry.detail["files"] == [str(pdf), str(html)]


def test_the_command_refuses_what_it_cannot_do(council, tmp_path, capsys):
    code, out = run(capsys, "--year", str(YEAR), "--out", str(tmp_path / "missing" / "p.pdf"))
    assert code == 2 and "does not exist" in out
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        code, out = run(capsys, "--year", str(YEAR), "--out", str(locked / "p.pdf"))
        assert code == 2 and "permission denied" in out
    code, out = run(capsys, "--year", str(YEAR), "--out", "/proc/version")
    assert code in (1, 2) and "cannot write /proc/version" in out
    code, out = run(capsys, "--year", str(YEAR), "--out", str(tmp_path))
    assert code == 2 and "is a directory" in out
    code, out = run(capsys, "--year", "2015", "--out", str(tmp_path / "p.pdf"))
    assert code == 1 and "no events for 2015-16" in out and not (tmp_path / "p.pdf").exists()
    assert not AuditEntry.objects.filter(action="scrutiny_pack").exists()


def test_help(capsys):
    with pytest.raises(SystemExit):
        main(["returns", "scrutiny", "--help"])
    assert "--html FILE.html" in capsys.readouterr().out
