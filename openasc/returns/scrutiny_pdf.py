"""The scrutiny pack as a PDF (reportlab): A4, a front page, contents with page numbers,
one section a page onwards, tables, charts and "Page N of M" on every page.

Text is real text in a standard font (selectable, searchable, read aloud), never a picture
of text; each chart is followed by its figures in a table and a sentence, so nothing is
only in the picture. Title, author, subject and language are set in the document's
properties, and the sections are bookmarked for navigation.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from .scrutiny_charts import breakdown_chart, year_chart
from .scrutiny_words import EQUITY_NOTE, breakdown_rows, front_lines, year_rows

BLACK = colors.HexColor("#0b0c0c")
GREY = colors.HexColor("#b1b4b6")
WIDTH = A4[0] - 4 * cm

_base = getSampleStyleSheet()
H1 = ParagraphStyle("H1", _base["Heading1"], fontSize=20, leading=24, textColor=BLACK)
H2 = ParagraphStyle("H2", _base["Heading2"], fontSize=15, leading=19, textColor=BLACK)
H3 = ParagraphStyle("H3", _base["Heading3"], fontSize=12, leading=15, textColor=BLACK)
H4 = ParagraphStyle("H4", _base["Heading4"], fontSize=10.5, leading=13, textColor=BLACK)
BODY = ParagraphStyle("Body", _base["BodyText"], fontSize=10.5, leading=14, textColor=BLACK)
SMALL = ParagraphStyle("Small", BODY, fontSize=9, leading=12)
CELL = ParagraphStyle("Cell", BODY, fontSize=9, leading=11)


class _Doc(BaseDocTemplate):
    """Headings feed the contents and the bookmarks as they are laid out."""

    def afterFlowable(self, flowable):
        level = {"H2": 0, "H3": 1}.get(getattr(getattr(flowable, "style", None), "name", ""))
        if level is None or not getattr(flowable, "_key", None):
            return
        text = flowable.getPlainText()
        self.canv.bookmarkPage(flowable._key)
        self.canv.addOutlineEntry(text, flowable._key, level=level, closed=level > 0)
        if level == 0:
            self.notify("TOCEntry", (0, text, self.page, flowable._key))


def _heading(text: str, style: ParagraphStyle, key: str) -> Paragraph:
    p = Paragraph(escape(text), style)
    p._key = key
    return p


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 8.5)
    canvas.drawString(2 * cm, 1.2 * cm, doc.title)
    total = getattr(doc, "total_pages", 0)
    page = f"Page {canvas.getPageNumber()}" + (f" of {total}" if total else "")
    canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, page)
    canvas.restoreState()


def _table(head: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    data = [[Paragraph(f"<b>{escape(h)}</b>", CELL) for h in head]]
    data += [[Paragraph(escape(str(c)), CELL) for c in row] for row in rows]
    t = Table(data, colWidths=[w * WIDTH for w in widths], repeatRows=1, hAlign="LEFT")
    t.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))  # fmt: skip
    return t


def _chart(png: bytes, alt: str) -> list:
    image = Image(io.BytesIO(png))
    scale = WIDTH / image.imageWidth
    image.drawWidth, image.drawHeight = WIDTH, image.imageHeight * scale
    return [image, Paragraph(f"Chart: {escape(alt)}", SMALL), Spacer(0, 6)]


def story(pack, png) -> list:
    """The flowables; ``png(kind, item)`` gives a chart's PNG (drawn once, built twice)."""
    out = [Spacer(0, 5 * cm), Paragraph(escape(pack.council), H2),
           Paragraph(escape(pack.title), H1)]  # fmt: skip
    out += [Paragraph(escape(line), BODY) for line in front_lines(pack)]
    toc = TableOfContents(levelStyles=[ParagraphStyle("TOC", BODY, leftIndent=0)])
    out += [PageBreak(), Paragraph("Contents", H2), toc]
    for section in pack.sections:
        out += [PageBreak(), _heading(section.area.title, H2, section.anchor)]
        out.append(Paragraph(f"<i>{escape(section.area.question)}</i>", BODY))
        if not section.results and not section.breakdowns:
            out.append(Paragraph("No measure in the catalogue answers this yet.", BODY))
        for i, r in enumerate(section.results):
            key = f"{section.anchor}-{i}"
            block = [_heading(r.metric.title, H3, key), Paragraph(escape(r.sentence), BODY),
                     _table(*year_rows(r), [0.22, 0.26, 0.26, 0.26])]  # fmt: skip
            block += _chart(png(year_chart, r), f"{r.metric.title}, {r.last.label} and "
                            f"{r.this.label}; the figures are in the table above.")  # fmt: skip
            out.append(KeepTogether(block))
            out.append(Paragraph(f"<b>What it means.</b> {escape(r.metric.meaning)}", SMALL))
            out.append(Paragraph(f"<b>Where it falls short.</b> {escape(r.metric.shortfalls)}",
                                 SMALL))  # fmt: skip
            out.append(Spacer(0, 8))
        if section.breakdowns:
            out.append(Paragraph(escape(EQUITY_NOTE), BODY))
        last_by = None
        for b in section.breakdowns:
            if b.by != last_by:
                out.append(_heading(f"By {b.label.lower()}", H3, f"{section.anchor}-{b.by}"))
                last_by = b.by
            title = f"{b.metric.title} by {b.label.lower()}"
            block = [Paragraph(escape(title), H4), Paragraph(escape(b.sentence), BODY)]
            if b.shown:
                block.append(_table(*breakdown_rows(b), [0.4, 0.3, 0.3]))
            out.append(KeepTogether(block))
            if b.shown:
                out += _chart(png(breakdown_chart, b), f"{title} for {pack.year_label}, "
                              "one bar per group; the figures are in the table above.")  # fmt: skip
    out += [PageBreak(), _heading("What the figures cannot tell you yet", H2, "section-gaps")]
    out += [Paragraph(f"• {escape(g)}", BODY) for g in pack.gaps]
    return out


def render(pack, compress: bool = True) -> bytes:
    """The PDF's bytes. ``compress=False`` leaves the page streams readable (tests)."""
    buf = io.BytesIO()
    doc = _Doc(
        buf, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
        bottomMargin=2 * cm, title=pack.title, author=pack.council,
        subject=f"Adult social care figures for overview and scrutiny, {pack.year_label}",
        creator="openasc", keywords="adult social care, scrutiny, ASCOF", lang="en-GB",
        displayDocTitle=1, pageCompression=1 if compress else 0, invariant=1,
    )  # fmt: skip
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=_footer)])
    drawn = {}

    def png(chart, item) -> bytes:
        if id(item) not in drawn:
            drawn[id(item)] = chart(item, "png")
        return drawn[id(item)]

    # Build until the contents' page numbers settle, then once more with "of N" known.
    doc.multiBuild(story(pack, png))
    doc.total_pages = doc.page
    buf.seek(0)
    buf.truncate()
    doc.multiBuild(story(pack, png))
    return buf.getvalue()
