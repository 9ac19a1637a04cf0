"""Tables the operational measures read, built once per connection and data.

The events are deduplicated exactly as the SALT/ASCOF measures do (``measures.prepare``:
latest version of each event, identity by NHS number then local id, end dates cropped to
death), then:

- ``o_people``: the person's equity groups (sex, DHSC ethnic group, primary support reason,
  postcode district), each the latest *known* value, as ``m_people`` does for the others.
- ``o_to_assessment``: each request that progressed to assessment, with the first
  assessment (or review) that started on or after the request's start, if any.
- ``o_to_service``: each assessment or review that progressed to support planning or
  services, with the first service that started on or after its start, if any.
- ``o_lts_spells``: spells of long-term support (services chained with gaps of 7 days at
  most, so a change of package is no break: as ``measures.long_term`` for LTS001c).
- ``o_long_term``: long-term services with their setting, for support held on a day.
- ``o_reviews``: the day each review or reassessment of long-term support was completed.
- ``o_reablement``: ST-Max episodes (services within 7 days of each other, as DHSC's ASCOF
  2A "cluster"), and whether long-term support followed within 91 days.

Rebuilt only when ``cld_events`` changes (a fingerprint of its rows), so a page asking for
twenty figures from one snapshot connection deduplicates once.
"""

from __future__ import annotations

from .events_table import TABLE
from .measures import codes, period
from .measures.prepare import prepare
from .measures.spells import chained
from .operational_groups import ETHNIC_GROUP_SQL, PSR_GROUP_SQL

# Numbers and dates only: hashing a million rows' text costs a quarter of a second on
# every figure; these sums change whenever a row is added, removed or re-dated.
_FINGERPRINT = f"""
SELECT count(*), sum(source_row), sum(version_rank),
    sum(date_diff('day', DATE '2000-01-01', event_start)),
    sum(date_diff('day', DATE '2000-01-01', event_end))
FROM {TABLE}
"""  # noqa: S608 - the table name is a module constant

# Latest known value, as m_people: 'unknown' and blanks do not hide an earlier known value;
# for ethnicity, "refused" and "not known" do not hide a stated one either.
_PEOPLE = f"""
CREATE OR REPLACE TEMP TABLE o_people AS
WITH known AS (
    SELECT council, person_key, {{'v': version_rank, 's': event_start, 'r': source_row}} AS k,
        nullif(gender, 'unknown') AS sex, ethnicity, locality
    FROM {TABLE} WHERE person_key IS NOT NULL
), latest AS (
    SELECT council, person_key,
        arg_max(sex, k) FILTER (WHERE sex IS NOT NULL) AS sex,
        coalesce(
            arg_max(ethnicity, k) FILTER (WHERE ethnicity NOT IN ('refused', 'undeclared')),
            arg_max(ethnicity, k) FILTER (WHERE ethnicity IS NOT NULL)) AS ethnicity,
        arg_max(locality, k) FILTER (WHERE locality IS NOT NULL) AS locality
    FROM known GROUP BY ALL
)
SELECT p.council, p.person_key, p.date_of_birth, p.date_of_death,
    coalesce(l.sex, 'unknown') AS sex,
    {ETHNIC_GROUP_SQL.format(col="l.ethnicity")} AS ethnicity,
    {PSR_GROUP_SQL.format(col="p.primary_support_reason")} AS primary_support_reason,
    coalesce(l.locality, 'unknown') AS locality
FROM m_people p LEFT JOIN latest l USING (council, person_key)
"""  # noqa: S608

# A financial assessment is the means test, not an assessment of needs: it ends no wait.
# ASOF: for each request, the nearest assessment starting on or after it.
_TO_ASSESSMENT = """
CREATE OR REPLACE TEMP TABLE o_to_assessment AS
WITH asked AS (
    SELECT council, person_key, event_start AS asked_on, derived_end AS decided_on
    FROM m_events
    WHERE event_type = 'request' AND event_outcome = 'progress_assessment'
        AND derived_end IS NOT NULL
), seen AS (
    SELECT council, person_key, event_start AS seen_on FROM m_events
    WHERE event_type = 'review'
        OR (event_type = 'assessment' AND coalesce(assessment_type, '') <> 'financial')
)
SELECT a.*, s.seen_on
FROM asked a ASOF LEFT JOIN seen s
    ON a.council = s.council AND a.person_key = s.person_key AND a.asked_on <= s.seen_on
"""

