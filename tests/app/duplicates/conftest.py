"""Two registrations of one man (Hangul and a military ID in Unit A; Cyrillic and another ID in Unit A),
and a different man."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from safepassage.registry import services


def registration(actor: Any, unit: Any, case_number: str, names: list[tuple[str, str]], number: str) -> Any:
    person = services.person_create(
        actor=actor,
        sex="male",
        birth_precision="full",
        birth_date=date(1999, 4, 12),
        unit=unit,
        case_number=case_number,
    )
    for text, language in names:
        services.name_form_add(
            actor=actor, person=person, text=text, kind="legal", recorder_language=language
        )
    services.service_record_add(actor=actor, person=person, forces_of="KP", unit_designation="Unit 771")
    services.identity_document_add(
        actor=actor, person=person, doc_type="military_id", issuing_state="RU", number=number
    )
    return person


@pytest.fixture
def twice(users: dict[str, Any], units: dict[str, Any]) -> tuple[Any, Any]:
    """The same soldier registered twice: as 한정우 with one document, as Хан Чжон У with another."""
    first = registration(users["carla"], units["a"], "SP-DUP-0001", [("한정우", "ko")], "ВК 1111111")
    second = registration(users["lev"], units["a"], "SP-DUP-0002", [("Хан Чжон У", "ru")], "ВК 2222222")
    return first, second


@pytest.fixture
def stranger(users: dict[str, Any], units: dict[str, Any]) -> Any:
    person = services.person_create(
        actor=users["lev"],
        sex="male",
        birth_precision="year",
        birth_year=1987,
        unit=units["b"],
        case_number="SP-DUP-0009",
    )
    services.name_form_add(
        actor=users["lev"], person=person, text="오세훈", kind="legal", recorder_language="ko"
    )
    return person
