"""A metric's figures table as a CSV or an Excel (XLSX) file, for a manager to take into
their own reports. Numbers stay numbers (not '73.5%') so a spreadsheet can add them up."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from .metrics import BREAKDOWNS, TOTAL, Figure, Metric, Window

HEAD = ["Metric", "Period start", "Period end", "Breakdown", "Group", "Value", "Unit",
        "Numerator", "Denominator", "Note"]  # fmt: skip
TREND_HEAD = ["Period", "Period start", "Period end", "Value", "Numerator", "Denominator", "Note"]
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _rows(metric: Metric, window: Window, breakdown: str | None, figures: list[Figure]):
    by = BREAKDOWNS.get(breakdown or "", "None")
    for f in figures:
        group = "All people" if f.group == TOTAL else f.group
        yield [metric.title, window.start, window.end, by, group, f.value, metric.unit,
               f.numerator, f.denominator, f.note]  # fmt: skip


def figures_csv(metric, window, breakdown, figures) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEAD)
    for row in _rows(metric, window, breakdown, figures):
        writer.writerow(["" if v is None else v.isoformat() if hasattr(v, "isoformat") else v
                         for v in row])  # fmt: skip
    # A byte-order mark, so that Excel opens the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def figures_xlsx(metric, window, breakdown, figures, trend=None) -> bytes:
    """Sheet 'Figures' (the table on the page) and, given (label, window, figure) rows,
    sheet 'Trend'. Dates are real dates, blank cells where there is no figure."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Figures"
    sheet.append(HEAD)
    for row in _rows(metric, window, breakdown, figures):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for col in "BC":
        for cell in sheet[col][1:]:
            cell.number_format = "yyyy-mm-dd"
    if trend:
        ts = book.create_sheet("Trend")
        ts.append(TREND_HEAD)
        for label, w, f in trend:
            ts.append([label, w.start, w.end, f.value, f.numerator, f.denominator, f.note])
        for cell in ts[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(metric: Metric, window: Window, breakdown: str | None, ext: str) -> str:
    by = f"_by_{breakdown}" if breakdown else ""
    return f"{metric.code}_{window.start}_{window.end}{by}.{ext}"
