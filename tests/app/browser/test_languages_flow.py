"""A legal officer switches the interface to Ukrainian, Korean, Russian and back to English."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator

from safepassage.accounts.models import Preference

from .test_registry_flow import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What each main page says in each language: the person list, the person page (registry and the
# protection panel), the exchanges page, and the fixture person's capture date (2025-02-03).
EXPECTED = {
    "uk": {
        "persons": "Особи",
        "names": "Форми імені",
        "determination": "Висновок",
        "interviews": "Бесіди та бажання",
        "rounds": "Раунди обміну",
        "negotiating": "Переговори тривають",
        "captured": "03 лютого 2025 р.",
    },
    "ko": {
        "persons": "대상자",
        "names": "이름 표기",
        "determination": "판정",
        "interviews": "면담과 의사",
        "rounds": "교환 회차",
        "negotiating": "협상 중",
        "captured": "2025년 2월 3일",
    },
    "ru": {
        "persons": "Лица",
        "names": "Формы имени",
        "determination": "Заключение",
        "interviews": "Беседы и желание",
        "rounds": "Раунды обмена",
        "negotiating": "Идут переговоры",
        "captured": "3 февраля 2025 г.",
    },
    "en": {
        "persons": "Persons",
        "names": "Name forms",
        "determination": "Determination",
        "interviews": "Interviews and wish",
        "rounds": "Exchange rounds",
        "negotiating": "Negotiating",
        "captured": "Feb. 3, 2025",
    },
}


def switch_to(page: Any, code: str) -> None:
    """Press the language's button in the header's language navigation, as a user would (the
    language the page is in is marked as the current one, not a button)."""
    button = page.locator(f"form.sp-language button[lang={code}]")
    if button.count():
        button.click()
    page.wait_for_function(f"document.documentElement.lang === '{code}'")


def test_each_main_page_speaks_the_language_the_officer_chose(
    live_server: Any, page: Any, users: dict[str, Any], person: Any
) -> None:
    from safepassage.exchanges import services as exchanges

    exchanges.round_create(actor=users["nick"], name="Round 7")
    base = live_server.url

    # Before signing in: the switch works on the sign-in page through the language cookie.
    page.goto(base + "/accounts/login/")
    switch_to(page, "ru")
    assert "Войти" == page.get_by_role("heading", level=1).inner_text().strip()
    switch_to(page, "en")
    sign_in(page, users["lev"])
    page.get_by_role("heading", name="Persons").wait_for()

    for code, text in EXPECTED.items():
        switch_to(page, code)
        assert code == Preference.objects.get(user=users["lev"]).language

        page.goto(base + "/persons/")
        assert text["persons"] == page.get_by_role("heading", level=1).inner_text().strip()
        assert text["captured"] in page.locator("table").first.inner_text()

        page.goto(f"{base}/persons/{person.pk}/")
        assert text["names"] in page.locator("main").inner_text()
        assert text["captured"] in page.locator("main").inner_text()
        assert text["determination"] == page.locator("#h-determination").inner_text().strip()
        assert text["interviews"] == page.locator("#h-interviews").inner_text().strip()
        shot(page, f"person-{code}")

        page.goto(base + "/exchanges/")
        assert text["rounds"] == page.get_by_role("heading", level=1).inner_text().strip()
        assert text["negotiating"] in page.locator("table").first.inner_text()

    # The choice is the user's: a new sign-in in a fresh browser session keeps it.
    switch_to(page, "ko")
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    assert "en" == page.evaluate("document.documentElement.lang")
    # The sign-in helper enrols a fresh authenticator app each time.
    Authenticator.objects.filter(user=users["lev"], type=Authenticator.Type.TOTP).delete()
    sign_in(page, users["lev"])
    page.wait_for_function("document.documentElement.lang === 'ko'")
    page.goto(base + "/persons/")
    assert "대상자" == page.get_by_role("heading", level=1).inner_text().strip()
