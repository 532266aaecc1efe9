"""The registry as a linkage list: one row per person, under the name form that pivots best."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from safepassage.linkage.records import PersonList, people_from_rows
from safepassage.registry.models import NameForm, Person, ServiceRecord

HEADER = ["id", "full_name", "birth_date", "unit"]
# Hangul carries a Korean name across scripts best; then the legal name in any script.
_PREFERENCE = {("hangul", "legal"): 0, ("hangul", "transliteration"): 1, ("hangul", "alias"): 2}


def _birth(person: Person) -> str:
    if person.birth_date:
        return person.birth_date.isoformat()
    return str(person.birth_year) if person.birth_year else ""


def registry_rows(persons: Iterable[Person]) -> list[tuple[int, list[str]]]:
    people = list(persons)
    best: dict[Any, tuple[int, str]] = {}
    for form in NameForm.objects.filter(person__in=[p.pk for p in people]).order_by("position"):
        rank = _PREFERENCE.get((form.script, form.kind), 5 if form.kind == "legal" else 9)
        if form.kind == "document":
            continue  # a false identity on papers is not his name
        if form.person_id not in best or rank < best[form.person_id][0]:
            best[form.person_id] = (rank, form.text)
    units = {
        r.person_id: r.unit_designation
        for r in ServiceRecord.objects.filter(person__in=[p.pk for p in people]).order_by("recorded_at")
    }
    rows: list[tuple[int, list[str]]] = [(1, HEADER)]
    for number, person in enumerate((p for p in people if p.pk in best), start=2):
        rows.append((number, [str(person.pk), best[person.pk][1], _birth(person), units.get(person.pk, "")]))
    return rows


def registry_list(persons: Iterable[Person], name: str = "registry") -> PersonList:
    return people_from_rows(registry_rows(persons), name)
