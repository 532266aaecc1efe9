"""Each user chooses the interface language; it is stored, applied on every request, and checked."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from safepassage.accounts.models import Preference
from safepassage.accounts.services import user_language_set
from safepassage.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LANGUAGE_URL = "/accounts/language/"
# Text of the person list and the captured-on date of the fixture person (2025-02-03), per language.
PERSONS_HEADING = {"en": "Persons", "uk": "Особи", "ko": "대상자", "ru": "Лица"}
CAPTURED_ON = {
    "en": "Feb. 3, 2025",
    "uk": "03 лютого 2025 р.",
    "ko": "2025년 2월 3일",
    "ru": "3 февраля 2025 г.",
}


def signed_in(user: Any, **headers: str) -> Client:
    client = Client(**headers)
    client.force_login(user)
    return client


def test_the_language_switch_is_a_route_a_visitor_can_post_to() -> None:
    assert LANGUAGE_URL == reverse("language")


@pytest.mark.parametrize("code", ["en", "uk", "ko", "ru"])
def test_a_caseworker_who_chooses_a_language_sees_the_pages_and_dates_in_it(
    code: str, users: dict[str, Any], person: Any
) -> None:
    client = signed_in(users["carla"])
    response = client.post(LANGUAGE_URL, {"language": code, "next": "/persons/"})
    assert 302 == response.status_code
    assert "/persons/" == response["Location"]
    assert code == Preference.objects.get(user=users["carla"]).language

    listing = client.get("/persons/")
    assert code == listing["Content-Language"]
    assert f">{PERSONS_HEADING[code]}<" in listing.content.decode()
    detail = client.get(reverse("registry:person_detail", kwargs={"pk": person.pk})).content.decode()
    assert CAPTURED_ON[code] in detail
    assert f'<html lang="{code}" class="govuk-template">' in detail


def test_the_stored_language_wins_over_what_the_browser_asks_for(users: dict[str, Any]) -> None:
    user_language_set(actor=users["lev"], user=users["lev"], language="ko")
    client = signed_in(users["lev"], HTTP_ACCEPT_LANGUAGE="ru")
    assert "ko" == client.get("/persons/")["Content-Language"]


def test_without_a_stored_choice_the_browser_language_applies(users: dict[str, Any]) -> None:
    client = signed_in(users["lev"], HTTP_ACCEPT_LANGUAGE="uk")
    assert "uk" == client.get("/persons/")["Content-Language"]
    assert "en" == signed_in(users["lev"]).get("/persons/")["Content-Language"]


def test_the_choice_outlives_the_session_and_belongs_to_its_user(users: dict[str, Any]) -> None:
    signed_in(users["lev"]).post(LANGUAGE_URL, {"language": "uk", "next": "/"})
    assert "uk" == signed_in(users["lev"]).get("/persons/")["Content-Language"]
    # Another user signing in on the same browser gets his own choice (none: English).
    client = signed_in(users["lev"])
    client.post(reverse("logout"))
    client.force_login(users["carla"])
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    assert "en" == client.get("/persons/")["Content-Language"]


def test_changing_the_language_is_audited_without_other_fields(users: dict[str, Any]) -> None:
    signed_in(users["mona"]).post(LANGUAGE_URL, {"language": "ru", "next": "/"})
    event = AuditEvent.objects.get(action="user.language")
    assert ("mona", ["language"]) == (event.actor_label, event.fields)


@pytest.mark.parametrize("code", ["xx", "", "EN", "uk-UA", "ru'; DROP TABLE"])
def test_an_unknown_language_code_gets_a_clear_error_and_changes_nothing(
    code: str, users: dict[str, Any]
) -> None:
    client = signed_in(users["carla"])
    client.post(LANGUAGE_URL, {"language": "uk", "next": "/"})
    response = client.post(LANGUAGE_URL, {"language": code, "next": "/persons/"})
    assert 400 == response.status_code
    body = response.content.decode()
    assert "Unknown language" in body or "Невідома мова" in body
    assert "en, uk, ko, ru" in body
    assert 'href="/persons/"' in body
    assert "uk" == Preference.objects.get(user=users["carla"]).language


def test_an_unknown_language_code_from_a_visitor_is_refused_too() -> None:
    response = Client().post(LANGUAGE_URL, {"language": "de", "next": "/accounts/login/"})
    assert 400 == response.status_code
    assert "Unknown language &#x27;de&#x27;: choose one of en, uk, ko, ru." in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_visitor_switches_the_sign_in_page_by_cookie(db: Any) -> None:
    client = Client()
    response = client.post(LANGUAGE_URL, {"language": "ru", "next": "/accounts/login/"})
    assert "/accounts/login/" == response["Location"]
    assert "ru" == response.cookies[settings.LANGUAGE_COOKIE_NAME].value
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["httponly"]
    page = client.get("/accounts/login/").content.decode()
    assert '<h1 class="govuk-heading-l">Войти</h1>' in page
    assert 0 == Preference.objects.count()


def test_a_next_address_on_another_site_returns_to_the_start_page(users: dict[str, Any]) -> None:
    response = signed_in(users["lev"]).post(
        LANGUAGE_URL, {"language": "uk", "next": "https://attacker.example/phish"}
    )
    assert "/" == response["Location"]


def test_the_switch_takes_no_get_and_needs_the_csrf_token(users: dict[str, Any]) -> None:
    assert 405 == signed_in(users["lev"]).get(LANGUAGE_URL).status_code
    strict = Client(enforce_csrf_checks=True)
    assert 403 == strict.post(LANGUAGE_URL, {"language": "uk"}).status_code


def test_every_page_offers_the_four_languages_in_their_own_names(users: dict[str, Any]) -> None:
    for page in (Client().get("/accounts/login/"), signed_in(users["nick"]).get("/exchanges/")):
        body = page.content.decode()
        assert f'action="{LANGUAGE_URL}"' in body
        for name in ("English", "Українська", "한국어", "Русский"):
            assert name in body


def test_the_service_refuses_an_unknown_language_naming_the_field(users: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as refused:
        user_language_set(actor=users["adam"], user=users["adam"], language="fr")
    assert ["language"] == list(refused.value.message_dict)
    assert not Preference.objects.filter(user=users["adam"]).exists()


def test_the_legal_explanation_reads_in_the_users_language(users: dict[str, Any], person: Any) -> None:
    client = signed_in(users["lev"])
    client.post(LANGUAGE_URL, {"language": "uk", "next": "/"})
    page = client.get(reverse("registry:person_detail", kwargs={"pk": person.pk})).content.decode()
    # STATUS-1 (GC III Art. 4A(1)) fires for a member of the armed forces in enemy hands.
    # The rule reads as a sentence in Ukrainian, the facts it used in words, never a raw engine code.
    assert "потрапила до рук супротивника, є військовополоненим. Використані факти:" in page
    assert "У цій справі: pow." not in page
    assert "falls into enemy hands is a prisoner of war" not in page
