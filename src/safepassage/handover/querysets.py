"""Permission-scoped querysets of the handover app: legal officers only, and persons they may see."""

from __future__ import annotations

from typing import Any

from django.db import models

from safepassage.core.policy import can
from safepassage.registry.querysets import persons_scoped

VIEW = "handover.view"


class HandoverQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> HandoverQuerySet:
        return self if can(user, VIEW) else self.none()


class PersonRowQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> PersonRowQuerySet:
        if not can(user, VIEW):
            return self.none()
        return persons_scoped(self, user, "person", VIEW)
