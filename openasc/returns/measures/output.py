"""Turn per-person (or per-request, per-episode) tables into result rows.

Every council in ``cld_events`` gets a total row for every table and a row for every
measure, so a council with nothing in the period reads as zeros with a note, not a gap.
"""

from __future__ import annotations

M_COUNCILS = "CREATE OR REPLACE TEMP TABLE m_councils AS SELECT DISTINCT council FROM cld_events"


def _dicts(cur) -> list[dict]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def tabulate(con, source: str, table: str, keys: list[str], empty_note: str) -> list[dict]:
    """Count rows of temp table ``source`` by council and ``keys``, plus a total per council
    (keys = 'total', with ``empty_note`` when it is zero). Blank keys read 'unknown'."""
    picked = ", ".join(f"coalesce(CAST({k} AS VARCHAR), 'unknown') AS {k}" for k in keys)
    totals = ", ".join(f"'total' AS {k}" for k in keys)
    sql = f"""
        SELECT council, '{table}' AS "table", {picked}, count(*) AS count,
            NULL::VARCHAR AS note, 0 AS is_total
        FROM {source} GROUP BY ALL
        UNION ALL
        SELECT c.council, '{table}', {totals}, count(s.council),
            CASE WHEN count(s.council) = 0 THEN '{empty_note}' END, 1
        FROM m_councils c LEFT JOIN {source} s USING (council) GROUP BY c.council
        ORDER BY council, is_total, {", ".join(keys)}
    """  # noqa: S608 - names and keys are this package's constants
    rows = _dicts(con.execute(sql))
    for row in rows:
        del row["is_total"]
    return rows


BANDS = ("total", "18-64", "65+")


def rates(
    con, source: str, measure: str, parts: dict[str, str], scale: int = 100, bands=BANDS
) -> list[dict]:
    """ASCOF rows from temp table ``source`` (council, part, breakdown, numerator,
    denominator): every council x part x breakdown present, value = numerator / denominator
    x ``scale`` (1 decimal place), NULL with a note when the denominator is zero or unknown.
    ``parts`` maps each part to the note for an empty denominator; ``bands`` are the
    breakdowns every council gets ('total' = all ages, unknown included)."""
    wanted = ", ".join(f"('{part}', '{note}')" for part, note in parts.items())
    band_list = ", ".join(f"('{band}')" for band in bands)
    sql = f"""
        WITH p(part, empty_note) AS (VALUES {wanted}),
        b AS (SELECT part, breakdown FROM p, (VALUES {band_list}) v(breakdown))
        SELECT c.council, '{measure}' AS measure, b.part, b.breakdown,
            coalesce(s.numerator, 0) AS numerator,
            CASE WHEN s.council IS NOT NULL THEN s.denominator ELSE 0 END AS denominator,
            CASE WHEN s.denominator > 0
                 THEN round(s.numerator * {scale} / s.denominator, 1) END AS value,
            CASE WHEN s.council IS NOT NULL AND s.denominator IS NULL
                 THEN 'no population estimate for this council and year'
                 WHEN coalesce(s.denominator, 0) = 0 THEN p.empty_note END AS note
        FROM m_councils c CROSS JOIN b JOIN p USING (part)
        LEFT JOIN {source} s ON s.council = c.council AND s.part = b.part
            AND s.breakdown = b.breakdown
        ORDER BY c.council, b.part, b.breakdown <> 'total', b.breakdown
    """  # noqa: S608
    return _dicts(con.execute(sql))
