"""The registry as a linkage list: one row per person, under the name form that pivots best."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from safepassage.core.fields import opened_rows
from safepassage.core.keys import keyring
from safepassage.linkage.records import PersonList, people_from_rows
from safepassage.registry.linkage_keys import birth_text, compared_names_and_units
from safepassage.registry.models import NameForm, Person, ServiceRecord

HEADER = ["id", "full_name", "birth_date", "unit"]


def registry_rows(persons: Iterable[Person] | QuerySet[Person]) -> list[tuple[int, list[str]]]:
    """One row per person under his best name form; persons may be a queryset (the whole registry).

    Persons without a name form he is compared under (registry.linkage_keys) have no row.
    """
    if isinstance(persons, QuerySet):
        # The full birth date is sealed: opened in batch, the year is read as it is.
        people = opened_rows(Person, persons.values_list("pk", "birth_date", "birth_year"), "birth_date", "")
        scope: Any = persons.order_by().values("pk")
    else:
        people = [(p.pk, p.birth_date, p.birth_year) for p in persons]
        scope = [pk for pk, _, _ in people]
    names, units = compared_names_and_units(NameForm, ServiceRecord, scope, keyring())
    rows: list[tuple[int, list[str]]] = [(1, HEADER)]
    named = ((pk, born, year) for pk, born, year in people if pk in names)
    for number, (pk, born, year) in enumerate(named, start=2):
        rows.append((number, [str(pk), names[pk], birth_text(born, year), units.get(pk, "")]))
    return rows


def registry_list(persons: Iterable[Person] | QuerySet[Person], name: str = "registry") -> PersonList:
    return people_from_rows(registry_rows(persons), name)
