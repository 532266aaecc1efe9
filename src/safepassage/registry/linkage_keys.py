"""Each person's blocking tokens, blind-indexed: reconciliation finds its candidates without decrypting.

Exchange lists are linked against the registry with the linkage core. Splink pairs two
records only when they share a blocking token (`linkage.candidates`), so the registry
keeps, per person, the blind index of every token of the record it is compared as: his
best name form (not a false identity on papers), his birth facts and his latest unit.
A list then looks its tokens up here and only those persons are decrypted and linked.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from safepassage.crypto import blind_index
from safepassage.crypto.keyring import Keyring
from safepassage.linkage import BadDate, BirthDate, blocking_tokens, parse_birth_date

PURPOSE = "registry.linkagekey"
# Hangul carries a Korean name across scripts best; then the legal name in any script.
_PREFERENCE = {("hangul", "legal"): 0, ("hangul", "transliteration"): 1, ("hangul", "alias"): 2}
# A false identity on papers ("document") is not his name: he is never compared under it.
NOT_COMPARED = "document"


def form_rank(script: str, kind: str) -> int:
    """Lower is better: the name form a person is compared under is the best ranked, then first."""
    return _PREFERENCE.get((script, kind), 5 if kind == "legal" else 9)


def birth_text(birth_date: date | None, birth_year: int | None) -> str:
    if birth_date:
        return birth_date.isoformat()
    return str(birth_year) if birth_year else ""


def token_digest(ring: Keyring, kind: str, value: str) -> str:
    return blind_index(ring, PURPOSE, f"{kind}\x1f{value}")


def listed_birth(text: str) -> BirthDate:
    """A birth date written as a list writes it, read as the list reader reads it."""
    try:
        return parse_birth_date(text)
    except BadDate:
        # The list reader warns and keeps the row without a date; so do the index and the registry list.
        return BirthDate()


def compared_birth(birth_date: date | None, birth_year: int | None) -> BirthDate:
    """A person's birth as his list record and his keys carry it (a 1 January date is a year only)."""
    return listed_birth(birth_text(birth_date, birth_year))


def key_values(ring: Keyring, name: str, birth: str, unit: str) -> set[tuple[str, str]]:
    """(kind, blind index) of every blocking token of the record a person is compared as."""
    tokens = blocking_tokens(name, listed_birth(birth), unit)
    return {(kind, token_digest(ring, kind, value)) for kind, value in tokens}


def compared_names_and_units(
    name_form: Any, service_record: Any, scope: Any, ring: Keyring
) -> tuple[dict[Any, str], dict[Any, str]]:
    """Per person of `scope` (ids or a values('pk') queryset): the name he is compared under, his unit.

    Reads sealed columns with values_list and opens only the chosen form and the latest unit
    (building model instances for every form of 100,000 persons cost minutes). The models are
    passed in so a data migration can use its historical ones.
    """
    best: dict[Any, tuple[int, int, Any, Any]] = {}
    forms = name_form.objects.filter(person__in=scope).exclude(kind=NOT_COMPARED).order_by()
    for pk, person_id, script, kind, position, sealed in forms.values_list(
        "pk", "person_id", "script", "kind", "position", "text"
    ):
        rank = (form_rank(script, kind), position, str(pk))
        if person_id not in best or rank < best[person_id][:3]:
            best[person_id] = (*rank, sealed)
    text_field = name_form._meta.get_field("text")
    names = {person: text_field.open_raw(pk, sealed, ring) for person, (_, _, pk, sealed) in best.items()}
    latest: dict[Any, tuple[Any, str, Any]] = {}
    records = service_record.objects.filter(person__in=scope).order_by()
    for pk, person_id, at, sealed in records.values_list(
        "pk", "person_id", "recorded_at", "unit_designation"
    ):
        if person_id not in latest or (at, str(pk)) > latest[person_id][:2]:
            latest[person_id] = (at, str(pk), sealed)
    unit_field = service_record._meta.get_field("unit_designation")
    units = {person: unit_field.open_raw(pk, sealed, ring) for person, (_, pk, sealed) in latest.items()}
    return names, units


def keys_of_persons(
    people: Iterable[tuple[Any, date | None, int | None]],
    names: dict[Any, str],
    units: dict[Any, str],
    ring: Keyring,
) -> dict[Any, set[tuple[str, str]]]:
    """Blocking keys per (pk, birth_date, birth_year); a person with no compared name has none."""
    return {
        pk: key_values(ring, names[pk], birth_text(born, year), units.get(pk, ""))
        for pk, born, year in people
        if pk in names
    }
