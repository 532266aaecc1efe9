"""Exchange rows are reached through `for_user`: the role's permission, then the person."""

from __future__ import annotations

from typing import Any

from django.db import models

from safepassage.core.policy import can

# Model -> the permission needed to read it, and the path to a person if the row names one.
READ_PERMISSION = {
    "exchanges.exchangeround": ("exchange.view", None),
    "exchanges.exchangelist": ("exchange.view", None),
    "exchanges.listentry": ("exchange.view", None),
    "exchanges.guardoverride": ("exchange.view", None),
    "exchanges.importjob": ("exchange.view", None),
}


class ExchangeQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> ExchangeQuerySet:
        from safepassage.registry.querysets import persons_scoped

        permission, path = READ_PERMISSION[self.model._meta.label_lower]
        if not can(user, permission):
            return self.none()
        if path is None:
            return self
        return persons_scoped(self, user, path)
