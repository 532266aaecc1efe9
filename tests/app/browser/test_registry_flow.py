"""A caseworker signs in, registers a man by his Hangul name and a Cyrillic alias, finds him again."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple 42"
SHOTS = Path(os.environ.get("SAFEPASSAGE_SCREENSHOTS", "var/screenshots"))


def sign_in(page: Any, user: Any, *, press_enter: bool = False) -> None:
    """Password, then the six-digit code of the user's authenticator app (MFA is required)."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    if press_enter:
        page.keyboard.press("Enter")
    else:
        page.get_by_role("button", name="Sign in").click()
    field = page.locator("input[name=code]")
    field.wait_for()
    field.fill(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.get_by_role("button", name="Sign In").click()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_register_a_person_with_hangul_and_cyrillic_names_then_find_him(
    live_server: Any, page: Any, users: dict[str, Any]
) -> None:
    page.goto(live_server.url + "/")
    sign_in(page, users["lev"])
    page.get_by_role("heading", name="Persons").wait_for()

    page.get_by_role("link", name="Register a person").first.click()
    page.get_by_label("Sex").select_option("male")
    page.get_by_label("Birth date precision").select_option("year")
    page.get_by_label("Birth year").fill("2003")
    page.get_by_role("button", name="Save").click()
    case_number = page.get_by_role("heading", level=1).inner_text().strip()
    assert case_number.startswith("SP-")

    page.get_by_role("link", name="Add a name form").click()
    page.get_by_label("Name as written").fill("리명학")
    page.get_by_label("Kind").select_option("legal")
    page.get_by_label("Language of the recorder").select_option("ko")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Add a name form").click()
    page.get_by_label("Name as written").fill("Ри Мён Хак")
    page.get_by_label("Kind").select_option("alias")
    page.get_by_label("Language of the recorder").select_option("ru")
    page.get_by_label("Source").fill("Interrogation record")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("cell", name="Ри Мён Хак").is_visible()

    page.get_by_role("link", name="Persons").first.click()
    page.get_by_label("Search names, case or document numbers").fill("Ри Мён Хак")
    page.get_by_role("button", name="Search").click()
    assert "1 person" in page.locator(".count").inner_text()
    shot(page, "person-list-search")
    page.get_by_role("link", name=case_number.split()[0]).click()

    timeline = page.locator(".timeline")
    assert "Registered" in timeline.inner_text()
    assert timeline.get_by_text("리명학").is_visible()
    assert timeline.get_by_text("Ри Мён Хак").is_visible()
    shot(page, "person-page")


def test_a_form_error_is_announced_beside_its_field(
    live_server: Any, page: Any, users: dict[str, Any]
) -> None:
    page.goto(live_server.url + "/accounts/login/")
    sign_in(page, users["carla"], press_enter=True)
    page.get_by_role("heading", name="Persons").wait_for()
    page.goto(live_server.url + "/persons/new/")
    page.get_by_label("Birth date precision").select_option("full")
    page.get_by_role("button", name="Save").click()
    alert = page.locator("#id_birth_date_error")
    assert "A full birth date is needed" in alert.inner_text()
    shot(page, "form-error")
