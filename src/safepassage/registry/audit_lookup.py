"""The audit trail's person filter: a case number to the person id its events carry.

Auditors cannot read persons (core.rls keeps the table from their database context), and they need
not: the trail records a person by id only. The lookup reads that one id in the system context and
nothing else of the person.
"""

from __future__ import annotations

from safepassage.core.rls import SYSTEM, database_context
from safepassage.registry.models import Person


def person_id_by_case_number(case_number: str) -> str | None:
    with database_context(SYSTEM):
        found = Person.objects.filter(case_number=case_number.strip()).values_list("pk", flat=True).first()
    return str(found) if found is not None else None
