"""Requests and ST-Max episodes completed in the year, whether the person was a new client,
and the sequel (what followed): the cohort of STS001, STS002a/b and ASCOF 2A.

Rules (NHS England STS001/STS002a/b notes; DHSC ASCOF 2A script, Create_ASCOF_2A_2425_Onwards):
- Requests: service users' requests ending in the year (CLD in-period rule).
- ST-Max episodes: a person's ST-Max services starting within 7 days of the end of the one
  before (or overlapping) form one episode (DHSC 2A "cluster", 7 days); the episode ends at
  its latest end, its outcome is that of the last-ending service (then the outcome
  hierarchy). Completed in the year: the episode ends in it; open episodes are not counted.
- New client: no long-term service (any setting) open on the day the request or episode
  started, i.e. started before it and not ended before it (NHS England STS001: "did not have
  an open/ongoing Long Term Service in place"; STS002b: existing clients "had an open/ongoing
  Long Term Service in place" at the ST-Max start).
- Age: at the end of the request or episode (DHSC 2A: age at the cluster end); under 18s out.
- Sequel, first that applies (DHSC 2A steps 1-4, its 7-day sequel window):
  1. died before, or within 7 days of, the end: no services, deceased;
  2. outcome "Admitted to hospital": admitted to hospital;
  3. a service starting between the start and 7 days after the end of the "chain" (the
     request or episode and any assessments/reviews starting by 7 days after its end) and
     still going after the request or episode ended: the highest by Nursing > Residential >
     Community > Prison > ST-Max > Ongoing low level > Other short term (an ST-Max episode's
     own ST-Max services are never its sequel);
  4. the outcome of the last-ending event of the chain that has a final outcome (NFA: ..., or
     "Progress to reablement/ST-Max" for a request) mapped as ``codes.outcome_sequel``;
  5. otherwise unclassified (e.g. "Progress to support planning" with no service recorded).
"""

from __future__ import annotations

from .spells import chained

_ST_MAX = (
    "CREATE OR REPLACE TEMP TABLE m_st_max AS WITH c AS ("
    + chained("service_type = 'sts_st_max'", carry="event_outcome")
    + """)
SELECT council, person_key, min(event_start) AS ep_start, max(e) AS ep_end,
    arg_max(event_outcome, {'e': e, 'r': -outcome_rank(event_outcome)}) AS ep_outcome
FROM c GROUP BY council, person_key, spell
HAVING max(e) BETWEEN period_start() AND period_end()
"""
)

_EPISODES = """
CREATE OR REPLACE TEMP TABLE m_episodes AS
WITH eps AS (
    SELECT 'request' AS kind, council, person_key, event_start AS ep_start,
        derived_end AS ep_end, event_outcome AS ep_outcome, route_of_access
    FROM m_events
    WHERE client_type = 'service_user' AND event_type = 'request'
        AND event_start <= period_end() AND derived_end BETWEEN period_start() AND period_end()
    UNION ALL
    SELECT 'st_max', council, person_key, ep_start, ep_end, ep_outcome, NULL FROM m_st_max
), existing AS (
    SELECT DISTINCT eps.kind, eps.council, eps.person_key, eps.ep_start
    FROM eps JOIN m_events s USING (council, person_key)
    WHERE s.client_type = 'service_user' AND s.event_type = 'service'
        AND is_long_term(s.service_type) AND s.event_start < eps.ep_start
        AND (s.derived_end IS NULL OR s.derived_end >= eps.ep_start)
)
SELECT row_number() OVER () AS ep_id, eps.*, x.council IS NULL AS new_client,
    age_band(p.date_of_birth, eps.ep_end) AS age_band, p.date_of_death
FROM eps JOIN m_people p USING (council, person_key)
LEFT JOIN existing x USING (kind, council, person_key, ep_start)
WHERE age_band(p.date_of_birth, eps.ep_end) <> 'under_18'
"""

_SEQUELS = """
CREATE OR REPLACE TEMP TABLE m_sequels AS
WITH su AS (
    SELECT * FROM m_events WHERE client_type = 'service_user'
), chain AS (
    SELECT ep.ep_id, a.derived_end AS e, a.event_outcome AS o
    FROM m_episodes ep JOIN su a USING (council, person_key)
    WHERE a.event_type IN ('assessment', 'review') AND a.derived_end IS NOT NULL
        AND a.event_start BETWEEN ep.ep_start AND ep.ep_end + 7
    UNION ALL
    SELECT ep_id, ep_end, ep_outcome FROM m_episodes
), chain_end AS (
    SELECT ep_id, max(e) AS chain_end,
        arg_max(outcome_sequel(o), {'e': e, 'r': -outcome_rank(o)})
            FILTER (WHERE outcome_sequel(o) IS NOT NULL) AS final_outcome
    FROM chain GROUP BY ep_id
), services AS (
    SELECT ep.ep_id, min(service_sequel_rank(s.service_type)) AS r
    FROM m_episodes ep JOIN chain_end USING (ep_id) JOIN su s USING (council, person_key)
    WHERE s.event_type = 'service' AND service_sequel_rank(s.service_type) IS NOT NULL
        AND NOT (ep.kind = 'st_max' AND s.service_type = 'sts_st_max')
        AND s.event_start BETWEEN ep.ep_start AND chain_end.chain_end + 7
        AND (s.derived_end IS NULL OR s.derived_end > ep.ep_end)
    GROUP BY ep.ep_id
)
SELECT ep.*, CASE
    WHEN ep.date_of_death <= ep.ep_end + 7 THEN 'no_services_deceased'
    WHEN ep.ep_outcome = 'admitted_hospital' THEN 'admitted_hospital'
    WHEN sv.r IS NOT NULL THEN service_sequel(['lts_nursing', 'lts_residential',
        'lts_community', 'lts_prison', 'sts_st_max', 'sts_low_level', 'sts_other'][sv.r])
    WHEN ce.final_outcome IS NOT NULL THEN ce.final_outcome
    ELSE 'unclassified' END AS sequel
FROM m_episodes ep JOIN chain_end ce USING (ep_id) LEFT JOIN services sv USING (ep_id)
"""


def build(con) -> None:
    """``m_sequels``: one row per request / ST-Max episode completed in the year."""
    for sql in (_ST_MAX, _EPISODES, _SEQUELS):
        con.execute(sql)
