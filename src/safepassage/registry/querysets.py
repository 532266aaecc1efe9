"""Permission-scoped querysets: sensitive rows are reached only through `for_user(user)`."""

from __future__ import annotations

from typing import Any

from django.db import models

from safepassage.accounts.policy import can, role_of
from safepassage.accounts.roles import Role

# Models whose rows identify a person: only roles holding `person.identity` see them.
IDENTITY_MODELS = frozenset(
    {
        "registry.nameform",
        "registry.identitydocument",
        "registry.documentscan",
        "registry.servicerecord",
        "registry.nationalityclaim",
    }
)


class PersonQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> PersonQuerySet:
        if not can(user, "person.view"):
            return self.none()
        if role_of(user) is Role.CASEWORKER:
            # Caseworkers see the cases assigned to their own unit, nothing else.
            unit_id = getattr(getattr(user, "membership", None), "unit_id", None)
            return self.filter(unit_id=unit_id) if unit_id else self.none()
        return self


class RecordQuerySet(models.QuerySet):
    """Rows that belong to a person, directly or through an identity document."""

    def _person_path(self) -> str:
        names = {f.name for f in self.model._meta.get_fields()}
        return "person" if "person" in names else "document__person"

    def for_user(self, user: Any) -> RecordQuerySet:
        from safepassage.registry.models import Person

        label = self.model._meta.label_lower
        needed = "person.identity" if label in IDENTITY_MODELS else "person.view"
        if not can(user, needed):
            return self.none()
        visible = Person.objects.for_user(user).values("pk")
        return self.filter(**{f"{self._person_path()}__in": visible})
