"""LTS003: carers supported in the year, by the support provided; and the carer cohort of
ASCOF 3D parts 1b/2b.

Follows the DHSC ASCOF 3D carer script (Create_ASCOF_3D_2425_Onwards): carers (client type
Carer or Carer known by association) with, in the year (CLD in-period rule: services active
in it, other events ending in it):
- a "Direct to carer" service: by delivery mechanism (Direct Payment also when the service
  component is Direct Payment), or "mechanism not recorded";
- a service "involving the person cared-for": no direct support to the carer;
- an assessment or review: information and advice when its outcome is NFA: Information and
  advice or signposting, else no direct support;
- a request with that outcome: information and advice (other requests are not counted).
Each carer is counted once, in the highest support (``codes.carer_rank``). Part direct
payment (SALT LTS003 column): a direct payment and a managed budget or commissioned
direct-to-carer service in the same year. Age at the snapshot (or death); under 18s out.
"""

from __future__ import annotations

from .output import tabulate

_CARERS = """
CREATE OR REPLACE TEMP TABLE t_lts003 AS
WITH ev AS (
    SELECT council, person_key, carer_support(event_type, service_type,
        delivery_mechanism, service_component, event_outcome) AS support
    FROM m_events
    WHERE client_type IN ('carer', 'carer_by_association') AND event_start <= period_end()
        AND CASE WHEN event_type = 'service'
            THEN derived_end IS NULL OR derived_end >= period_start()
            ELSE derived_end BETWEEN period_start() AND period_end() END
), carers AS (
    SELECT council, person_key, CASE
        WHEN bool_or(support = 'direct_payment')
            AND bool_or(support IN ('managed_budget', 'commissioned_support'))
        THEN 'part_direct_payment'
        ELSE arg_min(support, carer_rank(support)) END AS support_provided
    FROM ev WHERE support IS NOT NULL GROUP BY ALL
)
SELECT c.*, age_band(p.date_of_birth, least(snapshot(),
    coalesce(p.date_of_death, snapshot()))) AS age_band
FROM carers c JOIN m_people p USING (council, person_key)
WHERE age_band(p.date_of_birth, least(snapshot(),
    coalesce(p.date_of_death, snapshot()))) <> 'under_18'
"""


def build(con) -> None:
    con.execute(_CARERS)


def lts003(con) -> list[dict]:
    keys = ["support_provided", "age_band"]
    return tabulate(con, "t_lts003", "LTS003", keys, "no carers supported in the period")
