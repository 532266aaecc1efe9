"""403, 404 and 500 are pages of the site: its navigation and language switch, in the reader's
language, saying what the person can do (DEBUG is off here, as in production)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safepassage.accounts.services import user_language_set
from safepassage.core import views as core_views

pytestmark = pytest.mark.django_db

NAVIGATION = 'class="govuk-service-navigation"'
LANGUAGE_SWITCH = 'class="govuk-language-navigation"'


def signed_in(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_a_negotiator_who_opens_the_registration_form_reads_why_and_where_to_go(users: Any) -> None:
    response = signed_in(users["nick"]).get(reverse("registry:person_create"))
    page = response.content.decode()
    assert 403 == response.status_code
    assert NAVIGATION in page and LANGUAGE_SWITCH in page
    assert '<h1 class="govuk-heading-l">You cannot open this page</h1>' in page
    assert "Your role (Negotiator) does not allow this page or action. Nothing was changed." in page
    assert f'href="{reverse("home")}"' in page


@pytest.mark.parametrize(
    ("language", "title"),
    [("uk", "Сторінку не знайдено"), ("ko", "페이지를 찾을 수 없습니다"), ("ru", "Страница не найдена")],
)
def test_a_missing_page_is_translated(users: Any, language: str, title: str) -> None:
    user_language_set(actor=users["lev"], user=users["lev"], language=language)
    response = signed_in(users["lev"]).get("/no-such-page/")
    page = response.content.decode()
    assert 404 == response.status_code
    assert f'<html lang="{language}" class="govuk-template">' in page
    assert f'<h1 class="govuk-heading-l">{title}</h1>' in page
    assert NAVIGATION in page and LANGUAGE_SWITCH in page


def test_a_visitor_who_is_not_signed_in_is_offered_the_sign_in(settings: Any) -> None:
    response = Client().get("/no-such-page/")
    assert 404 == response.status_code
    assert f'href="{reverse("login")}"' in response.content.decode()


def test_a_server_error_keeps_the_layout_and_says_nothing_was_half_saved(
    users: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a fault for the test")

    monkeypatch.setattr(core_views.RoleHomeView, "get", fail)
    response = signed_in(users["nick"]).get(reverse("role_home"))
    page = response.content.decode()
    assert 500 == response.status_code
    assert "Sorry, something went wrong" in page and "it was not saved" in page
    assert NAVIGATION in page and "a fault for the test" not in page
