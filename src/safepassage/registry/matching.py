"""The registry as a linkage list, and the registry persons a list could be paired with.

Exchange lists, tracing requests and the registry's own duplicate search all link against the
registry through this module, and through the linkage package's public API only.

The registry as a list: one row per person, under the name form that pivots best.

Candidates: linking a list of fifty against 100,000 persons used to decrypt and analyse every one
of them. The registry keeps each person's blocking tokens blind-indexed (registry.linkage_keys),
so the list's own tokens find the few thousand a block can pair with it; only those are
decrypted. What the scores read from the whole registry (its size, how many men carry each of
the list's units) is counted here too and handed to the linkage core as a Population, so the
outcome is the one the whole registry gives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet

from safepassage.core.fields import opened_rows
from safepassage.core.keys import keyring
from safepassage.core.rls import SYSTEM, database_context
from safepassage.linkage import (
    UNIT,
    BirthDate,
    PersonList,
    PersonRecord,
    Population,
    blocking_tokens,
    date_blocks_alone,
    people_from_records,
    reconcile_lists_apart,
    searched,
    unit_blocks_alone,
    unit_key,
)
from safepassage.progress import SILENT, Progress
from safepassage.registry.errors import ERR_EMPTY_REGISTRY
from safepassage.registry.linkage_keys import (
    NOT_COMPARED,
    compared_birth,
    compared_names_and_units,
    token_digest,
)
from safepassage.registry.models import LinkageKey, NameForm, Person, ServiceRecord


def registry_records(persons: Iterable[Person] | QuerySet[Person]) -> list[PersonRecord]:
    """One record per person under his best name form; persons may be a queryset (the whole registry).

    Persons without a name form he is compared under (registry.linkage_keys) have none. The
    records are typed from the registry's own values: nothing is written out as text and read back.
    """
    if isinstance(persons, QuerySet):
        # The full birth date is sealed: opened in batch, the year is read as it is.
        people = opened_rows(Person, persons.values_list("pk", "birth_date", "birth_year"), "birth_date", "")
        scope: Any = persons.order_by().values("pk")
    else:
        people = [(p.pk, p.birth_date, p.birth_year) for p in persons]
        scope = [pk for pk, _, _ in people]
    names, units = compared_names_and_units(NameForm, ServiceRecord, scope, keyring())
    named = ((pk, born, year) for pk, born, year in people if pk in names)
    return [
        PersonRecord(
            row=number,
            id=str(pk),
            full_name=names[pk],
            birth=compared_birth(born, year),
            unit=units.get(pk, ""),
        )
        for number, (pk, born, year) in enumerate(named, start=2)
    ]


def registry_list(persons: Iterable[Person] | QuerySet[Person], name: str = "registry") -> PersonList:
    return people_from_records(registry_records(persons), name)


# Values per IN (...) list: well under SQLite's limit on bound parameters.
CHUNK = 900


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


def _value(record: dict[str, Any], column: str) -> int | None:
    value = record[column]
    return None if pd.isna(value) else int(value)


def registry_size() -> int:
    """Persons the registry list holds: those with a name form they are compared under."""
    return NameForm.objects.exclude(kind=NOT_COMPARED).order_by().values("person_id").distinct().count()


def population(incoming: PersonList, size: int) -> Population:
    ring = keyring()
    units = {key for key in (unit_key(u) for u in incoming.frame["unit"]) if key}
    by_digest = {token_digest(ring, UNIT, key): key for key in units}
    counts = dict.fromkeys(units, 0)
    for chunk in _chunks(sorted(by_digest)):
        found = LinkageKey.objects.filter(kind=UNIT, value__in=chunk).values("value").annotate(n=Count("pk"))
        for row in found.order_by():
            counts[by_digest[row["value"]]] = row["n"]
    return Population(size, counts, LinkageKey.objects.filter(kind=UNIT).count())


def candidate_ids(incoming: PersonList, whole: Population) -> set[Any]:
    """Every person a block of the linkage could pair with an entry of the list (and a few more)."""
    records = incoming.frame.to_dict("records")
    units = pd.DataFrame({"unit_key": [unit_key(r["unit"]) for r in records]})
    unit_alone = unit_blocks_alone(whole.unit_pairs_per_row(units))
    ring = keyring()
    wanted: dict[str, set[str]] = defaultdict(set)
    dates: set[str] = set()
    birth_field = Person._meta.get_field("birth_date")
    for record in records:
        birth = BirthDate(*(_value(record, c) for c in ("birth_year", "birth_month", "birth_day")))
        tokens = blocking_tokens(record["full_name"], birth, record["unit"])
        for kind, value in searched(tokens, unit_alone=unit_alone):
            wanted[kind].add(token_digest(ring, kind, value))
        if birth.year is not None and birth.month is not None and birth.day is not None:
            # Full birth dates are sealed: blocked through their exact-date blind index.
            dates.add(birth_field.index_value(date(birth.year, birth.month, birth.day).isoformat()))
    found: set[Any] = set()
    for kind, digests in wanted.items():
        for chunk in _chunks(sorted(digests)):
            keys = LinkageKey.objects.filter(kind=kind, value__in=chunk).order_by()
            found.update(keys.values_list("person_id", flat=True))
    if date_blocks_alone(float(len(records)) * whole.size):
        for chunk in _chunks(sorted(dates)):
            chosen = Person.objects.filter(birth_date_index__in=chunk).order_by()
            found.update(chosen.values_list("pk", flat=True))
    return found


def candidate_records(ids: set[Any]) -> list[PersonRecord]:
    """The registry list's records of these persons, numbered as one list."""
    records: list[PersonRecord] = []
    for chunk in _chunks(sorted(ids, key=str)):
        for record in registry_records(Person.objects.filter(pk__in=chunk)):
            records.append(replace(record, row=len(records) + 2))
    return records


def match_registry(
    incoming: PersonList,
    *,
    threshold: float,
    review_low: float,
    progress: Progress = SILENT,
) -> dict[str, list[dict[str, Any]]]:
    """Matches and review band of a list, as it was read once, against the registry.

    The candidates are read in the system's context (a negotiator's own may not read the names
    they are compared with, core.rls); the caller sees only the outcome. The linking runs in a
    short-lived child process (linkage.apart), outside any transaction: both lists go to it
    typed, as they are, and are not parsed again there.
    """
    progress.stage("finding registry candidates", total=2, unit="step")
    with database_context(SYSTEM):
        size = registry_size()
        if not size:
            raise ValidationError(ERR_EMPTY_REGISTRY)
        whole = population(incoming, size)
        ids = candidate_ids(incoming, whole)
        progress.advance()
        candidates = candidate_records(ids)
        progress.advance()
    progress.stage(f"matching {len(incoming)} entries against {size} persons", total=1, unit="step")
    outcome: dict[str, list[dict[str, Any]]] = {"matches": [], "review": []}
    if candidates:
        outcome = reconcile_lists_apart(
            incoming,
            people_from_records(candidates, "registry"),
            population=whole,
            threshold=threshold,
            review_low=review_low,
        )
    progress.advance()
    return outcome
