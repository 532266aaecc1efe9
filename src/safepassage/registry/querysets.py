"""Permission-scoped querysets: sensitive rows are reached only through `for_user(user)`."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from safepassage.core.policy import can, role_of
from safepassage.core.roles import Role

# Models whose rows identify a person: only roles holding `person.identity.read` see them.
IDENTITY_MODELS = frozenset(
    {
        "registry.nameform",
        "registry.identitydocument",
        "registry.documentscan",
        "registry.servicerecord",
        "registry.nationalityclaim",
    }
)


def person_scope(user: Any, path: str = "", permission: str = "person.view") -> Q | None:
    """The condition on a row's person (reached by `path`) that `user` may see; None: no person.

    The one scoping rule of every output that names persons: pages, PDFs, CSVs, manifests,
    exports and API lists. `permission` is what the output itself needs (the person page needs
    `person.view`; an exchange round's pseudonymous case numbers, `exchange.view`).
    """
    prefix = f"{path}__" if path else ""
    if not can(user, permission):
        return None
    if role_of(user) is Role.CASEWORKER:
        # Caseworkers see the cases assigned to their own unit, nothing else.
        unit_id = getattr(getattr(user, "membership", None), "unit_id", None)
        return Q(**{f"{prefix}unit_id": unit_id}) if unit_id else None
    return Q()


def persons_scoped[QS: models.QuerySet](
    queryset: QS, user: Any, path: str = "", permission: str = "person.view"
) -> QS:
    """`queryset` limited to rows of the persons `user` may see; `path` leads from a row to its person.

    The limit is written as a condition on the person's own columns (a join), never as
    `person IN (SELECT id FROM registry_person ...)`: for a role that sees every person, SQLite
    would drive that IN from the whole registry, 100,000 index probes for a 25-row page.
    """
    condition = person_scope(user, path, permission)
    return queryset.none() if condition is None else queryset.filter(condition)


def unlinked_or_scoped[QS: models.QuerySet](
    queryset: QS, user: Any, path: str, permission: str = "person.view"
) -> QS:
    """Rows that name no registry person (a list's unmatched entry), or a person `user` may see."""
    condition = person_scope(user, path, permission)
    if condition is not None and not condition:
        return queryset  # every person (an empty Q would vanish from the OR below)
    unlinked = Q(**{f"{path}__isnull": True})
    return queryset.filter(unlinked if condition is None else unlinked | condition)


class PersonQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> PersonQuerySet:
        return persons_scoped(self, user)


class RecordQuerySet(models.QuerySet):
    """Rows that belong to a person, directly or through an identity document."""

    def _person_path(self) -> str:
        names = {f.name for f in self.model._meta.get_fields()}
        return "person" if "person" in names else "document__person"

    def for_user(self, user: Any) -> RecordQuerySet:
        label = self.model._meta.label_lower
        needed = "person.identity.read" if label in IDENTITY_MODELS else "person.view"
        if not can(user, needed):
            return self.none()
        return persons_scoped(self, user, self._person_path())
