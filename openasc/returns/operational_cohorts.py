"""Who (or what) each operational measure counts in a window: one SQL per measure over the
tables of ``operational_prepare``, with ``$start`` and ``$end`` the window's first and last
days.

Every query gives one row per unit counted (a request, a person, a reablement episode, a
wait that ended) with the same columns, so ``operational_figures`` can total and break
down any of them the same way:

- ``council``, ``person_key``: whose it is;
- ``counted``: in the numerator (rates); true for counts and waits;
- ``days``: the wait in days (waiting times), else NULL;
- ``since``: the date the drill-down sorts by, oldest first (e.g. waiting since);
- ``pending``: too recent to judge yet, left out with a note (reablement's 91 days).
"""

from __future__ import annotations

# Requests completed in the window; resolved = any "no further action" outcome
# (information and advice, signposting, referral elsewhere, declined, ...), not a
# "progress to ..." one, continuation or hospital. A request that ended because the
# person died is neither.
FIRST_CONTACT = """
SELECT council, person_key, coalesce(starts_with(event_outcome, 'nfa_'), false) AS counted,
    NULL::DOUBLE AS days, derived_end AS since, false AS pending
FROM m_events
WHERE event_type = 'request' AND event_start <= $end AND derived_end BETWEEN $start AND $end
    AND coalesce(event_outcome, '') <> 'nfa_deceased'
"""

# One per person and day: a request submitted open and later closed is two DHSC events
# (the end date is part of a request's identity), but one request.
REQUESTS = """
SELECT council, person_key, true AS counted, NULL::DOUBLE AS days, event_start AS since,
    false AS pending
FROM m_events WHERE event_type = 'request' AND event_start BETWEEN $start AND $end
GROUP BY council, person_key, event_start
"""

# Waiting at the window's end: asked (or assessed) and decided by then, nothing started by
# then, alive then. One row per person, waiting since their earliest such request.
_WAITING = """
SELECT w.council, w.person_key, true AS counted,
    date_diff('day', min(w.{since}), $end)::DOUBLE AS days, min(w.{since}) AS since,
    false AS pending
FROM {table} w JOIN o_people p USING (council, person_key)
WHERE w.decided_on <= $end AND (w.{ended} IS NULL OR w.{ended} > $end)
    AND (p.date_of_death IS NULL OR p.date_of_death > $end)
GROUP BY w.council, w.person_key
"""
WAITING_FOR_ASSESSMENT = _WAITING.format(table="o_to_assessment", since="asked_on", ended="seen_on")
WAITING_FOR_SERVICE = _WAITING.format(table="o_to_service", since="assessed_on", ended="served_on")

# Waits that ended in the window: one per assessment (or first service) started in it,
# timed from the earliest request (or assessment) it answered.
_WAITED = """
SELECT council, person_key, true AS counted,
    date_diff('day', min({since}), {ended})::DOUBLE AS days, {ended} AS since,
    false AS pending
FROM {table} WHERE {ended} BETWEEN $start AND $end
GROUP BY council, person_key, {ended}
"""
REQUEST_TO_ASSESSMENT = _WAITED.format(table="o_to_assessment", since="asked_on", ended="seen_on")
ASSESSMENT_TO_SERVICE = _WAITED.format(table="o_to_service", since="assessed_on", ended="served_on")

# ST-Max episodes ending in the window. People who died before the 91 days were up are
# left out (whether they would have needed support cannot be known), as are episodes whose
# 91 days reach past the latest data (``pending``).
REABLEMENT = """
SELECT r.council, r.person_key, NOT r.needed_long_term AS counted, NULL::DOUBLE AS days,
    r.ep_end AS since, r.ep_end + 91 > (SELECT latest FROM o_state) AS pending
FROM o_reablement r JOIN o_people p USING (council, person_key)
WHERE r.ep_end BETWEEN $start AND $end
    AND (p.date_of_death IS NULL OR p.date_of_death > r.ep_end + 91)
"""

# Long-term community support at the window's end, each person in their highest setting
# (codes.setting_rank: 3 direct payment, 4 managed personal budget, 5 commissioned, 6
# mechanism not recorded); people in residential or nursing care are not in it (ASCOF 3D).
_TAKE_UP = """
WITH held AS (
    SELECT council, person_key, min(setting) AS r FROM o_long_term
    WHERE event_start <= $end AND (derived_end IS NULL OR derived_end >= $end)
    GROUP BY council, person_key
)
SELECT council, person_key, r IN ({ranks}) AS counted, NULL::DOUBLE AS days,
    NULL::DATE AS since, false AS pending
FROM held WHERE r BETWEEN 3 AND 6
"""
PERSONAL_BUDGET = _TAKE_UP.format(ranks="3, 4")
DIRECT_PAYMENT = _TAKE_UP.format(ranks="3")

# In a spell of long-term support that began 12 months or more before the window's end and
# is still going; no review or reassessment completed in the 12 months to it. Overdue since
# the last review (or the start of support if never reviewed): the drill-down's order.
REVIEWS_OVERDUE = """
WITH held AS (
    SELECT council, person_key, min(spell_start) AS spell_start FROM o_lts_spells
    WHERE spell_start <= CAST($end - INTERVAL 1 YEAR AS DATE) AND spell_end >= $end
    GROUP BY council, person_key
), reviewed AS (
    SELECT council, person_key, max(reviewed_on) AS reviewed_on FROM o_reviews
    WHERE reviewed_on <= $end GROUP BY council, person_key
)
SELECT h.council, h.person_key, true AS counted,
    date_diff('day', coalesce(r.reviewed_on, h.spell_start), $end)::DOUBLE AS days,
    coalesce(r.reviewed_on, h.spell_start) AS since, false AS pending
FROM held h LEFT JOIN reviewed r USING (council, person_key)
WHERE r.reviewed_on IS NULL OR r.reviewed_on <= CAST($end - INTERVAL 1 YEAR AS DATE)
"""

# A new spell of long-term support starting in the window (not a change of package).
NEW_LONG_TERM = """
SELECT council, person_key, true AS counted, NULL::DOUBLE AS days,
    min(spell_start) AS since, false AS pending
FROM o_lts_spells WHERE spell_start BETWEEN $start AND $end
GROUP BY council, person_key
"""
