"""Unpaid carers as a parallel cohort, moved month by month alongside the people they care
for.

Each person in state ``s`` has ``per_person[s]`` unpaid carers. When people move, caring
starts or ends with them: a move from ``s`` to ``t`` starts ``per_person[t] - per_person[s]``
caring roles if that is positive and ends as many if negative (a death or a care-home
admission ends caring; a new request, or a move home from hospital, starts it). So the
carers always number exactly ``people @ per_person`` (tested), and what the chain adds is
what the council knows of them:

  caring, not known -> known to the council -> supported (carer's support, a direct payment
  for breaks, ...) -> back to known when support ends while caring goes on

New carers are known from the start with probability ``known_at_start`` (recorded at the
cared-for person's assessment), or found later at ``identified`` a month. Caring that ends
leaves every carer state in proportion. Carers do not change the people's own chain.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .params import PlanningInputError
from .states import N_STATES

NOT_KNOWN, KNOWN, SUPPORTED = range(3)
CARER_STATES = ("caring_not_known", "known_not_supported", "supported")
#: Monthly and share fields, each in [0, 1].
SHARES = (
    "known_at_start", "identified", "taken_up", "support_ends", "initial_known",
    "initial_supported",
)  # fmt: skip


@dataclass(frozen=True, eq=False)
class CarerChain:
    """per_person      (S,) unpaid carers per person in each state
    known_at_start     share of new carers known to the council when caring starts
    identified         monthly chance a carer not known becomes known (a carer's assessment)
    taken_up           monthly chance a known carer starts carer support
    support_ends       monthly chance carer support ends while caring goes on
    initial_known, initial_supported   shares of today's carers in those states
    weekly_cost        £ of carer support per supported carer per week"""

    per_person: np.ndarray
    known_at_start: float = 0.0
    identified: float = 0.0
    taken_up: float = 0.0
    support_ends: float = 0.0
    initial_known: float = 0.0
    initial_supported: float = 0.0
    weekly_cost: float = 0.0

    def __post_init__(self):
        w = np.array(self.per_person, dtype=float)
        if w.shape != (N_STATES,) or not np.all(np.isfinite(w)) or (w < 0).any():
            raise PlanningInputError("carers.per_person", f"need {N_STATES} numbers >= 0")
        w.flags.writeable = False
        object.__setattr__(self, "per_person", w)
        for name in SHARES:
            value = getattr(self, name)
            if not (np.isfinite(value) and 0 <= value <= 1):
                raise PlanningInputError(f"carers.{name}", f"{value!r} is not a share in [0, 1]")
        if self.initial_known + self.initial_supported > 1:
            raise PlanningInputError("carers.initial_supported", "with initial_known, over 1")
        if not (np.isfinite(self.weekly_cost) and self.weekly_cost >= 0):
            raise PlanningInputError("carers.weekly_cost", "must be a number >= 0")

    def initial(self, people: np.ndarray) -> np.ndarray:
        """Carers (..., 3) of ``people`` (..., S) at the start."""
        shares = np.array(
            [1 - self.initial_known - self.initial_supported, self.initial_known,
             self.initial_supported]
        )  # fmt: skip
        return (people @ self.per_person)[..., None] * shares

    def caring_changes(self, moves: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For monthly ``moves`` (..., S, S) between different states: caring roles started
        and ended per person in each origin state (each (..., S))."""
        change = self.per_person[None, :] - self.per_person[:, None]  # [from, to]
        return (moves * np.maximum(change, 0)).sum(-1), (moves * np.maximum(-change, 0)).sum(-1)

    def moved(self, origin: int, target: int) -> tuple[float, float]:
        """Caring started and ended per person sent from ``origin`` to ``target``."""
        change = self.per_person[target] - self.per_person[origin]
        return max(change, 0.0), max(-change, 0.0)

    def step(
        self, carers: np.ndarray, started: np.ndarray, ended: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Next month's carers (..., 3) and the carers newly known to the council (...,)."""
        total = carers.sum(-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            staying = np.where(total > 0, 1 - np.minimum(ended / total, 1), 1.0)
        left = carers * staying[..., None]
        found = left[..., NOT_KNOWN] * self.identified
        taken = left[..., KNOWN] * self.taken_up
        stopped = left[..., SUPPORTED] * self.support_ends
        known_new = started * self.known_at_start
        nxt = np.empty_like(carers)
        nxt[..., NOT_KNOWN] = left[..., NOT_KNOWN] - found + started - known_new
        nxt[..., KNOWN] = left[..., KNOWN] + found + known_new - taken + stopped
        nxt[..., SUPPORTED] = left[..., SUPPORTED] + taken - stopped
        return nxt, found + known_new
