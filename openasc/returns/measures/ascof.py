"""ASCOF 2A, 2B, 2C, 2E and 3D from the tables ``episodes``, ``long_term`` and ``carers``
build. Each row: council, measure, part, breakdown (total / 18-64 / 65+), numerator,
denominator, value (% or per 100,000), note when the denominator is zero.
"""

from __future__ import annotations

from .output import rates

_BY_AGE = """
    GROUP BY GROUPING SETS ((council), (council, age_band))
"""

# 2A (DHSC ASCOF 2A script): new clients' ST-Max episodes completed in the year, leaving
# out early cessation by death or hospital admission; numerator: no further request for
# ongoing support, i.e. the sequel was ongoing low level support or no services
# (universal services/signposting, declined, self-funded, other reason).
_2A = (
    """
CREATE OR REPLACE TEMP TABLE a_2a AS
SELECT council, 'all' AS part, coalesce(age_band, 'total') AS breakdown,
    count(*) FILTER (WHERE sequel IN ('low_level', 'universal_signposting',
        'no_services_declined', 'no_services_self_funded', 'no_services_other'))
        AS numerator,
    count(*) AS denominator
FROM m_sequels
WHERE kind = 'st_max' AND new_client
    AND sequel NOT IN ('no_services_deceased', 'admitted_hospital')
"""
    + _BY_AGE
)

# 2B (18-64) / 2C (65+): people whose first ever residential or nursing long-term service
# (in the history the table holds) started in the year, aged at admission; per 100,000 of
# the ONS mid-year population estimate for the year the reporting year starts in (mid-2025
# for 2025-26). Unknown age: in neither (NHS England 2B/2C notes).
_2BC = """
CREATE OR REPLACE TEMP TABLE a_2bc AS
WITH admitted AS (
    SELECT council, person_key, min(event_start) AS admitted
    FROM m_events
    WHERE client_type = 'service_user' AND event_type = 'service'
        AND service_type IN ('lts_residential', 'lts_nursing')
    GROUP BY ALL HAVING min(event_start) BETWEEN period_start() AND period_end()
), counted AS (
    SELECT a.council, age_band(p.date_of_birth, a.admitted) AS age_band, count(*) AS n
    FROM admitted a JOIN m_people p USING (council, person_key) GROUP BY ALL
), bands(part, age_band) AS (VALUES ('2B', '18-64'), ('2C', '65+'))
SELECT c.council, b.part, 'total' AS breakdown, coalesce(n.n, 0) AS numerator,
    pop.people AS denominator
FROM m_councils c CROSS JOIN bands b
LEFT JOIN counted n ON n.council = c.council AND n.age_band = b.age_band
LEFT JOIN m_population pop ON pop.council = c.council AND pop.age_band = b.age_band
"""

_POPULATION = """
CREATE OR REPLACE TEMP TABLE m_population AS
SELECT council, CASE WHEN age >= 65 THEN '65+' ELSE '18-64' END AS age_band,
    CAST(round(sum(people)) AS BIGINT) AS people
FROM population WHERE year = year(period_start()) AND age >= 18
GROUP BY ALL
"""

_NO_POPULATION = """
CREATE OR REPLACE TEMP TABLE m_population
    (council VARCHAR, age_band VARCHAR, people DOUBLE)
"""

# 2E: clients in long-term support at the snapshot whose accommodation status is in the
# settled group; unknown and blank accommodation count in the denominator only.
_2E = (
    """
CREATE OR REPLACE TEMP TABLE a_2e AS
SELECT council, 'all' AS part, coalesce(age_band, 'total') AS breakdown,
    count(*) FILTER (WHERE is_settled(accommodation_status)) AS numerator,
    count(*) AS denominator
FROM t_lts001b
"""
    + _BY_AGE
)

# 3D clients (parts 1a, 2a; DHSC ASCOF 3D script): clients 18+ whose highest setting at the
# snapshot is community. Self-directed: direct payment (including part direct payment,
# which ranks as direct payment) or CASSR managed personal budget; 2a: direct payment.
# 3D carers (1b, 2b): carers supported in the year by a direct-to-carer service with a
# known mechanism (direct payment, part direct payment, managed budget, commissioned).
_3D = """
CREATE OR REPLACE TEMP TABLE a_3d AS
WITH clients AS (SELECT * FROM t_lts001b WHERE setting LIKE 'community%'),
carers AS (
    SELECT * FROM t_lts003 WHERE support_provided IN
        ('direct_payment', 'part_direct_payment', 'managed_budget', 'commissioned_support')
)
SELECT council, '1a' AS part, coalesce(age_band, 'total') AS breakdown,
    count(*) FILTER (WHERE setting IN ('community_direct_payment',
        'community_managed_budget')) AS numerator, count(*) AS denominator
FROM clients GROUP BY GROUPING SETS ((council), (council, age_band))
UNION ALL
SELECT council, '2a', coalesce(age_band, 'total'),
    count(*) FILTER (WHERE setting = 'community_direct_payment'), count(*)
FROM clients GROUP BY GROUPING SETS ((council), (council, age_band))
UNION ALL
SELECT council, '1b', coalesce(age_band, 'total'),
    count(*) FILTER (WHERE support_provided <> 'commissioned_support'), count(*)
FROM carers GROUP BY GROUPING SETS ((council), (council, age_band))
UNION ALL
SELECT council, '2b', coalesce(age_band, 'total'),
    count(*) FILTER (WHERE support_provided IN ('direct_payment', 'part_direct_payment')),
    count(*)
FROM carers GROUP BY GROUPING SETS ((council), (council, age_band))
"""


def _has_population(con) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'population'"
    ).fetchone()
    return bool(found[0])


def ascof_2a(con) -> list[dict]:
    con.execute(_2A)
    note = "no completed ST-Max episodes of new clients in the period"
    return rates(con, "a_2a", "2A", {"all": note})


def ascof_2b_2c(con) -> list[dict]:
    con.execute(_POPULATION if _has_population(con) else _NO_POPULATION)
    con.execute(_2BC)
    note = "no population estimate for this council and year"
    rows = rates(con, "a_2bc", "2B/2C", {"2B": note, "2C": note}, 100_000, ("total",))
    for row in rows:
        row["measure"] = row.pop("part")
        row["part"] = "18-64" if row["measure"] == "2B" else "65+"
    return rows


def ascof_2e(con) -> list[dict]:
    con.execute(_2E)
    return rates(con, "a_2e", "2E", {"all": "no clients in long-term support at the snapshot"})


def ascof_3d(con) -> list[dict]:
    con.execute(_3D)
    client = "no clients 18+ in long-term community support at the snapshot"
    carer = "no carers supported by a direct-to-carer service in the period"
    parts = {"1a": client, "2a": client, "1b": carer, "2b": carer}
    return rates(con, "a_3d", "3D", parts)
