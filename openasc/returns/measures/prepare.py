"""Clean and deduplicate ``cld_events`` into the tables every measure reads.

``m_people`` (one row per council and person): date of birth, date of death, primary
support reason, accommodation and employment status, each the latest *known* value
(latest submitted version, then latest event): NHS England bring a known value forward
over a duplicate with an unknown one (LTS001a/b, LTS004, ASCOF 2E notes).

``m_events`` (one row per DHSC unique event, the whole history: earlier years are needed to
tell new clients and new admissions): DHSC_5-data-cleaning.md and DHSC_6-deduplication.md.
- Rows without a person (no NHS number and no local id: ``person_key`` NULL) are dropped
  and counted ("removed from the headcount", NHS England notes); so are rows without a start
  date or ending before they start (DHSC ASCOF 2A script: "removes DQ issues").
- ``derived_end``: the end date, or the date of death when that is earlier (or the event is
  open) and not before the start.
- A unique event is (council, person, event type, start, client type) plus the derived end
  (not for services), route of access (requests), assessment type (assessments), service
  type and component (services): the DHSC "joined submissions" identifying fields. A
  council whose rows are all one version (one submission, or the council's own record) is
  deduplicated as DHSC's "single submissions": services also by delivery mechanism, unit
  cost, cost frequency and planned units, so two packages starting the same day stay two.
- The record kept: latest version (``version_rank``), then open end first then latest end,
  then the outcome hierarchy, then the latest row (DHSC step 3). So an event submitted open
  and later closed counts as closed.
"""

from __future__ import annotations

from ..events_table import TABLE

_PEOPLE = f"""
CREATE OR REPLACE TEMP TABLE m_people AS
WITH known AS (
    -- latest version, then latest event, then latest row, as one number (fast to compare)
    SELECT council, person_key, CAST(version_rank AS HUGEINT) * 10::HUGEINT ** 25
        + coalesce(date_diff('day', DATE '1800-01-01', event_start), 0)
            * 10::HUGEINT ** 19 + coalesce(source_row, 0) AS k,
        date_of_birth, date_of_death,
        nullif(primary_support_reason, 'unknown') AS psr,
        nullif(accommodation_status, 'unknown') AS accommodation,
        nullif(employment_status, 'unknown') AS employment,
        primary_support_reason IS NOT NULL AS psr_said,
        accommodation_status IS NOT NULL AS accommodation_said,
        employment_status IS NOT NULL AS employment_said
    FROM {TABLE} WHERE person_key IS NOT NULL
)
SELECT council, person_key,
    arg_max(date_of_birth, k) FILTER (WHERE date_of_birth IS NOT NULL) AS date_of_birth,
    arg_max(date_of_death, k) FILTER (WHERE date_of_death IS NOT NULL) AS date_of_death,
    coalesce(arg_max(psr, k) FILTER (WHERE psr IS NOT NULL),
             CASE WHEN bool_or(psr_said) THEN 'unknown' END) AS primary_support_reason,
    coalesce(arg_max(accommodation, k) FILTER (WHERE accommodation IS NOT NULL),
             CASE WHEN bool_or(accommodation_said) THEN 'unknown' END) AS accommodation_status,
    coalesce(arg_max(employment, k) FILTER (WHERE employment IS NOT NULL),
             CASE WHEN bool_or(employment_said) THEN 'unknown' END) AS employment_status
FROM known GROUP BY ALL
"""  # noqa: S608 - the table name is a module constant

_EVENTS = f"""
CREATE OR REPLACE TEMP TABLE m_events AS
WITH joined AS (
    SELECT council, count(DISTINCT version_rank) > 1 AS joined FROM {TABLE} GROUP BY council
), cleaned AS (
    SELECT e.*, e.rowid AS row_id, j.joined, CASE
        WHEN p.date_of_death >= e.event_start
             AND (e.event_end IS NULL OR p.date_of_death < e.event_end) THEN p.date_of_death
        ELSE e.event_end END AS derived_end
    FROM {TABLE} e JOIN m_people p USING (council, person_key) JOIN joined j USING (council)
    WHERE e.event_start IS NOT NULL AND (e.event_end IS NULL OR e.event_end >= e.event_start)
)
-- One aggregate (which spills to disk) rather than a window over 10M rows: per unique
-- event, the row first in the DHSC order (arg_max of the sort key).
, picked AS (
    SELECT council, person_key, event_type, event_start, client_type,
        -- the DHSC order as one number: version, open end first, latest end, outcome
        -- hierarchy, latest row
        arg_max(row_id, CAST(version_rank AS HUGEINT) * 10::HUGEINT ** 32
            + CAST(derived_end IS NULL AS INTEGER) * 10::HUGEINT ** 31
            + date_diff('day', DATE '1800-01-01', coalesce(derived_end, DATE '9999-12-31'))
                * 10::HUGEINT ** 24
            + (100 - outcome_rank(event_outcome)) * 10::HUGEINT ** 21
            + coalesce(source_row, 0)) AS kept
    FROM cleaned
    GROUP BY council, person_key, event_type, event_start, client_type,
        CASE WHEN event_type <> 'service' THEN derived_end END,
        CASE WHEN event_type = 'request' THEN route_of_access END,
        CASE WHEN event_type = 'assessment' THEN assessment_type END,
        CASE WHEN event_type = 'service' THEN service_type END,
        CASE WHEN event_type = 'service' THEN service_component END,
        CASE WHEN event_type = 'service' AND NOT joined THEN delivery_mechanism END,
        CASE WHEN event_type = 'service' AND NOT joined THEN unit_cost END,
        CASE WHEN event_type = 'service' AND NOT joined THEN cost_frequency END,
        CASE WHEN event_type = 'service' AND NOT joined THEN planned_units_per_week END
)
SELECT c.council, c.person_key, c.client_type, c.event_type, c.event_start, c.derived_end,
    c.event_outcome, c.route_of_access, c.assessment_type, c.service_type,
    c.service_component, c.delivery_mechanism, c.review_reason
FROM picked JOIN cleaned c ON c.row_id = picked.kept
"""  # noqa: S608

_COUNTS = f"""
SELECT count(*) AS rows,
    count(*) FILTER (WHERE person_key IS NULL) AS no_identity,
    count(*) FILTER (WHERE person_key IS NOT NULL AND (event_start IS NULL
        OR event_end < event_start)) AS bad_dates,
    (SELECT count(*) FROM m_events) AS unique_events
FROM {TABLE}
"""  # noqa: S608


def prepare(con) -> dict[str, int]:
    """Build ``m_people`` and ``m_events``; return row counts (kept and dropped)."""
    con.execute(_PEOPLE)
    con.execute(_EVENTS)
    cur = con.execute(_COUNTS)
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchone(), strict=True))
