"""A person's services chained into spells: a service starting within 7 days of the end of
those before it continues the spell, so a change of package is no break (DHSC's ASCOF 2A
script joins ST-Max services into episodes this way; NHS England's LTS001c asks for
"continuous activity"). Open services run to 9999-12-31.

Used for ST-Max episodes, long-term support spells for LTS001c, and the operational
measures' spells, so all three chain alike.
"""

from __future__ import annotations

OPEN_END = "DATE '9999-12-31'"
GAP_DAYS = 7


def chained(services: str, carry: str = "") -> str:
    """SQL (a query to use as a CTE) of the service users' services matching ``services``
    (an SQL condition on ``m_events``), each with its ``spell`` number within the person and
    ``e``, its end (open: 9999-12-31); ``carry`` names more columns to keep
    ("event_outcome, ...")."""
    more = f"{carry}, " if carry else ""
    return f"""
    SELECT *, sum(CASE WHEN event_start <= previous_end + {GAP_DAYS} THEN 0 ELSE 1 END) OVER (
        PARTITION BY council, person_key ORDER BY event_start, e ROWS UNBOUNDED PRECEDING
    ) AS spell
    FROM (
        SELECT council, person_key, event_start, {more}coalesce(derived_end, {OPEN_END}) AS e,
            max(coalesce(derived_end, {OPEN_END})) OVER (
                PARTITION BY council, person_key ORDER BY event_start, e
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_end
        FROM m_events
        WHERE client_type = 'service_user' AND event_type = 'service' AND ({services})
    )
    """
