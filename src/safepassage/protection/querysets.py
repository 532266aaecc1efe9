"""Protection records are reached only through `for_user`: role first, then the person's scope."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from safepassage.core.policy import can

# Model -> the permission needed to read it, and the path from it to its person.
READ_PERMISSION = {
    "protection.interview": ("protection.interviews", "person"),
    "protection.riskassessment": ("protection.risk", "person"),
    "protection.evidenceitem": ("protection.risk", "assessment__person"),
    "protection.application": ("protection.applications", "person"),
    "protection.applicationstep": ("protection.applications", "application__person"),
    "protection.stateposition": ("protection.positions", "person"),
    "protection.casefacts": ("protection.determination", "person"),
    "protection.determination": ("protection.determination", "person"),
}


class ProtectionQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> ProtectionQuerySet:
        from safepassage.registry.querysets import persons_scoped

        permission, path = READ_PERMISSION[self.model._meta.label_lower]
        if not can(user, permission):
            return self.none()
        if self.model._meta.label_lower == "protection.stateposition":
            # Caseload-wide statements concern nobody in particular: every reader sees them.
            about_someone = persons_scoped(self.filter(person__isnull=False), user, path)
            return self.filter(Q(person__isnull=True) | Q(pk__in=about_someone.values("pk")))
        return persons_scoped(self, user, path)
