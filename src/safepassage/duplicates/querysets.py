"""Possible duplicates are reached only through `for_user`: both persons must be the user's to see."""

from __future__ import annotations

from typing import Any

from django.db import models

from safepassage.core.policy import can
from safepassage.registry.querysets import person_scope


class PairQuerySet(models.QuerySet):
    def for_user(self, user: Any, permission: str = "duplicates.warning") -> PairQuerySet:
        """Pairs whose two persons `user` may see, for a reader holding `permission`."""
        if not can(user, permission):
            return self.none()
        first = person_scope(user, "person_a")
        second = person_scope(user, "person_b")
        if first is None or second is None:
            return self.none()
        return self.filter(first).filter(second)
