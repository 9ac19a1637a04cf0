"""SALT-equivalent short-term tables from ``m_sequels`` (see ``episodes``).

- STS001: requests for support from new clients, by sequel, age band and route of access.
- STS002a: new clients' completed ST-Max episodes, by sequel and age band.
- STS002b: existing clients' completed ST-Max episodes, by age band (totals only, as NHS
  England's STS002b script).
"""

from __future__ import annotations

from .output import tabulate


def sts001(con) -> list[dict]:
    con.execute(
        "CREATE OR REPLACE TEMP VIEW t_sts001 AS SELECT council, sequel, age_band, "
        "route_of_access FROM m_sequels WHERE kind = 'request' AND new_client"
    )
    keys = ["sequel", "age_band", "route_of_access"]
    return tabulate(
        con, "t_sts001", "STS001", keys, "no requests from new clients ended in the period"
    )


def sts002a(con) -> list[dict]:
    con.execute(
        "CREATE OR REPLACE TEMP VIEW t_sts002a AS SELECT council, sequel, age_band "
        "FROM m_sequels WHERE kind = 'st_max' AND new_client"
    )
    keys = ["sequel", "age_band"]
    return tabulate(
        con, "t_sts002a", "STS002a", keys, "no ST-Max episodes of new clients ended in the period"
    )


def sts002b(con) -> list[dict]:
    con.execute(
        "CREATE OR REPLACE TEMP VIEW t_sts002b AS SELECT council, age_band "
        "FROM m_sequels WHERE kind = 'st_max' AND NOT new_client"
    )
    unit = "no ST-Max episodes of existing clients ended in the period"
    return tabulate(con, "t_sts002b", "STS002b", ["age_band"], unit)
