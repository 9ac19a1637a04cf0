"""The one table every measure reads: CLD events, one row per submitted event version.

Both sources fill it: the council's own record (``record_source.py``) and any CLD file, of
one council or many (``file_source.py``). The measures (``measures/``) are SQL over this
table in DuckDB, so a region's file larger than memory and the council's own record are
counted by the same definitions.

Values are the internal codes of ``openasc.vocab.lists`` (e.g. ``lts_community``,
``nfa_deceased``), or NULL where the source was blank or not a defined-list value (the file
reader reports those). Pure: no Django.
"""

from __future__ import annotations

#: Column name -> DuckDB type, in table order.
COLUMNS: dict[str, str] = {
    "council": "VARCHAR",  # LA code, e.g. E06000999
    "version_rank": "BIGINT",  # later submitted = higher: the latest version of an event wins
    "source_row": "BIGINT",  # the row of the file (header = 1) or the record's event id
    "person_key": "VARCHAR",  # 'nhs:<NHS number>' else 'la:<LA person id>'; NULL: neither
    "nhs_number": "VARCHAR",
    "la_person_id": "VARCHAR",
    "date_of_birth": "DATE",
    "date_of_death": "DATE",
    "gender": "VARCHAR",
    "ethnicity": "VARCHAR",
    "client_type": "VARCHAR",  # service_user / carer / carer_by_association
    "primary_support_reason": "VARCHAR",
    "accommodation_status": "VARCHAR",
    "employment_status": "VARCHAR",
    "event_type": "VARCHAR",  # request / assessment / service / review
    "event_reference": "VARCHAR",
    "event_start": "DATE",
    "event_end": "DATE",  # NULL: still open (only services may be)
    "event_outcome": "VARCHAR",
    "route_of_access": "VARCHAR",
    "assessment_type": "VARCHAR",
    "eligible_needs_identified": "VARCHAR",
    "service_type": "VARCHAR",
    "service_component": "VARCHAR",
    "delivery_mechanism": "VARCHAR",
    "unit_cost": "DOUBLE",  # £
    "cost_frequency": "VARCHAR",
    "planned_units_per_week": "DOUBLE",
    "review_reason": "VARCHAR",
    "review_outcomes_achieved": "VARCHAR",
    "locality": "VARCHAR",  # the postcode district (outward code, e.g. DS1), for equity
}

TABLE = "cld_events"


def postcode_district(postcode: str | None) -> str | None:
    """The outward code of a UK postcode ("DS1 4AB" -> "DS1"): a locality coarse enough to
    report on without pointing at a household."""
    if not postcode:
        return None
    compact = "".join(postcode.split()).upper()
    return compact[:-3] if len(compact) > 3 else None


def create_sql(table: str = TABLE) -> str:
    """``CREATE TABLE`` for an empty events table."""
    cols = ",\n  ".join(f"{name} {kind}" for name, kind in COLUMNS.items())
    return f"CREATE TABLE {table} (\n  {cols}\n)"
