"""Sessions end after 15 idle minutes and 8 hours after sign-in, whatever the activity."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safepassage.accounts.middleware import AUTH_AT, SEEN_AT

pytestmark = pytest.mark.django_db


def session_client(user: Any, *, auth_ago: float, seen_ago: float) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTH_AT], session[SEEN_AT] = now - auth_ago, now - seen_ago
    session.save()
    return client


def test_an_active_session_within_its_limits_goes_on(users: Any) -> None:
    client = session_client(users["lev"], auth_ago=3600, seen_ago=60)
    assert 200 == client.get(reverse("registry:person_list")).status_code


def test_sixteen_idle_minutes_sign_the_user_out(users: Any) -> None:
    client = session_client(users["lev"], auth_ago=3600, seen_ago=16 * 60)
    response = client.get(reverse("registry:person_list"))
    assert (302, True) == (response.status_code, response["Location"].startswith(reverse("login")))
    assert "_auth_user_id" not in client.session


def test_a_busy_session_still_ends_eight_hours_after_sign_in(users: Any) -> None:
    client = session_client(users["lev"], auth_ago=8 * 3600 + 1, seen_ago=5)
    response = client.get(reverse("registry:person_list"), follow=True)
    assert "limit of 8 hours" in response.content.decode()
    assert "_auth_user_id" not in client.session


def _seen_at(client: Client) -> float:
    return float(client.session[SEEN_AT])


def test_clicks_within_half_a_minute_do_not_write_the_session(users: Any) -> None:
    from django.contrib.sessions.models import Session

    from safepassage.accounts.middleware import SEEN_RESOLUTION_SECONDS

    client = session_client(users["lev"], auth_ago=3600, seen_ago=SEEN_RESOLUTION_SECONDS / 3)
    # The first page also remembers the user's language in the session; the next one has nothing to write.
    assert 200 == client.get(reverse("registry:person_list")).status_code
    key = client.session.session_key
    stored = Session.objects.get(pk=key).session_data
    before = _seen_at(client)
    assert 200 == client.get(reverse("registry:person_list")).status_code
    assert (stored, before) == (Session.objects.get(pk=key).session_data, _seen_at(client))


def test_a_click_after_half_a_minute_moves_the_last_seen_time(users: Any) -> None:
    from safepassage.accounts.middleware import SEEN_RESOLUTION_SECONDS

    client = session_client(users["lev"], auth_ago=3600, seen_ago=SEEN_RESOLUTION_SECONDS + 5)
    before = _seen_at(client)
    assert 200 == client.get(reverse("registry:person_list")).status_code
    assert _seen_at(client) - before >= SEEN_RESOLUTION_SECONDS
