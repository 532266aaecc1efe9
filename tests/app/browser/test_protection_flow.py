"""A monitor verifies a refusal in private; a risk assessment counts only after a second officer approves."""

from __future__ import annotations

from typing import Any

import pytest

from .test_registry_flow import shot
from .test_registry_flow import sign_in as sign_in_with_mfa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, base: str, user: Any) -> None:
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    sign_in_with_mfa(page, user)
    page.get_by_role("link", name="Work list").wait_for()


def test_verified_refusal_and_four_eyes_risk_assessment_change_the_determination(
    live_server: Any, page: Any, users: dict[str, Any], person: Any, lena: Any
) -> None:
    base, person_url = live_server.url, f"{live_server.url}/persons/{person.pk}/"

    sign_in(page, base, users["mona"])
    page.goto(person_url)
    page.get_by_role("link", name="Record an interview").click()
    page.get_by_label("Date").fill("2025-11-03")
    page.get_by_label("Place").fill("Private room")
    page.get_by_label("Interviewer").fill("Mona")
    page.locator("#id_language").select_option("ko")
    page.get_by_label("The person consented to the interview").check()
    page.locator("#id_wish").select_option("not_return")
    page.get_by_label("Statement, verbatim").fill("I do not want to go back.")
    for box in (
        "Informed of the purpose",
        "Understood the language",
        "No sign of pressure",
        "No promise or threat",
        "Told he could stop",
    ):
        page.get_by_label(box).check()
    page.get_by_label("Verified private interview").check()
    page.get_by_role("button", name="Save").click()
    assert "verify_wish" != page.locator("#det-repatriation").get_attribute("data-code")
    assert "assess_risk" == page.locator("#det-repatriation").get_attribute("data-code")

    sign_in(page, base, users["lev"])
    page.goto(person_url)
    page.get_by_role("link", name="Start a risk assessment").click()
    page.get_by_label("Destination state").select_option("KP")
    page.get_by_label("Torture").check()
    page.get_by_label("Conclusion").select_option("substantial")
    page.get_by_label("Reasoning").fill("Returnees who refused are tortured.")
    page.get_by_role("button", name="Save").click()
    page.get_by_label("Kind").select_option("country_information")
    page.locator("#id_source").fill("COI report")
    page.get_by_label("What it shows").fill("Torture of returnees")
    page.get_by_role("button", name="Add evidence").click()
    page.get_by_role("button", name="Submit for a second review").click()
    assert "Awaiting a second reviewer" in page.locator("#risk-status").inner_text()
    page.goto(person_url)
    assert "assess_risk" == page.locator("#det-repatriation").get_attribute("data-code")

    sign_in(page, base, lena)
    page.goto(base + "/work/")
    page.get_by_role("link", name=person.case_number).first.click()
    page.get_by_role("link", name="KP").click()
    page.get_by_label("Decision").select_option("approve")
    page.get_by_role("button", name="Record the review").click()
    assert "Approved" in page.locator("#risk-status").inner_text()
    page.goto(person_url)
    assert "must_not_repatriate" == page.locator("#det-repatriation").get_attribute("data-code")
    assert "not eligible" in page.locator("#det-exchange").inner_text()
    shot(page, "determination")
