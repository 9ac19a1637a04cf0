"""The demo council's teams and staff accounts. Pure: no Django, so `openasc demo --sign-ins`
works without a database."""

from __future__ import annotations

from openasc.access.roles import Role

from . import mix as m
from .names import LOCALITIES

DEMO_PASSWORD = "demoshire-demo-2026"  # noqa: S105 - documented, for the synthetic demo only

# Team key -> (name, kind). Locality teams cover postcode districts (see names.LOCALITIES).
TEAMS = {
    "front_door": ("Front Door", "front_door"),
    **{name.lower(): (f"{name} Locality", "locality") for name, _ in LOCALITIES},
    "hospital": ("Hospital Discharge", "hospital"),
    "reablement": ("Reablement", "reablement"),
    "learning_disability": ("Learning Disability", "learning_disability"),
    "mental_health": ("Mental Health", "mental_health"),
    "safeguarding": ("Safeguarding", "safeguarding"),
    "finance": ("Finance", "finance"),
}


def staff_plan(adults: int) -> list[tuple[str, Role, str | None]]:
    """(username, role, team key) for every demo account, scaled to the council's size."""
    scale = max(1.0, adults / 60000)

    def n(base: float, least: int = 1) -> int:
        return max(least, round(base * scale))

    plan: list[tuple[str, Role, str | None]] = []
    per = m.STAFF_PER_60K
    plan += [
        (f"frontdoor.{i}", Role.FRONT_DOOR, "front_door")
        for i in range(1, n(per["front_door"], 2) + 1)
    ]  # noqa: E501
    plan.append(("manager.frontdoor", Role.TEAM_MANAGER, "front_door"))
    for name, _ in LOCALITIES:
        key = name.lower()
        plan += [
            (f"sw.{key}.{i}", Role.SOCIAL_WORKER, key)
            for i in range(1, n(per["social_worker"], 2) + 1)
        ]  # noqa: E501
        plan += [
            (f"ot.{key}.{i}", Role.OCCUPATIONAL_THERAPIST, key)
            for i in range(1, n(per["occupational_therapist"]) + 1)
        ]  # noqa: E501
        plan.append((f"manager.{key}", Role.TEAM_MANAGER, key))
    plan += [
        (f"sw.hospital.{i}", Role.SOCIAL_WORKER, "hospital")
        for i in range(1, n(per["hospital"], 2) + 1)
    ]  # noqa: E501
    plan.append(("ot.hospital.1", Role.OCCUPATIONAL_THERAPIST, "hospital"))
    plan.append(("manager.hospital", Role.TEAM_MANAGER, "hospital"))
    plan += [
        (f"ot.reablement.{i}", Role.OCCUPATIONAL_THERAPIST, "reablement")
        for i in range(1, n(per["reablement"], 2) + 1)
    ]  # noqa: E501
    plan.append(("manager.reablement", Role.TEAM_MANAGER, "reablement"))
    for key, short in (("learning_disability", "ld"), ("mental_health", "mh")):
        plan += [
            (f"sw.{short}.{i}", Role.SOCIAL_WORKER, key)
            for i in range(1, n(per["specialist"], 2) + 1)
        ]  # noqa: E501
        plan.append((f"manager.{short}", Role.TEAM_MANAGER, key))
    plan.append(("safeguarding.1", Role.SAFEGUARDING_LEAD, "safeguarding"))
    plan.append(("finance.1", Role.FINANCE, "finance"))
    plan.append(("analyst.1", Role.ANALYST, None))
    plan.append(("admin", Role.ADMINISTRATOR, None))
    return plan


def sign_ins(adults: int | None = None) -> list[tuple[str, str, str]]:
    """The demo accounts worth signing in as: the first of each role in each team."""
    seen = set()
    rows = []
    for username, role, key in staff_plan(adults or 60000):
        if (role, key) in seen:
            continue
        seen.add((role, key))
        rows.append((username, role.label, TEAMS[key][0] if key else "—"))
    return rows
