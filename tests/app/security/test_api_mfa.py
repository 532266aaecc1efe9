"""No way into the API around the second factor: every API route, every method, every weaker credential."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.test.client import ClientMixin
from django.urls import reverse

from tests.app.accounts.routes import all_routes
from tests.app.conftest import PASSWORD

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")
API_ROUTES = [r for r in all_routes() if r.pattern.startswith("api/v1/") and r.read != "public"]


def _calls(person: Any) -> list[tuple[str, str, str]]:
    """(route, method, url) for every method each API view answers, found by walking the resolver."""
    from tests.app.accounts.test_route_matrix import _kwargs

    calls = []
    for route in API_ROUTES:
        url = reverse(route.name, kwargs=_kwargs(route.pattern, person))
        cls = getattr(route.view, "cls", None)
        for method in METHODS:
            if cls is None or hasattr(cls, method):
                calls.append((route.name, method, url))
    return calls


def _refused(client: Client, calls: list[tuple[str, str, str]], **headers: Any) -> list[tuple[str, str, int]]:
    wrong = []
    for name, method, url in calls:
        response = getattr(client, method)(url, {}, content_type="application/json", headers=headers)
        if response.status_code not in (401, 403):
            wrong.append((name, method, response.status_code))
    return wrong


def _password_only(user: Any, *, with_factor: bool) -> Client:
    """A session signed in with the password alone, as if the second step had been skipped."""
    if with_factor:
        TOTP.activate(user, generate_totp_secret())
    client = Client()
    ClientMixin.force_login(client, user)  # the unpatched sign-in: no MFA record in the session
    return client


def test_the_walk_covers_every_api_operation(scanned_person: Any) -> None:
    calls = _calls(scanned_person)
    assert {r.name for r in API_ROUTES} == {name for name, _, _ in calls}
    assert len(calls) > len(API_ROUTES)


@pytest.mark.parametrize("username", ["carla", "lev", "mona", "nick", "aude", "adam"])
@pytest.mark.parametrize("with_factor", [True, False], ids=["factor-enrolled", "no-factor"])
def test_a_password_only_session_is_refused_on_every_api_route(
    users: dict[str, Any], scanned_person: Any, username: str, with_factor: bool
) -> None:
    client = _password_only(users[username], with_factor=with_factor)
    assert [] == _refused(client, _calls(scanned_person))


@pytest.mark.parametrize(
    "scheme",
    ["Token 0123456789abcdef0123456789abcdef01234567", "Bearer eyJhbGciOiJub25lIn0.e30.", "basic"],
    ids=["token", "bearer", "basic-with-the-right-password"],
)
def test_no_token_or_basic_credential_reaches_any_api_route(
    users: dict[str, Any], scanned_person: Any, scheme: str
) -> None:
    if scheme == "basic":
        scheme = "Basic " + base64.b64encode(f"lev:{PASSWORD}".encode()).decode()
    assert [] == _refused(Client(), _calls(scanned_person), Authorization=scheme)


def test_the_same_session_gets_in_once_it_has_used_its_second_factor(
    users: dict[str, Any], person: Any
) -> None:
    from tests.app.conftest import complete_mfa

    client = _password_only(users["lev"], with_factor=True)
    assert 403 == client.get(reverse("api-persons")).status_code
    complete_mfa(client, users["lev"])
    assert 200 == client.get(reverse("api-persons")).status_code


def test_the_api_layer_refuses_a_session_without_mfa_even_if_the_middleware_let_it_by(
    users: dict[str, Any], person: Any, settings: Any
) -> None:
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("MfaRequiredMiddleware")]
    client = _password_only(users["lev"], with_factor=True)
    response = client.get(reverse("api-persons"))
    assert 401 == response.status_code
    assert "Multi-factor" in response.json()["detail"]


def test_every_api_view_authenticates_only_through_an_mfa_session() -> None:
    from safepassage.accounts.api_auth import MfaSessionAuthentication

    weaker = [
        (route.name, auth.__name__)
        for route in API_ROUTES
        for auth in route.view.cls.authentication_classes
        if not issubclass(auth, MfaSessionAuthentication)
    ]
    assert [] == weaker
