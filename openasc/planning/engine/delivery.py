"""Long-term community support split by delivery mechanism.

Builders of parameters (the demo, the national model, a council with no record of how its
budgets are held) can put all community support in one state and split it afterwards by a
delivery mix: the shares held as a direct payment, as a council-managed budget, and as
council-commissioned support. Each part then behaves as the whole did (the same chances of
leaving, the same unit cost) and nobody switches mechanism; a council's own calibration
estimates the three separately instead.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .params import Params, PlanningInputError, check_probabilities
from .states import COMMUNITY_COMMISSIONED, COMMUNITY_STATES

#: Where a builder puts all its community support before the split.
UNDIVIDED = COMMUNITY_COMMISSIONED


def split_by_delivery(params: Params, mix) -> Params:
    """``params`` with its community support (all in ``UNDIVIDED``) shared out by ``mix``:
    (3,) or (C, 3) shares in the order of ``COMMUNITY_STATES``, each row summing to 1.
    The rows of the other two mechanisms are replaced, so they may be anything valid."""
    c = params.n_cohorts
    m = np.broadcast_to(np.asarray(mix, dtype=float), (c, len(COMMUNITY_STATES)))
    check_probabilities("delivery_mix", m, params.cohorts)
    others = [s for s in COMMUNITY_STATES if s != UNDIVIDED]
    # The other mechanisms' own rows are ignored (a builder may leave them as "stay put").
    rows = [s for s in range(params.transitions.shape[1]) if s not in others]
    if (
        params.initial[:, others].any()
        or params.entry_mix[:, others].any()
        or (params.transitions[:, rows][:, :, others].any())
    ):
        raise PlanningInputError("delivery_mix", "community support is already split")
    community = list(COMMUNITY_STATES)
    initial = params.initial.copy()
    initial[:, community] = params.initial[:, [UNDIVIDED]] * m
    entry = params.entry_mix.copy()
    entry[:, community] = params.entry_mix[:, [UNDIVIDED]] * m
    t = params.transitions.copy()
    t[:, :, community] = params.transitions[:, :, [UNDIVIDED]] * m[:, None, :]
    whole = params.transitions[:, UNDIVIDED, :]  # (C, S): how the undivided state behaved
    for s in COMMUNITY_STATES:
        t[:, s, :] = whole
        t[:, s, community] = 0.0
        t[:, s, s] = whole[:, UNDIVIDED]
    cost = params.unit_cost.copy()
    cost[:, community] = params.unit_cost[:, [UNDIVIDED]]
    return dataclasses.replace(
        params, initial=initial, entry_mix=entry, transitions=t, unit_cost=cost
    )
