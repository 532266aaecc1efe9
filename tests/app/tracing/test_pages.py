"""The tracing pages: a request recorded through the page lists its candidates."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_tracing_request_through_the_page_lists_candidates(
    users: Any, make_person: Any, units: Any
) -> None:
    make_person(users["carla"], units["a"], hangul="리명학", cyrillic="Ri Myong Hak", case_number="SP-T-40")
    lev = client_for(users["lev"])
    response = lev.post(
        reverse("tracing:request_create"),
        {
            "reference": "TR-9",
            "received_on": "2026-02-01",
            "requester": "His sister",
            "sought_names": "Ри Мён Хак",
        },
        follow=True,
    )
    assert "SP-T-40" in response.content.decode()