_TO_SERVICE = """
CREATE OR REPLACE TEMP TABLE o_to_service AS
WITH assessed AS (
    SELECT council, person_key, event_start AS assessed_on, derived_end AS decided_on
    FROM m_events
    WHERE event_type IN ('assessment', 'review') AND event_outcome = 'progress_services'
        AND derived_end IS NOT NULL
), served AS (
    SELECT council, person_key, event_start AS served_on FROM m_events
    WHERE event_type = 'service'
)
SELECT a.*, s.served_on
FROM assessed a ASOF LEFT JOIN served s
    ON a.council = s.council AND a.person_key = s.person_key AND a.assessed_on <= s.served_on
"""


def _chain(services: str) -> str:
    """Spells of the services matching ``services`` (``measures.spells``): start and end."""
    return f"""
    SELECT council, person_key, min(event_start) AS spell_start, max(e) AS spell_end
    FROM ({chained(services)}) GROUP BY council, person_key, spell
    """


_SPELLS = "CREATE OR REPLACE TEMP TABLE o_lts_spells AS " + _chain("is_long_term(service_type)")

# Long-term services with their setting (codes.setting_rank), for support held on a day.
_LONG_TERM = """
CREATE OR REPLACE TEMP TABLE o_long_term AS
SELECT council, person_key, event_start, derived_end,
    setting_rank(service_type, delivery_mechanism, service_component) AS setting
FROM m_events
WHERE client_type = 'service_user' AND event_type = 'service' AND is_long_term(service_type)
"""

_REVIEWS = """
CREATE OR REPLACE TEMP TABLE o_reviews AS
SELECT council, person_key, derived_end AS reviewed_on FROM m_events
WHERE derived_end IS NOT NULL AND client_type = 'service_user' AND (
    (event_type = 'review' AND coalesce(review_reason, '') <> 'short_term')
    OR (event_type = 'assessment' AND assessment_type = 'long_term_review'))
"""

# Needed long-term support: a long-term service running at any time in the 91 days after
# the episode (started by day 91, not ended by the episode's end): a new package, or one
# that was already in place and carried on.
_REABLEMENT = f"""
CREATE OR REPLACE TEMP TABLE o_reablement AS
WITH ep AS ({_chain("service_type = 'sts_st_max'")})
SELECT ep.council, ep.person_key, ep.spell_start AS ep_start, ep.spell_end AS ep_end,
    EXISTS (SELECT 1 FROM m_events s
        WHERE s.council = ep.council AND s.person_key = ep.person_key
            AND s.event_type = 'service' AND is_long_term(s.service_type)
            AND s.event_start <= ep.spell_end + 91
            AND (s.derived_end IS NULL OR s.derived_end > ep.spell_end)) AS needed_long_term
FROM ep WHERE ep.spell_end < DATE '9999-12-31'
"""

_LATEST = f"SELECT max(event_start) FROM {TABLE}"  # noqa: S608


def ready(con) -> None:
    """Build the tables above unless they are already built from the same events."""
    fingerprint = repr(con.execute(_FINGERPRINT).fetchone())
    built = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = 'o_state'"
    ).fetchone()[0]
    if built and con.execute("SELECT fingerprint FROM o_state").fetchone()[0] == fingerprint:
        return
    # period.install is for its age macros; the year's period macros it also sets are not
    # used here (the measures package re-installs them whenever it runs).
    period.install(con, period.Period(2000))
    codes.install(con)
    prepare(con)
    for sql in (_PEOPLE, _TO_ASSESSMENT, _TO_SERVICE, _SPELLS, _LONG_TERM, _REVIEWS, _REABLEMENT):
        con.execute(sql)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE o_state AS SELECT ? AS fingerprint, ({_LATEST}) AS latest",
        [fingerprint],
    )


def latest_day(con):
    """The latest event start in the data: how far the record reaches."""
    return con.execute("SELECT latest FROM o_state").fetchone()[0]
