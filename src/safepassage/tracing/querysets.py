"""Tracing rows are reached through `for_user`: the role's permission, then the person."""

from __future__ import annotations

from typing import Any

from django.db import models

from safepassage.core.policy import can
from safepassage.registry.querysets import persons_scoped

# Model -> the permission needed to read it, and the path to a person if the row names one.
READ_PERMISSION = {
    "tracing.tracingrequest": ("tracing.manage", None),
    "tracing.tracingmatch": ("tracing.manage", "person"),
}


class TracingQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> TracingQuerySet:
        permission, path = READ_PERMISSION[self.model._meta.label_lower]
        if not can(user, permission):
            return self.none()
        if path is None:
            return self
        return persons_scoped(self, user, path)
