"""The registry as a linkage list: one row per person, under the name form that pivots best."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from safepassage.core.keys import keyring
from safepassage.linkage.records import PersonList, people_from_rows
from safepassage.registry.models import NameForm, Person, ServiceRecord

HEADER = ["id", "full_name", "birth_date", "unit"]
# Hangul carries a Korean name across scripts best; then the legal name in any script.
_PREFERENCE = {("hangul", "legal"): 0, ("hangul", "transliteration"): 1, ("hangul", "alias"): 2}


def _birth(birth_date: Any, birth_year: Any) -> str:
    if birth_date:
        return birth_date.isoformat()
    return str(birth_year) if birth_year else ""


def registry_rows(persons: Iterable[Person] | QuerySet[Person]) -> list[tuple[int, list[str]]]:
    """One row per person under his best name form; persons may be a queryset (the whole registry).

    Reads plain columns with values_list and opens only the one name form and unit chosen for
    each person: at 100,000 persons, building model instances for every form cost minutes.
    """
    if isinstance(persons, QuerySet):
        people = list(persons.values_list("pk", "birth_date", "birth_year"))
        scope: Any = persons.order_by().values("pk")
    else:
        people = [(p.pk, p.birth_date, p.birth_year) for p in persons]
        scope = [pk for pk, _, _ in people]
    ring = keyring()
    best: dict[Any, tuple[int, int, Any, str]] = {}
    forms = NameForm.objects.filter(person__in=scope).exclude(kind="document").order_by()
    for pk, person_id, script, kind, position, sealed in forms.values_list(
        "pk", "person_id", "script", "kind", "position", "text"
    ):
        # A false identity on papers ("document") is not his name: excluded above.
        rank = _PREFERENCE.get((script, kind), 5 if kind == "legal" else 9)
        if person_id not in best or (rank, position) < best[person_id][:2]:
            best[person_id] = (rank, position, pk, sealed)
    text_field = NameForm._meta.get_field("text")
    names = {person: text_field.open_raw(pk, sealed, ring) for person, (_, _, pk, sealed) in best.items()}
    latest: dict[Any, tuple[Any, Any, str]] = {}
    records = ServiceRecord.objects.filter(person__in=scope).order_by()
    for pk, person_id, at, sealed in records.values_list(
        "pk", "person_id", "recorded_at", "unit_designation"
    ):
        if person_id not in latest or at >= latest[person_id][0]:
            latest[person_id] = (at, pk, sealed)
    unit_field = ServiceRecord._meta.get_field("unit_designation")
    units = {person: unit_field.open_raw(pk, sealed, ring) for person, (_, pk, sealed) in latest.items()}
    rows: list[tuple[int, list[str]]] = [(1, HEADER)]
    named = ((pk, born, year) for pk, born, year in people if pk in names)
    for number, (pk, born, year) in enumerate(named, start=2):
        rows.append((number, [str(pk), names[pk], _birth(born, year), units.get(pk, "")]))
    return rows


def registry_list(persons: Iterable[Person] | QuerySet[Person], name: str = "registry") -> PersonList:
    return people_from_rows(registry_rows(persons), name)
