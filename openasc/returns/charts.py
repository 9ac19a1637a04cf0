"""Charts for the performance pages: a trend over periods and a bar per group of a
breakdown, as SVG text (pages show them as images; the figures are always in a table too).

Matplotlib's object interface on the Agg canvas, as in ``planning.charts``: no pyplot, no
global state, safe in a web worker, GOV.UK colours and the same bytes for the same figures.
A missing figure (None) leaves a gap rather than drawing a zero that was never measured.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

BLUE = "#1d70b8"
DARK_BLUE = "#003078"
GREY = "#505a5f"

STYLE = {
    "svg.hashsalt": "openasc",
    "svg.fonttype": "none",  # text as text: a quarter of the size, and it can be read out
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#b1b4b6",
    "grid.linewidth": 0.5,
}


def _svg(fig: Figure) -> str:
    FigureCanvasAgg(fig)
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def data_uri(svg: str) -> str:
    """For an <img src>: the site's content security policy allows data: images only."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def trend(labels: Sequence[str], values: Sequence[float | None], unit: str,
          small: bool = False) -> str:  # fmt: skip
    """A line over the periods, the latest point marked in dark blue."""
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(3.2, 1.4) if small else (7.5, 2.8))
        ax = fig.add_subplot()
        xs = list(range(len(values)))
        ys = [float("nan") if v is None else v for v in values]
        ax.plot(xs, ys, color=BLUE, marker="o", markersize=3 if small else 4, linewidth=1.5)
        if values and values[-1] is not None:
            ax.plot([xs[-1]], [ys[-1]], color=DARK_BLUE, marker="o", markersize=6 if small else 8)
        ax.set_xticks(xs)
        if small:
            ax.set_xticklabels([lab if i in (0, len(xs) - 1) else "" for i, lab in
                                enumerate(labels)])  # fmt: skip
            ax.tick_params(length=2, labelsize=7)
        else:
            ax.set_xticklabels(labels, rotation=45, ha="right")
            ax.set_ylabel(unit)
        if all(v is None for v in values):
            ax.set_yticks([])
        elif min((v for v in values if v is not None), default=0) >= 0:
            ax.set_ylim(bottom=0)
        fig.tight_layout(pad=0.3 if small else 0.8)
        return _svg(fig)


def bars(groups: Sequence[str], values: Sequence[float | None], unit: str) -> str:
    """One horizontal bar per group, the total first and darker, with its value written."""
    with matplotlib.rc_context({**STYLE, "axes.grid.axis": "x"}):
        fig = Figure(figsize=(7.5, 0.45 * len(groups) + 0.8))
        ax = fig.add_subplot()
        ys = list(range(len(groups)))
        widths = [0 if v is None else v for v in values]
        colours = [DARK_BLUE if i == 0 else BLUE for i in ys]
        ax.barh(ys, widths, color=colours)
        for y, v in zip(ys, values, strict=True):
            text = "no figure" if v is None else f"{v:,.1f}".removesuffix(".0")
            ax.text(max(0, v or 0), y, f" {text}", va="center", color=GREY, fontsize=8)
        ax.set_yticks(ys)
        ax.set_yticklabels(groups)
        ax.invert_yaxis()
        ax.set_xlabel(unit)
        ax.set_xlim(left=0, right=max([*widths, 1]) * 1.15)
        fig.tight_layout(pad=0.8)
        return _svg(fig)
