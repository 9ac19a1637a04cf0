"""Staff roles and what each may do. Pure data; the policy in access.policy reads it."""

from enum import StrEnum


class Role(StrEnum):
    FRONT_DOOR = "front_door"
    SOCIAL_WORKER = "social_worker"
    OCCUPATIONAL_THERAPIST = "occupational_therapist"
    TEAM_MANAGER = "team_manager"
    FINANCE = "finance"
    ANALYST = "analyst"
    SAFEGUARDING_LEAD = "safeguarding_lead"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.FRONT_DOOR: "Front door practitioner",
    Role.SOCIAL_WORKER: "Social worker",
    Role.OCCUPATIONAL_THERAPIST: "Occupational therapist",
    Role.TEAM_MANAGER: "Team manager",
    Role.FINANCE: "Finance officer",
    Role.ANALYST: "Commissioner or analyst",
    Role.SAFEGUARDING_LEAD: "Safeguarding lead",
    Role.ADMINISTRATOR: "Administrator",
}
ROLE_CHOICES = [(r.value, r.label) for r in Role]

# Roles that work with individual people's records. Analysts see only aggregates, so they
# can neither search for nor open a person, even by breaking glass.
CASE_ROLES = frozenset(Role) - {Role.ANALYST}
# Roles that may record and change the journey (contacts, assessments, services, reviews).
RECORDING_ROLES = frozenset(
    {
        Role.FRONT_DOOR,
        Role.SOCIAL_WORKER,
        Role.OCCUPATIONAL_THERAPIST,
        Role.TEAM_MANAGER,
        Role.SAFEGUARDING_LEAD,
    }
)
# Roles that may create a new person record (a first contact, or a referral).
REGISTERING_ROLES = RECORDING_ROLES
# Roles that manage staff, merges, and subject access requests.
ADMIN_ROLES = frozenset({Role.ADMINISTRATOR})
# Roles that plan services: run and read forecasts and scenarios (aggregate figures only).
PLANNING_ROLES = frozenset({Role.ANALYST, Role.TEAM_MANAGER, Role.ADMINISTRATOR})
# Roles that see the council's performance figures (aggregates; the people behind a figure
# are listed only as far as their access to individual records allows).
PERFORMANCE_ROLES = frozenset({Role.ANALYST, Role.TEAM_MANAGER, Role.ADMINISTRATOR})
# Roles that see break-glass reports for their team (and, for administrators, everyone's).
OVERSIGHT_ROLES = frozenset({Role.TEAM_MANAGER, Role.ADMINISTRATOR})
