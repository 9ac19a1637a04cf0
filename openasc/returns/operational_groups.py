"""The equity groups of the operational measures: which group a person is in, for each
breakdown of ``metrics.BREAKDOWNS``, and how a page names it.

- Age band at the window's end: 18-64, 65+, unknown (no date of birth). Under 18s are out
  of scope, as in SALT and ASCOF.
- Sex: the record's gender codes; blank is 'unknown'.
- Ethnicity: DHSC's higher-level groups (DHSC_5-data-cleaning.md, Ethnicity_Grouped: the
  part of the Release 2 label before the colon); blank or not on the list is 'unknown'.
- Primary support reason: the code, Release 1's three sensory reasons folded into Release
  2's one (the vocabulary has no coarser grouping); blank is 'unknown'.
- Locality: the postcode district; none recorded is 'unknown'.
Every person is in exactly one group of each, so a count's groups add up to its total.
"""

from __future__ import annotations

from openasc.vocab.lists import ETHNICITY, GENDER, PRIMARY_SUPPORT_REASON

UNKNOWN = "unknown"

# DHSC group names (Ethnicity_Grouped) -> the group codes used in figures.
_ETHNIC_GROUPS = {
    "White": "white",
    "Mixed or multiple ethnic groups": "mixed",
    "Asian or Asian British": "asian",
    "Black, Black British, Caribbean or African": "black",
    "Other ethnic group": "other",
    "No data": "no_data",
}


def _ethnic_group(code: str) -> str:
    label = ETHNICITY.text(code, release=2)
    return _ETHNIC_GROUPS[label.split(":")[0].strip()]


ETHNIC_GROUP_OF = {t.code: _ethnic_group(t.code) for t in ETHNICITY}
# Release 1's sensory sub-reasons are Release 2's one "Sensory Support".
PSR_GROUP_OF = {
    t.code: ("sensory" if t.code.startswith("sensory") else t.code) for t in PRIMARY_SUPPORT_REASON
}


def _case(mapping: dict[str, str]) -> str:
    whens = " ".join(f"WHEN '{code}' THEN '{group}'" for code, group in mapping.items())
    return f"coalesce(CASE {{col}} {whens} END, '{UNKNOWN}')"


#: SQL expressions (``.format(col=...)``) giving the group of a vocabulary code.
ETHNIC_GROUP_SQL = _case(ETHNIC_GROUP_OF)
PSR_GROUP_SQL = _case(PSR_GROUP_OF)

#: The groups every figure lists (zeros included), in order; localities are those seen.
LEVELS: dict[str, list[str]] = {
    "age_band": ["18-64", "65+", UNKNOWN],
    "sex": [c for c in GENDER.codes if c != UNKNOWN] + [UNKNOWN],
    "ethnicity": [*_ETHNIC_GROUPS.values(), UNKNOWN],
    "primary_support_reason": [c for c in dict.fromkeys(PSR_GROUP_OF.values()) if c != UNKNOWN]
    + [UNKNOWN],
    "locality": [],
}

#: The SQL for a person's group (``p`` = o_people, ``$end`` = the window's last day).
GROUP_SQL = {
    "age_band": "age_band(p.date_of_birth, $end)",
    "sex": "p.sex",
    "ethnicity": "p.ethnicity",
    "primary_support_reason": "p.primary_support_reason",
    "locality": "p.locality",
}


def group_label(breakdown: str, group: str) -> str:
    """How a page names a group: 'White', 'Female', 'Learning Disability Support', ..."""
    if group == UNKNOWN:
        return "Not known"
    if breakdown == "ethnicity":
        return {v: k for k, v in _ETHNIC_GROUPS.items()}.get(group, group)
    if breakdown == "sex":
        return GENDER.label(group)
    if breakdown == "primary_support_reason":
        return PRIMARY_SUPPORT_REASON.label(group)
    return group
