"""The measures as rows to print or save: a table for people, JSON or CSV for machines."""

from __future__ import annotations

import csv
import io
import json
from datetime import date


def measure_rows(result: dict, what: str) -> list[dict]:
    """Flat rows: ASCOF rows as they are; SALT rows with their table code first."""
    if what == "ascof":
        return list(result["ascof"])
    return [{"table": code, **row} for code, rows in result["salt"].items() for row in rows]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def render(rows: list[dict], fmt: str, what: str) -> str:
    if fmt == "json":
        return json.dumps(rows, indent=1, default=str) + "\n"
    columns = list(dict.fromkeys(k for row in rows for k in row))
    if fmt == "csv":
        out = io.StringIO()
        w = csv.DictWriter(out, columns)
        w.writeheader()
        w.writerows(rows)
        return out.getvalue()
    if not rows:
        return f"No {what} results.\n"
    widths = {c: max(len(c), *(len(_text(r.get(c))) for r in rows)) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns)]
    lines.append("  ".join("-" * widths[c] for c in columns))
    lines += ["  ".join(_text(r.get(c)).ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join(lines) + "\n"
