"""Tracing finds a Hangul record from Cyrillic; a request needs names; a withheld reply needs a reason."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from safepassage.tracing import services as tracing

pytestmark = pytest.mark.django_db


def test_a_tracing_request_in_cyrillic_finds_the_person_registered_in_hangul(
    users: Any, make_person: Any, units: Any
) -> None:
    wanted = make_person(
        users["carla"], units["a"], hangul="리명학", cyrillic="Ri Myong Hak", case_number="SP-T-31"
    )
    make_person(users["carla"], units["a"], hangul="박영수", cyrillic="Pak Yong Su", case_number="SP-T-32")
    request = tracing.tracing_request_create(
        actor=users["lev"],
        reference="TR-1",
        received_on=date(2026, 2, 1),
        requester="His mother",
        sought_names="Ри Мён Хак",
        birth_date="2001",
    )
    matches = tracing.tracing_match(actor=users["lev"], request=request)
    assert matches and wanted == matches[0].person
    assert all(m.status == "review" for m in matches)


def test_a_withheld_reply_needs_a_reason(users: Any) -> None:
    request = tracing.tracing_request_create(
        actor=users["lev"],
        reference="TR-2",
        received_on=date(2026, 2, 1),
        requester="X",
        sought_names="Ким Чхоль Нам",
    )
    with pytest.raises(ValidationError):
        tracing.tracing_reply(actor=users["lev"], request=request, withhold=True)
    done = tracing.tracing_reply(
        actor=users["lev"],
        request=request,
        withhold=True,
        reason="Telling the family would expose his wish to defect.",
    )
    assert done.reply_withheld and done.replied_on


def test_a_request_without_names_is_refused(users: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        tracing.tracing_request_create(
            actor=users["lev"],
            reference="TR-3",
            received_on=date(2026, 2, 1),
            requester="X",
            sought_names="  \n ",
        )
    assert "sought_names" in caught.value.message_dict
