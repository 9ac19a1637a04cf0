"""The scrutiny pack's charts: PNG for the PDF, SVG to put inline in the page.

In the style of ``planning.charts`` (its GOV.UK colours and rc settings, Agg canvas, no
pyplot, no date in the file, so the same figures give the same bytes). Charts are returned
as bytes, not files: the pack is built in memory for a web request as well as the CLI.
"""

from __future__ import annotations

import io
import re
import textwrap

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from openasc.planning.charts import BLUE, GREY, STYLE

from . import scrutiny_words as words

MOST_GROUPS = 25  # more bars than this cannot be read; the table lists every group


def _bytes(fig: Figure, fmt: str) -> bytes:
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=150, metadata={"Date": None} if fmt == "svg" else {})
    return buf.getvalue()


def _axis(ax, unit: str) -> None:
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    ax.set_xlabel(unit if unit != "%" else "Per cent")
    ax.set_xlim(left=0)


def year_chart(result, fmt: str = "png") -> bytes:
    """Last year (grey) and this year (blue) as two bars, each labelled with its value."""
    unit = result.metric.unit
    rows = [
        (result.last.label, result.last.value, GREY),
        (result.this.label, result.this.value, BLUE),
    ]
    with matplotlib.rc_context(STYLE | {"axes.grid.axis": "x"}):
        fig = Figure(figsize=(7, 1.9), layout="constrained")
        ax = fig.add_subplot()
        top = max((v for _, v, _ in rows if v is not None), default=0) or 1
        for y, (_label, value, colour) in enumerate(rows):
            ax.barh(y, value or 0, color=colour, height=0.6)
            ax.text((value or 0) + top * 0.01, y, words.number(value, unit), va="center")
        ax.set_yticks(range(len(rows)), [label for label, _, _ in rows])
        ax.set_title(textwrap.shorten(result.metric.title, 80))
        _axis(ax, unit)
        ax.set_xlim(0, top * (100 / 75 if unit != "%" else 1.2))
        return _bytes(fig, fmt)


def breakdown_chart(b, fmt: str = "png") -> bytes:
    """A bar per reportable group (largest first), the whole council as a dashed line."""
    unit = b.metric.unit
    groups = sorted(b.shown, key=lambda g: -g.figure.value)[:MOST_GROUPS]
    with matplotlib.rc_context(STYLE | {"axes.grid.axis": "x"}):
        fig = Figure(figsize=(7, 1.2 + 0.32 * max(len(groups), 1)), layout="constrained")
        ax = fig.add_subplot()
        y = list(range(len(groups)))[::-1]
        ax.barh(y, [g.figure.value for g in groups], color=BLUE, height=0.6)
        ax.set_yticks(y, [textwrap.shorten(g.name, 40) for g in groups])
        if b.total is not None and b.total.value is not None and unit != "people":
            ax.axvline(b.total.value, color=GREY, linestyle="--", label="Whole council")
            ax.legend(loc="lower right")
        ax.set_title(textwrap.shorten(f"{b.metric.title} by {b.label.lower()}", 80))
        _axis(ax, unit)
        if not groups:
            ax.text(0.5, 0.5, "No group large enough to report", ha="center",
                    transform=ax.transAxes)  # fmt: skip
        return _bytes(fig, fmt)


_STYLE_ATTR = re.compile(r'style="([^"]*)"')
_ID = re.compile(r'(id="|href="#|url\(#)([^")]+)')


def inline_svg(svg: bytes, prefix: str, title: str) -> str:
    """Matplotlib's SVG made fit to sit in the page: no XML prolog or metadata; style
    attributes turned into presentation attributes (the page's Content-Security-Policy
    refuses inline styles, and would leave the chart black); ids prefixed so several
    charts on one page do not share them; scaled to the column; named for screen readers."""
    text = svg.decode("utf-8")
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    text = re.sub(r"<style[^>]*>.*?</style>", "", text, flags=re.S)
    text = _STYLE_ATTR.sub(lambda m: _attributes(m.group(1)), text)
    text = _ID.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", text)
    text = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r"<svg \1", text, count=1)
    title_id = f"{prefix}-title"
    return text.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{title_id}" width="100%" focusable="false" '
        'stroke-linejoin="round" stroke-linecap="butt" ',
        1,
    ).replace(">", f'><title id="{title_id}">{_escape(title)}</title>', 1)


def _attributes(style: str) -> str:
    pairs = [p.split(":", 1) for p in style.split(";") if ":" in p]
    return " ".join(f'{k.strip()}="{v.strip()}"' for k, v in pairs)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
