"""Searching a large registry: a name of several words finds those who have every word of it."""

from __future__ import annotations

from typing import Any

import pytest

from safepassage.registry.selectors import PersonFilters, person_search

pytestmark = pytest.mark.django_db


def _found(users: Any, q: str) -> set[str]:
    return {p.case_number for p in person_search(user=users["lev"], filters=PersonFilters(q=q))}


def test_a_name_of_several_words_needs_every_word_not_just_the_surname(
    users: Any, units: Any, make_person: Any
) -> None:
    make_person(users["lev"], units["a"], hangul="김철남", cyrillic="Ким Чхоль Нам", case_number="SP-S-1")
    make_person(users["lev"], units["a"], hangul="김영수", cyrillic="Ким Ён Су", case_number="SP-S-2")
    make_person(users["lev"], units["a"], hangul="박영수", cyrillic="Пак Ён Су", case_number="SP-S-3")
    assert {"SP-S-2"} == _found(users, "Ким Ён Су")
    assert {"SP-S-2"} == _found(users, "Ён Су Ким")
    assert {"SP-S-1", "SP-S-2"} == _found(users, "Ким")
    assert {"SP-S-2", "SP-S-3"} == _found(users, "ён су")
    assert set() == _found(users, "Ким Пак")


def test_a_case_number_is_found_whatever_its_case(users: Any, units: Any, make_person: Any) -> None:
    make_person(users["lev"], units["a"], case_number="SP-S-0042")
    assert {"SP-S-0042"} == _found(users, "sp-s-0042")
