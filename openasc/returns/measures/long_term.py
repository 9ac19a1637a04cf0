"""SALT-equivalent long-term support tables: LTS001a, LTS001b, LTS001c, LTS004.

One row per client: a client with several long-term services is counted once, in the
highest setting (``codes.setting_rank``: Nursing > Residential > Community: Direct Payment >
Managed PB > Commissioned > mechanism not recorded > Prison). Service users only.
- LTS001a: services active in the year (started by its end, not ended before its start:
  CLD/DHSC in-period rule for services).
- LTS001b: services open on the snapshot day (started by it, ended on or after it or open;
  DHSC ASCOF 3D script); the end is cropped to the date of death, so the dead drop out.
- Age: at the snapshot, or at death if earlier; so people turning 65 during the year are
  counted as 65+. Under 18s out; no date of birth: 'unknown'.
- Primary support reason, accommodation, employment: the person's latest known values.
"""

from __future__ import annotations

from .output import tabulate
from .spells import chained

_CLIENTS = """
CREATE OR REPLACE TEMP TABLE {name} AS
SELECT s.council, s.person_key,
    setting_name(min(setting_rank(s.service_type, s.delivery_mechanism,
        s.service_component))) AS setting,
    bool_or(s.service_type = 'lts_community'
        AND is_direct_payment(s.delivery_mechanism, s.service_component))
    AND bool_or(s.service_type = 'lts_community'
        AND s.delivery_mechanism IN ('managed_pb', 'commissioned')
        AND NOT is_direct_payment(s.delivery_mechanism, s.service_component))
        AS part_direct_payment,
    any_value(p.primary_support_reason) AS primary_support_reason,
    any_value(p.accommodation_status) AS accommodation_status,
    any_value(p.employment_status) AS employment_status,
    any_value(age_band(p.date_of_birth, least(snapshot(),
        coalesce(p.date_of_death, snapshot())))) AS age_band
FROM m_events s JOIN m_people p USING (council, person_key)
WHERE s.client_type = 'service_user' AND s.event_type = 'service'
    AND is_long_term(s.service_type) AND s.event_start <= {last}
    AND (s.derived_end IS NULL OR s.derived_end >= {first})
GROUP BY s.council, s.person_key
HAVING any_value(age_band(p.date_of_birth, least(snapshot(),
    coalesce(p.date_of_death, snapshot())))) <> 'under_18'
"""

# LTS001c: in long-term support continuously since the start of the year (so 12 months or
# more at the snapshot; NHS England's LTS001c proxy is "events beginning on or before 1st
# April"). Continuous: a person's long-term services chained with gaps of at most 7 days,
# so a change of package is no break (NHS England: "considering continuous activity, not
# just services with a start date over 12 months ago").
# Reviewed: the person's latest review ending in the year decides planned / unplanned
# (any unplanned reason) / reason not recorded; reviews of short-term support do not count.
_LTS001C = (
    "CREATE OR REPLACE TEMP TABLE t_lts001c AS WITH c AS ("
    + chained("is_long_term(service_type) AND event_start <= snapshot()")
    + """), spells AS (
    SELECT council, person_key FROM c GROUP BY council, person_key, spell
    HAVING min(event_start) <= period_start() AND max(e) >= snapshot()
), reviews AS (
    SELECT council, person_key, arg_max(CASE
            WHEN review_reason = 'planned' THEN 'planned'
            WHEN review_reason IS NULL THEN 'reason_unknown' ELSE 'unplanned' END,
        {'e': derived_end, 'planned': review_reason = 'planned'}) AS review
    FROM m_events
    WHERE client_type = 'service_user' AND event_type = 'review'
        AND coalesce(review_reason, '') <> 'short_term'
        AND event_start <= period_end() AND derived_end BETWEEN period_start() AND period_end()
    GROUP BY ALL
)
SELECT b.council, b.person_key, b.setting, b.age_band,
    coalesce(r.review, 'not_reviewed') AS review
FROM t_lts001b b JOIN spells USING (council, person_key)
LEFT JOIN reviews r USING (council, person_key)
"""
)

# LTS004: working-age (18-64) clients with a learning disability primary support reason in
# long-term support at the snapshot, by accommodation and employment status.
_LTS004 = """
CREATE OR REPLACE TEMP VIEW t_lts004 AS
SELECT council, accommodation_group(accommodation_status) AS accommodation,
    accommodation_status, employment_status
FROM t_lts001b
WHERE primary_support_reason = 'learning_disability' AND age_band = '18-64'
"""


def build(con) -> None:
    """``t_lts001a`` (in the year) and ``t_lts001b`` (at the snapshot): one row per client."""
    year = _CLIENTS.format(name="t_lts001a", first="period_start()", last="period_end()")
    snap = _CLIENTS.format(name="t_lts001b", first="snapshot()", last="snapshot()")
    con.execute(year)
    con.execute(snap)
    con.execute(_LTS001C)
    con.execute(_LTS004)


def lts001a(con) -> list[dict]:
    keys = ["setting", "primary_support_reason", "age_band"]
    return tabulate(
        con, "t_lts001a", "LTS001a", keys, "no clients in long-term support in the period"
    )


def lts001b(con) -> list[dict]:
    keys = ["setting", "primary_support_reason", "age_band"]
    return tabulate(
        con, "t_lts001b", "LTS001b", keys, "no clients in long-term support at the snapshot"
    )


def lts001c(con) -> list[dict]:
    keys = ["review", "setting", "age_band"]
    unit = "no clients in long-term support for 12 months or more at the snapshot"
    return tabulate(con, "t_lts001c", "LTS001c", keys, unit)


def lts004(con) -> list[dict]:
    keys = ["accommodation", "accommodation_status", "employment_status"]
    unit = "no clients aged 18-64 with a learning disability in long-term support at the snapshot"
    return tabulate(con, "t_lts004", "LTS004", keys, unit)
