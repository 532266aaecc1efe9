"""Sign-in is password then second factor for every role; without a factor, only its set-up is open."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from safepassage.core.roles import Role

from ..conftest import PASSWORD, PERSONAS

pytestmark = pytest.mark.django_db


def code_for(secret: str, offset: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def with_totp(user: Any) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def password_step(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post(reverse("login"), {"login": username, "password": password})


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.mark.parametrize("username", list(PERSONAS))
def test_every_role_signs_in_with_password_then_a_totp_code(username: str, users: Any) -> None:
    secret = with_totp(users[username])
    client = Client()
    first = password_step(client, username)
    assert (302, reverse("mfa_authenticate")) == (first.status_code, first["Location"])
    assert "_auth_user_id" not in client.session
    second = client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
    assert 302 == second.status_code
    assert str(users[username].pk) == client.session["_auth_user_id"]
    expected = (
        200 if PERSONAS[username] in {Role.CASEWORKER, Role.LEGAL_OFFICER, Role.NEUTRAL_MONITOR} else 403
    )
    assert expected == client.get(reverse("registry:person_list")).status_code


def test_a_wrong_or_replayed_code_does_not_sign_in(users: Any) -> None:
    secret = with_totp(users["lev"])
    client = Client()
    password_step(client, "lev")
    wrong = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if code_for(secret) != "000000" else "111111"}
    )
    assert 200 == wrong.status_code and "_auth_user_id" not in client.session
    code = code_for(secret)
    assert 302 == client.post(reverse("mfa_authenticate"), {"code": code}).status_code
    replay = Client()
    password_step(replay, "lev")
    assert 200 == replay.post(reverse("mfa_authenticate"), {"code": code}).status_code
    assert "_auth_user_id" not in replay.session


def test_a_user_without_a_second_factor_can_reach_only_its_set_up(users: Any, person: Any) -> None:
    client = Client()
    response = password_step(client, "lev")
    assert 302 == response.status_code
    for url in (
        reverse("registry:person_list"),
        reverse("registry:person_detail", args=[person.pk]),
        "/audit/",
    ):
        blocked = client.get(url)
        assert (302, reverse("mfa_activate_totp")) == (blocked.status_code, blocked["Location"]), url
    api = client.get(f"/api/v1/persons/{person.pk}/names/")
    assert 403 == api.status_code and "김철남" not in api.content.decode()
    # allauth asks for the password again before a factor is added.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("account_reauthenticate"))
    assert 302 == client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code
    setup = client.get(reverse("mfa_activate_totp"))
    assert 200 == setup.status_code
    secret = client.session[SECRET_SESSION_KEY]
    activated = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert 302 == activated.status_code
    assert 200 == client.get(reverse("registry:person_list")).status_code


def test_a_session_that_skipped_an_existing_factor_is_signed_out(users: Any) -> None:
    with_totp(users["lev"])
    client = Client()
    client.login(username="lev", password=PASSWORD)  # Django's own login: no second factor used.
    response = client.get(reverse("registry:person_list"))
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_totp_secrets_are_stored_sealed(users: Any) -> None:
    secret = with_totp(users["lev"])
    stored = Authenticator.objects.get(user=users["lev"], type="totp").data["secret"]
    assert stored.startswith("v1:") and secret not in stored


def test_five_wrong_passwords_lock_the_account_in_the_shared_cache(users: Any) -> None:
    with_totp(users["lev"])
    for _ in range(5):
        assert 200 == password_step(Client(), "lev", "wrong password").status_code
    client = Client()
    locked = password_step(client, "lev")
    assert "Too many failed login attempts" in locked.content.decode()
    assert reverse("mfa_authenticate") != locked.get("Location")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM safepassage_cache")
        assert cursor.fetchone()[0] > 0


def test_sign_up_is_closed() -> None:
    from allauth.account.adapter import get_adapter

    assert not get_adapter().is_open_for_signup(None)


def test_the_demo_enrols_every_account_once_and_keeps_the_uris_private(tmp_path: Any) -> None:
    from safepassage.registry.demo import DEMO_USERS, TOTP_FILE, ensure_demo_users

    ensure_demo_users(tmp_path)
    ensure_demo_users(tmp_path)
    lines = (tmp_path / TOTP_FILE).read_text().splitlines()
    assert sorted(DEMO_USERS) == sorted(line.split()[0] for line in lines)
    assert all(line.split()[1].startswith("otpauth://totp/") for line in lines)
    assert (tmp_path / TOTP_FILE).stat().st_mode & 0o077 == 0
    assert len(DEMO_USERS) == Authenticator.objects.filter(type="totp").count()
