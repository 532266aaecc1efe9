"""Who does a work item's task and what it is, in the reader's words (the work list's columns).

Apart from work.py, which imports the models: the model's `what` and `who` read these.
"""

from __future__ import annotations

from typing import Any

from safepassage.core.policy import POLICY
from safepassage.core.roles import ROLE_LABELS
from safepassage.protection.procedures import Step, procedure


def roles_holding(permission: str) -> str:
    """The roles holding a permission, as the reader's words ("Legal officer")."""
    return ", ".join(str(ROLE_LABELS[role]) for role in ROLE_LABELS if role in POLICY[permission])


def step_of(item: Any) -> Step:
    """The procedure step a work item of source "step" stands for."""
    return next(s for s in procedure(item.procedure).steps if s.key == item.task)
