"""The signed-in user comes with his role and second factor in one query, read fresh every request."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safepassage.accounts.services import user_deactivate, user_role_set
from safepassage.core.roles import Role

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_page_reads_the_users_role_and_factor_with_him(users: dict[str, Any]) -> None:
    client = _client(users["lev"])
    client.get(reverse("registry:person_list"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("registry:person_list")).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    user_loads = [s for s in sql if s.startswith("SELECT") and 'FROM "auth_user"' in s]
    assert len(user_loads) == 1 and "auth_group" in user_loads[0] and "mfa_authenticator" in user_loads[0]
    others = [s for s in sql if s not in user_loads]
    alone = [s for s in others if '"auth_user_groups"' in s or '"mfa_authenticator"' in s]
    assert alone == []


def test_a_changed_role_counts_at_the_next_request(users: dict[str, Any]) -> None:
    client = _client(users["lev"])
    url = reverse("protection:worklist")
    assert client.get(url).status_code == 200
    user_role_set(actor=users["adam"], user=users["lev"], role=Role.NEGOTIATOR)
    assert client.get(url).status_code == 403


def test_a_deactivated_account_is_signed_out_at_its_next_request(users: dict[str, Any]) -> None:
    client = _client(users["carla"])
    url = reverse("registry:person_list")
    assert client.get(url).status_code == 200
    user_deactivate(actor=users["adam"], user=users["carla"])
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_removed_second_factor_counts_at_the_next_request(users: dict[str, Any]) -> None:
    client = _client(users["carla"])
    url = reverse("registry:person_list")
    assert client.get(url).status_code == 200
    Authenticator.objects.filter(user=users["carla"]).delete()
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, reverse("mfa_activate_totp"))
