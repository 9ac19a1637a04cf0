"""Charts of planning results for reports and pages: PNG or SVG, by the file's suffix.

Matplotlib's object interface on the Agg canvas: no pyplot, so no display, no global figure
state, and safe in a web worker. The same inputs give the same bytes (a fixed SVG hash salt
and no date in the file), so charts can be compared and cached.

Colours are GOV.UK's, chosen to stay apart for the common kinds of colour blindness (no
red beside green), and every series also differs by marker or line style.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import Formatter, FuncFormatter, MaxNLocator

from .engine.model import RunSummary, YearlyResults
from .engine.outcomes import percentile_bands
from .engine.sensitivity import TornadoBar
from .engine.states import (
    COMMUNITY_COMMISSIONED,
    COMMUNITY_DIRECT_PAYMENT,
    COMMUNITY_MANAGED_BUDGET,
    NURSING_CARE,
    RESIDENTIAL_CARE,
    SHORT_TERM_SUPPORT,
)

BLUE = "#1d70b8"
RED = "#d4351c"
GREEN = "#00703c"
ORANGE = "#f47738"
GREY = "#505a5f"
PINK = "#d53880"
PURPLE = "#4c2c92"
TURQUOISE = "#28a197"

#: State, words, colour and marker for the people chart.
SUPPORT_STATES = (
    (SHORT_TERM_SUPPORT, "Short-term support", ORANGE, "o"),
    (COMMUNITY_DIRECT_PAYMENT, "Community support: direct payment", BLUE, "s"),
    (COMMUNITY_MANAGED_BUDGET, "Community support: managed budget", PURPLE, "v"),
    (COMMUNITY_COMMISSIONED, "Community support: commissioned", TURQUOISE, "P"),
    (RESIDENTIAL_CARE, "Residential care", GREEN, "^"),
    (NURSING_CARE, "Nursing care", PINK, "D"),
)

FORMATS = {".png": "png", ".svg": "svg"}

STYLE = {
    "svg.hashsalt": "openasc",  # fixed ids in the SVG, so identical bytes each time
    "font.family": "DejaVu Sans",  # ships with Matplotlib: the same glyphs everywhere
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#b1b4b6",
    "grid.linewidth": 0.5,
    "legend.frameon": False,
}


def _format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise ValueError(f"{path}: charts are .png or .svg") from None


def _save(fig: Figure, path: Path, fmt: str) -> Path:
    FigureCanvasAgg(fig)
    # No date, and no software version in SVG, so files depend on the data only.
    metadata = {"Date": None} if fmt == "svg" else {}
    fig.savefig(path, format=fmt, dpi=150, metadata=metadata)
    return path


class MoneyFormatter(Formatter):
    """Tick labels in £bn, £m or £k (from the largest tick), with as many decimals as the
    spacing of the ticks needs (so £7.75bn is not shown as £7.8bn)."""

    scale, unit, decimals = 1.0, "", 0

    def set_locs(self, locs):
        super().set_locs(locs)
        largest = max((abs(v) for v in locs), default=0.0)
        self.scale, self.unit = next(
            ((s, u) for s, u in ((1e9, "bn"), (1e6, "m"), (1e3, "k")) if largest >= s),
            (1.0, ""),
        )
        step = float(np.min(np.diff(locs))) / self.scale if len(locs) > 1 else 1.0
        self.decimals = next(
            (d for d in range(4) if abs(step * 10**d - round(step * 10**d)) < 1e-6), 3
        )

    def __call__(self, x, pos=None):
        sign = "-" if x < 0 else ""
        return f"{sign}£{abs(x) / self.scale:,.{self.decimals}f}{self.unit}"


def _year_axis(ax, years: int, start_year: int | None) -> None:
    ticks = np.arange(1, years + 1)
    ax.set_xticks(ticks)
    if start_year is None:
        ax.set_xticklabels([f"Year {y}" for y in ticks])
    else:
        ax.set_xticklabels([str(start_year + y - 1) for y in ticks])
    ax.set_xlabel("Year of the projection" if start_year is None else "Year starting")


def _people_by_state(results: YearlyResults | RunSummary) -> np.ndarray:
    """(R, Y, S): a summary has summed over cohorts already (on the Dask worker)."""
    return results.people if isinstance(results, RunSummary) else results.people.sum(axis=2)


def people_by_state_chart(
    yearly_baseline: YearlyResults | RunSummary,
    yearly_scenario: YearlyResults | RunSummary | None,
    path: str | Path,
    start_year: int | None = None,
) -> Path:
    """Median people (over runs) in short-term and each long-term state at the end of each
    year, all cohorts together: baseline dashed, scenario solid."""
    path = Path(path)
    fmt = _format(path)
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(9, 5), layout="constrained")
        ax = fig.add_subplot()
        series = [("Baseline", yearly_baseline, "--", "none")]
        if yearly_scenario is not None:
            series.append(("Scenario", yearly_scenario, "-", None))
        years = yearly_baseline.people.shape[1]
        x = np.arange(1, years + 1)
        for _, yearly, style, face in series:
            people = np.median(_people_by_state(yearly), axis=0)  # (Y, S)
            for state, _words, colour, marker in SUPPORT_STATES:
                ax.plot(
                    x,
                    people[:, state],
                    linestyle=style,
                    color=colour,
                    marker=marker,
                    markerfacecolor=face,
                    linewidth=2,
                )
        handles = [
            Line2D([], [], color=c, marker=m, linewidth=2, label=w) for _, w, c, m in SUPPORT_STATES
        ]
        handles += [
            Line2D([], [], color=GREY, linestyle=style, linewidth=2, label=name)
            for name, _, style, _ in series
        ]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1))
        ax.set_title("People in short- and long-term support (median of runs)")
        ax.set_ylabel("People at the end of the year")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
        ax.set_ylim(bottom=0)
        _year_axis(ax, years, start_year)
        return _save(fig, path, fmt)


def cost_chart(
    yearly_baseline: YearlyResults | RunSummary,
    yearly_scenario: YearlyResults | RunSummary | None,
    path: str | Path,
    start_year: int | None = None,
) -> Path:
    """Total cost per year (£, all states, with the annual uplift): the median line and a
    shaded 5th-95th percentile band over runs; baseline grey dashed, scenario blue solid."""
    path = Path(path)
    fmt = _format(path)
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(9, 5), layout="constrained")
        ax = fig.add_subplot()
        series = [("Baseline", yearly_baseline, GREY, "--")]
        if yearly_scenario is not None:
            series.append(("Scenario", yearly_scenario, BLUE, "-"))
        years = yearly_baseline.cost.shape[1]
        x = np.arange(1, years + 1)
        handles = []
        for name, yearly, colour, style in series:
            bands = percentile_bands(yearly.total_cost)
            ax.fill_between(x, bands.low, bands.high, color=colour, alpha=0.18, linewidth=0)
            ax.plot(x, bands.median, color=colour, linestyle=style, linewidth=2, marker="o")
            handles.append(Line2D([], [], color=colour, linestyle=style, label=f"{name} median"))
            handles.append(Patch(color=colour, alpha=0.18, label=f"{name} 5% to 95%"))
        ax.legend(handles=handles, loc="upper left")
        ax.set_title("Total cost per year")
        ax.set_ylabel("Cost per year (cash, with price uplift)")
        ax.yaxis.set_major_formatter(MoneyFormatter())
        _year_axis(ax, years, start_year)
        return _save(fig, path, fmt)


def tornado_chart(
    bars: Sequence[TornadoBar],
    path: str | Path,
    metric_label: str = "Total cost over the projection",
    money: bool = True,
) -> Path:
    """Horizontal bars from the base value to the value at each factor's low (blue) and
    high (orange) setting, in the order given (``sensitivity.tornado``: largest swing on
    top). ``money``: label the axis in £."""
    path = Path(path)
    fmt = _format(path)
    with matplotlib.rc_context(STYLE | {"axes.grid.axis": "x"}):
        fig = Figure(figsize=(9, 1.4 + 0.45 * max(len(bars), 1)), layout="constrained")
        ax = fig.add_subplot()
        y = np.arange(len(bars))[::-1]  # the first bar at the top
        base = bars[0].base_value if bars else 0.0
        for pos, bar in zip(y, bars, strict=True):
            for value, colour in ((bar.low_value, BLUE), (bar.high_value, ORANGE)):
                ax.barh(pos, value - bar.base_value, left=bar.base_value, color=colour, height=0.6)
        ax.axvline(base, color=GREY, linewidth=1)
        ax.set_yticks(y, [textwrap.fill(b.label, 60) for b in bars])
        fig.legend(
            handles=[
                Patch(color=BLUE, label="Factor at its low setting"),
                Patch(color=ORANGE, label="Factor at its high setting"),
                Line2D([], [], color=GREY, label="Base"),
            ],
            loc="outside lower center",
            ncols=3,
        )
        ax.set_title("Which assumptions move the result most")
        ax.set_xlabel(metric_label)
        # Few round ticks: the labels are wide.
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
        if money:
            ax.xaxis.set_major_formatter(MoneyFormatter())
        return _save(fig, path, fmt)
