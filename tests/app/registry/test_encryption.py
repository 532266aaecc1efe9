"""Identifying values reach the database only sealed, bound to their row, searchable blindly."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from safepassage.crypto import CipherError
from safepassage.registry.models import IdentityDocument, NameForm
from safepassage.registry.selectors import PersonFilters, person_search

pytestmark = pytest.mark.django_db


def raw(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_name_forms_are_stored_as_ciphertext(person: Any) -> None:
    rows = raw(
        "SELECT text, text_index FROM registry_nameform WHERE person_id = %s",
        [person.pk.hex if connection.vendor == "sqlite" else person.pk],
    )
    assert 2 == len(rows)
    for text, index in rows:
        assert text.startswith("v1:")
        assert "김" not in text and "Ким" not in text
        assert 16 == len(index)


def test_document_numbers_and_holder_names_are_stored_as_ciphertext(person: Any) -> None:
    ((number, holder),) = raw("SELECT number, holder_name FROM registry_identitydocument", [])
    assert number.startswith("v1:") and holder.startswith("v1:")
    assert "1234567" not in number and "Монгуш" not in holder


def test_ciphertext_copied_onto_another_row_does_not_open(
    person: Any, make_person: Any, users: Any, units: Any
) -> None:
    other = make_person(users["carla"], units["a"], hangul="리영호", cyrillic="Ри Ён Хо")
    source = NameForm.objects.filter(person=person).first()
    target = NameForm.objects.filter(person=other).first()
    ((sealed,),) = raw(
        "SELECT text FROM registry_nameform WHERE id = %s",
        [source.pk.hex if connection.vendor == "sqlite" else source.pk],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE registry_nameform SET text = %s WHERE id = %s",
            [sealed, target.pk.hex if connection.vendor == "sqlite" else target.pk],
        )
    with pytest.raises(CipherError):
        _ = NameForm.objects.get(pk=target.pk).text


def test_encrypted_fields_refuse_plaintext_lookups() -> None:
    with pytest.raises(ValueError, match="search it through its blind index"):
        list(NameForm.objects.filter(text="김철남"))


@pytest.mark.parametrize(
    "query",
    ["김철남", "Ким Чхоль Нам", "ким", "чхоль нам", "ЧХОЛЬ-НАМ", "ВК 1234567", "KP-77-1001", "SP-TEST-0001"],
)
def test_search_finds_a_person_by_name_word_document_serial_or_case(
    person: Any, users: Any, query: str
) -> None:
    found = list(person_search(user=users["lev"], filters=PersonFilters(q=query)))
    assert [person] == found


def test_search_does_not_match_a_partial_word(person: Any, users: Any) -> None:
    assert [] == list(person_search(user=users["lev"], filters=PersonFilters(q="Чхол")))


def test_filters_narrow_the_list(person: Any, other_person: Any, users: Any) -> None:
    lev = users["lev"]
    assert [person] == list(person_search(user=lev, filters=PersonFilters(false_document=True)))
    assert [person] == list(person_search(user=lev, filters=PersonFilters(nationality="KP")))
    assert [person] == list(person_search(user=lev, filters=PersonFilters(forces_of="KP")))
    assert {person, other_person} == set(person_search(user=lev, filters=PersonFilters(sex="male")))


def test_identity_document_reads_back_in_plaintext(person: Any) -> None:
    doc = IdentityDocument.objects.get(person=person)
    assert ("ВК 1234567", "Монгуш Буян Олегович") == (doc.number, doc.holder_name)


def test_a_full_birth_date_is_sealed_beside_its_blind_index_and_a_clear_year(person: Any, users: Any) -> None:
    from datetime import date

    from safepassage.registry import services
    from safepassage.registry.models import Person

    services.person_update(
        actor=users["carla"], person=person, birth_precision="full", birth_date=date(1999, 4, 7)
    )
    ((sealed, index, year),) = raw(
        "SELECT birth_date, birth_date_index, birth_year FROM registry_person WHERE id = %s",
        [person.pk.hex if connection.vendor == "sqlite" else person.pk],
    )
    assert sealed.startswith("v1:") and "1999" not in sealed and 16 == len(index) and 1999 == year
    assert date(1999, 4, 7) == Person.objects.get(pk=person.pk).birth_date
    field = Person._meta.get_field("birth_date")
    assert [person.pk] == list(
        Person.objects.filter(birth_date_index=field.index_value("1999-04-07")).values_list("pk", flat=True)
    )
    with pytest.raises(ValueError, match="search it through its blind index"):
        list(Person.objects.filter(birth_date=date(1999, 4, 7)))
